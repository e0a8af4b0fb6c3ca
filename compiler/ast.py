"""The deal AST: frozen, validated attrs nodes (`ast_version` 1).

Money and percentages are `Decimal` exactly as printed, dates are `date`.
Every field may be ``None``: *not disclosed*, the filing does not state it.
(*Not understood*, a sentence dealc could not read, is a diagnostic, never a
silent ``None``.)  Each node's ``span`` says where in the filing it was read
and takes no part in equality, so two compilations of differently wrapped
text of the same deal compare equal.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs

from dealc.compiler.diagnostics import Diagnostic
from dealc.compiler.source import Source
from dealc.compiler.span import Span

AST_VERSION = 1


def _span() -> Any:
    """A node's span: where it was read, excluded from equality."""
    return attrs.field(default=None, eq=False, repr=False)


def _opt(kind: type) -> Any:
    """A nullable field that must hold ``kind`` when set."""
    return attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(kind))
    )


Money = Decimal
Percent = Decimal


@attrs.frozen
class Range:
    """An inclusive range as printed: "at least 19 but not more than 30 years"."""

    min: int | None = _opt(int)
    max: int | None = _opt(int)


@attrs.frozen
class AdditionalCollateral:
    loan_count: int | None = _opt(int)
    balance: Money | None = _opt(Decimal)
    wa_ltv_with_collateral_pct: Percent | None = _opt(Decimal)
    wa_ltv_without_collateral_pct: Percent | None = _opt(Decimal)


@attrs.frozen
class SubsetStatistics:
    """Premium or discount loans of a pool."""

    balance: Money | None = _opt(Decimal)
    wac_pct: Percent | None = _opt(Decimal)
    wa_remaining_term_months: Decimal | None = _opt(Decimal)


@attrs.frozen
class PremiumDiscount:
    net_rate_threshold_pct: Percent | None = _opt(Decimal)
    premium: SubsetStatistics | None = _opt(SubsetStatistics)
    discount: SubsetStatistics | None = _opt(SubsetStatistics)


@attrs.frozen
class LoanGroup:
    """A pool ("I", "II", ...) or all mortgage loans ("all")."""

    id: str
    balance: Money | None = _opt(Decimal)
    loan_count: int | None = _opt(int)
    original_term_years: Range | None = _opt(Range)
    wac_pct: Percent | None = _opt(Decimal)
    wa_remaining_term_months: Decimal | None = _opt(Decimal)
    wa_original_term_months: Decimal | None = _opt(Decimal)
    originated_not_before: datetime.date | None = _opt(datetime.date)
    originated_not_after: datetime.date | None = _opt(datetime.date)
    latest_maturity: datetime.date | None = _opt(datetime.date)
    original_balance_min: Money | None = _opt(Decimal)
    original_balance_max: Money | None = _opt(Decimal)
    ltv_over_80_balance: Money | None = _opt(Decimal)
    max_ltv_pct: Percent | None = _opt(Decimal)
    wa_ltv_pct: Percent | None = _opt(Decimal)
    max_zip_balance: Money | None = _opt(Decimal)
    primary_residence_min_pct: Percent | None = _opt(Decimal)
    full_documentation_min_pct: Percent | None = _opt(Decimal)
    reduced_documentation_max_pct: Percent | None = _opt(Decimal)
    streamlined_refinance_max_pct: Percent | None = _opt(Decimal)
    investment_property_pct: Percent | None = _opt(Decimal)
    pmi_required_over_80_ltv: bool | None = _opt(bool)
    additional_collateral: AdditionalCollateral | None = _opt(AdditionalCollateral)
    premium_discount: PremiumDiscount | None = _opt(PremiumDiscount)
    span: Span | None = _span()


@attrs.frozen
class LossLimits:
    as_of: datetime.date | None = _opt(datetime.date)
    special_hazard: Money | None = _opt(Decimal)
    fraud: Money | None = _opt(Decimal)
    bankruptcy: Money | None = _opt(Decimal)


@attrs.frozen
class CertificateClass:
    name: str
    initial_balance: Money | None = _opt(Decimal)
    as_of: datetime.date | None = _opt(datetime.date)
    subordination_level_pct: Percent | None = _opt(Decimal)
    span: Span | None = _span()


@attrs.frozen
class Depositor:
    name: str | None = _opt(str)
    abbreviation: str | None = _opt(str)


@attrs.frozen
class Deal:
    title: str | None = _opt(str)
    series: str | None = _opt(str)
    date: datetime.date | None = _opt(datetime.date)
    prospectus_date: datetime.date | None = _opt(datetime.date)
    depositor: Depositor | None = _opt(Depositor)
    transfer_date: datetime.date | None = _opt(datetime.date)
    cutoff_date: datetime.date | None = _opt(datetime.date)
    aggregate_balance: Money | None = _opt(Decimal)
    paying_agent: str | None = _opt(str)
    optional_repurchase_threshold: Money | None = _opt(Decimal)
    occupancy_determined_by: str | None = _opt(str)
    pools: tuple[LoanGroup, ...] = ()
    all_loans: LoanGroup | None = _opt(LoanGroup)
    loss_limits: LossLimits | None = _opt(LossLimits)
    classes: tuple[CertificateClass, ...] = ()
    span: Span | None = _span()


