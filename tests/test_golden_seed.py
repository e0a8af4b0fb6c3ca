"""Every fact of the seed filing, checked by hand against examples/cmsi-2003-2.txt.

The expected values below were typed from the filing's text (the line of
each is given), not copied from dealc's output.  Decimals are compared by
their printed digits: "225000.00" must stay "225000.00".
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from dealc.compiler import CompiledFiling
from dealc.compiler.values import format_decimal
from dealc.emitters.json_emitter import document

D = Decimal

# pointer -> (value as printed, line the value is printed on)
EXPECTED: dict[str, tuple[Any, int]] = {
    # ---- cover page
    "/cover/form_type": ("8-K", 8),
    "/cover/date_of_report": ("2003-02-24", 17),
    "/cover/registrant": ("CITICORP MORTGAGE SECURITIES, INC.", 22),
    "/cover/registrant_role": ("Packager and Servicer", 23),
    "/cover/issuer": ("REMIC Pass-Through Certificates, Series 2003-2", 24),
    "/cover/series": ("2003-2", 24),
    "/cover/state_of_incorporation": ("Delaware", 29),
    "/cover/commission_file_number": ("333-72082", 29),
    "/cover/irs_employer_id": ("13-3408717", 29),
    "/cover/address/street": ("12855 North Outer Forty Drive", 35),
    "/cover/address/city": ("St. Louis", 35),
    "/cover/address/state": ("Missouri", 35),
    "/cover/address/zip": ("63141", 35),
    "/cover/phone": ("(314) 851-6305", 40),
    # ---- item
    "/items/0/number": ("2", 48),
    "/items/0/title": ("Acquisition or Disposition of Assets", 48),
    # ---- title block and transfer paragraph
    "/deal/title": ("REMIC Pass-Through Certificates, Series 2003-2", 51),
    "/deal/series": ("2003-2", 51),
    "/deal/date": ("2003-02-24", 54),
    "/deal/depositor/name": ("Citicorp Mortgage Securities, Inc.", 59),
    "/deal/depositor/abbreviation": ("CMSI", 59),
    "/deal/transfer_date": ("2003-02-24", 59),
    "/deal/cutoff_date": ("2003-02-01", 62),
    "/deal/aggregate_balance": (D("757241656.27"), 62),
    "/deal/all_loans/balance": (D("757241656.27"), 62),
    "/deal/pools/0/id": ("I", 64),
    "/deal/pools/1/id": ("II", 67),
    "/deal/pools/0/original_term_years/min": (19, 63),
    "/deal/pools/0/original_term_years/max": (30, 63),
    "/deal/pools/0/balance": (D("549864882.81"), 66),
    "/deal/pools/1/original_term_years/min": (10, 67),
    "/deal/pools/1/original_term_years/max": (15, 67),
    "/deal/pools/1/balance": (D("207376773.46"), 70),
    "/deal/paying_agent": ("U.S. Bank National Association", 73),
    "/deal/optional_repurchase_threshold": (D("75724165.62"), 78),
    # ---- counts, rates, terms (lines 82-96)
    "/deal/all_loans/loan_count": (1620, 82),
    "/deal/pools/0/loan_count": (1175, 83),
    "/deal/pools/1/loan_count": (445, 83),
    "/deal/pools/0/wac_pct": (D("6.298"), 86),
    "/deal/pools/1/wac_pct": (D("5.942"), 86),
    "/deal/all_loans/wac_pct": (D("6.200"), 86),
    "/deal/pools/0/wa_remaining_term_months": (D("357.43"), 89),
    "/deal/pools/1/wa_remaining_term_months": (D("176.72"), 89),
    "/deal/all_loans/wa_remaining_term_months": (D("307.94"), 89),
    "/deal/all_loans/original_term_years/min": (10, 90),
    "/deal/all_loans/original_term_years/max": (30, 91),
    "/deal/pools/0/originated_not_before": ("2001-06-01", 92),
    "/deal/pools/1/originated_not_before": ("2002-02-01", 92),
    "/deal/pools/0/originated_not_after": ("2003-02-01", 93),
    "/deal/pools/1/originated_not_after": ("2003-02-01", 93),
    "/deal/pools/0/wa_original_term_months": (D("358.71"), 95),
    "/deal/pools/1/wa_original_term_months": (D("178.51"), 95),
    "/deal/all_loans/wa_original_term_months": (D("309.36"), 96),
    # ---- maturities, balances, LTV (lines 98-111)
    "/deal/pools/0/latest_maturity": ("2033-02-01", 99),
    "/deal/pools/1/latest_maturity": ("2018-02-01", 99),
    "/deal/pools/0/original_balance_min": (D("42100"), 101),
    "/deal/pools/1/original_balance_min": (D("45500"), 101),
    "/deal/pools/0/original_balance_max": (D("1000000"), 102),
    "/deal/pools/1/original_balance_max": (D("1000000"), 102),
    "/deal/pools/0/ltv_over_80_balance": (D("12084855"), 103),
    "/deal/pools/1/ltv_over_80_balance": (D("864033"), 104),
    "/deal/pools/0/max_ltv_pct": (D("95"), 106),
    "/deal/pools/1/max_ltv_pct": (D("95"), 106),
    "/deal/pools/0/wa_ltv_pct": (D("64.1"), 108),
    "/deal/pools/1/wa_ltv_pct": (D("55.6"), 108),
    "/deal/all_loans/wa_ltv_pct": (D("61.8"), 109),
    "/deal/pools/0/max_zip_balance": (D("5580804"), 109),
    "/deal/pools/1/max_zip_balance": (D("3378606"), 109),
    "/deal/all_loans/max_zip_balance": (D("8807200"), 109),
    # ---- occupancy and documentation (lines 112-155)
    "/deal/pools/0/primary_residence_min_pct": (D("98"), 112),
    "/deal/pools/1/primary_residence_min_pct": (D("94"), 112),
    "/deal/all_loans/primary_residence_min_pct": (D("97"), 112),
    "/deal/occupancy_determined_by": ("CitiMortgage, Inc.", 114),
    "/deal/pools/0/investment_property_pct": (D("0"), 139),
    "/deal/pools/1/investment_property_pct": (D("0"), 139),
    "/deal/pools/0/full_documentation_min_pct": (D("97"), 142),
    "/deal/pools/1/full_documentation_min_pct": (D("94"), 142),
    "/deal/all_loans/full_documentation_min_pct": (D("97"), 142),
    "/deal/pools/0/reduced_documentation_max_pct": (D("3"), 147),
    "/deal/pools/1/reduced_documentation_max_pct": (D("6"), 147),
    "/deal/all_loans/reduced_documentation_max_pct": (D("3"), 147),
    "/deal/pools/0/streamlined_refinance_max_pct": (D("80"), 152),
    "/deal/pools/1/streamlined_refinance_max_pct": (D("90"), 152),
    "/deal/all_loans/streamlined_refinance_max_pct": (D("83"), 152),
    # ---- insurance and additional collateral (lines 157-177)
    "/deal/all_loans/pmi_required_over_80_ltv": (True, 157),
    "/deal/pools/0/additional_collateral/loan_count": (5, 163),
    "/deal/pools/1/additional_collateral/loan_count": (3, 163),
    "/deal/pools/0/additional_collateral/balance": (D("2125618"), 166),
    "/deal/pools/1/additional_collateral/balance": (D("907503"), 166),
    "/deal/pools/0/additional_collateral/wa_ltv_with_collateral_pct": (D("80"), 171),
    "/deal/pools/1/additional_collateral/wa_ltv_with_collateral_pct": (D("77.4"), 171),
    "/deal/pools/0/additional_collateral/wa_ltv_without_collateral_pct": (D("93.1"), 176),
    "/deal/pools/1/additional_collateral/wa_ltv_without_collateral_pct": (D("91.8"), 177),
    # ---- premium and discount loans (lines 179-199)
    "/deal/pools/0/premium_discount/net_rate_threshold_pct": (D("5.750"), 180),
    "/deal/pools/0/premium_discount/premium/balance": (D("537928669"), 183),
    "/deal/pools/0/premium_discount/discount/balance": (D("11936214"), 183),
    "/deal/pools/0/premium_discount/premium/wac_pct": (D("6.310"), 185),
    "/deal/pools/0/premium_discount/discount/wac_pct": (D("5.776"), 185),
    "/deal/pools/0/premium_discount/premium/wa_remaining_term_months": (D("357.39"), 188),
    "/deal/pools/0/premium_discount/discount/wa_remaining_term_months": (D("359.07"), 188),
    "/deal/pools/1/premium_discount/net_rate_threshold_pct": (D("5.250"), 191),
    "/deal/pools/1/premium_discount/premium/balance": (D("207039244"), 194),
    "/deal/pools/1/premium_discount/discount/balance": (D("337529"), 194),
    "/deal/pools/1/premium_discount/premium/wac_pct": (D("5.943"), 196),
    "/deal/pools/1/premium_discount/discount/wac_pct": (D("5.375"), 196),
    "/deal/pools/1/premium_discount/premium/wa_remaining_term_months": (D("176.72"), 199),
    "/deal/pools/1/premium_discount/discount/wa_remaining_term_months": (D("178.00"), 199),
    # ---- loss limits (lines 205-209)
    "/deal/loss_limits/as_of": ("2003-02-01", 205),
    "/deal/loss_limits/special_hazard": (D("7572416.56"), 205),
    "/deal/loss_limits/fraud": (D("7572416.56"), 207),
    "/deal/loss_limits/bankruptcy": (D("225000.00"), 209),
    # ---- classes (lines 211-242)
    "/deal/classes/0/name": ("A", 211),
    "/deal/classes/0/as_of": ("2003-02-01", 212),
    "/deal/classes/0/initial_balance": (D("740959992.00"), 212),
    "/deal/classes/1/name": ("B-1", 214),
    "/deal/classes/1/as_of": ("2003-02-01", 215),
    "/deal/classes/1/initial_balance": (D("7572000.00"), 215),
    "/deal/classes/2/name": ("B-2", 217),
    "/deal/classes/2/as_of": ("2003-02-01", 218),
    "/deal/classes/2/initial_balance": (D("3408000.00"), 218),
    "/deal/classes/3/name": ("B-3", 220),
    "/deal/classes/3/as_of": ("2003-02-01", 221),
    "/deal/classes/3/initial_balance": (D("1893000.00"), 221),
    "/deal/classes/4/name": ("B-4", 223),
    "/deal/classes/4/as_of": ("2003-02-01", 224),
    "/deal/classes/4/initial_balance": (D("1515000.00"), 224),
    "/deal/classes/5/name": ("B-5", 226),
    "/deal/classes/5/as_of": ("2003-02-01", 227),
    "/deal/classes/5/initial_balance": (D("757000.00"), 227),
    "/deal/classes/6/name": ("B-6", 229),
    "/deal/classes/6/as_of": ("2003-02-01", 230),
    "/deal/classes/6/initial_balance": (D("1136664.27"), 230),
    "/deal/classes/0/subordination_level_pct": (D("2.150127919560"), 232),
    "/deal/classes/1/subordination_level_pct": (D("1.150182930097"), 234),
    "/deal/classes/2/subordination_level_pct": (D("0.700128449895"), 236),
    "/deal/classes/3/subordination_level_pct": (D("0.450142202529"), 238),
    "/deal/classes/4/subordination_level_pct": (D("0.250073969693"), 240),
    "/deal/classes/5/subordination_level_pct": (D("0.150105882395"), 242),
    # ---- footnotes (lines 119-132, 247-248)
    "/footnotes/0/mark": ("1", 119),
    "/deal/prospectus_date": ("2003-02-19", 120),
    "/footnotes/1/mark": ("2", 124),
    "/footnotes/2/mark": ("*", 247),
    # ---- signature (lines 260-269)
    "/signature/registrant": ("CITICORP MORTGAGE SECURITIES, INC.", 260),
    "/signature/signer": ("Howard Darmstadter", 263),
    "/signature/title": ("Assistant Secretary", 266),
    "/signature/date": ("2003-02-24", 269),
}

# The one value not read from the text: the id dealc gives the all-loans group.
STRUCTURAL = {"/deal/all_loans/id": "all"}


def resolve(data: Any, pointer: str) -> Any:
    for part in pointer.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal):
        return isinstance(actual, Decimal) and format_decimal(actual) == format_decimal(expected)
    return type(actual) is type(expected) and actual == expected


def test_every_fact_has_its_printed_value(seed: CompiledFiling) -> None:
    data = document(seed)
    wrong = {
        pointer: (resolve(data, pointer), expected)
        for pointer, (expected, _line) in EXPECTED.items()
        if not same(resolve(data, pointer), expected)
    }
    assert wrong == {}
    for pointer, expected in STRUCTURAL.items():
        assert resolve(data, pointer) == expected
    assert len(EXPECTED) > 120


def test_every_fact_points_at_the_line_it_was_read_from(seed: CompiledFiling) -> None:
    lines = {pointer: seed.provenance[pointer].line for pointer in EXPECTED
             if pointer in seed.provenance}
    expected_lines = {pointer: line for pointer, (_value, line) in EXPECTED.items()
                      if pointer in seed.provenance}
    assert lines == expected_lines


def test_the_facts_are_exactly_these(seed: CompiledFiling) -> None:
    """No fact is missing from provenance, and none appears that was not checked by hand."""
    footnote_texts = {f"/footnotes/{i}/text" for i in range(3)}
    assert set(seed.provenance) == set(EXPECTED) | footnote_texts


def test_nothing_is_stated_that_was_not_read(seed: CompiledFiling) -> None:
    """Every non-null leaf of the deal is a checked fact: no value appears from nowhere."""
    data = document(seed)

    def leaves(value: Any, pointer: str) -> list[str]:
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in leaves(v, f"{pointer}/{k}")]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in leaves(v, f"{pointer}/{i}")]
        return [] if value is None else [pointer]

    stated = set(leaves(data["deal"], "/deal")) | set(leaves(data["cover"], "/cover"))
    stated |= set(leaves(data["signature"], "/signature"))
    assert stated - set(EXPECTED) - set(STRUCTURAL) == set()


def test_not_disclosed_is_null(seed: CompiledFiling) -> None:
    """The filing gives no all-loans latest maturity or LTV cap: null, not a guess."""
    assert seed.deal is not None and seed.deal.all_loans is not None
    assert seed.deal.all_loans.latest_maturity is None
    assert seed.deal.all_loans.max_ltv_pct is None
    assert seed.deal.pools[0].pmi_required_over_80_ltv is None
    assert seed.deal.classes[6].subordination_level_pct is None


def test_footnote_marks_point_at_the_facts_they_annotate(seed: CompiledFiling) -> None:
    marks = {footnote.mark: footnote.references for footnote in seed.footnotes}
    assert marks["1"] == ("/deal",)
    assert marks["2"] == ("/deal/pools/0/primary_residence_min_pct",)
    assert marks["*"] == tuple(f"/deal/classes/{i}/subordination_level_pct" for i in range(6))
    assert seed.footnotes[0].text.startswith("Terms used herein and not otherwise defined")
    assert seed.footnotes[0].text.endswith("REMIC Pass-Through Certificates, Series 2003-2.")


def test_restatements_are_kept_as_further_places(seed: CompiledFiling) -> None:
    """The cut-off date is stated in many sentences; provenance lists every place."""
    cutoff = seed.provenance["/deal/cutoff_date"]
    assert cutoff.text == "February 1, 2003"
    assert len(cutoff.also) >= 10
    assert all(" ".join(place.text.split()) == "February 1, 2003" for place in cutoff.also)
    assert seed.deal is not None and seed.deal.cutoff_date == datetime.date(2003, 2, 1)


def test_the_seed_compiles_clean(seed: CompiledFiling) -> None:
    assert seed.kind == "pool_description"
    assert seed.diagnostics == ()
    assert seed.unrecognized == ()
