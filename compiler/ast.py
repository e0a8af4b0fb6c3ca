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
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, overload

import attrs

from dealc.compiler.diagnostics import Diagnostic
from dealc.compiler.fields import (
    SERIES,
    AtMost,
    Concept,
    Kind,
    NotAfter,
    Part,
    Percentage,
    fact,
    listing,
    record,
    spec,
)
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


_P = Percentage()


def _within(label: str, message: str) -> AtMost:
    """At most the loan group's balance."""
    return AtMost("balance", label, "balance", message)


@attrs.frozen
class AdditionalCollateral:
    loan_count: int | None = fact(
        Kind.COUNT, int, "Number of loans with pledged additional collateral.",
        rule="additional_collateral_loan_count", label="Loans with additional collateral",
        concept=Concept("additionalCollateralLoanNumber",
                        "Loans with pledged additional collateral"),
        bounds=(AtMost("loan_count", "count", "loans",
                       "{name}: more loans with additional collateral than loans"),))
    balance: Money | None = fact(
        Kind.MONEY, Decimal, "Balance of loans with pledged additional collateral.",
        rule="additional_collateral_balance", label="Their balance",
        concept=Concept("additionalCollateralBalanceAmount",
                        "Balance of loans with pledged additional collateral"),
        bounds=(_within("with collateral",
                        "{name}: loans with additional collateral exceed the balance"),))
    wa_ltv_with_collateral_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "Their weighted average LTV counting the additional collateral.",
        label="Their WA LTV counting the collateral",
        concept=Concept("additionalCollateralLoanToValueWithCollateralPercentage",
                        "Their weighted average loan-to-value counting the collateral"),
        bounds=(_P, AtMost("additional_collateral/wa_ltv_without_collateral_pct",
                           "counting the collateral", "without it",
                           "{name}: the LTV counting additional collateral exceeds the LTV "
                           "without it")))
    wa_ltv_without_collateral_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "Their weighted average LTV without the additional collateral.",
        label="Their WA LTV without it",
        concept=Concept("additionalCollateralLoanToValueWithoutCollateralPercentage",
                        "Their weighted average loan-to-value without the collateral"),
        bounds=(_P,))


@attrs.frozen
class SubsetStatistics:
    """Premium or discount loans of a pool: the loan group facts declared with ``subsets``."""

    balance: Money | None = _opt(Decimal)
    wac_pct: Percent | None = _opt(Decimal)
    wa_remaining_term_months: Decimal | None = _opt(Decimal)


@attrs.frozen
class PremiumDiscount:
    net_rate_threshold_pct: Percent | None = fact(
        Kind.PERCENT, Decimal,
        "Net loan rate dividing premium (at or above) from discount loans.",
        subset_label=("Net loan rate threshold", "Net rate threshold"),
        concept=Concept("netLoanRateThresholdPercentage",
                        "Net loan rate dividing premium from discount loans"))
    premium: SubsetStatistics | None = _opt(SubsetStatistics)
    discount: SubsetStatistics | None = _opt(SubsetStatistics)


