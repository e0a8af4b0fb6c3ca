"""A compiled filing as plain data (dicts, lists, `Decimal`, ISO dates): the JSON contract's shape.

Shared by the JSON emitter, which writes it, and by anything that wants the
facts without walking the AST (`dealc.compiler.facts_table`).
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from dealc.compiler.ast import CompiledFiling, Location
from dealc.compiler.diagnostics import Diagnostic, to_json

_SKIPPED_FIELDS = frozenset({"span"})


def document(filing: CompiledFiling) -> dict[str, Any]:
    """The filing as plain data in the contract's shape (decimals kept as `Decimal`)."""
    return {
        "ast_version": filing.ast_version,
        "source": node(filing.source),
        "kind": filing.kind,
        "cover": node(filing.cover),
        "items": [node(item) for item in filing.items],
        "deal": node(filing.deal),
        "footnotes": [node(footnote) for footnote in filing.footnotes],
        "signature": node(filing.signature),
        "diagnostics": (
            [_diagnostic(d, filing) for d in filing.diagnostics]
            if filing.text is not None or filing.diagnostics
            else list(filing.diagnostic_records)
        ),
        "provenance": {key: _location(value) for key, value in filing.provenance.items()},
    }


def resolve(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer ("/deal/pools/0/balance") of plain data."""
    for part in pointer.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def node(value: Any) -> Any:
    if attrs.has(type(value)):
        return {
            field.name: node(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.name not in _SKIPPED_FIELDS
        }
    if isinstance(value, tuple | list):
        return [node(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _location(value: Location) -> dict[str, Any]:
    data: dict[str, Any] = {
        "line": value.line,
        "column": value.column,
        "end_line": value.end_line,
        "end_column": value.end_column,
        "text": value.text,
    }
    if value.also:
        data["also"] = [_location(other) for other in value.also]
    return data


def _diagnostic(diagnostic: Diagnostic, filing: CompiledFiling) -> dict[str, Any]:
    assert filing.text is not None, "a compiled filing keeps its source for positions"
    return to_json(diagnostic, filing.text)
