"""Text no rule matches is reported with its position and never stops the rest."""

from __future__ import annotations

from dealc.compiler import Options, compile_text
from dealc.compiler.diagnostics import Severity

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
ODD = "The servicer will remit on the 25th day of each month."


def with_odd_sentence() -> str:
    # After "...as indicated." (line 80) a sentence dealc has no rule for.
    text: str = TEXT.replace(
        "the mortgage loan pool as indicated.\n", f"the mortgage loan pool as indicated. {ODD}\n"
    )
    return text


def test_an_unknown_sentence_is_a_warning_at_its_line_and_column() -> None:
    compiled = compile_text(with_odd_sentence(), path="odd.txt")
    warnings = [d for d in compiled.diagnostics if d.code == "W102"]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.severity is Severity.WARNING
    assert compiled.text is not None and warning.primary is not None
    assert compiled.text.position(warning.primary.span.start) == (80, 38)
    assert compiled.text.snippet(warning.primary.span) == ODD
    assert [u.text for u in compiled.unrecognized] == [ODD]
    # Where the match stopped is part of the report: "The" could open a sentence,
    # "servicer" cannot follow it.
    stop = warning.secondary[0].span.start
    assert compiled.text.text[stop : stop + 8] == "servicer"


def test_the_rest_still_compiles() -> None:
    compiled = compile_text(with_odd_sentence(), path="odd.txt")
    clean = compile_text(TEXT, path="odd.txt")
    assert compiled.deal == clean.deal
    assert compiled.cover == clean.cover


def test_strict_makes_it_an_error() -> None:
    compiled = compile_text(with_odd_sentence(), path="odd.txt", options=Options(strict=True))
    [warning] = [d for d in compiled.diagnostics if d.code == "W102"]
    assert warning.severity is Severity.ERROR


def test_a_changed_word_in_a_fact_sentence_is_not_silently_read() -> None:
    """'in excess of 75%' is not the 80% threshold the field means: not understood."""
    text = TEXT.replace("origination in excess of 80%, but", "origination in excess of 75%, but")
    compiled = compile_text(text)
    assert [d.code for d in compiled.diagnostics] == ["W102"]
    assert compiled.deal is not None
    assert compiled.deal.pools[0].ltv_over_80_balance is None  # not understood, so not stated


def test_respectively_with_the_wrong_number_of_values_is_an_error() -> None:
    text = TEXT.replace("were 6.298%, 5.942% and 6.200%,", "were 6.298% and 5.942%,")
    compiled = compile_text(text)
    [error] = [d for d in compiled.diagnostics if d.code == "E108"]
    assert error.severity is Severity.ERROR
    assert "2 values of 'wac_pct' for 3 groups" in error.message
    assert compiled.text is not None and error.primary is not None
    assert compiled.text.position(error.primary.span.start)[0] == 86


def test_conflicting_statements_of_one_fact_are_an_error() -> None:
    text = TEXT.replace("less than 5.750%.", "less than 5.700%.")
    compiled = compile_text(text)
    [error] = [d for d in compiled.diagnostics if d.code == "E104"]
    assert "5.700" in error.message and "5.750" in error.message
    assert compiled.text is not None and error.primary is not None
    lines = text.splitlines()
    assert compiled.text.position(error.primary.span.start) == (181, lines[180].index("5.700%") + 1)
    assert compiled.text.position(error.secondary[0].span.start) == (
        180, lines[179].index("5.750%") + 1
    )


def test_an_as_of_date_other_than_the_cutoff_is_reported() -> None:
    text = TEXT.replace(
        "mortgage loans as of February 1, 2003 were 64.1%",
        "mortgage loans as of February 1, 2002 were 64.1%",
    )
    compiled = compile_text(text)
    [warning] = [d for d in compiled.diagnostics if d.code == "W105"]
    assert compiled.text is not None and warning.primary is not None
    assert compiled.text.snippet(warning.primary.span) == "February 1, 2002"