@attrs.frozen
class LoanGroup:
    """A pool ("I", "II", ...) or all mortgage loans ("all")."""

    id: str
    balance: Money | None = fact(
        Kind.MONEY, Decimal, "Aggregate scheduled principal balance.", subsets=True,
        label="Aggregate scheduled principal balance", subset_label=("balance", "Balance"),
        concept=Concept("scheduledPrincipalBalanceAmount",
                        "Aggregate scheduled principal balance"), column=True,
        bounds=(AtMost("/deal/aggregate_balance", "pool", "aggregate",
                       "{name}'s balance exceeds the aggregate balance", pools_only=True),),
        subset_bounds=(_within("{subset} loans",
                               "{name}: the {subset} loans' balance exceeds the pool's"),))
    loan_count: int | None = fact(
        Kind.COUNT, int, "Number of mortgage loans.", label="Number of loans",
        concept=Concept("loanNumber", "Number of mortgage loans"), column=True,
        bounds=(AtMost("/deal/all_loans/loan_count", "pool", "all loans",
                       "{name} has more loans than the whole deal", pools_only=True),))
    original_term_years: Range | None = record(
        Range, "Original terms (years)",
        min=spec(Kind.YEARS, "Shortest original maturity, in years.",
                 rule="original_term_years_min", html_label="Original term, at least (years)",
                 concept=Concept("originalTermMinimumYears", "Shortest original term (years)"),
                 column="term_min_years",
                 bounds=(AtMost("original_term_years/max", "shortest term", "longest term",
                                "{name}: the shortest original term is longer than the "
                                "longest"),)),
        max=spec(Kind.YEARS, "Longest original maturity, in years.",
                 rule="original_term_years_max", html_label="Original term, at most (years)",
                 concept=Concept("originalTermMaximumYears", "Longest original term (years)"),
                 column="term_max_years"))
    wac_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "Weighted average interest rate before the servicing fee.",
        subsets=True, label="Weighted average interest rate",
        subset_label=("WA interest rate", "WA rate"),
        concept=Concept("weightedAverageInterestRatePercentage", "Weighted average interest rate"),
        column=True, bounds=(_P,), weighted="weighted average interest rate")
    wa_remaining_term_months: Decimal | None = fact(
        Kind.MONTHS, Decimal, "Weighted average remaining term to stated maturity.",
        subsets=True, label="Weighted average remaining term (months)",
        html_label="WA remaining term (months)",
        subset_label=("WA remaining term", "WA remaining term (months)"),
        concept=Concept("weightedAverageRemainingTermMonths",
                        "Weighted average remaining term to maturity (months)"),
        column=True, weighted="weighted average remaining term")
    wa_original_term_months: Decimal | None = fact(
        Kind.MONTHS, Decimal, "Weighted average original term to stated maturity.",
        label="Weighted average original term (months)", html_label="WA original term (months)",
        concept=Concept("weightedAverageOriginalTermMonths",
                        "Weighted average original term to maturity (months)"),
        column=True, weighted="weighted average original term")
    originated_not_before: datetime.date | None = fact(
        Kind.DATE, datetime.date, "No loan was originated before this date.",
        label="Originated not before",
        concept=Concept("originationEarliestDate", "No loan originated before"), column=True,
        noun="earliest origination",
        bounds=(NotAfter("originated_not_after",
                         "{name}: the origination window opens after it closes"),))
    originated_not_after: datetime.date | None = fact(
        Kind.DATE, datetime.date, "No loan was originated after this date.",
        label="Originated not after",
        concept=Concept("originationLatestDate", "No loan originated after"), column=True,
        noun="latest origination",
        bounds=(NotAfter("/deal/cutoff_date", "{name}: loans originated after the cut-off date"),))
    latest_maturity: datetime.date | None = fact(
        Kind.DATE, datetime.date, "No loan has a scheduled maturity later than this date.",
        label="Latest scheduled maturity",
        concept=Concept("maturityLatestDate", "Latest scheduled maturity"), column=True)
    original_balance_min: Money | None = fact(
        Kind.MONEY, Decimal, "Smallest original principal balance.",
        label="Smallest original balance",
        concept=Concept("originalLoanMinimumAmount", "Smallest original loan amount"),
        column=True,
        bounds=(AtMost("original_balance_max", "min", "max",
                       "{name}: the smallest original balance exceeds the largest"),))
    original_balance_max: Money | None = fact(
        Kind.MONEY, Decimal, "Largest original principal balance.",
        label="Largest original balance",
        concept=Concept("originalLoanMaximumAmount", "Largest original loan amount"),
        column=True)
    ltv_over_80_balance: Money | None = fact(
        Kind.MONEY, Decimal, "Balance of loans with loan-to-value ratios at origination over 80%.",
        label="Balance with LTV over 80%",
        concept=Concept("loanToValueOver80PercentBalanceAmount",
                        "Balance of loans with original loan-to-value over 80%"),
        column=True,
        bounds=(_within("balance over 80% LTV",
                        "{name}: the balance over 80% LTV exceeds the balance"),))
    max_ltv_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "No loan has a loan-to-value ratio over this.",
        label="Maximum LTV",
        concept=Concept("originalLoanToValueMaximumPercentage",
                        "Maximum original loan-to-value ratio"),
        column=True, bounds=(_P,))
    wa_ltv_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "Weighted average loan-to-value ratio at origination.",
        label="Weighted average LTV",
        concept=Concept("weightedAverageOriginalLoanToValuePercentage",
                        "Weighted average original loan-to-value ratio"),
        column=True, weighted="weighted average loan-to-value ratio",
        bounds=(_P, AtMost("max_ltv_pct", "weighted LTV", "maximum LTV",
                           "{name}: the weighted average LTV exceeds the maximum LTV")))
    max_zip_balance: Money | None = fact(
        Kind.MONEY, Decimal, "Most balance secured by properties in any one zip code.",
        label="Most balance in one zip code",
        concept=Concept("zipCodeConcentrationMaximumAmount",
                        "Most balance secured by properties in one zip code"),
        column=True,
        bounds=(_within("largest zip-code concentration",
                        "{name}: the largest zip-code concentration exceeds the balance"),))
    primary_residence_min_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "At least this share is secured by primary residences.",
        label="Primary residences, at least",
        concept=Concept("primaryResidenceMinimumPercentage", "Primary residences, at least"),
        column=True, bounds=(_P,))
    full_documentation_min_pct: Percent | None = fact(
        Kind.PERCENT, Decimal,
        "At least this share was underwritten with full documentation (or streamlined "
        "refinance).",
        label="Full documentation, at least",
        concept=Concept("fullDocumentationMinimumPercentage", "Full documentation, at least"),
        column=True, bounds=(_P,))
    reduced_documentation_max_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "At most this share was underwritten without verification of "
        "income.",
        label="Reduced documentation, at most",
        concept=Concept("reducedDocumentationMaximumPercentage",
                        "Reduced documentation, at most"),
        column=True, bounds=(_P,))
    streamlined_refinance_max_pct: Percent | None = fact(
        Kind.PERCENT, Decimal,
        "At most this share are refinancings under alternative or streamlined policies.",
        label="Streamlined refinance, at most",
        concept=Concept("streamlinedRefinanceMaximumPercentage",
                        "Streamlined refinance, at most"),
        column=True, bounds=(_P,))
    investment_property_pct: Percent | None = fact(
        Kind.NONE_IS_ZERO, Decimal, "Share secured by investment properties ('None of ...' is 0).",
        label="Investment properties",
        concept=Concept("investmentPropertyPercentage", "Secured by investment properties"),
        column=True, bounds=(_P,))
    pmi_required_over_80_ltv: bool | None = fact(
        Kind.STATED_TRUE, bool, "Loans over 80% loan-to-value had primary mortgage insurance.",
        label="PMI over 80% LTV", html_label="PMI required over 80% LTV",
        concept=Concept("primaryMortgageInsuranceOver80PercentLoanToValueFlag",
                        "Loans over 80% loan-to-value had primary mortgage insurance"),
        column=True)
    additional_collateral: AdditionalCollateral | None = record(AdditionalCollateral)
    premium_discount: PremiumDiscount | None = record(PremiumDiscount)
    span: Span | None = _span()


