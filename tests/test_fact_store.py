"""The fact store's conflicts: each names the statement kept, and the labels and notes
that many conflicts have in common are made once."""

from __future__ import annotations

from decimal import Decimal

from dealc.compiler.diagnostics import Severity
from dealc.compiler.facts import FactStore
from dealc.compiler.lower import Assertion
from dealc.compiler.span import Span

KEY = ("deal", "aggregate_balance")
NAME = ("cover", "registrant")


def rate(value: str, start: int) -> Assertion:
    return Assertion(KEY, Decimal(value), Span(start, start + 4), "aggregate_balance")


def test_each_conflict_names_the_first_statement() -> None:
    store = FactStore()
    for value, start in [("1.00", 0), ("2.00", 10), ("3.00", 20)]:
        store.add(rate(value, start))
    assert [d.code for d in store.diagnostics] == ["E104", "E104"]
    for diagnostic, value, start in zip(store.diagnostics, ["2.00", "3.00"], [10, 20],
                                        strict=True):
        assert diagnostic.severity is Severity.ERROR
        assert diagnostic.primary is not None
        assert diagnostic.primary.span == Span(start, start + 4)
        assert diagnostic.message == (
            f"'aggregate_balance' is stated as {value} here and as 1.00 before")
        [first] = diagnostic.secondary
        assert (first.span, first.text) == (Span(0, 4), "first stated as 1.00")
        assert diagnostic.notes == ("one fact cannot have two values; both are reported",)


def test_a_warning_keeps_the_first() -> None:
    store = FactStore()
    store.add(rate("1.00", 0), conflict_code="W110")
    store.add(rate("2.00", 10), conflict_code="W110")
    [diagnostic] = store.diagnostics
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.notes == ("one fact cannot have two values; the first is kept",)


def test_a_conflict_after_the_kept_statement_changed_names_the_new_one() -> None:
    """Running text's spelling replaces a heading's capitals; a later conflict names the
    statement now kept, not the one it replaced."""
    store = FactStore()

    def name(value: str, start: int) -> None:
        store.add(Assertion(NAME, value, Span(start, start + len(value)), "registrant"),
                  conflict_code="W110")

    name("ACME INC.", 0)
    name("Other Corp.", 100)
    name("Acme Inc.", 200)  # the same fact in running text: it is kept from now on
    name("Third Corp.", 300)
    first, second = store.diagnostics
    assert first.secondary[0].text == "first stated as 'ACME INC.'"
    assert first.secondary[0].span == Span(0, 9)
    assert second.secondary[0].text == "first stated as 'Acme Inc.'"
    assert second.secondary[0].span == Span(200, 209)
    assert store.facts[NAME].value == "Acme Inc."