@attrs.frozen
class Address:
    street: str | None = _opt(str)
    city: str | None = _opt(str)
    state: str | None = _opt(str)
    zip: str | None = _opt(str)
    care_of: str | None = _opt(str)  # "c/o Wells Fargo Bank Minnesota, N.A." (trustee filings)


@attrs.frozen
class Party:
    """A co-registrant or another entity the cover names, with the role printed with it."""

    name: str | None = _opt(str)
    role: str | None = _opt(str)


@attrs.frozen
class Placeholder:
    """A cover field printed with a placeholder ("Applied For", "T/B/D"): the field is null."""

    field: str
    text: str


@attrs.frozen
class Cover:
    form_type: str | None = _opt(str)
    date_of_report: datetime.date | None = _opt(datetime.date)
    registrant: str | None = _opt(str)
    registrant_role: str | None = _opt(str)
    issuer: str | None = _opt(str)
    series: str | None = _opt(str)
    state_of_incorporation: str | None = _opt(str)
    commission_file_number: str | None = _opt(str)
    irs_employer_id: str | None = _opt(str)
    address: Address | None = _opt(Address)
    phone: str | None = _opt(str)
    # Added by issue 10 (ast_version stays 1: fields only added).
    reporting_period: str | None = _opt(str)  # "1997-06": "For the Month of June 1997"
    co_registrants: tuple[Party, ...] = ()  # after the registrant, in printed order
    additional_commission_file_numbers: tuple[str, ...] = ()  # after the first (the field)
    additional_irs_employer_ids: tuple[str, ...] = ()  # after the first (the field)
    placeholders: tuple[Placeholder, ...] = ()  # fields left null because a placeholder stood
    span: Span | None = _span()


@attrs.frozen
class Item:
    """An 8-K item heading: "Item 2. Acquisition or Disposition of Assets"."""

    number: str
    title: str
    span: Span | None = _span()


@attrs.frozen
class Footnote:
    mark: str
    text: str
    references: tuple[str, ...] = ()  # JSON pointers of the facts the mark stands beside
    span: Span | None = _span()


@attrs.frozen
class Signature:
    registrant: str | None = _opt(str)
    signer: str | None = _opt(str)
    title: str | None = _opt(str)
    date: datetime.date | None = _opt(datetime.date)
    span: Span | None = _span()


@attrs.frozen
class Unrecognized:
    """A sentence no grammar rule matched: not understood, and said so."""

    text: str
    span: Span = attrs.field(eq=False)
    stopped_at: Span | None = attrs.field(default=None, eq=False)
    expected: tuple[str, ...] = attrs.field(default=(), eq=False)


@attrs.frozen
class Location:
    """Where a fact was read: 1-based, end exclusive, with the text as printed."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    also: tuple[Location, ...] = ()


@attrs.frozen
class EdgarSubmission:
    """The SGML header of an EDGAR full-submission file."""

    accession_number: str | None = None
    form_type: str | None = None
    filing_date: datetime.date | None = None
    filer_cik: str | None = None
    company: str | None = None


@attrs.frozen
class SourceInfo:
    path: str
    sha256: str
    container: str = "text"
    edgar: EdgarSubmission | None = None


@attrs.frozen
class SentenceRecord:
    """How one sentence was read: by which action, giving which facts, or why not."""

    span: Span
    text: str
    section: str
    action: str | None
    pointers: tuple[str, ...] = ()
    rule: str | None = None


@attrs.frozen
class CompiledFiling:
    """The result of compiling one filing: everything an emitter needs."""

    source: SourceInfo
    kind: str
    cover: Cover
    items: tuple[Item, ...]
    deal: Deal | None
    footnotes: tuple[Footnote, ...]
    signature: Signature | None
    diagnostics: tuple[Diagnostic, ...] = attrs.field(eq=False)
    provenance: dict[str, Location] = attrs.field(eq=False, factory=dict)
    unrecognized: tuple[Unrecognized, ...] = attrs.field(default=(), eq=False)
    sentences: tuple[SentenceRecord, ...] = attrs.field(default=(), eq=False, repr=False)
    text: Source | None = attrs.field(default=None, eq=False, repr=False)  # for positions
    # Diagnostics as read back from JSON, where there is no source to place them in.
    diagnostic_records: tuple[dict[str, Any], ...] = attrs.field(default=(), eq=False, repr=False)
    ast_version: int = AST_VERSION
    # The dialect (issuer's wording, dealc.compiler.dialects) the body was read with; not part
    # of the JSON contract, so a filing read back from JSON has None (the default dialect).
    dialect: str | None = attrs.field(default=None, eq=False, repr=False)
