"""The 8-K emitter: a pool-description filing regenerated from a deal.

The filing is written in the wording of the dialect its body was read with
(`CompiledFiling.dialect`; the default dialect for a filing read back from
JSON).  This module knows the furniture every 8-K shares: the cover page, the
item line, the title block, paragraphs wrapped at 80 columns, numbered lists,
footnote blocks, page breaks and the signatures.  Everything the description
*says* (its sentences, how they name the loan groups, its footnotes and their
marks, the order of its paragraphs) is data: the dialect folder's
``eightk.toml``, whose header documents the format.

The templates are rendered by a small closed engine: a placeholder is a name
from a fixed list (a field of the grammar's vocabulary, or one of `SPECIAL`)
with options from a fixed list, never an expression; templates are split with
`string.Formatter.parse` and filled here, so no attribute, index or code of a
template is ever evaluated (dialect folders may come from other packages).

A sentence whose facts are absent is left out; a "respectively" sentence
names only the groups that have its figures.  Compiling the output gives back
the same deal: that is the round-trip property the tests check.
"""

from __future__ import annotations

import functools
import re
import string
import textwrap
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from dealc.compiler import ast, dialects, vocabulary
from dealc.compiler.vocabulary import Kind
from dealc.emitters import EmitError
from dealc.emitters.formatting import date, money, number, percent

WIDTH = 80
PARAGRAPH_INDENT = "     "
TEMPLATE_FILE = "eightk.toml"


class EightKEmitter:
    name = "8k"
    description = "The pool-description 8-K regenerated from the deal, in its dialect's wording"
    media_type = "text/plain"
    extension = ".txt"

    def emit(self, filing: ast.CompiledFiling) -> str:
        return regenerate(filing)


def regenerate(filing: ast.CompiledFiling) -> str:
    templates = templates_of(filing)
    parts = [cover_page(filing.cover), "<PAGE>"]
    item = filing.items[0] if filing.items else ast.Item(*templates.item)
    parts.append(f"Item {item.number}.   {item.title}.\n")
    if filing.deal is not None:
        parts.extend(Writer(templates, filing, filing.deal).description())
    parts.append(signature_block(filing.signature, filing.cover))
    return "\n".join(parts).rstrip() + "\n"


def written_sentences(filing: ast.CompiledFiling) -> list[tuple[str, str]]:
    """Each sentence the description of ``filing`` is written with, as the pool grammar
    reads it (a numbered list joined to its opening, marks in place), with the name of
    its template: what the tests parse with the dialect's grammar."""
    writer = Writer(templates_of(filing), filing, filing.deal or ast.Deal())
    for _ in writer.description():
        pass
    return writer.written


# ------------------------------------------------------------------ layout
def centred(text: str) -> str:
    return text.center(WIDTH).rstrip()


def paragraph(text: str) -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=PARAGRAPH_INDENT, break_on_hyphens=False,
        break_long_words=False,
    ) + "\n"


def list_item(number_: int, text: str) -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=f"{PARAGRAPH_INDENT}{number_}.   ",
        subsequent_indent=" " * 10, break_on_hyphens=False, break_long_words=False,
    ) + "\n"


def footnote_block(notes: Sequence[tuple[str, str]]) -> str:
    lines = ["--------", ""]
    for mark, text in notes:
        lines.append(textwrap.fill(text, WIDTH, initial_indent=f"{mark:<5}",
                                   subsequent_indent=" " * 5, break_on_hyphens=False,
                                   break_long_words=False))
        lines.append("")
    return "\n".join(lines)


def value_list(values: Sequence[str], conjunction: str = "and") -> str:
    """"a, b and c"."""
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + f" {conjunction} " + values[-1]


def printed_mark(mark: str) -> str:
    """A footnote mark as it stands in the text: "(1)" for a number, "*" as it is."""
    return f"({mark})" if mark.isdigit() else mark


