"""The cover page is read from the shapes of its values, whatever its layout."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from dealc.compiler import compile_file, compile_text
from dealc.compiler.ast import Address

from .conftest import FIXTURES, SEED

COVERS = FIXTURES / "covers"

EXPECTED = {
    "cmsi-1998-labels-beside.txt": dict(
        form_type="8-K",
        date_of_report=datetime.date(1998, 3, 25),
        registrant="CITICORP MORTGAGE SECURITIES, INC.",
        registrant_role=None,
        issuer=None,
        series=None,
        state_of_incorporation="Delaware",
        commission_file_number="33-54013",
        irs_employer_id="13-3408717",
        address=Address("670 Mason Ridge Center Drive", "St. Louis", "Missouri", "63141"),
        phone="(314) 851-1464",
    ),
    "cmsi-1999-stacked.txt": dict(
        form_type="8-K",
        date_of_report=datetime.date(1999, 12, 21),
        registrant="CITICORP MORTGAGE SECURITIES, INC.",
        registrant_role="Packager and Servicer",
        issuer="REMIC Pass-Through Certificates, Series 1999-17",
        series="1999-17",
        state_of_incorporation="Delaware",
        commission_file_number="333-66557",
        irs_employer_id="13-3408717",
        address=Address("12855 North Outer Forty Drive", "St. Louis", "Missouri", "63141"),
        phone="314-851-6305",
    ),
    "cmsi-2001-amended.txt": dict(
        form_type="8-K/A",
        date_of_report=datetime.date(2001, 6, 28),
        registrant="CITICORP MORTGAGE SECURITIES INC.",
        registrant_role="Depositor",
        issuer=None,
        series=None,
        state_of_incorporation="Delaware",
        commission_file_number="333-49820-01",
        irs_employer_id="13-3408717",
        address=Address("399 Park Avenue", "New York", "New York", "10043-0001"),
        phone="(212)559-1000",
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cover_variant(name: str) -> None:
    compiled = compile_file(COVERS / name)
    cover = compiled.cover
    actual = {field: getattr(cover, field) for field in EXPECTED[name]}
    assert actual == EXPECTED[name]
    assert not [d for d in compiled.diagnostics if d.code in ("W103", "W110", "E101")]


def test_the_commissions_own_address_is_not_the_registrants() -> None:
    compiled = compile_text(
        "SECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\nFORM 8-K\n"
        "Item 5. Other Events.\n"
    )
    assert compiled.cover.address is None
    assert compiled.cover.state_of_incorporation is None


def test_a_malformed_cover_value_is_a_warning_with_its_position() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "Date of Report: February 24, 2003", "Date of Report: February 30, 2003"
    )
    compiled = compile_text(text, path=str(Path("cmsi-2003-2.txt")))
    warnings = [d for d in compiled.diagnostics if d.code == "W103"]
    assert len(warnings) == 1
    assert compiled.text is not None and warnings[0].primary is not None
    assert compiled.text.position(warnings[0].primary.span.start) == (17, 41)
    assert "February 30, 2003" in warnings[0].message
    assert compiled.cover.date_of_report is None
    # The rest of the filing is unaffected.
    assert compiled.deal is not None and compiled.deal.aggregate_balance is not None


def test_two_different_values_for_one_cover_field_warn() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "Registrant's Telephone Number, including area code: (314) 851-6305",
        "Registrant's Telephone Number, including area code: (314) 851-6305\n"
        "Facsimile: (314) 851-9999",
    )
    compiled = compile_text(text)
    conflicts = [d for d in compiled.diagnostics if d.code == "W110"]
    assert len(conflicts) == 1
    assert compiled.cover.phone == "(314) 851-6305"
