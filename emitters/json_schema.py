"""The JSON schema's cover, deal and signature, generated from the field table.

The shipped schema (``schema/deal.schema.json``) is the JSON contract.  Its parts that
hold facts are generated here from the field table (`dealc.compiler.ast`): the cover
(with its address and its lists), the deal (its loan groups and their premium and
discount subsets, its certificate classes) and the signature.  Each fact's JSON type
comes from its kind, each nested node is an object of its facts, and a list is an array
of strings or of its entry node's fields; a text fact of a fixed shape the table does
not declare (the month a report covers) has its pattern here.  What the table does not
say is kept from the file as it stands: the descriptions of properties (prose for
readers of the JSON), and the rest of the schema (the source, items, footnotes,
diagnostics, provenance, and the ids and lists that give the deal its shape).  A test
fails when the shipped file falls behind the table; ``python -m dealc.emitters.json_schema``
regenerates it.
"""

from __future__ import annotations

import copy
import json
import sys
import typing
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs

from dealc.compiler import ast
from dealc.compiler.fields import FACT_KEY, RECORD_KEY, Fact, Kind, Record, Scope, node_class, walk

SCHEMA_PATH = "schema/deal.schema.json"

_NULL = {"type": "null"}
_REFS = {Kind.MONEY: "money", Kind.PERCENT: "percent", Kind.NONE_IS_ZERO: "percent",
         Kind.MONTHS: "decimal", Kind.DATE: "date"}
_TYPES = {Kind.TEXT: "string", Kind.STATED_TRUE: "boolean"}
_ENTRY_TYPES: dict[object, Any] = {str: "string", str | None: ["string", "null"]}

# Text facts whose value has a fixed shape, which the field table does not declare:
# (node class, field) -> the pattern the value matches.
_PATTERNS: dict[tuple[type, str], str] = {
    (ast.Cover, "reporting_period"): "^[0-9]{4}-[0-9]{2}$",  # the month a report covers
}


def fact_schema(declared: Fact, pattern: str | None = None) -> dict[str, Any]:
    """The schema of one fact's value (null: not stated; a list: empty when none is)."""
    if declared.listed is not None:
        return {"type": "array", "items": entry_schema(declared.entry)}
    if declared.kind in _REFS:
        return {"anyOf": [_NULL, {"$ref": f"#/$defs/{_REFS[declared.kind]}"}]}
    if declared.kind in _TYPES and pattern is not None:
        return {"anyOf": [_NULL, {"type": _TYPES[declared.kind], "pattern": pattern}]}
    if declared.kind in _TYPES:
        return {"type": [_TYPES[declared.kind], "null"]}
    return {"type": ["integer", "null"], "minimum": 0}  # counts and years


def entry_schema(entry: type | None) -> dict[str, Any]:
    """One entry of a list fact: a string, or an object of its node's fields, each a string
    (nullable where the node's annotation says ``str | None``)."""
    if entry is None:
        return {"type": "string"}
    hints = typing.get_type_hints(entry)
    return _object({field.name: {"type": _ENTRY_TYPES[hints[field.name]]}
                    for field in attrs.fields(entry)})


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}


def _annotated(generated: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """A generated property with the description the file gives it, where the file puts it:
    the description is prose for readers, which the table's docs do not replace."""
    if "description" not in current:
        return generated
    merged = {"description": current["description"], **generated}
    ordered = {key: merged[key] for key in current if key in merged}
    return {**ordered, **merged}


def node_schema(cls: type, current: dict[str, Any],
                parts: dict[str, Fact] | None = None) -> dict[str, Any]:
    """An AST node as an object: its facts and nested nodes from the table, its other
    fields (ids, lists of pools and classes) as ``current`` has them."""
    known = current.get("properties", {})
    properties: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name == "span":
            continue
        declared = (parts or {}).get(field.name) or field.metadata.get(FACT_KEY)
        nested: Record | None = field.metadata.get(RECORD_KEY)
        if declared is not None:
            generated = fact_schema(declared, _PATTERNS.get((cls, field.name)))
        elif nested is not None:
            generated = nullable_schema(node_class(field.validator), known.get(field.name, {}),
                                        nested.parts)
        else:
            properties[field.name] = known[field.name]
            continue
        properties[field.name] = _annotated(generated, known.get(field.name, {}))
    result = dict(current) if current else {}
    result.update(_object(properties))
    return result


def nullable_schema(cls: type, current: dict[str, Any],
                    parts: dict[str, Fact] | None = None) -> dict[str, Any]:
    """An AST node that may be null (not stated): null, or the node's object."""
    was = current.get("anyOf", [None, {}])[1]
    return {"anyOf": [_NULL, node_schema(cls, was, parts)]}


def generate(current: dict[str, Any]) -> dict[str, Any]:
    """The schema with its cover, deal and signature generated from the field table."""
    schema = copy.deepcopy(current)
    definitions = schema["$defs"]
    definitions["loan_group"] = node_schema(ast.LoanGroup, definitions["loan_group"])
    definitions["subset"] = node_schema(ast.SubsetStatistics, definitions["subset"], {
        entry.name: entry.fact for entry in walk(ast.LoanGroup, Scope.GROUP)
        if entry.fact.subsets})
    properties = schema["properties"]
    properties["cover"] = node_schema(ast.Cover, properties["cover"])
    properties["deal"] = _annotated(nullable_schema(ast.Deal, properties["deal"]),
                                    properties["deal"])
    classes = properties["deal"]["anyOf"][1]["properties"]["classes"]
    classes["items"] = node_schema(ast.CertificateClass, classes["items"])
    properties["signature"] = _annotated(nullable_schema(ast.Signature, properties["signature"]),
                                         properties["signature"])
    return schema


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2) + "\n"


def shipped() -> str:
    return files("dealc.emitters").joinpath(SCHEMA_PATH).read_text("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Regenerate the shipped schema in place (or into the folder given)."""
    args = sys.argv[1:] if argv is None else argv
    text = dumps(generate(json.loads(shipped())))
    target = Path(args[0]) / "deal.schema.json" if args else Path(__file__).parent / SCHEMA_PATH
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
