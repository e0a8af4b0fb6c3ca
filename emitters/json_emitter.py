"""The JSON emitter: the deal contract of DESIGN.md, ``ast_version`` 1.

Decimals are written as JSON numbers with their printed digits
(``2.150127919560``, ``225000.00``), never through a float; dates as ISO
strings.  Keys keep the contract's order, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import attrs

from dealc.compiler.ast import CompiledFiling, Location
from dealc.compiler.diagnostics import Diagnostic, to_json
from dealc.compiler.values import format_decimal

_SKIPPED_FIELDS = frozenset({"span"})


class JsonEmitter:
    name = "json"
    description = "The deal as JSON (ast_version 1), with provenance and diagnostics"
    media_type = "application/json"
    extension = ".json"

    def emit(self, filing: CompiledFiling) -> str:
        return dumps(document(filing)) + "\n"


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
        "diagnostics": [_diagnostic(d, filing) for d in filing.diagnostics],
        "provenance": {key: _location(value) for key, value in filing.provenance.items()},
    }


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


def dumps(value: Any, indent: int = 2) -> str:
    """JSON text, decimals as their printed digits; deterministic."""
    return _dump(value, indent, 0)


def _dump(value: Any, indent: int, level: int) -> str:
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k))}: {_dump(v, indent, level + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [inner + _dump(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(value, Decimal):
        return format_decimal(value)
    return json.dumps(value, ensure_ascii=False)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of this emitter's output, shipped in the package."""
    from importlib.resources import files

    text = files("dealc.emitters").joinpath("schema/deal.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