# --------------------------------------------------------------- the cover
def cover_page(cover: ast.Cover) -> str:
    lines = [
        "SECURITIES AND EXCHANGE COMMISSION".center(WIDTH).rstrip(),
        centred("Washington, D.C. 20549"), "", centred("--------------"), "",
        centred(f"FORM {cover.form_type or '8-K'}"), "", centred("CURRENT REPORT"), "",
        centred("Pursuant to Section 13 or 15(d) of the"),
        centred("Securities Exchange Act of 1934"), "",
    ]
    if cover.date_of_report is not None:
        lines += [centred(f"Date of Report: {date(cover.date_of_report)}"),
                  centred("(Date of earliest event reported)"), ""]
    if cover.registrant:
        lines.append(centred(cover.registrant))
    if cover.registrant_role:
        lines.append(centred(f"({cover.registrant_role})"))
    if cover.issuer:
        lines.append(centred(f"(Issuer in Respect of the {cover.issuer})"))
    lines += [centred("(Exact name of registrant as specified in charter)"), ""]
    columns = [cover.state_of_incorporation or "", cover.commission_file_number or "",
               cover.irs_employer_id or ""]
    if any(columns):
        lines.append(f"   {columns[0]:<29}{columns[1]:<30}{columns[2]}".rstrip())
        lines += ["  (State or other juris-       (Commission                 (I.R.S. Employer",
                  " diction of organization)       File Nos.)                Identification No.)",
                  ""]
    address = cover.address
    if address is not None and address.street and address.city and address.state:
        street = f"{address.street}, {address.city}, {address.state}"
        lines.append(f"{street:<62}{address.zip or ''}".rstrip())
        lines += ["   (Address of principal executive offices)                 (Zip Code)", ""]
    if cover.phone:
        lines += [f"Registrant's Telephone Number, including area code: {cover.phone}", ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- signature
def signature_block(signature: ast.Signature | None, cover: ast.Cover) -> str:
    indent = " " * 44
    lines = ["", centred("SIGNATURES"), "",
             paragraph("Pursuant to the requirements of the Securities Exchange Act of 1934, the "
                       "registrant has duly caused this report to be signed on its behalf by "
                       "the undersigned thereunto duly authorized."),
             ]
    signature = signature or ast.Signature()
    registrant = signature.registrant or cover.registrant
    if registrant:
        lines += [indent + registrant, indent + "(Registrant)", ""]
    if signature.signer:
        lines += [f"{indent}By: /s/ {signature.signer}", indent + "   " + "-" * 25,
                  indent + "        " + signature.signer]
    if signature.title:
        lines.append(indent + "        " + signature.title)
    if signature.date is not None:
        lines += ["", "", f"Dated: {date(signature.date)}"]
    return "\n".join(lines)


# ======================================================== the templates
class TemplateError(EmitError):
    """A dialect's 8-K templates that are missing or malformed (file and key said)."""


# Placeholders that are not figures: the groups a sentence speaks of, its `each` clauses,
# the pool's id, the certificate class's name.  ([names] have {id} and {subset}.)
SPECIAL = frozenset({"groups", "each", "id", "class"})
GROUP_OPTIONS = frozenset({"bare", "or", "and/or"})
FIGURE_OPTIONS = frozenset({"shared", "marked"})
SELECTORS = ("pools and all loans", "pools", "all loans", "premium and discount loans")
FOR_EACH = ("pool", "class")
_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
# Kinds stated by wording rather than printed as a figure (see `states` and `_has`).
_STATED = frozenset({Kind.NONE_IS_ZERO, Kind.STATED_TRUE})


def printable(name: str) -> vocabulary.Field | None:
    """The vocabulary field a figure placeholder names, if it is one a template may print."""
    field = vocabulary.FIELDS.get(name)
    if field is None or field.path is None or field.kind in _STATED:
        return None
    return field


@attrs.frozen
class Slot:
    """A placeholder: ``{name}`` or ``{name:option,option}``."""

    name: str
    options: frozenset[str] = frozenset()

    @property
    def field(self) -> vocabulary.Field | None:
        return printable(self.name)


@attrs.frozen
class Template:
    pieces: tuple[str | Slot, ...]

    @property
    def slots(self) -> tuple[Slot, ...]:
        return tuple(piece for piece in self.pieces if isinstance(piece, Slot))

    def figures(self, scope: vocabulary.Scope) -> list[vocabulary.Field]:
        return [f for s in self.slots if (f := s.field) is not None and f.scope is scope]

    def uses(self, name: str) -> bool:
        return any(slot.name == name for slot in self.slots)


@attrs.frozen
class Each:
    groups: str
    template: Template


@attrs.frozen
class Sentence:
    name: str
    texts: tuple[Template, ...]  # the sentences, written together or not at all
    groups: str | None = None  # a selector (SELECTORS); None: the context's groups
    states: tuple[vocabulary.Field, ...] = ()
    each: Each | None = None


@attrs.frozen
class NumberedList:
    groups: str
    opening: Template
    items: tuple[Template, ...]
    ends: tuple[str, str, str]  # every item but the last two, the last but one, the last


@attrs.frozen
class FootnoteTemplate:
    name: str
    mark: str
    after: str  # "heading" or the name of a sentence
    text: Template


@attrs.frozen
class ParagraphTemplate:
    sentences: tuple[str, ...]
    closing: str | None = None
    list: str | None = None
    for_each: str | None = None
    separate: bool = False
    new_page: bool = False


@attrs.frozen
class Templates:
    """A dialect's 8-K, as loaded from its ``eightk.toml``."""

    where: str
    item: tuple[str, str]
    heading: str
    names: Mapping[str, tuple[Template, Template]]  # pool, all_loans, subset: listed, bare
    months: Template
    footnotes: tuple[FootnoteTemplate, ...]
    paragraphs: tuple[ParagraphTemplate, ...]
    sentences: Mapping[str, Sentence]
    lists: Mapping[str, NumberedList]


def templates_of(filing: ast.CompiledFiling) -> Templates:
    """The 8-K templates of the dialect the filing was read with (the default one when
    the filing does not say, as when it was read back from JSON)."""
    try:
        dialect = dialects.named(filing.dialect) if filing.dialect else dialects.default()
    except dialects.DialectError as error:
        raise EmitError(str(error)) from error
    return load(dialect.folder)


@functools.cache
def load(folder: str) -> Templates:
    """The templates in ``dealc.grammar/<folder>/eightk.toml``."""
    where = f"{dialects.GRAMMAR_PACKAGE}/{folder}/{TEMPLATE_FILE}"
    entry = resources.files(dialects.GRAMMAR_PACKAGE).joinpath(folder).joinpath(TEMPLATE_FILE)
    if not entry.is_file():
        raise TemplateError(f"{where}: the dialect has no 8-K templates")
    return parse_templates(entry.read_text(encoding="utf-8"), where)


def parse_templates(text: str, where: str) -> Templates:
    """Templates from the text of an ``eightk.toml``; `TemplateError` says what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{where}: {error}") from error
    reader = _Reader(where)
    item = reader.table(data, "item")
    names = reader.table(data, "names")
    sentences = {key: reader.sentence(key, value)
                 for key, value in reader.table(data, "sentences").items()}
    lists = {key: reader.numbered_list(f"lists.{key}", reader.as_table(value, f"lists.{key}"))
             for key, value in reader.table(data, "lists", optional=True).items()}
    templates = Templates(
        where=where,
        item=(reader.string(item, "number", "item"), reader.string(item, "title", "item")),
        heading=reader.string(reader.table(data, "heading"), "text", "heading"),
        names={kind: (reader.template(reader.table(names, kind), "listed", f"names.{kind}",
                                      frozenset({"id", "subset"})),
                      reader.template(reader.table(names, kind), "bare", f"names.{kind}",
                                      frozenset({"id", "subset"})))
               for kind in ("pool", "all_loans", "subset")},
        months=reader.template(reader.table(data, "figures", optional=True), "months", "figures",
                               frozenset({"value"}), default="{value}"),
        footnotes=tuple(reader.footnote(f"footnotes.{key}",
                                        reader.as_table(value, f"footnotes.{key}"))
                        for key, value in reader.table(data, "footnotes", optional=True).items()),
        paragraphs=tuple(reader.paragraph(f"paragraphs[{index}]", value)
                         for index, value in enumerate(reader.array(data, "paragraphs"))),
        sentences=sentences,
        lists=lists,
    )
    _check_layout(templates)
    return templates


def compile_template(text: str, where: str, allowed: frozenset[str] | None = None) -> Template:
    """A template from its text: white space folded, placeholders checked against the
    fixed names (``allowed``; by default the figures and `SPECIAL`) and options."""
    folded = " ".join(text.split())
    try:
        parsed = list(string.Formatter().parse(folded))
    except ValueError as error:
        raise TemplateError(f"{where}: {error} in {folded!r}") from error
    pieces: list[str | Slot] = []
    for literal, name, spec, conversion in parsed:
        if literal and pieces and isinstance(pieces[-1], str):
            pieces[-1] += literal  # "{{" splits a literal in two
        elif literal:
            pieces.append(literal)
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (
            f":{spec}" if spec else "") + "}"
        if conversion or not _NAME.match(name) or "{" in (spec or ""):
            raise TemplateError(f"{where}: {shown}: a placeholder is a plain name with "
                                "options, such as {groups:bare,or}")
        options = frozenset(o.strip() for o in spec.split(",")) if spec else frozenset()
        known = name in allowed if allowed is not None else (
            name in SPECIAL or printable(name) is not None)
        if not known:
            raise TemplateError(f"{where}: {shown}: no such placeholder")
        field = printable(name)
        permitted = (GROUP_OPTIONS if name == "groups" else FIGURE_OPTIONS
                     if field is not None and field.scope is vocabulary.Scope.GROUP
                     else frozenset())
        if not options <= permitted or {"or", "and/or"} <= options:
            raise TemplateError(f"{where}: {shown}: options allowed here: "
                                f"{', '.join(sorted(permitted)) or 'none'}")
        pieces.append(Slot(name, options))
    return Template(tuple(pieces))


@attrs.frozen
class _Reader:
    """Typed access to the TOML, each error naming the file and the key."""

    where: str

    def fail(self, key: str, message: str) -> TemplateError:
        return TemplateError(f"{self.where}: {key}: {message}")

    def table(self, data: Mapping[str, Any], key: str, optional: bool = False
              ) -> dict[str, Any]:
        return self.as_table(data.get(key, {} if optional else None), key)

    def as_table(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a table")
        return value

    def array(self, data: Mapping[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            raise self.fail(key, "must be an array")
        return value

    def string(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "must be a string")
        return value

    def option(self, data: Mapping[str, Any], key: str, where: str,
               choices: Sequence[str]) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if value not in choices:
            raise self.fail(f"{where}.{key}", f"must be one of {', '.join(choices)}")
        return str(value)

    def template(self, data: Mapping[str, Any], key: str, where: str,
                 allowed: frozenset[str] | None = None, default: str | None = None
                 ) -> Template:
        text = data.get(key, default)
        if not isinstance(text, str):
            raise self.fail(f"{where}.{key}", "must be a string")
        return compile_template(text, f"{where}.{key}", allowed)

    def sentence(self, name: str, value: Any) -> Sentence:
        where = f"sentences.{name}"
        spec = value if isinstance(value, dict) else {"text": value}
        unknown = set(spec) - {"text", "groups", "states", "each"}
        if unknown:
            raise self.fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        texts = spec.get("text")
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not texts or not all(
                isinstance(t, str) for t in texts):
            raise self.fail(f"{where}.text", "must be a string or a list of strings")
        states = []
        for state in spec.get("states", []):
            field = vocabulary.FIELDS.get(state)
            if field is None or field.kind not in _STATED or (
                    field.scope is not vocabulary.Scope.GROUP):
                raise self.fail(f"{where}.states", f"{state!r} is not a group fact that "
                                "wording states ('none is zero' or 'stated true')")
            states.append(field)
        each = None
        if "each" in spec:
            table = self.table(spec, "each")
            each = Each(self.option(table, "groups", f"{where}.each", SELECTORS) or SELECTORS[0],
                        self.template(table, "text", f"{where}.each"))
        sentence = Sentence(
            name, tuple(compile_template(t, f"{where}.text") for t in texts),
            self.option(spec, "groups", where, SELECTORS), tuple(states), each)
        if (each is not None) != any(t.uses("each") for t in sentence.texts):
            raise self.fail(where, "{each} and an `each` clause go together")
        return sentence

    def numbered_list(self, where: str, data: dict[str, Any]) -> NumberedList:
        items = data.get("items")
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise self.fail(f"{where}.items", "must be a list of strings")
        ends = data.get("ends", [";", "; and", "."])
        if not isinstance(ends, list) or len(ends) != 3 or not all(
                isinstance(e, str) for e in ends):
            raise self.fail(f"{where}.ends", "must be three strings")
        return NumberedList(
            self.option(data, "groups", where, SELECTORS) or SELECTORS[0],
            self.template(data, "opening", where),
            tuple(compile_template(item, f"{where}.items[{i}]") for i, item in enumerate(items)),
            (ends[0], ends[1], ends[2]))

    def footnote(self, where: str, data: dict[str, Any]) -> FootnoteTemplate:
        text = self.template(data, "text", where)
        if any(f.scope is not vocabulary.Scope.DOCUMENT for s in text.slots
               if (f := s.field) is not None) or any(s.name in SPECIAL for s in text.slots):
            raise self.fail(f"{where}.text", "a footnote may name only the deal's figures")
        return FootnoteTemplate(where.partition(".")[2], self.string(data, "mark", where),
                                self.string(data, "after", where), text)

    def paragraph(self, where: str, data: Any) -> ParagraphTemplate:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        unknown = set(data) - {"sentences", "closing", "list", "for_each", "separate",
                               "new_page"}
        if unknown:
            raise self.fail(where, f"unknown keys: {', '.join(sorted(unknown))}")
        sentences = data.get("sentences", [])
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise self.fail(f"{where}.sentences", "must be a list of sentence names")
        closing, list_ = data.get("closing"), data.get("list")
        for key, value in (("closing", closing), ("list", list_)):
            if value is not None and not isinstance(value, str):
                raise self.fail(f"{where}.{key}", "must be a name")
        return ParagraphTemplate(
            tuple(sentences), closing, list_, self.option(data, "for_each", where, FOR_EACH),
            bool(data.get("separate", False)), bool(data.get("new_page", False)))


def _check_layout(templates: Templates) -> None:
    """Every name the layout uses exists, and every placeholder has what it names where
    the sentence is written: {class} and class figures in a paragraph for each class,
    {id} in one for each pool (or in an `each` clause)."""
    def fail(where: str, message: str) -> TemplateError:
        return TemplateError(f"{templates.where}: {where}: {message}")

    def check(template: Template, where: str, context: str | None) -> None:
        for slot in template.slots:
            field = slot.field
            if (slot.name == "class" or (field is not None
                                         and field.scope is vocabulary.Scope.CLASS)) and (
                    context != "class"):
                raise fail(where, f"{{{slot.name}}} is written only for each class")
            if slot.name == "id" and context != "pool":
                raise fail(where, f"{{{slot.name}}} is written only for each pool")

    for index, spec in enumerate(templates.paragraphs):
        where = f"paragraphs[{index}]"
        names = [*spec.sentences, *([spec.closing] if spec.closing else [])]
        for name in names:
            sentence = templates.sentences.get(name)
            if sentence is None:
                raise fail(where, f"no sentence named {name!r}")
            for template in sentence.texts:
                check(template, f"sentences.{name}", spec.for_each)
            if sentence.each is not None:
                check(sentence.each.template, f"sentences.{name}.each", "pool")
        if spec.list is not None:
            numbered = templates.lists.get(spec.list)
            if numbered is None:
                raise fail(where, f"no list named {spec.list!r}")
            for template in (numbered.opening, *numbered.items):
                check(template, f"lists.{spec.list}", spec.for_each)
    used = {name for p in templates.paragraphs for name in (*p.sentences, p.closing) if name}
    unused = sorted(set(templates.sentences) - used) + sorted(
        f"lists.{name}" for name in set(templates.lists) - {p.list for p in templates.paragraphs})
    if unused:
        raise fail("paragraphs", f"no paragraph writes {', '.join(unused)}")
    for note in templates.footnotes:
        if note.after != "heading" and note.after not in templates.sentences:
            raise fail(f"footnotes.{note.name}.after", f"no sentence named {note.after!r}")


# ======================================================== writing the description
@attrs.frozen
class Group:
    """A loan group a sentence may speak of: a pool, all loans, or a pool's premium or
    discount loans."""

    node: Any  # ast.LoanGroup or ast.SubsetStatistics
    pointer: str  # its JSON pointer, for footnote references
    listed: str
    bare: str
    id: str
    subset: str | None = None


@attrs.frozen
class Binding:
    """What a template's placeholders stand for where it is written."""

    groups: tuple[Group, ...] = ()
    current: Group | None = None  # the pool of {id}
    certificate: ast.CertificateClass | None = None
    each: str | None = None


@attrs.frozen
class Context:
    """Where a paragraph is written: for the deal, for one pool, or for one class."""

    pool: Group | None = None
    certificate: ast.CertificateClass | None = None


def _fill(template: Template, values: Mapping[str, str]) -> str:
    return "".join(p if isinstance(p, str) else values[p.name] for p in template.pieces)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Writes one filing's description from its dialect's templates."""

    def __init__(self, templates: Templates, filing: ast.CompiledFiling, deal: ast.Deal):
        self.templates, self.filing, self.deal = templates, filing, deal
        self.pools = [self.group("pool", pool, f"/deal/pools/{index}", pool.id)
                      for index, pool in enumerate(deal.pools)]
        self.all_loans = ([self.group("all_loans", deal.all_loans, "/deal/all_loans", "all")]
                          if deal.all_loans is not None else [])
        # Figures the filing's numbered footnotes stand beside, by JSON pointer.
        self.marks: dict[str, ast.Footnote] = {}
        for note in filing.footnotes:
            if note.mark.isdigit():
                for pointer in note.references:
                    self.marks.setdefault(pointer, note)
        self.notes: dict[str, str] = {}  # the page's footnotes, by mark, in order
        self.written: list[tuple[str, str]] = []

    def group(self, kind: str, node: Any, pointer: str, id_: str,
              subset: str | None = None) -> Group:
        listed, bare = self.templates.names[kind]
        values = {"id": id_, "subset": subset or ""}
        return Group(node, pointer, _fill(listed, values), _fill(bare, values), id_, subset)

    def subsets(self, pool: Group) -> list[Group]:
        split = getattr(pool.node, "premium_discount", None)
        found = []
        for subset in ("premium", "discount"):
            stats = getattr(split, subset, None) if split is not None else None
            if stats is not None:
                found.append(self.group("subset", stats, f"{pool.pointer}/premium_discount/"
                                        f"{subset}", pool.id, subset))
        return found

    def select(self, selector: str | None, context: Context) -> list[Group]:
        if selector is None and context.pool is not None:
            return [context.pool]
        if selector == "pools":
            return list(self.pools)
        if selector == "all loans":
            return list(self.all_loans)
        if selector == "premium and discount loans":
            pools = [context.pool] if context.pool is not None else self.pools
            return [subset for pool in pools for subset in self.subsets(pool)]
        return [*self.pools, *self.all_loans]

    # ---------------------------------------------------------------- values
    def document_value(self, field: vocabulary.Field) -> Any:
        assert field.path is not None
        roots = {"deal": self.deal, "cover": self.filing.cover,
                 "signature": self.filing.signature}
        return _walk(roots.get(field.path[0]), field.path[1:])

    def figure(self, field: vocabulary.Field, value: Any) -> str:
        if field.kind is Kind.MONEY:
            return money(value)
        if field.kind is Kind.PERCENT:
            return percent(value)
        if field.kind is Kind.DATE:
            return date(value)
        if field.kind is Kind.MONTHS:
            return _fill(self.templates.months, {"value": number(value)})
        if field.kind in (Kind.COUNT, Kind.YEARS):
            return number(value)
        return str(value)

    def marked(self, group: Group, field: vocabulary.Field) -> str:
        """The mark of the numbered footnote the filing put beside a group's figure."""
        assert field.path is not None
        note = self.marks.get(f"{group.pointer}/{'/'.join(field.path)}")
        if note is None:
            return ""
        self.notes.setdefault(note.mark, note.text)
        return printed_mark(note.mark)

    def render(self, template: Template, binding: Binding) -> str | None:
        """The template's text, or None when a figure it names is unknown."""
        out: list[str] = []
        for piece in template.pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            text = self.slot(piece, binding)
            if text is None:
                return None
            out.append(text)
        return "".join(out)

    def slot(self, slot: Slot, binding: Binding) -> str | None:
        field = slot.field
        if slot.name == "groups":
            if not binding.groups:
                return None
            conjunction = next((c for c in ("and/or", "or") if c in slot.options), "and")
            return value_list([g.bare if "bare" in slot.options else g.listed
                               for g in binding.groups], conjunction)
        if slot.name == "each":
            return binding.each
        if slot.name == "id":
            if binding.current is None:
                raise TemplateError(f"{self.templates.where}: {{id}} outside a pool")
            return binding.current.id
        if slot.name == "class":
            return binding.certificate.name if binding.certificate is not None else None
        assert field is not None and field.path is not None
        if field.scope is vocabulary.Scope.DOCUMENT:
            value = self.document_value(field)
            return None if value is None else self.figure(field, value)
        if field.scope is vocabulary.Scope.CLASS:
            value = _walk(binding.certificate, field.path)
            return None if value is None else self.figure(field, value)
        values = []
        for group in binding.groups:
            value = _walk(group.node, field.path)
            if value is None:
                return None
            shown = self.figure(field, value)
            if "marked" in slot.options:
                shown += self.marked(group, field)
            values.append(shown)
        if not values:
            return None
        if "shared" in slot.options and len(set(values)) == 1:
            return values[0]
        return value_list(values)

    # ------------------------------------------------------------ sentences
    def chosen(self, selector: str | None, templates: Sequence[Template],
               states: Sequence[vocabulary.Field], context: Context) -> list[Group]:
        """The groups a sentence speaks of: those with all its figures, for which all it
        states holds."""
        return [g for g in self.select(selector, context) if _has(g, templates, states)]

    def sentence(self, name: str, context: Context) -> str | None:
        """A sentence (or the sentences written together) of the template ``name``, marks
        included; None when its facts are not known."""
        noted = dict(self.notes)
        text = self._sentence(name, context)
        if text is None:
            self.notes = noted  # the footnotes of marks it would have printed
        return text

    def _sentence(self, name: str, context: Context) -> str | None:
        spec = self.templates.sentences[name]
        binding = Binding(current=context.pool, certificate=context.certificate)
        about_groups = (spec.groups is not None or bool(spec.states) or any(
            t.uses("groups") or t.figures(vocabulary.Scope.GROUP) for t in spec.texts))
        if about_groups:
            groups = self.chosen(spec.groups, spec.texts, spec.states, context)
            if not groups:
                return None
            binding = attrs.evolve(binding, groups=tuple(groups))
        if spec.each is not None:
            clauses = []
            for group in self.chosen(spec.each.groups, [spec.each.template], (), context):
                clause = self.render(spec.each.template, attrs.evolve(
                    binding, groups=(group,), current=group))
                if clause is not None:
                    clauses.append(clause)
            if not clauses:
                return None
            binding = attrs.evolve(binding, each=value_list(clauses))
        texts = []
        for template in spec.texts:
            text = self.render(template, binding)
            if text is None:
                return None
            texts.append(_capital(text))
        texts[-1] += self.footnote_marks(name)
        self.written += [(f"sentences.{name}", text) for text in texts]
        return " ".join(texts)

    def footnote_marks(self, after: str) -> str:
        """The marks of the dialect's footnotes that stand after ``after``, their footnotes
        kept for the foot of the page."""
        marks = ""
        for note in self.templates.footnotes:
            if note.after != after:
                continue
            text = self.render(note.text, Binding())
            if text is None:  # the deal does not state what the footnote says
                continue
            if note.mark not in self.notes:
                self.written.append((f"footnotes.{note.name}", _capital(text)))
            filed = next((f.text for f in self.filing.footnotes if f.mark == note.mark), None)
            self.notes.setdefault(note.mark, filed or _capital(text))
            marks += printed_mark(note.mark)
        return marks

    def numbered_list(self, name: str, context: Context) -> tuple[str, list[str]] | None:
        spec = self.templates.lists[name]
        groups = [g for g in self.select(spec.groups, context)
                  if any(_has(g, [item]) for item in spec.items)]
        if not groups:
            return None
        binding = Binding(groups=tuple(groups), current=context.pool,
                          certificate=context.certificate)
        noted = dict(self.notes)
        items = [text for item in spec.items if (text := self.render(item, binding))]
        opening = self.render(spec.opening, binding)
        if not items or opening is None:
            self.notes = noted
            return None
        ends = [spec.ends[2] if index == len(items) - 1 else
                spec.ends[1] if index == len(items) - 2 else spec.ends[0]
                for index in range(len(items))]
        items = [item + end for item, end in zip(items, ends, strict=True)]
        opening = _capital(opening)
        self.written.append((f"lists.{name}", " ".join(
            [opening, *(f"{index}. {item}" for index, item in enumerate(items, start=1))])))
        return opening, items

    # ------------------------------------------------------------ paragraphs
    def contexts(self, for_each: str | None) -> list[Context]:
        if for_each == "pool":
            return [Context(pool=pool) for pool in self.pools]
        if for_each == "class":
            return [Context(certificate=c) for c in self.deal.classes]
        return [Context()]

    def paragraphs(self, spec: ParagraphTemplate) -> Iterator[str]:
        for context in self.contexts(spec.for_each):
            texts = [t for name in spec.sentences if (t := self.sentence(name, context))]
            if spec.closing and texts:
                closing = self.sentence(spec.closing, context)
                if closing:
                    texts.append(closing)
            items: list[str] = []
            if spec.list is not None:
                numbered = self.numbered_list(spec.list, context)
                if numbered is not None:
                    texts.append(numbered[0])
                    items = numbered[1]
            if spec.separate:
                yield from (paragraph(text) for text in texts)
            elif texts:
                yield paragraph(" ".join(texts))
            for index, item in enumerate(items, start=1):
                yield list_item(index, item)

    def end_page(self) -> Iterator[str]:
        if self.notes:
            yield footnote_block(list(self.notes.items()))
            self.notes = {}
        yield "<PAGE>\n"

    def description(self) -> Iterator[str]:
        deal, cover = self.deal, self.filing.cover
        depositor = deal.depositor or ast.Depositor()
        if depositor.name or cover.registrant:
            yield centred((depositor.name or cover.registrant or "").upper())
        if deal.title:
            yield centred(deal.title)
            yield centred("-" * len(deal.title))
        yield ""
        if deal.date is not None:
            yield centred(date(deal.date)) + "\n"
        heading = self.templates.heading + self.footnote_marks("heading")
        self.written.append(("heading", heading))
        yield " " + heading
        yield " " + "-" * 78 + "\n"
        for spec in self.templates.paragraphs:
            if spec.new_page:
                yield from self.end_page()
            yield from self.paragraphs(spec)
        if self.notes:
            yield from self.end_page()


def _has(group: Group, templates: Sequence[Template],
         states: Sequence[vocabulary.Field] = ()) -> bool:
    """Whether a group has every group figure the templates name, and every fact stated
    by wording holds for it ("None of ..." is a share of 0; a stated condition is true)."""
    figures = [f for t in templates for f in t.figures(vocabulary.Scope.GROUP)]
    if any(f.path is None or _walk(group.node, f.path) is None for f in figures):
        return False
    for field in states:
        value = _walk(group.node, field.path or ())
        if field.kind is Kind.STATED_TRUE and value is not True:
            return False
        if field.kind is Kind.NONE_IS_ZERO and (not isinstance(value, Decimal) or value != 0):
            return False
    return True


def _walk(node: Any, path: Sequence[str]) -> Any:
    """The value at ``path`` (attribute names from the vocabulary, never from a template)
    below ``node``; None when any step is missing."""
    for part in path:
        if node is None:
            return None
        node = getattr(node, part, None)
    return node
