"""Reading dealc's JSON back into the AST: the inverse of the JSON emitter.

The text is parsed with decimals kept as printed (``parse_float=Decimal``),
validated against the shipped schema, then built into the same frozen attrs
nodes the compiler builds.  Bad input raises `ReadError` saying where: the
line and column of a JSON syntax error, or the JSON pointer of a value the
schema refuses.
"""

from __future__ import annotations

import datetime
import json
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import jsonschema
from jsonschema.exceptions import best_match

from dealc.compiler import ast
from dealc.emitters.json_emitter import schema


class ReadError(ValueError):
    """Input that is not dealc JSON, with where and why."""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def read_json(text: str) -> ast.CompiledFiling:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ReadError(f"not JSON: {error.msg} at {where}") from None
    invalid = best_match(_validator().iter_errors(data))
    if invalid is not None:
        where = "/" + "/".join(str(part) for part in invalid.absolute_path)
        message = invalid.message if len(invalid.message) <= 200 else invalid.message[:197] + "..."
        raise ReadError(f"not dealc JSON (ast_version 1): at {where}: {message}")
    return ast.CompiledFiling(
        source=build_node(ast.SourceInfo, data["source"]),
        kind=data["kind"],
        cover=build_node(ast.Cover, data["cover"]),
        items=tuple(build_node(ast.Item, item) for item in data["items"]),
        deal=None if data["deal"] is None else build_node(ast.Deal, data["deal"]),
        footnotes=tuple(build_node(ast.Footnote, footnote) for footnote in data["footnotes"]),
        signature=(None if data["signature"] is None
                   else build_node(ast.Signature, data["signature"])),
        diagnostics=(),
        provenance={pointer: _location(value) for pointer, value in data["provenance"].items()},
        diagnostic_records=tuple(data["diagnostics"]),
    )


def _location(value: dict[str, Any]) -> ast.Location:
    return ast.Location(value["line"], value["column"], value["end_line"], value["end_column"],
                        value["text"], tuple(_location(v) for v in value.get("also", ())))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(ast))


def build_node(cls: type, values: dict[str, Any]) -> Any:
    """An AST node from plain data (ISO dates, decimals), as the JSON emitter writes it."""
    hints = _hints(cls)
    kwargs = {
        field.name: _convert(hints[field.name], values[field.name])
        for field in attrs.fields(cls)
        if field.name in values
    }
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(options[0], value)
    if origin is tuple:
        inner = typing.get_args(hint)[0]
        return tuple(_convert(inner, item) for item in value)
    if hint is Decimal:
        return value if isinstance(value, Decimal) else Decimal(value)
    if hint is datetime.date:
        return datetime.date.fromisoformat(value)
    if attrs.has(hint):
        return build_node(hint, value)
    return value
