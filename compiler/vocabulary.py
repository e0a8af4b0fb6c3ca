"""The vocabulary grammars speak: semantic actions and the fields they set.

A grammar rule states a fact by its *name*: a rule named after a field
(``wac_pct: _percent_list``) holds that field's values, and the sentence it
stands in ends in an *action* (``-> group_facts``) that says how the values
apply: to the document, to the loan groups the sentence names (one value
each, "respectively", or one value for all), or to a certificate class.
Lowering reads nothing else, so a new wording needs only a rule that uses
these names.  docs/extending.md documents this table.
"""

from __future__ import annotations

import enum
import re

import attrs


class Scope(enum.Enum):
    DOCUMENT = "document"  # the cover, the deal, the signature
    GROUP = "group"  # a loan group: a pool, all loans, or a pool's premium/discount loans
    CLASS = "class"  # a certificate class


class Kind(enum.Enum):
    """How a field's tokens become a value."""

    MONEY = "money"  # $1,000,000.00 -> Decimal("1000000.00")
    PERCENT = "percent"  # 6.298% -> Decimal("6.298")
    DATE = "date"  # February 1, 2003 -> date(2003, 2, 1)
    COUNT = "count"  # 1620 -> 1620
    MONTHS = "months"  # 357.43 months -> Decimal("357.43")
    YEARS = "years"  # 30 years -> 30
    TEXT = "text"  # the words as printed
    NONE_IS_ZERO = "none is zero"  # "None of ... are secured by investment properties" -> 0
    STATED_TRUE = "stated true"  # a sentence that asserts a condition -> True


# The token types each kind takes; a field rule with other tokens is a grammar error.
KIND_TOKENS: dict[Kind, frozenset[str]] = {
    Kind.MONEY: frozenset({"MONEY"}),
    Kind.PERCENT: frozenset({"PERCENT"}),
    Kind.DATE: frozenset({"DATE"}),
    Kind.COUNT: frozenset({"NUMBER"}),
    Kind.MONTHS: frozenset({"NUMBER"}),
    Kind.YEARS: frozenset({"NUMBER"}),
}


@attrs.frozen
class Part:
    """A composite token split by a regular expression's named groups."""

    pattern: re.Pattern[str]
    paths: dict[str, tuple[str, ...]]


@attrs.frozen
class Field:
    rule: str
    scope: Scope
    path: tuple[str, ...] | None  # where the value goes; None when only its parts are kept
    kind: Kind
    doc: str
    parts: tuple[Part, ...] = ()
    restates: bool = False  # a qualifier that restates another fact (the cut-off date)
    also: tuple[tuple[str, ...], ...] = ()  # other paths the same statement sets
    subset_ok: bool = False  # may apply to a pool's premium or discount loans


@attrs.frozen
class Action:
    name: str
    doc: str


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("facts", "Document fields (cover, deal, loss limits, signature) set as stated."),
        Action(
            "group_facts",
            "Loan group fields over the groups the sentence names: one value per group "
            "('respectively') or one value for every group; document fields as stated.",
        ),
        Action("class_facts", "Certificate class fields of the class the sentence names."),
        Action("narrative", "A sentence understood to state no fact dealc models."),
    )
}

_ROLE = re.compile(r"\((?P<role>.*)\)")
_SERIES = re.compile(r".*?Series (?P<series>[0-9]{4}-[0-9A-Za-z]+)")


def _document(
    rule: str,
    path: tuple[str, ...] | None,
    kind: Kind,
    doc: str,
    parts: tuple[Part, ...] = (),
    restates: bool = False,
) -> Field:
    return Field(rule, Scope.DOCUMENT, path, kind, doc, parts=parts, restates=restates)


def _group(
    rule: str, path: tuple[str, ...], kind: Kind, doc: str, subset_ok: bool = False
) -> Field:
    return Field(rule, Scope.GROUP, path, kind, doc, subset_ok=subset_ok)


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

