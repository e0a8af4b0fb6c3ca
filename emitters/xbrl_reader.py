"""Reading a dealc XBRL instance back into the AST, for the facts XBRL carries.

The inverse of `dealc.emitters.xbrl`: each fact's concept says which field it
is, its context says which pool, subset or class (and, for class balances
and loss limits, the date they are stated as of).  Pools and classes come
back in the order their facts appear.  Footnotes, items and provenance are
not in the instance, so they do not come back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs
from lxml import etree

from dealc.compiler import ast
from dealc.emitters.json_reader import ReadError, build_node
from dealc.emitters.xbrl import value_at
from dealc.emitters.xbrl_concepts import (
    BOOLEAN,
    CLASS_INSTANT,
    CONCEPTS,
    CONTEXT_INSTANTS,
    DATE,
    DECIMAL,
    INTEGER,
    LIST_FIELDS,
    MONETARY,
    NAMESPACE,
    PERCENT,
    SAME_AS,
    Concept,
    decode_list,
)

XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"
_BY_NAME = {concept.name: concept for concept in CONCEPTS}


@attrs.frozen
class XbrlContents:
    cover: ast.Cover
    deal: ast.Deal | None
    signature: ast.Signature | None


@attrs.frozen
class _Context:
    instant: str
    pool: str | None
    subset: str | None
    certificate_class: str | None


def _contexts(root: etree._Element) -> dict[str, _Context]:
    found = {}
    for element in root.iterfind(f"{{{XBRLI}}}context"):
        pool = subset = certificate_class = None
        for member in element.iter(f"{{{XBRLDI}}}explicitMember"):
            axis, value = member.get("dimension", ""), (member.text or "").split(":")[-1]
            if axis.endswith("PoolAxis"):
                pool = value.removeprefix("Pool").removesuffix("Member")
            elif axis.endswith("LoanSubsetAxis"):
                subset = value.removesuffix("LoansMember").lower()
        for typed in element.iter(f"{{{XBRLDI}}}typedMember"):
            certificate_class = "".join(str(text) for text in typed.itertext()).strip()
        instant = element.findtext(f"{{{XBRLI}}}period/{{{XBRLI}}}instant") or ""
        found[element.get("id", "")] = _Context(instant.strip(), pool, subset, certificate_class)
    return found


def _value(concept: Concept, text: str) -> Any:
    text = text.strip()
    if concept.kind == MONETARY or concept.kind == DECIMAL:
        return Decimal(text)
    if concept.kind == PERCENT:
        return Decimal(text).scaleb(2)
    if concept.kind == INTEGER:
        return int(text)
    if concept.kind == BOOLEAN:
        return text == "true"
    if concept.kind == DATE:
        return datetime.date.fromisoformat(text).isoformat()
    return text


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


@attrs.define
class _Gathered:
    """The instance's facts as plain data, by the node they belong to, before the AST is
    built: the cover, deal and signature facts, each pool's, each class's, all loans'."""

    document: dict[str, Any] = attrs.Factory(dict)
    pools: dict[str, dict[str, Any]] = attrs.Factory(dict)
    classes: dict[str, dict[str, Any]] = attrs.Factory(dict)
    all_loans: dict[str, Any] = attrs.Factory(dict)


def read_xbrl(data: bytes) -> XbrlContents:
    """The cover, deal and signature a dealc XBRL instance carries, as AST nodes."""
    gathered = _gather(_instance_root(data))
    deal = _deal(gathered)
    document = gathered.document
    return XbrlContents(
        cover=build_node(ast.Cover, document.get("cover", {})),
        deal=None if deal is None else build_node(ast.Deal, deal),
        signature=None if "signature" not in document else build_node(
            ast.Signature, document["signature"]),
    )


def _instance_root(data: bytes) -> etree._Element:
    """The root of the instance: ReadError, not lxml's errors, for what is not XBRL."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as error:
        raise ReadError(f"not XML: {error}") from None
    if root.tag != f"{{{XBRLI}}}xbrl":
        raise ReadError("not an XBRL instance: the root element is not xbrli:xbrl")
    return root


def _gather(root: etree._Element) -> _Gathered:
    """Every dealc fact of the instance, in document order (which gives pools and classes
    their order), put where its concept and context say; a fact dealc does not know is
    refused rather than lost."""
    contexts = _contexts(root)
    gathered = _Gathered()
    for element in root:
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{NAMESPACE}}}"):
            continue
        concept = _BY_NAME.get(etree.QName(element).localname)
        context = contexts.get(element.get("contextRef", ""))
        if concept is None or context is None:
            raise ReadError(f"line {element.sourceline}: a fact dealc does not know: "
                            f"{etree.QName(element).localname}")
        value = _value(concept, element.text or "")
        if concept.scope == "document":
            _put_document(gathered.document, concept, context, value)
        elif concept.scope == "class":
            _put_class(gathered.classes, concept, context, value)
        else:
            _put(_group_node(gathered, context), concept.path, value)
    return gathered


def _put_document(document: dict[str, Any], concept: Concept, context: _Context,
                  value: Any) -> None:
    """A cover, deal or signature fact; a list is decoded from its lines, and the context's
    instant is the date its node's facts are stated as of."""
    if concept.path[-1] in LIST_FIELDS:
        value = decode_list(value, LIST_FIELDS[concept.path[-1]])
    _put(document, concept.path, value)
    for instant in CONTEXT_INSTANTS:
        if concept.path[:len(instant) - 1] == instant[:-1]:
            _put(document, instant, context.instant)


def _put_class(classes: dict[str, dict[str, Any]], concept: Concept, context: _Context,
               value: Any) -> None:
    """A certificate class's fact; the context's instant is the date the class is stated
    as of."""
    assert context.certificate_class is not None
    node = classes.setdefault(context.certificate_class, {"name": context.certificate_class})
    _put(node, CLASS_INSTANT, context.instant)
    _put(node, concept.path, value)


def _group_node(gathered: _Gathered, context: _Context) -> dict[str, Any]:
    """The loan group a context names: a pool (all loans where it names none), or that
    group's premium or discount loans."""
    if context.pool is None:
        node = gathered.all_loans
    else:
        node = gathered.pools.setdefault(context.pool, {"id": context.pool})
    if context.subset is not None:
        node = node.setdefault("premium_discount", {}).setdefault(context.subset, {})
    return node


def _deal(gathered: _Gathered) -> dict[str, Any] | None:
    """The deal as plain data: its own facts with all loans, the pools and the classes; the
    all-loans facts that are also the deal's (`SAME_AS`) set those too.  None where the
    instance states no deal fact."""
    deal = gathered.document.get("deal")
    if gathered.all_loans:
        deal = deal or {}
        deal["all_loans"] = {"id": "all", **gathered.all_loans}
        for group_path, same in SAME_AS:
            found = value_at(gathered.all_loans, group_path)
            if found is not None:  # values read from XBRL are never None
                _put(deal, same[1:], found)
    if gathered.pools or gathered.classes:
        deal = deal or {}
        deal["pools"] = list(gathered.pools.values())
        deal["classes"] = list(gathered.classes.values())
    return deal
