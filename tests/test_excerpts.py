"""Every hand label of the real 8-K excerpts in ../shared/filings/excerpts/, against dealc.

The fields map to dealc's output as ../shared/tools/excerpts-score maps them
(the CMSI address is "street, city, state"; series is cover.series or
deal.series; term_sheet is collateral_term_sheets).  The known misses are
listed below, each with its reason, and marked xfail(strict=True): a miss
that gets fixed and a new miss both fail the suite.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dealc.compiler import compile_file
from dealc.compiler.plain import document

from .conftest import ROOT

EXCERPTS = ROOT.parent / "shared" / "filings" / "excerpts"
if not (EXCERPTS / "cmsi" / "labels.json").exists():
    pytest.skip("../shared/filings/excerpts is not here", allow_module_level=True)

# The labels keep a placeholder as printed ("Applied For"); dealc's contract makes the
# field null and records the placeholder in cover.placeholders (with note N114).
_PLACEHOLDER = "placeholder: irs_employer_id is null by design, kept in cover.placeholders"

KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("mastralt-2003-f1f26b74.txt", "irs_employer_id"): _PLACEHOLDER,
    ("moneystore-1998-8c9b14c7.txt", "irs_employer_id"): _PLACEHOLDER,
    ("moneystore-1999-74312d0e.txt", "irs_employer_id"): _PLACEHOLDER,
    ("pnc-1997-8104ac7c.txt", "irs_employer_id"): _PLACEHOLDER,
    ("pnc-1998-87ba915f.txt", "irs_employer_id"): _PLACEHOLDER,
    ("sasco-1998-b9df4ef4.txt", "irs_employer_id"): _PLACEHOLDER,
}


def _cmsi_fields(label: dict[str, Any]) -> dict[str, tuple[Any, list[str]]]:
    return {
        "kind": (label.get("kind"), ["/kind"]),
        "date_of_report": (label.get("date_of_report"), ["/cover/date_of_report"]),
        "registrant": (label.get("registrant"), ["/cover/registrant"]),
        "series": (label.get("series"), ["/cover/series", "/deal/series"]),
        "state": (label.get("state"), ["/cover/state_of_incorporation"]),
        "commission_file_no": (label.get("commission_file_no"),
                               ["/cover/commission_file_number"]),
        "irs_employer_id": (label.get("irs_employer_id"), ["/cover/irs_employer_id"]),
        "address": (label.get("address"), ["/cover/address/_joined"]),
        "zip": (label.get("zip"), ["/cover/address/zip"]),
        "phone": (label.get("phone"), ["/cover/phone"]),
        "item_number": (label.get("item_number"), ["/items/0/number"]),
        "item_title": (label.get("item_title"), ["/items/0/title"]),
        "transfer_date": (label.get("transfer_date"), ["/deal/transfer_date"]),
        "cutoff_date": (label.get("cutoff_date"), ["/deal/cutoff_date"]),
        "aggregate_balance": (label.get("aggregate_balance"), ["/deal/aggregate_balance"]),
        "paying_agent": (label.get("paying_agent"), ["/deal/paying_agent"]),
    }


def _other_fields(label: dict[str, Any]) -> dict[str, tuple[Any, list[str]]]:
    kind = {"term_sheet": "collateral_term_sheets"}.get(label.get("kind") or "", label.get("kind"))
    return {
        "registrant": (label.get("registrant"), ["/cover/registrant"]),
        "date_of_report": (label.get("date_of_report"), ["/cover/date_of_report"]),
        "state_of_incorporation": (label.get("state_of_incorporation"),
                                   ["/cover/state_of_incorporation"]),
        "commission_file_number": (label.get("commission_file_number"),
                                   ["/cover/commission_file_number"]),
        "irs_employer_id": (label.get("irs_employer_id"), ["/cover/irs_employer_id"]),
        "address_street": (label.get("address_street"), ["/cover/address/street"]),
        "address_city": (label.get("address_city"), ["/cover/address/city"]),
        "address_state": (label.get("address_state"), ["/cover/address/state"]),
        "zip": (label.get("zip"), ["/cover/address/zip"]),
        "phone": (label.get("phone"), ["/cover/phone"]),
        "first_item": ((label.get("items") or [None])[0], ["/items/0/number"]),
        "first_item_title": (label.get("first_item_title"), ["/items/0/title"]),
        "series": (label.get("series"), ["/cover/series", "/deal/series"]),
        "kind": (kind, ["/kind"]),
    }


FIELDS = {"cmsi": _cmsi_fields, "other-depositors": _other_fields}


def _labels() -> list[tuple[str, str, str, Any, list[str]]]:
    cases = []
    for folder, fields in FIELDS.items():
        for label in json.loads((EXCERPTS / folder / "labels.json").read_text("utf-8")):
            for field, (want, pointers) in fields(label).items():
                if want is not None:
                    cases.append((folder, label["file"], field, want, pointers))
    return cases


CASES = _labels()


@cache
def _compiled(folder: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(
        document(compile_file(EXCERPTS / folder / name)), default=str))
    address = data["cover"]["address"]
    if isinstance(address, dict):
        address["_joined"] = ", ".join(str(address.get(k) or "") for k in
                                       ("street", "city", "state"))
    return data


def _get(data: Any, pointer: str) -> Any:
    for part in pointer.strip("/").split("/"):
        try:
            data = data[int(part)] if isinstance(data, list) else data[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
    return data


def _normal(field: str, value: Any) -> str | None:
    """The scorer's comparison: case and spacing folded, a trailing stop or colon dropped."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip().rstrip(".:").strip()
    if field == "phone":
        return re.sub(r"\D", "", text)
    if field in ("item_number", "first_item"):
        return text.lstrip("0") or "0"
    if field == "aggregate_balance":
        try:
            return str(Decimal(text))
        except InvalidOperation:
            return text
    return text.casefold()


