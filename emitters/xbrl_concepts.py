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
from dealc.compiler.fields import XBRL_TYPES, Entry, Scope, walk

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


def _c(name: str, kind: str, scope: str, path: str, label: str) -> Concept:
    return Concept(name, kind, scope, tuple(path.split("/")), label)


_COVER_CONCEPTS: tuple[Concept, ...] = (
    # cover page
    _c("formType", STRING, "document", "cover/form_type", "Form type"),
    _c("dateOfReport", DATE, "document", "cover/date_of_report", "Date of report"),
    _c("registrantName", STRING, "document", "cover/registrant", "Registrant name"),
    _c("registrantRoleText", STRING, "document", "cover/registrant_role", "Registrant role"),
    _c("issuerText", STRING, "document", "cover/issuer", "Issuer in respect of"),
    _c("coverSeriesIdentifier", STRING, "document", "cover/series", "Series (cover page)"),
    _c("stateOfIncorporationName", STRING, "document", "cover/state_of_incorporation",
       "State or other jurisdiction of incorporation"),
    _c("commissionFileIdentifier", STRING, "document", "cover/commission_file_number",
       "Commission file number"),
    _c("employerIdentificationIdentifier", STRING, "document", "cover/irs_employer_id",
       "I.R.S. employer identification number"),
    _c("addressStreetText", STRING, "document", "cover/address/street", "Street address"),
    _c("addressCityName", STRING, "document", "cover/address/city", "City"),
    _c("addressStateName", STRING, "document", "cover/address/state", "State"),
    _c("addressZipCode", STRING, "document", "cover/address/zip", "Zip code"),
    _c("telephoneNumberText", STRING, "document", "cover/phone", "Telephone number"),
    _c("addressCareOfText", STRING, "document", "cover/address/care_of",
       "Address: in care of"),
    _c("reportingPeriodText", STRING, "document", "cover/reporting_period",
       "Month the report covers (YYYY-MM)"),
    # cover lists: one fact each, one entry per line (see encode_list)
    _c("coRegistrantsText", STRING, "document", "cover/co_registrants",
       "Co-registrants, one per line: name, a tab, role"),
    _c("additionalCommissionFileText", STRING, "document",
       "cover/additional_commission_file_numbers",
       "Further commission file numbers, one per line"),
    _c("additionalEmployerIdentificationText", STRING, "document",
       "cover/additional_irs_employer_ids",
       "Further I.R.S. employer identification numbers, one per line"),
    _c("placeholdersText", STRING, "document", "cover/placeholders",
       "Cover fields printed with a placeholder, one per line: field, a tab, placeholder"),
)
_SIGNATURE_CONCEPTS: tuple[Concept, ...] = (
    # the signature
    _c("signatureRegistrantName", STRING, "document", "signature/registrant",
       "Registrant as signed"),
    _c("signerName", STRING, "document", "signature/signer", "Signed by"),
    _c("signerTitleText", STRING, "document", "signature/title", "Signer's title"),
    _c("signatureDate", DATE, "document", "signature/date", "Date signed"),
)


def _from_table(entry: Entry) -> Concept | None:
    """The concept of a fact of the field table (`dealc.compiler.ast`), if it has one."""
    declared = entry.fact.concept
    if declared is None:
        return None
    scope = {Scope.DOCUMENT: "document", Scope.CLASS: "class"}.get(
        entry.scope, "subset" if entry.fact.subsets else "group")
    return Concept(declared.name, XBRL_TYPES[entry.fact.kind], scope, entry.path, declared.label)


def _concepts(node: type, scope: Scope, prefix: tuple[str, ...] = ()) -> tuple[Concept, ...]:
    return tuple(concept for concept in map(_from_table, walk(node, scope, prefix))
                 if concept is not None)


CONCEPTS: tuple[Concept, ...] = (
    _COVER_CONCEPTS
    + _concepts(ast.Deal, Scope.DOCUMENT, ("deal",))
    + _SIGNATURE_CONCEPTS
    + _concepts(ast.LoanGroup, Scope.GROUP)  # the pool axis; all loans is the default member
    + _concepts(ast.CertificateClass, Scope.CLASS))  # the typed class axis

# List fields of the cover, written as one string fact: an entry per line, and an
# entry of several fields as its fields' text joined by tabs.
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "co_registrants": ("name", "role"),
    "additional_commission_file_numbers": (),
    "additional_irs_employer_ids": (),
    "placeholders": ("field", "text"),
}


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


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
POOL_IDS = ROMAN + tuple(str(n) for n in range(1, 21))


def pool_member(pool_id: str) -> str:
    return f"Pool{pool_id}Member"