def _limit(doc: str, concept: Concept, label: str, title: str) -> Any:
    """A loss limit: an amount, at most the aggregate balance."""
    return fact(Kind.MONEY, Decimal, doc + ".", rule=title.replace(" ", "_") + "_loss_limit",
                label=label, concept=concept,
                bounds=(AtMost("/deal/aggregate_balance", f"{title} limit", "aggregate",
                               f"the {title} limit exceeds the aggregate balance"),))


@attrs.frozen
class LossLimits:
    as_of: datetime.date | None = fact(
        Kind.DATE, datetime.date, "Date the loss limits are stated as of.",
        rule="loss_limits_as_of", label="As of", markdown=False, instant=True)
    special_hazard: Money | None = _limit(
        "Special hazard loss limit",
        Concept("specialHazardLossLimitAmount", "Special hazard loss limit"), "Special hazard",
        "special hazard")
    fraud: Money | None = _limit(
        "Fraud loss limit", Concept("fraudLossLimitAmount", "Fraud loss limit"), "Fraud", "fraud")
    bankruptcy: Money | None = _limit(
        "Bankruptcy loss limit", Concept("bankruptcyLossLimitAmount", "Bankruptcy loss limit"),
        "Bankruptcy", "bankruptcy")


@attrs.frozen
class CertificateClass:
    name: str
    initial_balance: Money | None = fact(
        Kind.MONEY, Decimal, "Aggregate initial principal balance of the class.",
        label="Initial balance", column=True,
        concept=Concept("classInitialPrincipalBalanceAmount",
                        "Initial principal balance of the class"),
        bounds=(AtMost("/deal/aggregate_balance", "{name}", "aggregate",
                       "{name}'s balance exceeds the aggregate balance"),))
    as_of: datetime.date | None = fact(
        Kind.DATE, datetime.date, "Date the class balance is stated as of.", rule="class_as_of",
        label="As of", column=True, instant=True)
    subordination_level_pct: Percent | None = fact(
        Kind.PERCENT, Decimal, "Subordination level of the class.",
        label="Subordination level", column=True,
        concept=Concept("classSubordinationLevelPercentage", "Subordination level of the class"),
        bounds=(Percentage("a subordination level outside 0 to 100", None),))
    span: Span | None = _span()


