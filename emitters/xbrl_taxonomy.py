"""The dealc ABS taxonomy: schema, definition linkbase (dimensions) and labels.

Generated from `dealc.emitters.xbrl_concepts` and shipped as package data in
``dealc/emitters/taxonomy/``; ``python -m dealc.emitters.xbrl_taxonomy`` writes
it again after a concept changes (a test fails until it has).

Dimensions: ``PoolAxis`` (explicit; members pool I to XX and 1 to 20, with
``AllLoansMember`` the default, so an all-loans figure has no pool in its
context), ``LoanSubsetAxis`` (a pool's premium or discount loans; the default
is the whole group), and ``CertificateClassAxis`` (typed: the class name as
printed, since class names are not a closed list).
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from dealc.emitters.xbrl_concepts import (
    BOOLEAN,
    CONCEPTS,
    DATE,
    DECIMAL,
    DEFINITION_FILE,
    INTEGER,
    LABEL_FILE,
    MONETARY,
    NAMESPACE,
    PERCENT,
    POOL_IDS,
    PREFIX,
    SCHEMA_FILE,
    STRING,
    pool_member,
)

XS = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDT = "http://xbrl.org/2005/xbrldt"
NUM = "http://www.xbrl.org/dtr/type/numeric"
DIM_ARCROLE = "http://xbrl.org/int/dim/arcrole/"
STANDARD_ROLE = "http://www.xbrl.org/2003/role/link"

ITEM_TYPES = {
    MONETARY: "xbrli:monetaryItemType",
    PERCENT: "num:percentItemType",
    INTEGER: "xbrli:nonNegativeIntegerItemType",
    DECIMAL: "xbrli:decimalItemType",
    DATE: "xbrli:dateItemType",
    STRING: "xbrli:stringItemType",
    BOOLEAN: "xbrli:booleanItemType",
}

SUBSET_MEMBERS = ("AllLoansInGroupMember", "PremiumLoansMember", "DiscountLoansMember")
STRUCTURE = (
    # name, substitution group, label
    ("LoanGroupLineItems", "xbrli:item", "Loan group statistics"),
    ("LoanGroupHypercube", "xbrldt:hypercubeItem", "Loan group"),
    ("PoolAxis", "xbrldt:dimensionItem", "Pool"),
    ("PoolDomain", "xbrli:item", "Pools"),
    ("AllLoansMember", "xbrli:item", "All mortgage loans"),
    *((pool_member(p), "xbrli:item", f"Pool {p}") for p in POOL_IDS),
    ("LoanSubsetAxis", "xbrldt:dimensionItem", "Loans of the group"),
    ("LoanSubsetDomain", "xbrli:item", "Loans of the group"),
    ("AllLoansInGroupMember", "xbrli:item", "All loans of the group"),
    ("PremiumLoansMember", "xbrli:item", "Premium loans"),
    ("DiscountLoansMember", "xbrli:item", "Discount loans"),
    ("CertificateClassLineItems", "xbrli:item", "Certificate class"),
    ("CertificateClassHypercube", "xbrldt:hypercubeItem", "Certificate class"),
    ("CertificateClassAxis", "xbrldt:dimensionItem", "Certificate class"),
)


def _id(name: str) -> str:
    return f"{PREFIX}_{name}"


def schema() -> etree._Element:
    nsmap = {"xs": XS, "xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldt": XBRLDT,
             "num": NUM, PREFIX: NAMESPACE}
    root = etree.Element(f"{{{XS}}}schema", nsmap=nsmap,
                         targetNamespace=NAMESPACE, elementFormDefault="qualified",
                         attributeFormDefault="unqualified")
    appinfo = etree.SubElement(etree.SubElement(root, f"{{{XS}}}annotation"), f"{{{XS}}}appinfo")
    references = ((DEFINITION_FILE, "definitionLinkbaseRef"), (LABEL_FILE, "labelLinkbaseRef"))
    for href, role in references:
        etree.SubElement(appinfo, f"{{{LINK}}}linkbaseRef", {
            f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": href,
            f"{{{XLINK}}}role": f"http://www.xbrl.org/2003/role/{role}",
            f"{{{XLINK}}}arcrole": "http://www.w3.org/1999/xlink/properties/linkbase"})
    for namespace, location in (
        (XBRLI, "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"),
        (XBRLDT, "http://www.xbrl.org/2005/xbrldt-2005.xsd"),
        (NUM, "http://www.xbrl.org/dtr/type/numeric-2009-12-16.xsd"),
    ):
        etree.SubElement(root, f"{{{XS}}}import", namespace=namespace, schemaLocation=location)
    for concept in CONCEPTS:
        etree.SubElement(root, f"{{{XS}}}element", {
            "name": concept.name, "id": _id(concept.name), "type": ITEM_TYPES[concept.kind],
            "substitutionGroup": "xbrli:item", f"{{{XBRLI}}}periodType": "instant",
            "nillable": "true"})
    for name, group, _label in STRUCTURE:
        attributes = {
            "name": name, "id": _id(name), "type": "xbrli:stringItemType",
            "substitutionGroup": group, "abstract": "true",
            f"{{{XBRLI}}}periodType": "duration", "nillable": "true"}
        if name == "CertificateClassAxis":
            attributes[f"{{{XBRLDT}}}typedDomainRef"] = f"#{_id('certificateClassName')}"
        etree.SubElement(root, f"{{{XS}}}element", attributes)
    etree.SubElement(root, f"{{{XS}}}element", name="certificateClassName",
                     id=_id("certificateClassName"), type="xs:string")
    return root


def _linkbase() -> etree._Element:
    return etree.Element(f"{{{LINK}}}linkbase", nsmap={
        "link": LINK, "xlink": XLINK, "xbrldt": XBRLDT, "xsi":
        "http://www.w3.org/2001/XMLSchema-instance"})


def _locator(parent: etree._Element, name: str) -> None:
    etree.SubElement(parent, f"{{{LINK}}}loc", {
        f"{{{XLINK}}}type": "locator", f"{{{XLINK}}}href": f"{SCHEMA_FILE}#{_id(name)}",
        f"{{{XLINK}}}label": name})


def definition_linkbase() -> etree._Element:
    root = _linkbase()
    for arcrole in ("all", "hypercube-dimension", "dimension-domain", "domain-member",
                    "dimension-default"):
        etree.SubElement(root, f"{{{LINK}}}arcroleRef", {
            "arcroleURI": DIM_ARCROLE + arcrole, f"{{{XLINK}}}type": "simple",
            f"{{{XLINK}}}href": f"http://www.xbrl.org/2005/xbrldt-2005.xsd#{arcrole}"})
    link = etree.SubElement(root, f"{{{LINK}}}definitionLink", {
        f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": STANDARD_ROLE})
    located: set[str] = set()
    order = 0

    def arc(source: str, target: str, arcrole: str, **extra: str) -> None:
        nonlocal order
        for name in (source, target):
            if name not in located:
                _locator(link, name)
                located.add(name)
        order += 1
        attributes = {f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}arcrole": DIM_ARCROLE + arcrole,
                      f"{{{XLINK}}}from": source, f"{{{XLINK}}}to": target,
                      "order": str(order)}
        attributes.update({f"{{{XBRLDT}}}{key}": value for key, value in extra.items()})
        etree.SubElement(link, f"{{{LINK}}}definitionArc", attributes)

    arc("LoanGroupLineItems", "LoanGroupHypercube", "all", contextElement="segment",
        closed="true")
    arc("LoanGroupHypercube", "PoolAxis", "hypercube-dimension")
    arc("LoanGroupHypercube", "LoanSubsetAxis", "hypercube-dimension")
    arc("PoolAxis", "PoolDomain", "dimension-domain")
    arc("PoolDomain", "AllLoansMember", "domain-member")
    for pool in POOL_IDS:
        arc("PoolDomain", pool_member(pool), "domain-member")
    arc("PoolAxis", "AllLoansMember", "dimension-default")
    arc("LoanSubsetAxis", "LoanSubsetDomain", "dimension-domain")
    for member in SUBSET_MEMBERS:
        arc("LoanSubsetDomain", member, "domain-member")
    arc("LoanSubsetAxis", "AllLoansInGroupMember", "dimension-default")
    arc("CertificateClassLineItems", "CertificateClassHypercube", "all",
        contextElement="segment", closed="true")
    arc("CertificateClassHypercube", "CertificateClassAxis", "hypercube-dimension")
    for concept in CONCEPTS:
        if concept.scope in ("group", "subset"):
            arc("LoanGroupLineItems", concept.name, "domain-member")
        elif concept.scope == "class":
            arc("CertificateClassLineItems", concept.name, "domain-member")
    return root


def label_linkbase() -> etree._Element:
    root = _linkbase()
    link = etree.SubElement(root, f"{{{LINK}}}labelLink", {
        f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": STANDARD_ROLE})
    labels = [(c.name, c.label) for c in CONCEPTS] + [(n, label) for n, _, label in STRUCTURE]
    for name, text in labels:
        _locator(link, name)
        label = etree.SubElement(link, f"{{{LINK}}}label", {
            f"{{{XLINK}}}type": "resource", f"{{{XLINK}}}label": f"{name}_label",
            f"{{{XLINK}}}role": "http://www.xbrl.org/2003/role/label",
            "{http://www.w3.org/XML/1998/namespace}lang": "en"})
        label.text = text
        etree.SubElement(link, f"{{{LINK}}}labelArc", {
            f"{{{XLINK}}}type": "arc",
            f"{{{XLINK}}}arcrole": "http://www.xbrl.org/2003/arcrole/concept-label",
            f"{{{XLINK}}}from": name, f"{{{XLINK}}}to": f"{name}_label"})
    return root


def files() -> dict[str, bytes]:
    """The taxonomy's files by name, as they are written."""
    return {
        name: etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        for name, tree in ((SCHEMA_FILE, schema()), (DEFINITION_FILE, definition_linkbase()),
                           (LABEL_FILE, label_linkbase()))
    }


def shipped() -> dict[str, bytes]:
    """The taxonomy files shipped in the package."""
    from importlib.resources import files as package_files

    folder = package_files("dealc.emitters").joinpath("taxonomy")
    return {name: folder.joinpath(name).read_bytes() for name in files()}


if __name__ == "__main__":  # python -m dealc.emitters.xbrl_taxonomy [FOLDER]
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "taxonomy"
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files().items():
        (target / name).write_bytes(content)
