"""The dealc ABS taxonomy's concepts: one per deal fact, named the way ABS data is named.

Names follow the SEC's ABS-EE element style: lower camel case with a suffix
that says what the value is (``...Amount`` money, ``...Percentage`` a rate
as a pure fraction, ``...Number`` a count, ``...Date``, ``...Months``,
``...Years``, ``...Name``/``...Text`` strings, ``...Flag`` booleans).  The
taxonomy files in ``dealc/emitters/taxonomy/`` are generated from this table
(`dealc.emitters.xbrl_taxonomy`), and a test keeps them in step.
"""

from __future__ import annotations

from typing import Any

import attrs

from dealc.compiler import ast
from dealc.compiler.fields import ALL_LOANS, XBRL_TYPES, Entry, Scope, placed, walk

NAMESPACE = "https://dealc.invalid/xbrl/abs/1"
PREFIX = "dealc"
SCHEMA_FILE = "dealc-abs-1.xsd"
DEFINITION_FILE = "dealc-abs-1_def.xml"
LABEL_FILE = "dealc-abs-1_lab.xml"
ENTITY_SCHEME = "https://dealc.invalid/sec-commission-file-number"

# XBRL item types by kind.
MONETARY, PERCENT, INTEGER, DECIMAL, DATE, STRING, BOOLEAN = (
    "monetary", "percent", "integer", "decimal", "date", "string", "boolean")


@attrs.frozen
class Concept:
    name: str
    kind: str
    scope: str  # "document", "group", "subset", "class"
    path: tuple[str, ...]  # document: from the root; group/subset/class: within the node
    label: str


def _from_table(entry: Entry) -> Concept | None:
    """The concept of a fact of the field table (`dealc.compiler.ast`), if it has one."""
    declared = entry.fact.concept
    if declared is None:
        return None
    scope = {Scope.DOCUMENT: "document", Scope.CLASS: "class"}.get(
        entry.scope, "subset" if entry.fact.subsets else "group")
    return Concept(declared.name, XBRL_TYPES[entry.fact.kind], scope, entry.path, declared.label)


def _concepts(node: type, scope: Scope, prefix: tuple[str, ...] = ()) -> tuple[Concept, ...]:
    """A node's concepts, each with an ``after`` setting moved right after the one it names."""
    declared = [entry for entry in walk(node, scope, prefix) if entry.fact.concept is not None]
    ordered = placed(declared, lambda entry: entry.name,
                     lambda entry: entry.fact.concept.after if entry.fact.concept else None)
    return tuple(concept for concept in map(_from_table, ordered) if concept is not None)


CONCEPTS: tuple[Concept, ...] = (
    _concepts(ast.Cover, Scope.DOCUMENT, ("cover",))
    + _concepts(ast.Deal, Scope.DOCUMENT, ("deal",))
    + _concepts(ast.Signature, Scope.DOCUMENT, ("signature",))
    + _concepts(ast.LoanGroup, Scope.GROUP)  # the pool axis; all loans is the default member
    + _concepts(ast.CertificateClass, Scope.CLASS))  # the typed class axis

# List fields of the cover, written as one string fact: an entry per line, and an
# entry of several fields as its fields' text joined by tabs (`Fact.listed`).
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    entry.name: entry.fact.listed for entry in walk(ast.Cover, Scope.DOCUMENT)
    if entry.fact.listed is not None}


def encode_list(entries: list[Any], fields: tuple[str, ...]) -> str | None:
    """A list field as one string (None when empty): one line per entry."""
    if not entries:
        return None
    if not fields:
        return "\n".join(str(entry) for entry in entries)
    return "\n".join("\t".join(str(entry.get(f) or "") for f in fields) for entry in entries)


def decode_list(text: str, fields: tuple[str, ...]) -> list[Any]:
    """The inverse of `encode_list` (an empty field reads as null)."""
    lines = text.split("\n")
    if not fields:
        return lines
    return [dict(zip(fields, [part or None for part in line.split("\t")], strict=False))
            for line in lines]


# The dates facts are stated as of (`Fact.instant`): a node's facts take the instant of the
# nearest node that states one, else the first the document states, in this order.
_DOCUMENT = ((ast.Deal, "deal"), (ast.Cover, "cover"), (ast.Signature, "signature"))
INSTANTS: tuple[tuple[str, ...], ...] = tuple(
    entry.path for node, name in _DOCUMENT for entry in walk(node, Scope.DOCUMENT, (name,))
    if entry.fact.instant)
CLASS_INSTANT: tuple[str, ...] = next(
    entry.path for entry in walk(ast.CertificateClass, Scope.CLASS) if entry.fact.instant)
# An instant with no concept of its own is read back from its facts' contexts.
CONTEXT_INSTANTS: tuple[tuple[str, ...], ...] = tuple(
    entry.path for node, name in _DOCUMENT for entry in walk(node, Scope.DOCUMENT, (name,))
    if entry.fact.instant and entry.fact.concept is None)

# All-loans facts that restate a deal fact (`Fact.also`: the all-loans balance is the
# aggregate balance): (path in the all-loans group, path in the document).
_ALL_LOANS = tuple(ALL_LOANS.strip("/").split("/"))
SAME_AS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (also[len(_ALL_LOANS):], entry.path)
    for entry in walk(ast.Deal, Scope.DOCUMENT, ("deal",)) for also in entry.fact.also
    if also[:len(_ALL_LOANS)] == _ALL_LOANS)


def instant_of(node: tuple[str, ...], stated: dict[tuple[str, ...], Any]) -> Any:
    """The instant of the facts of a node of the document: the stated instant of the node or
    the nearest node above it (``stated``: the value of each of `INSTANTS`), else the first
    instant the document states."""
    by_node = {instant[:-1]: stated.get(instant) for instant in INSTANTS}
    for length in range(len(node), 0, -1):
        value = by_node.get(node[:length])
        if value is not None:
            return value
    return next((stated.get(instant) for instant in INSTANTS if len(instant) == 2
                 and stated.get(instant) is not None), None)


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
POOL_IDS = ROMAN + tuple(str(n) for n in range(1, 21))


def pool_member(pool_id: str) -> str:
    return f"Pool{pool_id}Member"
