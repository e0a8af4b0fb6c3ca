"""The dealc ABS taxonomy's concepts: one per deal fact, named the way ABS data is named.

Names follow the SEC's ABS-EE element style: lower camel case with a suffix
that says what the value is (``...Amount`` money, ``...Percentage`` a rate
as a pure fraction, ``...Number`` a count, ``...Date``, ``...Months``,
``...Years``, ``...Name``/``...Text`` strings, ``...Flag`` booleans).  The
taxonomy files in ``dealc/emitters/taxonomy/`` are generated from this table
(`dealc.emitters.xbrl_taxonomy`), and a test keeps them in step.
"""

from __future__ import annotations

from typing import Any

import attrs

NAMESPACE = "https://dealc.invalid/xbrl/abs/1"
PREFIX = "dealc"
SCHEMA_FILE = "dealc-abs-1.xsd"
DEFINITION_FILE = "dealc-abs-1_def.xml"
LABEL_FILE = "dealc-abs-1_lab.xml"
ENTITY_SCHEME = "https://dealc.invalid/sec-commission-file-number"

# XBRL item types by kind.
MONETARY, PERCENT, INTEGER, DECIMAL, DATE, STRING, BOOLEAN = (
    "monetary", "percent", "integer", "decimal", "date", "string", "boolean")


@attrs.frozen
class Concept:
    name: str
    kind: str
    scope: str  # "document", "group", "subset", "class"
    path: tuple[str, ...]  # document: from the root; group/subset/class: within the node
    label: str


def _c(name: str, kind: str, scope: str, path: str, label: str) -> Concept:
    return Concept(name, kind, scope, tuple(path.split("/")), label)