@attrs.frozen
class Depositor:
    name: str | None = fact(Kind.TEXT, str, "The depositor.", rule="depositor_name",
                            label="Depositor", concept=Concept("depositorName", "Depositor"))
    abbreviation: str | None = fact(
        Kind.TEXT, str, "The short name the filing gives the depositor, in quotes after its name.",
        rule="depositor_abbreviation", label="Depositor, abbreviated",
        concept=Concept("depositorAbbreviationText", "Depositor's short name"))


_CUTOFF_QUALIFIERS = (
    ("as_of", "'as of <date>' of a statistic: restates the cut-off date."),
    ("payments_due", "'after deducting principal payments due on or before <date>': restates "
                     "the cut-off date."),
)


@attrs.frozen
class Deal:
    title: str | None = fact(
        Kind.TEXT, str, "The certificates' title with series.", rule="deal_title",
        label="Title", markdown=False, parts=(Part(SERIES, {"series": ("deal", "series")}),),
        column=True,
        concept=Concept("dealTitleText", "Title of the certificates"))
    series: str | None = fact(Kind.TEXT, str, "The series, read from the title.", grammar=False,
                              label="Series", markdown=False, column=True,
                              concept=Concept("seriesIdentifier", "Series"))
    date: datetime.date | None = fact(
        Kind.DATE, datetime.date, "The date under the description's title.", rule="deal_date",
        label="Dated", markdown=False, noun="date",
        bounds=(NotAfter("/signature/date", "the description is dated after it was signed"),),
        concept=Concept("descriptionDate", "Date of the description"))
    prospectus_date: datetime.date | None = fact(
        Kind.DATE, datetime.date, "Date of the prospectus the description refers to.",
        label="Prospectus dated", order=1, noun="prospectus date",
        bounds=(NotAfter("/deal/transfer_date", "the prospectus is dated after the transfer"),),
        concept=Concept("prospectusDate", "Prospectus date"))
    depositor: Depositor | None = record(Depositor, "Depositor")
    transfer_date: datetime.date | None = fact(
        Kind.DATE, datetime.date, "When the mortgage loans were transferred to the trustee.",
        label="Transfer date", noun="transfer date", column=True, column_after="cutoff_date",
        bounds=(NotAfter("/cover/date_of_report", "the transfer is after the date of report"),),
        concept=Concept("transferDate", "Transfer date"))
    cutoff_date: datetime.date | None = fact(
        Kind.DATE, datetime.date, "The cut-off date: balances are stated as of it.",
        label="Cut-off date", noun="cut-off date", restated_by=_CUTOFF_QUALIFIERS, instant=True,
        column=True,
        bounds=(NotAfter("/deal/transfer_date", "the cut-off date is after the transfer"),),
        concept=Concept("cutoffDate", "Cut-off date"))
    aggregate_balance: Money | None = fact(
        Kind.MONEY, Decimal,
        "Aggregate scheduled principal balance of all mortgage loans (also all_loans.balance).",
        label="Aggregate scheduled principal balance", also=(("deal", "all_loans", "balance"),),
        column=True)
    paying_agent: str | None = fact(Kind.TEXT, str, "The paying agent.", label="Paying agent",
                                    concept=Concept("payingAgentName", "Paying agent"))
    optional_repurchase_threshold: Money | None = fact(
        Kind.MONEY, Decimal, "Balance at or below which the depositor may repurchase all loans.",
        label="Optional repurchase threshold",
        concept=Concept("optionalRepurchaseThresholdAmount", "Optional repurchase threshold"),
        bounds=(AtMost("/deal/aggregate_balance", "repurchase threshold", "aggregate",
                       "the repurchase threshold exceeds the aggregate balance"),))
    occupancy_determined_by: str | None = fact(
        Kind.TEXT, str, "Who determined that a property is the borrower's primary residence.",
        label="Occupancy determined by", order=1, markdown=False,
        concept=Concept("occupancyDeterminedByName", "Primary residence determined by"))
    pools: tuple[LoanGroup, ...] = ()
    all_loans: LoanGroup | None = _opt(LoanGroup)
    loss_limits: LossLimits | None = record(LossLimits)
    classes: tuple[CertificateClass, ...] = ()
    span: Span | None = _span()


