"""Every cross-checkable number of the seed, changed, makes the right check fire at it.

For each numeric fact (an amount, rate, term, count or date) of the seed, the
table below says how it is changed and which diagnostic must then point at
its line and column, or why no check can catch a change of it.  A test keeps
the table complete: a new fact must be classified here.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from dealc.compiler import compile_text
from dealc.compiler.ast import CompiledFiling, Location
from dealc.compiler.diagnostics import Diagnostic

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
P = r"/deal/(?:pools/\d+|all_loans)"
PD = r"/deal/pools/\d+/premium_discount/(?:premium|discount)"

# (pointer pattern, mutation, codes one of which must point at the changed number)
# Mutations: "digit" bumps the first significant digit (the typo every check should
# catch); "x1000"/"/1000" and "+5y"/"-5y" are gross changes, for figures that only a
# bound can question.
CHECKED: list[tuple[str, str, set[str]]] = [
    (r"/deal/aggregate_balance", "digit", {"E201", "E206"}),
    (r"/deal/pools/\d+/balance", "digit", {"E201"}),
    (rf"{P}/loan_count", "digit", {"E202"}),
    (rf"{P}/(?:wac_pct|wa_remaining_term_months|wa_original_term_months|wa_ltv_pct)", "digit",
     {"E203"}),
    (rf"{PD}/balance", "digit", {"E204"}),
    (rf"{PD}/(?:wac_pct|wa_remaining_term_months)", "digit", {"E205"}),
    (r"/deal/pools/\d+/premium_discount/net_rate_threshold_pct", "digit", {"E104"}),
    (r"/deal/classes/\d+/initial_balance", "digit", {"E206"}),
    (r"/deal/classes/\d+/subordination_level_pct", "digit", {"E207"}),
    (r"/deal/optional_repurchase_threshold", "digit", {"W208"}),
    # dates
    (r"/deal/(?:transfer_date|cutoff_date|prospectus_date|date)", "+5y", {"E209"}),
    (r"/cover/date_of_report", "+5y", {"E209"}),
    (r"/signature/date", "-5y", {"E209"}),
    (rf"{P}/(?:originated_not_before|originated_not_after|latest_maturity)", "+5y", {"E209"}),
    (r"/deal/(?:classes/\d+|loss_limits)/as_of", "+5y", {"W212"}),
    # terms: the all-loans range is the span of the pools'
    (r"/deal/all_loans/original_term_years/(?:min|max)", "digit", {"E211"}),
    (r"/deal/pools/\d+/original_term_years/max", "x1000", {"E210", "E211"}),
    (r"/deal/pools/\d+/original_term_years/min", "x1000", {"E210", "E211"}),
    # bounds only
    (rf"{P}/(?:original_balance_min|ltv_over_80_balance|max_zip_balance)", "x1000", {"E210"}),
    (rf"{P}/original_balance_max", "/1000", {"E210"}),
    (rf"{P}/max_ltv_pct", "/1000", {"E210"}),
    (rf"{P}/(?:primary_residence_min_pct|full_documentation_min_pct|"
     r"reduced_documentation_max_pct|streamlined_refinance_max_pct)", "x1000", {"E210"}),
    (r"/deal/pools/\d+/additional_collateral/(?:loan_count|balance|wa_ltv_with_collateral_pct|"
     r"wa_ltv_without_collateral_pct)", "x1000", {"E210"}),
    (r"/deal/loss_limits/(?:special_hazard|fraud)", "x1000", {"E210"}),
    (r"/deal/loss_limits/bankruptcy", "x10000", {"E210"}),
]

# Numeric facts no check can question, and why.
NOT_CHECKABLE: dict[str, str] = {
    r"/deal/all_loans/balance": "the same printed figure as /deal/aggregate_balance",
    rf"{P}/investment_property_pct": "read from the word 'None', not a printed number",
    rf"{P}/pmi_required_over_80_ltv": "a condition the filing states, not a figure",
    r"/items/\d+/number": "the item's number: structure, not a figure",
    r"/cover/(?:commission_file_number|irs_employer_id|phone|address/zip)":
        "identifiers: no other figure constrains them",
}


def numeric_pointers(compiled: CompiledFiling) -> list[str]:
    assert compiled.text is not None
    pointers = []
    for pointer, location in compiled.provenance.items():
        if re.search(r"\d", location.text) and not pointer.startswith("/footnotes"):
            if pointer.endswith(("/id", "/name", "/title", "/series", "/issuer", "/street",
                                 "/form_type")):
                continue  # names that happen to hold digits: B-1, Series 2003-2
            pointers.append(pointer)
    return pointers


def classify(pointer: str) -> tuple[str, set[str]] | str:
    for pattern, mutation, codes in CHECKED:
        if re.fullmatch(pattern, pointer):
            return mutation, codes
    for pattern, reason in NOT_CHECKABLE.items():
        if re.fullmatch(pattern, pointer):
            return reason
    raise AssertionError(f"{pointer} is not classified")


def _bump_first_digit(text: str) -> str:
    for index, char in enumerate(text):
        if char in "123456789":
            digit = int(char)
            new = digit + 1 if digit < 9 else digit - 1
            return text[:index] + str(new) + text[index + 1 :]
    raise AssertionError(f"no digit in {text!r}")


def _format_like(printed: str, value: Decimal) -> str:
    exponent = Decimal(re.sub(r"[^\d.]", "", printed)).as_tuple().exponent
    assert isinstance(exponent, int)
    value_exponent = value.normalize().as_tuple().exponent
    assert isinstance(value_exponent, int)
    places = max(-exponent, -value_exponent, 0)
    body = f"{value:,.{places}f}" if "$" in printed else f"{value:.{places}f}"
    if "," not in printed and "$" not in printed:
        body = body.replace(",", "")
    prefix = "$" if printed.startswith("$") else ""
    suffix = "%" if printed.endswith("%") else ""
    return prefix + body + suffix


def mutate(printed: str, mutation: str) -> str:
    if mutation == "digit":
        return _bump_first_digit(printed)
    if mutation in ("+5y", "-5y"):
        year = re.search(r"\d{4}$", printed)
        assert year is not None
        shift = 5 if mutation == "+5y" else -5
        return printed[: year.start()] + str(int(year.group()) + shift)
    value = Decimal(re.sub(r"[^\d.]", "", printed))
    factor = Decimal(mutation.strip("x/"))
    value = value * factor if mutation.startswith("x") else value / factor
    return _format_like(printed, value)


def offset(compiled: CompiledFiling, location: Location) -> tuple[int, int]:
    assert compiled.text is not None
    starts = compiled.text.line_starts
    return (starts[location.line - 1] + location.column - 1,
            starts[location.end_line - 1] + location.end_column - 1)


def points_at(diagnostic: Diagnostic, start: int) -> bool:
    labels = ([diagnostic.primary] if diagnostic.primary else []) + list(diagnostic.secondary)
    return any(label.span.start == start for label in labels)


SEED_COMPILED = compile_text(TEXT, path="cmsi-2003-2.txt")
POINTERS = numeric_pointers(SEED_COMPILED)
CHECKED_POINTERS = [p for p in POINTERS if isinstance(classify(p), tuple)]


def test_every_numeric_fact_is_classified() -> None:
    assert len(POINTERS) > 110
    for pointer in POINTERS:
        classify(pointer)


def test_the_seed_itself_is_clean() -> None:
    assert SEED_COMPILED.diagnostics == ()


@pytest.mark.parametrize("pointer", CHECKED_POINTERS)
def test_a_changed_number_is_caught_where_it_is(pointer: str) -> None:
    classified = classify(pointer)
    assert isinstance(classified, tuple)
    mutation, codes = classified
    location = SEED_COMPILED.provenance[pointer]
    start, end = offset(SEED_COMPILED, location)
    changed = mutate(TEXT[start:end], mutation)
    assert changed != TEXT[start:end]
    compiled = compile_text(TEXT[:start] + changed + TEXT[end:], path="mutant.txt")
    assert not [d for d in compiled.diagnostics if d.code == "W102"], "the change broke parsing"
    hits = [d for d in compiled.diagnostics if d.code in codes and points_at(d, start)]
    assert hits, (pointer, TEXT[start:end], changed,
                  [(d.code, d.message) for d in compiled.diagnostics])


def test_mutations_change_values_as_intended() -> None:
    assert mutate("$549,864,882.81", "digit") == "$649,864,882.81"
    assert mutate("98%", "digit") == "88%"
    assert mutate("0.150105882395%", "digit") == "0.250105882395%"
    assert mutate("$42,100", "x1000") == "$42,100,000"
    assert mutate("$1,000,000", "/1000") == "$1,000"
    assert mutate("95%", "/1000") == "0.095%"
    assert mutate("5", "x1000") == "5000"
    assert mutate("February 1, 2033", "+5y") == "February 1, 2038"