def _params() -> list[Any]:
    params = []
    for folder, name, field, want, pointers in CASES:
        reason = KNOWN_MISSES.get((name, field))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(folder, name, field, want, pointers, marks=marks,
                                   id=f"{name}:{field}"))
    return params


@pytest.mark.parametrize(("folder", "name", "field", "want", "pointers"), _params())
def test_label(folder: str, name: str, field: str, want: Any, pointers: list[str]) -> None:
    data = _compiled(folder, name)
    got = [_get(data, pointer) for pointer in pointers]
    assert any(_normal(field, g) == _normal(field, want) for g in got), (got, want)


def test_every_known_miss_is_a_labelled_field() -> None:
    """The list of known misses names only fields that are labelled (no stale entries)."""
    labelled = {(name, field) for _, name, field, _, _ in CASES}
    assert set(KNOWN_MISSES) <= labelled


def test_placeholders_are_recorded_never_values() -> None:
    """Where the labels keep a placeholder, dealc has null and the placeholder noted."""
    for folder, name, field, want, _ in CASES:
        if KNOWN_MISSES.get((name, field)) != _PLACEHOLDER:
            continue
        compiled = compile_file(EXCERPTS / folder / name)
        assert compiled.cover.irs_employer_id is None
        assert [(p.field, p.text) for p in compiled.cover.placeholders] == [(field, want)]
        assert "N114" in {d.code for d in compiled.diagnostics}


def test_co_registrants_keep_their_roles() -> None:
    compiled = compile_file(EXCERPTS / "other-depositors" / "moneystore-1998-8c9b14c7.txt")
    assert compiled.cover.registrant == "The Money Store Residential Trust 1998-I"
    assert [(p.name, p.role) for p in compiled.cover.co_registrants][:2] == [
        ("TMS Mortgage Inc.", "Originator"), ("The Money Store Home Equity Corp.", "Originator")]
    chase = compile_file(EXCERPTS / "other-depositors" / "chasebank-1996-92879cd9.txt")
    assert chase.cover.registrant_role == "Originator of the Trust referred to herein"
    assert [(p.name, p.role) for p in chase.cover.co_registrants] == [
        ("CHASE MANHATTAN HOME EQUITY LOAN TRUST 1995-1", "Issuer with respect to Certificates")]


def test_several_numbers_are_all_kept_the_first_is_the_field() -> None:
    thornburg = compile_file(EXCERPTS / "other-depositors" / "thornburg-2003-ac5da60f.txt")
    assert thornburg.cover.irs_employer_id == "54-2120381"
    assert thornburg.cover.additional_irs_employer_ids == ("54-2120382",)
    assert thornburg.provenance["/cover/additional_irs_employer_ids/0"].line > 0


def test_a_misprinted_month_is_read_with_a_warning() -> None:
    compiled = compile_file(EXCERPTS / "cmsi" / "incj-2000-VSaXiQy5zjI_UM5.txt")
    assert str(compiled.cover.date_of_report) == "2000-01-13"
    assert "W113" in {d.code for d in compiled.diagnostics}


def test_every_excerpt_in_every_rendering_compiles() -> None:
    """Collapsed as mirrors do, and flattened onto one line: no rendering raises."""
    from .renderings import collapse, flatten

    for path in sorted(Path(EXCERPTS).glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for render in (collapse, flatten):
            from dealc.compiler import compile_text

            compile_text(render(text), path=path.name)