def _text(doc: str, label: str | None, concept: Concept | None, **settings: Any) -> Any:
    """A cover or signature fact printed as text."""
    return fact(Kind.TEXT, str, doc, label=label, concept=concept, **settings)


@attrs.frozen
class Address:
    street: str | None = _text(
        "Street, with its suite or floor.", "Street",
        Concept("addressStreetText", "Street address"), grammar=False)
    city: str | None = _text("City.", "City", Concept("addressCityName", "City"), grammar=False)
    state: str | None = _text("State.", "State", Concept("addressStateName", "State"),
                              grammar=False)
    zip: str | None = _text("Zip code.", "Zip code", Concept("addressZipCode", "Zip code"),
                            grammar=False)
    care_of: str | None = _text(
        '"c/o Wells Fargo Bank Minnesota, N.A." (trustee filings).', "Care of",
        Concept("addressCareOfText", "Address: in care of", after="phone"), grammar=False,
        after="irs_employer_id")


# "Address of principal executive offices": the street, city, state and zip it sets.
_ADDRESS = (
    Part(
        re.compile(
            r"(?P<street>[^,\n]+?)[ ]*(?:,[ ]*|\n)(?P<city>(?:Suite [^,\n]*,[ ]*)?[^,\n]+?),[ ]*"
            r"(?P<state>[A-Z][A-Za-z ]+?)(?:\s+(?P<zip>[0-9]{5}(?:-[0-9]{4})?))?"
        ),
        {
            "street": ("cover", "address", "street"),
            "city": ("cover", "address", "city"),
            "state": ("cover", "address", "state"),
            "zip": ("cover", "address", "zip"),
        },
    ),
    Part(re.compile(r"(?P<zip>[0-9]{5}(?:-[0-9]{4})?)"), {"zip": ("cover", "address", "zip")}),
)
_ROLE = re.compile(r"\((?P<role>.*)\)")


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
    form_type: str | None = _text("The form: 8-K or 8-K/A.", "Form",
                                  Concept("formType", "Form type"), column=True)
    date_of_report: datetime.date | None = fact(
        Kind.DATE, datetime.date, "Date of report (date of earliest event reported).",
        label="Date of report", concept=Concept("dateOfReport", "Date of report"),
        noun="date of report", instant=True, column=True,
        bounds=(NotAfter("/signature/date", "the report is signed before its date"),))
    registrant: str | None = _text(
        "Exact name of registrant as specified in its charter.", "Registrant",
        Concept("registrantName", "Registrant name"), column=True)
    registrant_role: str | None = _text(
        "The registrant's role, as printed under its name.", "Role",
        Concept("registrantRoleText", "Registrant role"),
        parts=(Part(_ROLE, {"role": ("cover", "registrant_role")}),))
    issuer: str | None = _text(
        "The certificates the registrant is issuer in respect of.", "Issuer in respect of",
        Concept("issuerText", "Issuer in respect of"),
        parts=(Part(SERIES, {"series": ("cover", "series")}),))
    series: str | None = _text(
        "The series, read from the issuer line or elsewhere on the cover.", "Series",
        Concept("coverSeriesIdentifier", "Series (cover page)"), grammar=False, markdown=False)
    state_of_incorporation: str | None = _text(
        "State or other jurisdiction of incorporation.", "State of incorporation",
        Concept("stateOfIncorporationName", "State or other jurisdiction of incorporation"))
    commission_file_number: str | None = _text(
        "Commission file number.", "Commission file number",
        Concept("commissionFileIdentifier", "Commission file number"),
        more="additional_commission_file_numbers", column=True)
    irs_employer_id: str | None = _text(
        "I.R.S. employer identification number.", "I.R.S. employer number",
        Concept("employerIdentificationIdentifier", "I.R.S. employer identification number"),
        more="additional_irs_employer_ids")
    address: Address | None = record(
        Address, "Address", statement=spec(
            Kind.TEXT, "Address of principal executive offices: street, city, state, zip code.",
            rule="address", parts=_ADDRESS, keep=False))
    phone: str | None = _text("Registrant's telephone number.", "Telephone",
                              Concept("telephoneNumberText", "Telephone number"))
    # Added after the first release (ast_version stays 1: fields only added).
    reporting_period: str | None = _text(
        '"1997-06": "For the Month of June 1997".', "Reporting period",
        Concept("reportingPeriodText", "Month the report covers (YYYY-MM)"), grammar=False,
        after="date_of_report", optional_row=True)
    co_registrants: tuple[Party, ...] = listing(
        "After the registrant, in printed order.", Party, label="Co-registrant",
        after="registrant_role",
        concept=Concept("coRegistrantsText", "Co-registrants, one per line: name, a tab, role"))
    additional_commission_file_numbers: tuple[str, ...] = listing(
        "After the first (the field).",
        concept=Concept("additionalCommissionFileText",
                        "Further commission file numbers, one per line"))
    additional_irs_employer_ids: tuple[str, ...] = listing(
        "After the first (the field).",
        concept=Concept("additionalEmployerIdentificationText",
                        "Further I.R.S. employer identification numbers, one per line"))
    placeholders: tuple[Placeholder, ...] = listing(
        "Fields left null because a placeholder stood.", Placeholder,
        concept=Concept("placeholdersText", "Cover fields printed with a placeholder, one per "
                        "line: field, a tab, placeholder"))
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
    registrant: str | None = _text(
        "The registrant as it signs.", "Registrant",
        Concept("signatureRegistrantName", "Registrant as signed"), rule="signature_registrant")
    signer: str | None = _text("Who signed (/s/).", "Signed by",
                               Concept("signerName", "Signed by"))
    title: str | None = _text("The signer's title.", "Title",
                              Concept("signerTitleText", "Signer's title"), rule="signer_title")
    date: datetime.date | None = fact(
        Kind.DATE, datetime.date, "Date of the signature.", rule="signature_date", label="Dated",
        concept=Concept("signatureDate", "Date signed"), instant=True)
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
    also: Sequence[Location] = ()  # a tuple, or located on demand (`build.Restatements`)


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


