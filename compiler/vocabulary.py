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

import re

import attrs

from dealc.compiler import ast
from dealc.compiler.fields import SERIES, Entry, Kind, Part, Scope, walk

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

_ROLE = re.compile(r"\((?P<role>.*)\)")
_SERIES = SERIES


def _document(
    rule: str,
    path: tuple[str, ...] | None,
    kind: Kind,
    doc: str,
    parts: tuple[Part, ...] = (),
    restates: bool = False,
) -> Field:
    return Field(rule, Scope.DOCUMENT, path, kind, doc, parts=parts, restates=restates)


_ADDRESS = (
    Part(
        re.compile(
            r"(?P<street>[^,\n]+?)[ ]*(?:,[ ]*|\n)(?P<city>(?:Suite [^,\n]*,[ ]*)?[^,\n]+?),[ ]*"
            r"(?P<state>[A-Z][A-Za-z ]+?)(?:\s+(?P<zip>[0-9]{5}(?:-[0-9]{4})?))?"
        ),
        {
            "street": ("cover", "address", "street"),
            "city": ("cover", "address", "city"),
            "state": ("cover", "address", "state"),
            "zip": ("cover", "address", "zip"),
        },
    ),
    Part(re.compile(r"(?P<zip>[0-9]{5}(?:-[0-9]{4})?)"), {"zip": ("cover", "address", "zip")}),
)

_DOCUMENT_FIELDS: tuple[Field, ...] = (
    # --- the cover page
    _document("form_type", ("cover", "form_type"), Kind.TEXT, "The form: 8-K or 8-K/A."),
    _document("date_of_report", ("cover", "date_of_report"), Kind.DATE,
              "Date of report (date of earliest event reported)."),
    _document("registrant", ("cover", "registrant"), Kind.TEXT,
              "Exact name of registrant as specified in its charter."),
    _document("registrant_role", ("cover", "registrant_role"), Kind.TEXT,
              "The registrant's role, as printed under its name.",
              parts=(Part(_ROLE, {"role": ("cover", "registrant_role")}),)),
    _document("issuer", ("cover", "issuer"), Kind.TEXT,
              "The certificates the registrant is issuer in respect of.",
              parts=(Part(_SERIES, {"series": ("cover", "series")}),)),
    _document("state_of_incorporation", ("cover", "state_of_incorporation"), Kind.TEXT,
              "State or other jurisdiction of incorporation."),
    _document("commission_file_number", ("cover", "commission_file_number"), Kind.TEXT,
              "Commission file number."),
    _document("irs_employer_id", ("cover", "irs_employer_id"), Kind.TEXT,
              "I.R.S. employer identification number."),
    _document("address", None, Kind.TEXT,
              "Address of principal executive offices: street, city, state, zip code.",
              parts=_ADDRESS),
    _document("phone", ("cover", "phone"), Kind.TEXT, "Registrant's telephone number."),
)

_SIGNATURE_FIELDS: tuple[Field, ...] = (
    # --- the signature
    _document("signature_registrant", ("signature", "registrant"), Kind.TEXT,
              "The registrant as it signs."),
    _document("signer", ("signature", "signer"), Kind.TEXT, "Who signed (/s/)."),
    _document("signer_title", ("signature", "title"), Kind.TEXT, "The signer's title."),
    _document("signature_date", ("signature", "date"), Kind.DATE, "Date of the signature."),
)


def _from_table(entry: Entry) -> Field | None:
    """The vocabulary field of a fact of the table (`dealc.compiler.ast`), if a rule states it."""
    if entry.rule is None:
        return None
    declared = entry.fact
    return Field(entry.rule, entry.scope, entry.path, declared.kind, declared.doc,
                 parts=declared.parts, also=declared.also, subset_ok=declared.subsets)


def _restating(entry: Entry) -> tuple[Field, ...]:
    """The qualifiers that restate a fact of the table ("as of <date>": the cut-off date)."""
    return tuple(Field(rule, entry.scope, entry.path, entry.fact.kind, doc, restates=True)
                 for rule, doc in entry.fact.restated_by)


_DEAL = tuple(walk(ast.Deal, Scope.DOCUMENT, ("deal",)))
FIELD_LIST: tuple[Field, ...] = (
    _DOCUMENT_FIELDS
    + tuple(field for field in map(_from_table, _DEAL) if field is not None)
    + tuple(field for entry in _DEAL for field in _restating(entry))
    + _SIGNATURE_FIELDS
    + tuple(field for scope, node in ((Scope.GROUP, ast.LoanGroup),
                                      (Scope.CLASS, ast.CertificateClass))
            for field in map(_from_table, walk(node, scope)) if field is not None))

FIELDS: dict[str, Field] = {field.rule: field for field in FIELD_LIST}

# Structural rules lowering understands besides fields and actions.
STRUCTURE_RULES = frozenset({"group_list", "group_ref", "class_ref"})