FIELD_LIST: tuple[Field, ...] = (
    # --- the cover page
    _document("form_type", ("cover", "form_type"), Kind.TEXT, "The form: 8-K or 8-K/A."),
    _document("date_of_report", ("cover", "date_of_report"), Kind.DATE,
              "Date of report (date of earliest event reported)."),
    _document("registrant", ("cover", "registrant"), Kind.TEXT,
              "Exact name of registrant as specified in its charter."),
    _document("registrant_role", ("cover", "registrant_role"), Kind.TEXT,
              "The registrant's role, as printed under its name.",
              parts=(Part(_ROLE, {"role": ("cover", "registrant_role")}),)),
    _document("issuer", ("cover", "issuer"), Kind.TEXT,
              "The certificates the registrant is issuer in respect of.",
              parts=(Part(_SERIES, {"series": ("cover", "series")}),)),
    _document("state_of_incorporation", ("cover", "state_of_incorporation"), Kind.TEXT,
              "State or other jurisdiction of incorporation."),
    _document("commission_file_number", ("cover", "commission_file_number"), Kind.TEXT,
              "Commission file number."),
    _document("irs_employer_id", ("cover", "irs_employer_id"), Kind.TEXT,
              "I.R.S. employer identification number."),
    _document("address", None, Kind.TEXT,
              "Address of principal executive offices: street, city, state, zip code.",
              parts=_ADDRESS),
    _document("phone", ("cover", "phone"), Kind.TEXT, "Registrant's telephone number."),
    # --- the deal
    _document("deal_title", ("deal", "title"), Kind.TEXT, "The certificates' title with series.",
              parts=(Part(_SERIES, {"series": ("deal", "series")}),)),
    _document("deal_date", ("deal", "date"), Kind.DATE, "The date under the description's title."),
    _document("prospectus_date", ("deal", "prospectus_date"), Kind.DATE,
              "Date of the prospectus the description refers to."),
    _document("depositor_name", ("deal", "depositor", "name"), Kind.TEXT, "The depositor."),
    _document("depositor_abbreviation", ("deal", "depositor", "abbreviation"), Kind.TEXT,
              "The short name the filing gives the depositor, in quotes after its name."),
    _document("transfer_date", ("deal", "transfer_date"), Kind.DATE,
              "When the mortgage loans were transferred to the trustee."),
    _document("cutoff_date", ("deal", "cutoff_date"), Kind.DATE,
              "The cut-off date: balances are stated as of it."),
    Field("aggregate_balance", Scope.DOCUMENT, ("deal", "aggregate_balance"), Kind.MONEY,
          "Aggregate scheduled principal balance of all mortgage loans (also all_loans.balance).",
          also=(("deal", "all_loans", "balance"),)),
    _document("paying_agent", ("deal", "paying_agent"), Kind.TEXT, "The paying agent."),
    _document("optional_repurchase_threshold", ("deal", "optional_repurchase_threshold"),
              Kind.MONEY, "Balance at or below which the depositor may repurchase all loans."),
    _document("occupancy_determined_by", ("deal", "occupancy_determined_by"), Kind.TEXT,
              "Who determined that a property is the borrower's primary residence."),
    _document("loss_limits_as_of", ("deal", "loss_limits", "as_of"), Kind.DATE,
              "Date the loss limits are stated as of."),
    _document("special_hazard_loss_limit", ("deal", "loss_limits", "special_hazard"), Kind.MONEY,
              "Special hazard loss limit."),
    _document("fraud_loss_limit", ("deal", "loss_limits", "fraud"), Kind.MONEY,
              "Fraud loss limit."),
    _document("bankruptcy_loss_limit", ("deal", "loss_limits", "bankruptcy"), Kind.MONEY,
              "Bankruptcy loss limit."),
    # --- qualifiers restating the cut-off date
    _document("as_of", ("deal", "cutoff_date"), Kind.DATE,
              "'as of <date>' of a statistic: restates the cut-off date.", restates=True),
    _document("payments_due", ("deal", "cutoff_date"), Kind.DATE,
              "'after deducting principal payments due on or before <date>': restates the "
              "cut-off date.", restates=True),
    # --- the signature
    _document("signature_registrant", ("signature", "registrant"), Kind.TEXT,
              "The registrant as it signs."),
    _document("signer", ("signature", "signer"), Kind.TEXT, "Who signed (/s/)."),
    _document("signer_title", ("signature", "title"), Kind.TEXT, "The signer's title."),
    _document("signature_date", ("signature", "date"), Kind.DATE, "Date of the signature."),
    # --- loan groups
    _group("balance", ("balance",), Kind.MONEY,
           "Aggregate scheduled principal balance.", subset_ok=True),
    _group("loan_count", ("loan_count",), Kind.COUNT, "Number of mortgage loans."),
    _group("original_term_years_min", ("original_term_years", "min"), Kind.YEARS,
           "Shortest original maturity, in years."),
    _group("original_term_years_max", ("original_term_years", "max"), Kind.YEARS,
           "Longest original maturity, in years."),
    _group("wac_pct", ("wac_pct",), Kind.PERCENT,
           "Weighted average interest rate before the servicing fee.", subset_ok=True),
    _group("wa_remaining_term_months", ("wa_remaining_term_months",), Kind.MONTHS,
           "Weighted average remaining term to stated maturity.", subset_ok=True),
    _group("wa_original_term_months", ("wa_original_term_months",), Kind.MONTHS,
           "Weighted average original term to stated maturity."),
    _group("originated_not_before", ("originated_not_before",), Kind.DATE,
           "No loan was originated before this date."),
    _group("originated_not_after", ("originated_not_after",), Kind.DATE,
           "No loan was originated after this date."),
    _group("latest_maturity", ("latest_maturity",), Kind.DATE,
           "No loan has a scheduled maturity later than this date."),
    _group("original_balance_min", ("original_balance_min",), Kind.MONEY,
           "Smallest original principal balance."),
    _group("original_balance_max", ("original_balance_max",), Kind.MONEY,
           "Largest original principal balance."),
    _group("ltv_over_80_balance", ("ltv_over_80_balance",), Kind.MONEY,
           "Balance of loans with loan-to-value ratios at origination over 80%."),
    _group("max_ltv_pct", ("max_ltv_pct",), Kind.PERCENT,
           "No loan has a loan-to-value ratio over this."),
    _group("wa_ltv_pct", ("wa_ltv_pct",), Kind.PERCENT,
           "Weighted average loan-to-value ratio at origination."),
    _group("max_zip_balance", ("max_zip_balance",), Kind.MONEY,
           "Most balance secured by properties in any one zip code."),
    _group("primary_residence_min_pct", ("primary_residence_min_pct",), Kind.PERCENT,
           "At least this share is secured by primary residences."),
    _group("full_documentation_min_pct", ("full_documentation_min_pct",), Kind.PERCENT,
           "At least this share was underwritten with full documentation (or streamlined "
           "refinance)."),
    _group("reduced_documentation_max_pct", ("reduced_documentation_max_pct",), Kind.PERCENT,
           "At most this share was underwritten without verification of income."),
    _group("streamlined_refinance_max_pct", ("streamlined_refinance_max_pct",), Kind.PERCENT,
           "At most this share are refinancings under alternative or streamlined policies."),
    _group("investment_property_pct", ("investment_property_pct",), Kind.NONE_IS_ZERO,
           "Share secured by investment properties ('None of ...' is 0)."),
    _group("pmi_required_over_80_ltv", ("pmi_required_over_80_ltv",), Kind.STATED_TRUE,
           "Loans over 80% loan-to-value had primary mortgage insurance."),
    _group("additional_collateral_loan_count", ("additional_collateral", "loan_count"),
           Kind.COUNT, "Number of loans with pledged additional collateral."),
    _group("additional_collateral_balance", ("additional_collateral", "balance"), Kind.MONEY,
           "Balance of loans with pledged additional collateral."),
    _group("wa_ltv_with_collateral_pct", ("additional_collateral", "wa_ltv_with_collateral_pct"),
           Kind.PERCENT, "Their weighted average LTV counting the additional collateral."),
    _group("wa_ltv_without_collateral_pct",
           ("additional_collateral", "wa_ltv_without_collateral_pct"), Kind.PERCENT,
           "Their weighted average LTV without the additional collateral."),
    _group("net_rate_threshold_pct", ("premium_discount", "net_rate_threshold_pct"),
           Kind.PERCENT, "Net loan rate dividing premium (at or above) from discount loans."),
    # --- certificate classes
    Field("initial_balance", Scope.CLASS, ("initial_balance",), Kind.MONEY,
          "Aggregate initial principal balance of the class."),
    Field("class_as_of", Scope.CLASS, ("as_of",), Kind.DATE,
          "Date the class balance is stated as of."),
    Field("subordination_level_pct", Scope.CLASS, ("subordination_level_pct",), Kind.PERCENT,
          "Subordination level of the class."),
)

FIELDS: dict[str, Field] = {field.rule: field for field in FIELD_LIST}

# Structural rules lowering understands besides fields and actions.
STRUCTURE_RULES = frozenset({"group_list", "group_ref", "class_ref"})