class SentenceRecords(Sequence[SentenceRecord]):
    """A filing's sentence records, kept as columns and made into `SentenceRecord`s when
    asked: a long filing has tens of thousands of sentences, and an object, a span and a
    copy of the text for each came to about 500 bytes a sentence.

    A sentence's text is kept as where it stands in the text of its paragraph (which
    consecutive sentences share), not as a copy; its section, action and rule are a few
    distinct strings, kept once each.
    """

    __slots__ = ("_ends", "_facts", "_known", "_labels", "_pointers", "_starts", "_strings",
                 "_texts")

    def __init__(self, records: Iterable[SentenceRecord] = ()) -> None:
        self._starts: array[int] = array("i")  # the sentence's span in the filing
        self._ends: array[int] = array("i")
        # Per sentence: its text's index in `_strings`, start and end in it; its section's,
        # action's and rule's indexes in `_strings` (-1: None); its pointers' end in `_pointers`.
        self._texts: array[int] = array("i")
        self._labels: array[int] = array("i")
        self._facts: array[int] = array("i")
        self._pointers: list[str] = []
        self._strings: list[str] = []
        self._known: dict[str, int] = {}  # each string's index in `_strings`
        for given in records:
            self.append(given.span, given.text, 0, len(given.text), given.section,
                        given.action, given.pointers, given.rule)

    def append(self, span: Span, paragraph: str, start: int, end: int, section: str,
               action: str | None, pointers: Sequence[str] = (),
               rule: str | None = None) -> None:
        """Record a sentence that is ``paragraph[start:end]``."""
        self._starts.append(span.start)
        self._ends.append(span.end)
        self._texts.extend((self._index(paragraph), start, end))
        self._labels.extend((self._index(section), self._index(action), self._index(rule)))
        self._pointers.extend(pointers)
        self._facts.append(len(self._pointers))

    def _index(self, value: str | None) -> int:
        if value is None:
            return -1
        index = self._known.get(value)
        if index is None:
            index = self._known[value] = len(self._strings)
            self._strings.append(value)
        return index

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> SentenceRecord: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[SentenceRecord]: ...

    def __getitem__(self, index: int | slice) -> SentenceRecord | Sequence[SentenceRecord]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("sentence record index out of range")
        return self._record(index)

    def __iter__(self) -> Iterator[SentenceRecord]:
        return (self._record(index) for index in range(len(self)))

    def _record(self, index: int) -> SentenceRecord:
        strings = self._strings
        text, start, end = self._texts[3 * index : 3 * index + 3]
        section, action, rule = self._labels[3 * index : 3 * index + 3]
        first = self._facts[index - 1] if index else 0
        return SentenceRecord(
            Span(self._starts[index], self._ends[index]), strings[text][start:end],
            strings[section], strings[action] if action >= 0 else None,
            tuple(self._pointers[first : self._facts[index]]),
            strings[rule] if rule >= 0 else None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SentenceRecords({list(self)!r})"


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
    sentences: Sequence[SentenceRecord] = attrs.field(default=(), eq=False, repr=False)
    text: Source | None = attrs.field(default=None, eq=False, repr=False)  # for positions
    # Diagnostics as read back from JSON, where there is no source to place them in.
    diagnostic_records: tuple[dict[str, Any], ...] = attrs.field(default=(), eq=False, repr=False)
    ast_version: int = AST_VERSION
    # The dialect (issuer's wording, dealc.compiler.dialects) the body was read with; not part
    # of the JSON contract, so a filing read back from JSON has None (the default dialect).
    dialect: str | None = attrs.field(default=None, eq=False, repr=False)
