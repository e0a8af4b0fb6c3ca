"""The vocabulary grammars speak: semantic actions and the fields they set.

A grammar rule states a fact by its *name*: a rule named after a field
(``balance: _money_list``) holds that field's values, and the sentence it
stands in ends in an *action* (``-> group_facts``) that says how the values
apply: to the document, to the loan groups the sentence names (one value
each, "respectively", or one value for all), or to a certificate class.
Lowering reads nothing else, so a new wording needs only a rule that uses
these names.  docs/extending.md documents this table.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from dealc.compiler import ast
from dealc.compiler.fields import Entry, Kind, Part, Scope, walk

__all__ = [
    "ACTIONS",
    "FIELDS",
    "FIELD_LIST",
    "KIND_TOKENS",
    "STRUCTURE_RULES",
    "Action",
    "Field",
    "Kind",
    "Part",
    "Scope",
]


# The token types each kind takes; a field rule with other tokens is a grammar error.
KIND_TOKENS: dict[Kind, frozenset[str]] = {
    Kind.MONEY: frozenset({"MONEY"}),
    Kind.PERCENT: frozenset({"PERCENT"}),
    Kind.DATE: frozenset({"DATE"}),
    Kind.COUNT: frozenset({"NUMBER"}),
    Kind.MONTHS: frozenset({"NUMBER"}),
    Kind.YEARS: frozenset({"NUMBER"}),
}


@attrs.frozen
class Field:
    rule: str
    scope: Scope
    path: tuple[str, ...] | None  # where the value goes; None when only its parts are kept
    kind: Kind
    doc: str
    parts: tuple[Part, ...] = ()
    restates: bool = False  # a qualifier that restates another fact (the cut-off date)
    also: tuple[tuple[str, ...], ...] = ()  # other paths the same statement sets
    subset_ok: bool = False  # may apply to a pool's premium or discount loans


@attrs.frozen
class Action:
    name: str
    doc: str


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("facts", "Document fields (cover, deal, loss limits, signature) set as stated."),
        Action(
            "group_facts",
            "Loan group fields over the groups the sentence names: one value per group "
            "('respectively') or one value for every group; document fields as stated.",
        ),
        Action("class_facts", "Certificate class fields of the class the sentence names."),
        Action("narrative", "A sentence understood to state no fact dealc models."),
    )
}


def _from_table(entry: Entry) -> Field | None:
    """The vocabulary field of a fact of the table (`dealc.compiler.ast`), if a rule states it."""
    if entry.rule is None:
        return None
    declared = entry.fact
    return Field(entry.rule, entry.scope, entry.path if declared.keep else None, declared.kind,
                 declared.doc, parts=declared.parts, also=declared.also,
                 subset_ok=declared.subsets)


def _restating(entry: Entry) -> tuple[Field, ...]:
    """The qualifiers that restate a fact of the table ("as of <date>": the cut-off date)."""
    return tuple(Field(rule, entry.scope, entry.path, entry.fact.kind, doc, restates=True)
                 for rule, doc in entry.fact.restated_by)


def _stated(entries: Iterable[Entry]) -> tuple[Field, ...]:
    return tuple(field for field in map(_from_table, entries) if field is not None)


_DEAL = tuple(walk(ast.Deal, Scope.DOCUMENT, ("deal",)))
FIELD_LIST: tuple[Field, ...] = (
    _stated(walk(ast.Cover, Scope.DOCUMENT, ("cover",), statements=True))
    + _stated(_DEAL)
    + tuple(field for entry in _DEAL for field in _restating(entry))
    + _stated(walk(ast.Signature, Scope.DOCUMENT, ("signature",)))
    + tuple(field for scope, node in ((Scope.GROUP, ast.LoanGroup),
                                      (Scope.CLASS, ast.CertificateClass))
            for field in _stated(walk(node, scope))))

FIELDS: dict[str, Field] = {field.rule: field for field in FIELD_LIST}

# Structural rules lowering understands besides fields and actions.
STRUCTURE_RULES = frozenset({"group_list", "group_ref", "class_ref"})