CONCEPTS: tuple[Concept, ...] = (
    # cover page
    _c("formType", STRING, "document", "cover/form_type", "Form type"),
    _c("dateOfReport", DATE, "document", "cover/date_of_report", "Date of report"),
    _c("registrantName", STRING, "document", "cover/registrant", "Registrant name"),
    _c("registrantRoleText", STRING, "document", "cover/registrant_role", "Registrant role"),
    _c("issuerText", STRING, "document", "cover/issuer", "Issuer in respect of"),
    _c("coverSeriesIdentifier", STRING, "document", "cover/series", "Series (cover page)"),
    _c("stateOfIncorporationName", STRING, "document", "cover/state_of_incorporation",
       "State or other jurisdiction of incorporation"),
    _c("commissionFileIdentifier", STRING, "document", "cover/commission_file_number",
       "Commission file number"),
    _c("employerIdentificationIdentifier", STRING, "document", "cover/irs_employer_id",
       "I.R.S. employer identification number"),
    _c("addressStreetText", STRING, "document", "cover/address/street", "Street address"),
    _c("addressCityName", STRING, "document", "cover/address/city", "City"),
    _c("addressStateName", STRING, "document", "cover/address/state", "State"),
    _c("addressZipCode", STRING, "document", "cover/address/zip", "Zip code"),
    _c("telephoneNumberText", STRING, "document", "cover/phone", "Telephone number"),
    _c("addressCareOfText", STRING, "document", "cover/address/care_of",
       "Address: in care of"),
    _c("reportingPeriodText", STRING, "document", "cover/reporting_period",
       "Month the report covers (YYYY-MM)"),
    # cover lists: one fact each, one entry per line (see encode_list)
    _c("coRegistrantsText", STRING, "document", "cover/co_registrants",
       "Co-registrants, one per line: name, a tab, role"),
    _c("additionalCommissionFileText", STRING, "document",
       "cover/additional_commission_file_numbers",
       "Further commission file numbers, one per line"),
    _c("additionalEmployerIdentificationText", STRING, "document",
       "cover/additional_irs_employer_ids",
       "Further I.R.S. employer identification numbers, one per line"),
    _c("placeholdersText", STRING, "document", "cover/placeholders",
       "Cover fields printed with a placeholder, one per line: field, a tab, placeholder"),
    # the deal
    _c("dealTitleText", STRING, "document", "deal/title", "Title of the certificates"),
    _c("seriesIdentifier", STRING, "document", "deal/series", "Series"),
    _c("descriptionDate", DATE, "document", "deal/date", "Date of the description"),
    _c("prospectusDate", DATE, "document", "deal/prospectus_date", "Prospectus date"),
    _c("depositorName", STRING, "document", "deal/depositor/name", "Depositor"),
    _c("depositorAbbreviationText", STRING, "document", "deal/depositor/abbreviation",
       "Depositor's short name"),
    _c("transferDate", DATE, "document", "deal/transfer_date", "Transfer date"),
    _c("cutoffDate", DATE, "document", "deal/cutoff_date", "Cut-off date"),
    _c("payingAgentName", STRING, "document", "deal/paying_agent", "Paying agent"),
    _c("optionalRepurchaseThresholdAmount", MONETARY, "document",
       "deal/optional_repurchase_threshold", "Optional repurchase threshold"),
    _c("occupancyDeterminedByName", STRING, "document", "deal/occupancy_determined_by",
       "Primary residence determined by"),
    _c("specialHazardLossLimitAmount", MONETARY, "document", "deal/loss_limits/special_hazard",
       "Special hazard loss limit"),
    _c("fraudLossLimitAmount", MONETARY, "document", "deal/loss_limits/fraud",
       "Fraud loss limit"),
    _c("bankruptcyLossLimitAmount", MONETARY, "document", "deal/loss_limits/bankruptcy",
       "Bankruptcy loss limit"),
    # the signature
    _c("signatureRegistrantName", STRING, "document", "signature/registrant",
       "Registrant as signed"),
    _c("signerName", STRING, "document", "signature/signer", "Signed by"),
    _c("signerTitleText", STRING, "document", "signature/title", "Signer's title"),
    _c("signatureDate", DATE, "document", "signature/date", "Date signed"),
    # loan groups (pool axis; all loans is the default member)
    _c("scheduledPrincipalBalanceAmount", MONETARY, "subset", "balance",
       "Aggregate scheduled principal balance"),
    _c("loanNumber", INTEGER, "group", "loan_count", "Number of mortgage loans"),
    _c("originalTermMinimumYears", INTEGER, "group", "original_term_years/min",
       "Shortest original term (years)"),
    _c("originalTermMaximumYears", INTEGER, "group", "original_term_years/max",
       "Longest original term (years)"),
    _c("weightedAverageInterestRatePercentage", PERCENT, "subset", "wac_pct",
       "Weighted average interest rate"),
    _c("weightedAverageRemainingTermMonths", DECIMAL, "subset", "wa_remaining_term_months",
       "Weighted average remaining term to maturity (months)"),
    _c("weightedAverageOriginalTermMonths", DECIMAL, "group", "wa_original_term_months",
       "Weighted average original term to maturity (months)"),
    _c("originationEarliestDate", DATE, "group", "originated_not_before",
       "No loan originated before"),
    _c("originationLatestDate", DATE, "group", "originated_not_after",
       "No loan originated after"),
    _c("maturityLatestDate", DATE, "group", "latest_maturity", "Latest scheduled maturity"),
    _c("originalLoanMinimumAmount", MONETARY, "group", "original_balance_min",
       "Smallest original loan amount"),
    _c("originalLoanMaximumAmount", MONETARY, "group", "original_balance_max",
       "Largest original loan amount"),
    _c("loanToValueOver80PercentBalanceAmount", MONETARY, "group", "ltv_over_80_balance",
       "Balance of loans with original loan-to-value over 80%"),
    _c("originalLoanToValueMaximumPercentage", PERCENT, "group", "max_ltv_pct",
       "Maximum original loan-to-value ratio"),
    _c("weightedAverageOriginalLoanToValuePercentage", PERCENT, "group", "wa_ltv_pct",
       "Weighted average original loan-to-value ratio"),
    _c("zipCodeConcentrationMaximumAmount", MONETARY, "group", "max_zip_balance",
       "Most balance secured by properties in one zip code"),
    _c("primaryResidenceMinimumPercentage", PERCENT, "group", "primary_residence_min_pct",
       "Primary residences, at least"),
    _c("fullDocumentationMinimumPercentage", PERCENT, "group", "full_documentation_min_pct",
       "Full documentation, at least"),
    _c("reducedDocumentationMaximumPercentage", PERCENT, "group",
       "reduced_documentation_max_pct", "Reduced documentation, at most"),
    _c("streamlinedRefinanceMaximumPercentage", PERCENT, "group",
       "streamlined_refinance_max_pct", "Streamlined refinance, at most"),
    _c("investmentPropertyPercentage", PERCENT, "group", "investment_property_pct",
       "Secured by investment properties"),
    _c("primaryMortgageInsuranceOver80PercentLoanToValueFlag", BOOLEAN, "group",
       "pmi_required_over_80_ltv", "Loans over 80% loan-to-value had primary mortgage insurance"),
    _c("additionalCollateralLoanNumber", INTEGER, "group", "additional_collateral/loan_count",
       "Loans with pledged additional collateral"),
    _c("additionalCollateralBalanceAmount", MONETARY, "group", "additional_collateral/balance",
       "Balance of loans with pledged additional collateral"),
    _c("additionalCollateralLoanToValueWithCollateralPercentage", PERCENT, "group",
       "additional_collateral/wa_ltv_with_collateral_pct",
       "Their weighted average loan-to-value counting the collateral"),
    _c("additionalCollateralLoanToValueWithoutCollateralPercentage", PERCENT, "group",
       "additional_collateral/wa_ltv_without_collateral_pct",
       "Their weighted average loan-to-value without the collateral"),
    _c("netLoanRateThresholdPercentage", PERCENT, "group",
       "premium_discount/net_rate_threshold_pct",
       "Net loan rate dividing premium from discount loans"),
    # certificate classes (typed class axis)
    _c("classInitialPrincipalBalanceAmount", MONETARY, "class", "initial_balance",
       "Initial principal balance of the class"),
    _c("classSubordinationLevelPercentage", PERCENT, "class", "subordination_level_pct",
       "Subordination level of the class"),
)

# List fields of the cover, written as one string fact: an entry per line, and an
# entry of several fields as its fields' text joined by tabs.
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "co_registrants": ("name", "role"),
    "additional_commission_file_numbers": (),
    "additional_irs_employer_ids": (),
    "placeholders": ("field", "text"),
}


def encode_list(entries: list[Any], fields: tuple[str, ...]) -> str | None:
    """A list field as one string (None when empty): one line per entry."""
    if not entries:
        return None
    if not fields:
        return "\n".join(str(entry) for entry in entries)
    return "\n".join("\t".join(str(entry.get(f) or "") for f in fields) for entry in entries)


def decode_list(text: str, fields: tuple[str, ...]) -> list[Any]:
    """The inverse of `encode_list` (an empty field reads as null)."""
    lines = text.split("\n")
    if not fields:
        return lines
    return [dict(zip(fields, [part or None for part in line.split("\t")], strict=False))
            for line in lines]


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
POOL_IDS = ROMAN + tuple(str(n) for n in range(1, 21))


def pool_member(pool_id: str) -> str:
    return f"Pool{pool_id}Member"
