"""The XBRL emitter: an XBRL 2.1 instance of the deal, against the shipped dealc ABS taxonomy.

Every fact of the deal is one XBRL fact: money in ``iso4217:USD`` with
``decimals`` from its printed precision, percentages as pure fractions
(6.298% is 0.06298, ``decimals`` 5), counts as integers, terms in months or
years, dates and strings as they are.  Pools are members of ``PoolAxis``
(all loans is the default: no pool in the context), a pool's premium and
discount loans members of ``LoanSubsetAxis``, certificate classes values of
the typed ``CertificateClassAxis``.  Contexts are instants: the cut-off date
for the pool statistics, the date each figure is stated as of otherwise (the
date of report for the cover page).  The entity is identified by the
commission file number (scheme ``https://dealc.invalid/sec-commission-file-number``).

The instance refers to the taxonomy by a relative ``schemaRef``; written with
``-o``, the taxonomy files are written beside it, so it validates offline.

XML 1.0 cannot carry every character a filing may hold: the C0 controls but
tab, line feed and carriage return, U+FFFE, U+FFFF and lone surrogates.  Such
a character in a text fact (a control character in the registrant's role on
the cover page, say) is replaced by U+FFFD, the replacement character, and
the instance says so in a comment after the first: ``dealc replaced N
characters that XML 1.0 cannot carry with U+FFFD``.  The JSON output keeps the
exact text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
from lxml import etree

from dealc.compiler.ast import CompiledFiling
from dealc.compiler.plain import document
from dealc.compiler.values import format_decimal
from dealc.emitters import EmitError
from dealc.emitters import xbrl_taxonomy as taxonomy
from dealc.emitters.xbrl_concepts import (
    BOOLEAN,
    CLASS_INSTANT,
    CONCEPTS,
    DATE,
    DECIMAL,
    ENTITY_SCHEME,
    INSTANTS,
    INTEGER,
    LIST_FIELDS,
    MONETARY,
    NAMESPACE,
    PERCENT,
    POOL_IDS,
    PREFIX,
    SAME_AS,
    SCHEMA_FILE,
    Concept,
    encode_list,
    instant_of,
    pool_member,
)

XBRLI, LINK, XLINK = taxonomy.XBRLI, taxonomy.LINK, taxonomy.XLINK
REPLACEMENT = "\ufffd"
# What XML 1.0 cannot carry (its Char production), lone surrogates included.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XBRLDI = "http://xbrl.org/2006/xbrldi"
ISO4217 = "http://www.xbrl.org/2003/iso4217"


@attrs.frozen
class Context:
    instant: str
    pool: str | None = None
    subset: str | None = None
    certificate_class: str | None = None

    @property
    def id(self) -> str:
        parts = ["c", self.instant]
        if self.pool is not None:
            parts.append(f"pool{self.pool}")
        if self.subset is not None:
            parts.append(self.subset)
        if self.certificate_class is not None:
            parts.append("class" + "".join(c if c.isascii() and (c.isalnum() or c in "-.")
                                           else "_" for c in self.certificate_class))
        return "_".join(parts)


@attrs.frozen
class Fact:
    concept: Concept
    context: Context
    value: Any


class XbrlEmitter:
    name = "xbrl"
    description = "An XBRL 2.1 instance against the shipped dealc ABS taxonomy (dimensional)"
    media_type = "application/xml"
    extension = ".xml"

    def emit(self, filing: CompiledFiling) -> bytes:
        return instance(filing)

    def companions(self) -> dict[str, bytes]:
        """Files to write beside the instance: the taxonomy it refers to."""
        return taxonomy.shipped()


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    """The value at a path of plain data (the deal as dicts): None where a step is absent,
    so a fact not stated and a node not stated read alike."""
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def facts(filing: CompiledFiling) -> Iterator[Fact]:
    """Every fact of the filing, concept by concept, in each context it is stated in."""
    data = document(filing)
    deal = data.get("deal") or {}
    stated = {path: value_at(data, path) for path in INSTANTS}
    deal_instant = instant_of(("deal",), stated)
    for concept in CONCEPTS:
        if concept.scope == "document":
            yield from _document_facts(concept, data, stated)
        elif concept.scope in ("group", "subset"):
            if deal_instant is not None:
                yield from _group_facts(concept, data, deal, deal_instant)
        else:
            yield from _class_facts(concept, deal, deal_instant)


def _document_facts(concept: Concept, data: dict[str, Any],
                    stated: dict[tuple[str, ...], Any]) -> Iterator[Fact]:
    value = value_at(data, concept.path)
    if concept.path[-1] in LIST_FIELDS and isinstance(value, list):
        value = encode_list(value, LIST_FIELDS[concept.path[-1]])
    instant = instant_of(concept.path[:-1], stated)
    if value is not None and instant is not None:
        yield Fact(concept, Context(instant), value)


def _group_facts(concept: Concept, data: dict[str, Any], deal: dict[str, Any],
                 instant: str) -> Iterator[Fact]:
    """A loan-group concept: each pool's (and its premium and discount loans' for a subset
    concept), then all loans' (the default member), stated as of the deal's date."""
    for pool in deal.get("pools", []):
        _pool_member(pool["id"])
        value = value_at(pool, concept.path)
        if value is not None:
            yield Fact(concept, Context(instant, pool=pool["id"]), value)
        if concept.scope == "subset":
            for subset in ("premium", "discount"):
                stats = value_at(pool, ("premium_discount", subset)) or {}
                value = value_at(stats, concept.path)
                if value is not None:
                    yield Fact(concept, Context(instant, pool=pool["id"], subset=subset), value)
    value = value_at(deal.get("all_loans") or {}, concept.path)
    for group_path, same in SAME_AS:
        if concept.path == group_path and value is None:
            value = value_at(data, same)
    if value is not None:
        yield Fact(concept, Context(instant), value)


def _class_facts(concept: Concept, deal: dict[str, Any],
                 deal_instant: str | None) -> Iterator[Fact]:
    for certificate in deal.get("classes", []):
        value = value_at(certificate, concept.path)
        instant = value_at(certificate, CLASS_INSTANT) or deal_instant
        if value is not None and instant is not None:
            yield Fact(concept, Context(instant, certificate_class=certificate["name"]), value)


def _pool_member(pool_id: str) -> str:
    if pool_id not in POOL_IDS:
        raise EmitError(f"pool {pool_id!r} has no member in the dealc ABS taxonomy "
                        f"(pools I to XX and 1 to 20 have)")
    return pool_member(pool_id)


def _numeric(concept: Concept, value: Any) -> tuple[str, str, str]:
    """(text, decimals, unit) of a numeric fact."""
    if concept.kind == INTEGER:
        return str(int(value)), "INF", "pure"
    number = Decimal(value) if not isinstance(value, Decimal) else value
    if concept.kind == PERCENT:
        number = number.scaleb(-2)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    unit = "usd" if concept.kind == MONETARY else "pure"
    return format_decimal(number), str(max(-exponent, 0) if exponent <= 0 else -exponent), unit


class _Text:
    """Text for the instance, with what XML 1.0 cannot carry replaced, and counted."""

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, text: str) -> str:
        cleaned, count = _NOT_XML.subn(REPLACEMENT, text)
        self.replaced += count
        return cleaned


def _comment(text: str) -> str:
    """Text a comment can hold: XML characters, no ``--``, not ending in ``-``."""
    text = _NOT_XML.sub(REPLACEMENT, text)
    while "--" in text:
        text = text.replace("--", "- -")
    return text + " " if text.endswith("-") else text


def instance(filing: CompiledFiling) -> bytes:
    found = list(facts(filing))
    nsmap = {"xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldi": XBRLDI, "iso4217": ISO4217,
             PREFIX: NAMESPACE}
    xml_text = _Text()
    root = etree.Element(f"{{{XBRLI}}}xbrl", nsmap=nsmap)
    root.append(etree.Comment(_comment(
        f" Compiled by dealc from {filing.source.path} (sha256 {filing.source.sha256}) ")))
    etree.SubElement(root, f"{{{LINK}}}schemaRef", {f"{{{XLINK}}}type": "simple",
                                                   f"{{{XLINK}}}href": SCHEMA_FILE})
    identifier = filing.cover.commission_file_number or "unknown"
    for context in sorted({fact.context for fact in found}, key=lambda c: c.id):
        _context(root, context, identifier, xml_text)
    kinds = {fact.concept.kind for fact in found}
    if MONETARY in kinds:
        unit = etree.SubElement(root, f"{{{XBRLI}}}unit", id="usd")
        etree.SubElement(unit, f"{{{XBRLI}}}measure").text = "iso4217:USD"
    if kinds & {PERCENT, INTEGER, DECIMAL}:
        unit = etree.SubElement(root, f"{{{XBRLI}}}unit", id="pure")
        etree.SubElement(unit, f"{{{XBRLI}}}measure").text = "xbrli:pure"
    for fact in found:
        element = etree.SubElement(root, f"{{{NAMESPACE}}}{fact.concept.name}",
                                   contextRef=fact.context.id)
        if fact.concept.kind in (MONETARY, PERCENT, INTEGER, DECIMAL):
            text, decimals, unit_id = _numeric(fact.concept, fact.value)
            element.set("unitRef", unit_id)
            element.set("decimals", decimals)
            element.text = text
        elif fact.concept.kind == BOOLEAN:
            element.text = "true" if fact.value else "false"
        elif fact.concept.kind == DATE:
            element.text = str(fact.value)
        else:
            element.text = xml_text(str(fact.value))
    if xml_text.replaced:
        plural = "s" if xml_text.replaced != 1 else ""
        root.insert(1, etree.Comment(
            f" dealc replaced {xml_text.replaced} character{plural} that XML 1.0 cannot carry "
            "with U+FFFD; the JSON output keeps the exact text "))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _context(root: etree._Element, context: Context, identifier: str, text: _Text) -> None:
    element = etree.SubElement(root, f"{{{XBRLI}}}context", id=context.id)
    entity = etree.SubElement(element, f"{{{XBRLI}}}entity")
    etree.SubElement(entity, f"{{{XBRLI}}}identifier",
                     scheme=ENTITY_SCHEME).text = text(identifier)
    members = []
    if context.pool is not None:
        members.append(("explicit", "PoolAxis", _pool_member(context.pool)))
    if context.subset is not None:
        members.append(("explicit", "LoanSubsetAxis", f"{context.subset.title()}LoansMember"))
    if context.certificate_class is not None:
        members.append(("typed", "CertificateClassAxis", context.certificate_class))
    if members:
        segment = etree.SubElement(entity, f"{{{XBRLI}}}segment")
        for kind, axis, member in members:
            if kind == "explicit":
                etree.SubElement(segment, f"{{{XBRLDI}}}explicitMember",
                                 dimension=f"{PREFIX}:{axis}").text = f"{PREFIX}:{member}"
            else:
                typed = etree.SubElement(segment, f"{{{XBRLDI}}}typedMember",
                                         dimension=f"{PREFIX}:{axis}")
                etree.SubElement(typed, f"{{{NAMESPACE}}}certificateClassName").text = text(member)
    period = etree.SubElement(element, f"{{{XBRLI}}}period")
    etree.SubElement(period, f"{{{XBRLI}}}instant").text = context.instant
