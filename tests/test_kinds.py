"""8-Ks of other kinds from the same issuer: cover, items and kind, and a note."""

from __future__ import annotations

import datetime

import pytest

from dealc.compiler import compile_file
from dealc.compiler.diagnostics import Severity

from .conftest import FIXTURES


@pytest.mark.parametrize(
    ("name", "kind", "date", "items"),
    [
        ("term-sheets.txt", "collateral_term_sheets", datetime.date(2003, 2, 24),
         [("5", "Other Events"), ("7", "Financial Statements and Exhibits")]),
        ("servicing-report.txt", "servicing_report", datetime.date(2003, 3, 25),
         [("5", "Other Events"), ("7", "Financial Statements and Exhibits")]),
    ],
)
def test_other_kinds_compile_their_cover_and_items(
    name: str, kind: str, date: datetime.date, items: list[tuple[str, str]]
) -> None:
    compiled = compile_file(FIXTURES / "kinds" / name)
    assert compiled.kind == kind
    assert compiled.deal is None
    assert compiled.cover.date_of_report == date
    assert compiled.cover.registrant == "CITICORP MORTGAGE SECURITIES, INC."
    assert compiled.cover.commission_file_number == "333-72082"
    assert [(item.number, item.title) for item in compiled.items] == items
    assert compiled.signature is not None and compiled.signature.date == date
    assert [(d.code, d.severity) for d in compiled.diagnostics] == [("N107", Severity.NOTE)]
    assert kind in compiled.diagnostics[0].message
