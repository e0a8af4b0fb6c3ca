"""The JSON schema's deal fields, generated from the field table (`dealc.compiler.ast`).

The shipped schema (``schema/deal.schema.json``) is the JSON contract.  Its deal
part (the deal, its loan groups and their premium and discount subsets, its
certificate classes) is generated here from the field table: each fact's JSON
type from its kind, each nested node as an object of its facts; the rest (the
source, the cover, items, footnotes, diagnostics, provenance, and the ids and
lists that give the deal its shape) is written by hand in the file and kept as it
stands.  A test fails when the shipped file falls behind the table;
``python -m dealc.emitters.json_schema`` regenerates it.
"""

from __future__ import annotations

import copy
import json
import sys
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


def fact_schema(declared: Fact) -> dict[str, Any]:
    """The schema of one fact's value (null: not stated)."""
    if declared.kind in _REFS:
        return {"anyOf": [_NULL, {"$ref": f"#/$defs/{_REFS[declared.kind]}"}]}
    if declared.kind in _TYPES:
        return {"type": [_TYPES[declared.kind], "null"]}
    return {"type": ["integer", "null"], "minimum": 0}  # counts and years


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}


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
            properties[field.name] = fact_schema(declared)
        elif nested is not None:
            inner = node_class(field.validator)
            was = known.get(field.name, {}).get("anyOf", [None, {}])[1]
            properties[field.name] = {"anyOf": [_NULL, node_schema(inner, was, nested.parts)]}
        else:
            properties[field.name] = known[field.name]
    result = dict(current) if current else {}
    result.update(_object(properties))
    return result


def generate(current: dict[str, Any]) -> dict[str, Any]:
    """The schema with its deal part generated from the field table."""
    schema = copy.deepcopy(current)
    definitions = schema["$defs"]
    definitions["loan_group"] = node_schema(ast.LoanGroup, definitions["loan_group"])
    definitions["subset"] = node_schema(ast.SubsetStatistics, definitions["subset"], {
        entry.name: entry.fact for entry in walk(ast.LoanGroup, Scope.GROUP)
        if entry.fact.subsets})
    deal = schema["properties"]["deal"]["anyOf"][1]
    deal = schema["properties"]["deal"]["anyOf"][1] = node_schema(ast.Deal, deal)
    classes = deal["properties"]["classes"]
    classes["items"] = node_schema(ast.CertificateClass, classes["items"])
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
