"""The vocabulary and the AST agree: every field's kind fits the AST field it fills."""

from __future__ import annotations

import datetime
import re
import typing
from decimal import Decimal

import attrs

from dealc.compiler import ast
from dealc.compiler.build import NESTED_NODES
from dealc.compiler.vocabulary import FIELDS, Kind, Scope

KIND_TYPES: dict[Kind, type] = {
    Kind.MONEY: Decimal,
    Kind.PERCENT: Decimal,
    Kind.MONTHS: Decimal,
    Kind.NONE_IS_ZERO: Decimal,
    Kind.DATE: datetime.date,
    Kind.COUNT: int,
    Kind.YEARS: int,
    Kind.TEXT: str,
    Kind.STATED_TRUE: bool,
}

NESTED = NESTED_NODES
ROOTS = {"cover": ast.Cover, "deal": ast.Deal, "signature": ast.Signature}


def field_type(cls: type, path: tuple[str, ...]) -> object:
    hints = typing.get_type_hints(cls, vars(ast))
    head, *rest = path
    if rest:
        return field_type(NESTED[head], tuple(rest))
    assert head in {f.name for f in attrs.fields(cls)}, (cls, head)
    return hints[head]


def paths() -> list[tuple[str, tuple[str, ...], Kind]]:
    found = []
    for field in FIELDS.values():
        targets = [field.path] if field.path else []
        targets += list(field.also)
        targets += [path for part in field.parts for path in part.paths.values()]
        for path in targets:
            kind = field.kind if path in (field.path, *field.also) else Kind.TEXT
            found.append((field.rule, path, kind))
    return found


def test_every_field_targets_an_ast_field_of_its_type() -> None:
    for rule, path, kind in paths():
        field = FIELDS[rule]
        if field.scope is Scope.DOCUMENT:
            if path[:2] == ("deal", "all_loans"):
                hint = field_type(ast.LoanGroup, path[2:])
            else:
                hint = field_type(ROOTS[path[0]], path[1:])
        elif field.scope is Scope.GROUP:
            hint = field_type(ast.LoanGroup, path)
        else:
            hint = field_type(ast.CertificateClass, path)
        assert KIND_TYPES[kind] in typing.get_args(hint), (rule, path, hint)


def test_subset_fields_exist_on_subsets() -> None:
    for field in FIELDS.values():
        if field.subset_ok:
            assert field.path is not None
            field_type(ast.SubsetStatistics, field.path)


def test_docs_extending_lists_every_action_and_field() -> None:
    from dealc.compiler.vocabulary import ACTIONS

    from .conftest import ROOT

    text = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", text, re.MULTILINE))
    assert documented == set(FIELDS) | set(ACTIONS) | {"group_ref", "group_list", "class_ref"}
