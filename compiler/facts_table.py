"""Every fact of a compiled filing as a flat row: pointer, value as printed, unit, position.

For emitters that want facts rather than the deal's tree (CSV, a database,
XBRL); a stable public helper, so plugins need not walk the AST themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import attrs

from dealc.compiler.ast import CompiledFiling
from dealc.compiler.plain import document, resolve
from dealc.compiler.values import format_decimal
from dealc.compiler.vocabulary import FIELD_LIST, Kind, Scope

UNITS = {
    Kind.MONEY: "USD",
    Kind.PERCENT: "percent",
    Kind.NONE_IS_ZERO: "percent",
    Kind.DATE: "date",
    Kind.COUNT: "count",
    Kind.MONTHS: "months",
    Kind.YEARS: "years",
    Kind.TEXT: "text",
    Kind.STATED_TRUE: "boolean",
}


@attrs.frozen
class FactRow:
    pointer: str
    value: str
    unit: str
    line: int
    column: int


def _unit_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field in FIELD_LIST:
        paths = [field.path] if field.path else []
        paths += list(field.also)
        for path in paths:
            prefix = "" if field.scope is Scope.DOCUMENT else "*/"
            table[prefix + "/".join(path)] = UNITS[field.kind]
    return table


_UNITS = _unit_table()


def unit_of(pointer: str) -> str:
    """The unit of the fact at a JSON pointer: USD, percent, date, count, months, years, text."""
    parts = pointer.strip("/").split("/")
    direct = _UNITS.get("/".join(parts))
    if direct is not None:
        return direct
    # Group and class fields: drop /deal/pools/N, /deal/all_loans, /deal/classes/N and a
    # premium/discount subset.
    if parts[:2] in (["deal", "pools"], ["deal", "classes"]):
        rest = parts[3:]
    elif parts[:2] == ["deal", "all_loans"]:
        rest = parts[2:]
    else:
        return "text"
    if rest[:1] == ["premium_discount"] and rest[1:2] in (["premium"], ["discount"]):
        rest = rest[2:]
    if rest in (["id"], ["name"]):
        return "text"
    return _UNITS.get("*/" + "/".join(rest), "text")


def _printed(value: object) -> str:
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def fact_rows(filing: CompiledFiling) -> Iterator[FactRow]:
    """One row per fact in provenance, in pointer order."""
    data = document(filing)
    for pointer, location in filing.provenance.items():
        value = resolve(data, pointer)
        yield FactRow(pointer, _printed(value), unit_of(pointer), location.line, location.column)
