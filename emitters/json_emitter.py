"""The JSON emitter: the deal contract (`ast_version` 1, described by the shipped schema).

Decimals are written as JSON numbers with their printed digits
(``2.150127919560``, ``225000.00``), never through a float; dates as ISO
strings.  Keys keep the contract's order, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from dealc.compiler.ast import CompiledFiling
from dealc.compiler.plain import document
from dealc.compiler.values import format_decimal

__all__ = ["JsonEmitter", "document", "dumps", "schema"]


class JsonEmitter:
    name = "json"
    description = "The deal as JSON (ast_version 1), with provenance and diagnostics"
    media_type = "application/json"
    extension = ".json"

    def emit(self, filing: CompiledFiling) -> str:
        return dumps(document(filing)) + "\n"


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
