"""The HTML emitter: one self-contained page to check a compiled deal by eye.

The page shows the filing's text as dealc read it (line for line, with the
original file's line numbers) and highlights every fact where it was read,
restatements (provenance ``also``) included.  Each highlight is a link to the
fact's cell in the deal's tables, and each cell links back to the highlight;
hovering a highlight shows its field, value and JSON pointer in a tooltip,
focusing it (keyboard or click) shows the same in a popover.  Diagnostics are
drawn at their spans (errors and warnings distinct) with a box under the
line that holds the primary span: message, the figures involved, notes and
help.  Unrecognised sentences are marked.

The page needs nothing from outside: the styles and one small script are
inline, and a Content-Security-Policy allows exactly those two (by hash) and
nothing else, so even a page that somehow carried a ``<script>`` from a
filing would not run it.  All text from the filing is escaped, control and
bidirectional formatting characters are shown as ``\\u{1b}`` (as diagnostics
show them), and the same filing gives the same bytes.

The page is built from the standard library only (`html.escape`, `json`).
"""

from __future__ import annotations

import base64
import bisect
import datetime
import hashlib
import html
import json
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from dealc.compiler import ast
from dealc.compiler.diagnostics import Diagnostic, Severity
from dealc.compiler.facts_table import unit_of
from dealc.compiler.fields import SUBSETS, Scope, node_field, report_order, subset_path, walk
from dealc.compiler.source import Source
from dealc.emitters import formatting
from dealc.emitters.formatting import plural

NOT_STATED = "\u2014"  # an em dash: the filing does not state it
_DOT = " \u00b7 "
_PRIMARY = ' class="primary"'

# Characters never written raw: C0 controls but tab and line feed, DEL, C1
# controls, bidirectional formatting characters, lone surrogates (which UTF-8
# cannot carry) and the noncharacters U+FFFE and U+FFFF.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
_SPACES = re.compile(r"[ \t\n]+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_/.@~-]")

_NUMERIC_UNITS = frozenset({"USD", "percent", "count", "months", "years"})


class HtmlEmitter:
    name = "html"
    description = ("One self-contained page: the filing with every fact highlighted, "
                   "linked tables, diagnostics at their spans")
    media_type = "text/html"
    extension = ".html"

    def emit(self, filing: ast.CompiledFiling) -> str:
        return page(filing)


# ---------------------------------------------------------------- escaping
def visible(text: str) -> str:
    """``text`` with every unsafe character written as ``\\u{1b}``: never raw."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda match: f"\\u{{{ord(match.group()):x}}}", text)


def escape(text: str) -> str:
    """Text from the filing, safe as element content and as a quoted attribute value."""
    return html.escape(visible(text), quote=True)


def folded(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space (for cells and labels)."""
    return _SPACES.sub(" ", text).strip()


def source_html(text: str, drop_nul: bool = False) -> str:
    """A piece of the filing's text as it stands in the page: escaped, controls visible.

    In an HTML or EDGAR container a NUL is the padding of a decoded character
    reference and is left out; anywhere else it is shown like any control.
    """
    pieces: list[str] = []
    position = 0
    for match in _UNSAFE.finditer(text):
        pieces.append(html.escape(text[position : match.start()], quote=False))
        character = match.group()
        if not (drop_nul and character == "\x00"):
            code = ord(character)
            pieces.append(f'<span class="ctl" title="U+{code:04X}">\\u{{{code:x}}}</span>')
        position = match.end()
    pieces.append(html.escape(text[position:], quote=False))
    return "".join(pieces)


def _id(prefix: str, pointer: str) -> str:
    return prefix + _ID_UNSAFE.sub("_", pointer)


def fact_id(pointer: str, place: int = 0) -> str:
    """The id of a fact's highlight: ``f/deal/pools/0/balance`` (``@2`` for a restatement)."""
    return _id("f", pointer) + (f"@{place}" if place else "")


def cell_id(pointer: str) -> str:
    """The id of a fact's table cell: ``c/deal/pools/0/balance``."""
    return _id("c", pointer)


# ---------------------------------------------------------------- values
def lookup(filing: ast.CompiledFiling, pointer: str) -> Any:
    """The typed value at a JSON pointer of the filing (``None`` where there is none)."""
    value: Any = filing
    for part in pointer.strip("/").split("/"):
        if isinstance(value, tuple):
            try:
                value = value[int(part)]
            except (ValueError, IndexError):
                return None
        elif attrs.has(type(value)):
            value = getattr(value, part, None)
        else:
            return None
        if value is None:
            return None
    return value


def shown(value: Any, unit: str) -> str:
    """A value the way the filing prints it: $549,864,882.81, 6.298%, February 1, 2003."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return formatting.date(value)
    if isinstance(value, Decimal):
        if unit == "USD":
            return formatting.money(value)
        if unit == "percent":
            return formatting.percent(value)
        return formatting.number(value)
    if isinstance(value, int):
        return str(value)
    return folded(str(value))


# ---------------------------------------------------------------- tables
# The loan groups', the premium and discount split's and the classes' rows come from the
# field table (`dealc.compiler.ast`): (path below the node, label).
_GROUP_FACTS = tuple(walk(ast.LoanGroup, Scope.GROUP))
_GROUP_ROWS: list[tuple[str, str]] = [
    (entry.relative, entry.html_label) for entry in _GROUP_FACTS
    if entry.html_label is not None]


def _split_rows() -> list[tuple[str, str]]:
    """The pool's facts about its premium and discount loans, then each subset's facts."""
    rows = [(entry.relative, entry.fact.subset_label[0]) for entry in _GROUP_FACTS
            if entry.fact.subset_label is not None and not entry.fact.subsets]
    for subset in SUBSETS:
        rows += [(f"{subset_path(subset)}/{entry.relative}",
                  f"{subset.capitalize()} loans: {entry.fact.subset_label[0]}")
                 for entry in _GROUP_FACTS
                 if entry.fact.subsets and entry.fact.subset_label is not None]
    return rows


_SPLIT_ROWS = _split_rows()

_CLASS_COLUMNS: list[tuple[str, str]] = [
    (entry.relative, entry.html_label) for entry in walk(ast.CertificateClass, Scope.CLASS)
    if entry.html_label is not None]

# The deal's and its loss limits' rows: (JSON pointer, label), from the field table.
_DEAL_FACTS = tuple(walk(ast.Deal, Scope.DOCUMENT, ("deal",)))
_LOSS = node_field(ast.Deal, ast.LossLimits)
_LOSS_ROWS: list[tuple[str, str]] = [
    (entry.pointer(""), entry.html_label) for entry in _DEAL_FACTS
    if entry.path[1] == _LOSS and entry.html_label is not None]
_DEAL_ROWS: list[tuple[str, str]] = [
    (entry.pointer(""), entry.html_label) for entry in report_order(_DEAL_FACTS)
    if entry.path[1] != _LOSS and entry.html_label is not None]



def _document_rows(node: type, name: str) -> list[tuple[str, str]]:
    """The rows of the cover or the signature, from the field table: (JSON pointer, label)."""
    return [(entry.pointer(""), entry.html_label)
            for entry in report_order(walk(node, Scope.DOCUMENT, (name,)))
            if entry.html_label is not None and entry.fact.listed is None]


_COVER_ROWS = _document_rows(ast.Cover, "cover")
_SIGNATURE_ROWS = _document_rows(ast.Signature, "signature")

_FIELD_LABELS: dict[str, str] = {
    **dict(_GROUP_ROWS), **dict(_SPLIT_ROWS), **dict(_CLASS_COLUMNS),
    "id": "Pool", "name": "Class",
}
_POINTER_LABELS: dict[str, str] = {
    **dict(_LOSS_ROWS), **dict(_DEAL_ROWS), **dict(_COVER_ROWS), **dict(_SIGNATURE_ROWS),
}


def owner(filing: ast.CompiledFiling, pointer: str) -> tuple[str, str]:
    """What a fact belongs to ("Pool I", "Cover") and its field below that ("balance")."""
    parts = pointer.strip("/").split("/")
    head = parts[:2]
    if head in (["deal", "pools"], ["deal", "classes"]) and len(parts) > 2:
        noun = "Pool" if head[1] == "pools" else "Class"
        name = lookup(filing, "/" + "/".join(parts[:3]) + ("/id" if noun == "Pool" else "/name"))
        return f"{noun} {folded(str(name)) if name is not None else parts[2]}", "/".join(parts[3:])
    if head == ["deal", "all_loans"]:
        return "All loans", "/".join(parts[2:])
    if head == ["deal", "loss_limits"]:
        return "Loss limits", "/".join(parts[2:])
    if parts[0] in ("items", "footnotes") and len(parts) > 2:
        noun, field = ("Item", "number") if parts[0] == "items" else ("Footnote", "mark")
        name = lookup(filing, f"/{parts[0]}/{parts[1]}/{field}")
        return f"{noun} {folded(str(name)) if name is not None else parts[1]}", "/".join(parts[2:])
    return parts[0].capitalize(), "/".join(parts[1:])


def label(filing: ast.CompiledFiling, pointer: str) -> str:
    """A fact's name for people: "Pool I: Weighted average interest rate"."""
    entity, field = owner(filing, pointer)
    name = _POINTER_LABELS.get(pointer) or _FIELD_LABELS.get(field) or field.replace("/", " ")
    return f"{entity}: {name}"


@attrs.define
class _Tables:
    """Builds the table cells, remembering which facts have one (each gets exactly one)."""

    filing: ast.CompiledFiling
    linked: bool
    done: set[str] = attrs.field(factory=set)

    def cell(self, pointer: str, scope: str = "", prefix: str = "") -> str:
        """A ``<td>`` (a ``<th>`` with a ``scope``) holding the fact at ``pointer``, linked
        to its place."""
        value = lookup(self.filing, pointer)
        unit = unit_of(pointer)
        tag = "th" if scope else "td"
        kind = ' class="num"' if unit in _NUMERIC_UNITS and not scope else ""
        if scope:
            kind = f' scope="{scope}"'
        if value is None:
            return f'<{tag}{kind}><span class="ns" title="not stated">{NOT_STATED}</span></{tag}>'
        text = escape(shown(value, unit))
        location = self.filing.provenance.get(pointer)
        if location is None or not self.linked or pointer in self.done:
            return f"<{tag}{kind}>{prefix}{text}</{tag}>"
        self.done.add(pointer)
        more = len(location.also)
        where = f"read at {location.line}:{location.column}" + (
            f"; restated at {more} more place{'s' if more != 1 else ''}" if more else "")
        return (f'<{tag}{kind}>{prefix}<a class="cell" id="{escape(cell_id(pointer))}" '
                f'href="#{escape(fact_id(pointer))}" title="{escape(pointer)}, {where}">'
                f"{text}</a></{tag}>")

    def any(self, pointers: Sequence[str]) -> bool:
        return any(lookup(self.filing, pointer) is not None for pointer in pointers)


def _section(key: str, title: str, body: str, note: str = "") -> str:
    intro = f'<p class="intro">{note}</p>' if note else ""
    return (f'<section class="card" id="{key}" aria-labelledby="{key}-h">'
            f'<h2 id="{key}-h">{title}</h2>{intro}<div class="tw">{body}</div></section>')


def _row_table(tables: _Tables, rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(f'<tr><th scope="row">{escape(name)}</th>{tables.cell(pointer)}</tr>'
                   for pointer, name in rows if lookup(tables.filing, pointer) is not None)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


def _group_table(tables: _Tables, groups: Sequence[tuple[str, str | None]],
                 rows: Sequence[tuple[str, str]]) -> str:
    """Groups side by side: one column per group (its pointer prefix, its id's pointer)."""
    head = "".join(
        tables.cell(id_pointer, scope="col", prefix="Pool ") if id_pointer
        else f'<th scope="col">{escape(_group_name(tables.filing, prefix))}</th>'
        for prefix, id_pointer in groups)
    body = []
    for field, name in rows:
        pointers = [f"{prefix}/{field}" for prefix, _ in groups]
        if not tables.any(pointers):
            continue
        cells = "".join(tables.cell(pointer) for pointer in pointers)
        body.append(f'<tr><th scope="row">{escape(name)}</th>{cells}</tr>')
    return (f'<table class="grid"><thead><tr><th scope="col"><span class="sr">Figure</span></th>'
            f'{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _group_name(filing: ast.CompiledFiling, prefix: str) -> str:
    return "All loans" if prefix.endswith("all_loans") else owner(filing, prefix + "/id")[0]


def tables_html(filing: ast.CompiledFiling, linked: bool) -> tuple[str, set[str]]:
    """The deal's tables, and the pointers of the facts they hold."""
    tables = _Tables(filing, linked)
    sections: list[str] = []
    deal = filing.deal
    if deal is not None:
        groups: list[tuple[str, str | None]] = [
            (f"/deal/pools/{index}", f"/deal/pools/{index}/id") for index in range(len(deal.pools))]
        if deal.all_loans is not None:
            groups.append(("/deal/all_loans", None))
        if groups:
            sections.append(_section("groups", "Loan groups", _group_table(tables, groups,
                                                                           _GROUP_ROWS)))
        pools = [(f"/deal/pools/{index}", None) for index in range(len(deal.pools))]
        split = [f"{prefix}/{field}" for prefix, _ in pools for field, _ in _SPLIT_ROWS]
        if tables.any(split):
            sections.append(_section(
                "premium-discount", "Premium and discount loans", _group_table(tables, pools,
                                                                               _SPLIT_ROWS),
                "Premium loans have net loan rates at or above the threshold; discount loans "
                "below it."))
        if deal.classes:
            header = "".join(f'<th scope="col">{name}</th>' for _, name in _CLASS_COLUMNS)
            body = "".join(
                f"<tr>{tables.cell(f'/deal/classes/{index}/name', scope='row')}"
                + "".join(tables.cell(f"/deal/classes/{index}/{field}")
                          for field, _ in _CLASS_COLUMNS) + "</tr>"
                for index in range(len(deal.classes)))
            sections.append(_section("classes", "Certificate classes", (
                f'<table class="grid"><thead><tr><th scope="col">Class</th>{header}</tr></thead>'
                f"<tbody>{body}</tbody></table>")))
        if tables.any([pointer for pointer, _ in _LOSS_ROWS]):
            sections.append(_section("loss-limits", "Loss limits", _row_table(tables, _LOSS_ROWS)))
        if tables.any([pointer for pointer, _ in _DEAL_ROWS]):
            sections.append(_section("transfer", "Deal and transfer",
                                     _row_table(tables, _DEAL_ROWS)))
    if tables.any([pointer for pointer, _ in _COVER_ROWS]):
        sections.append(_section("cover", "Cover page", _row_table(tables, _COVER_ROWS)))
    if tables.any([pointer for pointer, _ in _SIGNATURE_ROWS]):
        sections.append(_section("signature", "Signature", _row_table(tables, _SIGNATURE_ROWS)))
    rest = [pointer for pointer in filing.provenance if pointer not in tables.done]
    if rest:
        body = "".join(f'<tr><th scope="row">{escape(label(filing, pointer))}</th>'
                       f"{tables.cell(pointer)}</tr>" for pointer in rest)
        sections.append(_section("other", "Other facts",
                                 f'<table class="kv"><tbody>{body}</tbody></table>',
                                 "Items, footnotes and the facts no table above shows."))
    return "".join(sections), tables.done


# ---------------------------------------------------------------- places in the text
@attrs.frozen
class _Entry:
    pointer: str
    place: int  # 0 where first read, k for its k-th restatement
    places: int  # how many places the fact has in all
    location: ast.Location


@attrs.define(eq=False)
class _Place:
    """A range of the text where one or more facts were read."""

    number: int
    start: int
    end: int
    entries: list[_Entry] = attrs.field(factory=list)

    @property
    def restated(self) -> bool:
        return all(entry.place > 0 for entry in self.entries)


@attrs.define(eq=False)
class _Mark:
    """An element over a range of the text: opened and closed as often as the layout needs."""

    start: int
    end: int
    rank: int  # outermost first: unrecognised, diagnostic labels, stops, aliases, facts
    tag: str
    every: str  # attributes of every piece
    first: str = ""  # attributes of the first piece only (its id)
    rest: str = ""  # attributes of the later pieces only
    place: _Place | None = None  # for facts and aliases: open only where this place owns
    seq: int = 0
    opened: bool = False

    def key(self) -> tuple[int, int, int, int]:
        return (self.rank, self.start, -self.end, self.seq)

    def open(self) -> str:
        extra = self.rest if self.opened else self.first
        self.opened = True
        return f"<{self.tag}{self.every}{extra}>"


def _offset(source: Source, line: int, column: int) -> int:
    starts = source.line_starts
    line = max(1, min(line, len(starts)))
    return max(0, min(starts[line - 1] + column - 1, len(source.text)))


def _places(filing: ast.CompiledFiling, source: Source) -> list[_Place]:
    by_range: dict[tuple[int, int], _Place] = {}
    for pointer, location in filing.provenance.items():
        every = (location, *location.also)
        for index, where in enumerate(every):
            start = _offset(source, where.line, where.column)
            end = max(start, _offset(source, where.end_line, where.end_column))
            place = by_range.get((start, end))
            if place is None:
                place = by_range[(start, end)] = _Place(len(by_range), start, end)
            place.entries.append(_Entry(pointer, index, len(every), where))
    places = sorted(by_range.values(), key=lambda p: (p.start, -p.end, p.number))
    for index, place in enumerate(places):
        place.number = index
        place.entries.sort(key=lambda entry: entry.place > 0)  # first readings first
    return places


@attrs.define
class _Text:
    """The filing pane: lines, highlights, diagnostics at their spans."""

    filing: ast.CompiledFiling
    source: Source
    cells: set[str]
    marks: list[_Mark] = attrs.field(factory=list)
    points: dict[int, list[str]] = attrs.field(factory=dict)
    boxes: dict[int, list[str]] = attrs.field(factory=dict)  # after line (0-based)
    gutter: dict[int, set[str]] = attrs.field(factory=dict)
    places: list[_Place] = attrs.field(factory=list)
    data: list[list[list[str]]] = attrs.field(factory=list)
    top: list[str] = attrs.field(factory=list)  # diagnostics with no place
    spans: list[tuple[int, int, int]] = attrs.field(factory=list)

    def line_of(self, offset: int) -> int:
        """0-based line of an offset."""
        return max(0, bisect.bisect_right(self.source.line_starts, offset) - 1)

    def lines(self) -> list[tuple[int, int, int]]:
        """Each line's start, the end of its indentation and its end (before its line feed)."""
        if not self.spans:
            text, starts = self.source.text, self.source.line_starts
            for index, start in enumerate(starts):
                end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
                indent = start
                while indent < end and text[indent] in " \t":
                    indent += 1
                self.spans.append((start, indent, end))
        return self.spans

    def visible(self, start: int, end: int) -> bool:
        """Whether a range holds text that is shown highlighted: neither line feeds nor
        the indentation of a line (which is never highlighted)."""
        spans = self.lines()
        for index in range(self.line_of(start), self.line_of(max(start, end - 1)) + 1):
            _, indent, line_end = spans[index]
            if max(start, indent) < min(end, line_end):
                return True
        return False

    def add(self, mark: _Mark, point: str) -> None:
        """A mark over visible text, or ``point`` at its start where it covers none."""
        mark.seq = len(self.marks)
        if mark.end > mark.start and self.visible(mark.start, mark.end):
            self.marks.append(mark)
        else:
            self.points.setdefault(mark.start, []).append(point)

    def flag(self, start: int, end: int, kind: str) -> None:
        for line in range(self.line_of(start), self.line_of(max(start, end - 1)) + 1):
            self.gutter.setdefault(line, set()).add(kind)

    # -- facts
    def facts(self) -> None:
        self.places = _places(self.filing, self.source)
        for place in self.places:
            self.data.append([self.describe(entry) for entry in place.entries])
            first = place.entries[0]
            names = "\n".join(f"{label(self.filing, e.pointer)} = {self.value(e.pointer)}"
                              f"\n  {e.pointer}{_nth(e)}" for e in place.entries)
            classes = "fact also" if place.restated else "fact"
            if place.end - place.start > 80 or "\n" in self.source.text[place.start : place.end]:
                classes += " long"
            href = (f"#{cell_id(first.pointer)}" if first.pointer in self.cells else "#deal")
            every = (f' class="{classes}" href="{escape(href)}" data-loc="{place.number}"'
                     f' title="{escape(names)}"')
            self.add(_Mark(place.start, place.end, 5, "a", every,
                           first=f' id="{escape(fact_id(first.pointer, first.place))}"',
                           rest=' tabindex="-1"', place=place),
                     f'<a{every} id="{escape(fact_id(first.pointer, first.place))}">'
                     f'<span class="sr">(empty)</span></a>')
            for entry in place.entries[1:]:
                alias = escape(fact_id(entry.pointer, entry.place))
                self.add(_Mark(place.start, place.end, 4, "span", ' class="alias"',
                               first=f' id="{alias}"', place=place),
                         f'<span class="alias" id="{alias}"></span>')

    def value(self, pointer: str) -> str:
        """The value as shown in a tooltip or popover: a long text cut at 200 characters."""
        value = lookup(self.filing, pointer)
        if value is None:
            return NOT_STATED
        text = visible(shown(value, unit_of(pointer)))
        return text if len(text) <= 200 else text[:197] + "..."

    def describe(self, entry: _Entry) -> list[str]:
        """What the popover shows of a fact: heading, field, value, pointer, place."""
        field = owner(self.filing, entry.pointer)[1]
        where = f"line {entry.location.line}, column {entry.location.column}{_nth(entry)}"
        return [visible(label(self.filing, entry.pointer)), field, self.value(entry.pointer),
                entry.pointer, where]

    # -- unrecognised sentences
    def unrecognised(self) -> None:
        for item in self.filing.unrecognized:
            title = ' title="not recognised: no grammar rule matches this sentence"'
            self.add(_Mark(item.span.start, item.span.end, 0, "span", ' class="ur"' + title),
                     f'<span class="ur point"{title}></span>')
            self.flag(item.span.start, item.span.end, "unrec")
            if item.stopped_at is not None:
                stop = ' class="stop" title="no rule matches from here"'
                self.add(_Mark(item.stopped_at.start, item.stopped_at.end, 2, "span", stop),
                         f"<span{stop}></span>")

    # -- diagnostics
    def diagnostics(self) -> None:
        for number, diagnostic in enumerate(self.filing.diagnostics, 1):
            severity = diagnostic.severity.value
            labels = ([diagnostic.primary] if diagnostic.primary else []) + list(
                diagnostic.secondary)
            figures = []
            for index, item in enumerate(labels):
                primary = index == 0 and diagnostic.primary is not None
                ident = f"d{number}-{index}"
                title = escape(f"{severity}[{diagnostic.code}]: {item.text or diagnostic.message}")
                classes = f"dl {severity}" + (" primary" if primary else "")
                self.add(_Mark(item.span.start, item.span.end, 1, "span",
                               f' class="{classes}" title="{title}"', first=f' id="{ident}"'),
                         f'<span class="dp {severity}" id="{ident}" title="{title}"></span>')
                self.flag(item.span.start, item.span.end, severity)
                line, column = self.source.position(item.span.start)
                figure = folded(self.source.text[item.span.start : item.span.end])
                if len(figure) > 72:
                    figure = figure[:69] + "..."
                figures.append(
                    f"<li{_PRIMARY if primary else ''}><a href=\"#{ident}\">"
                    f"{line}:{column}</a> "
                    + (f"<code>{escape(figure)}</code> " if figure else "")
                    + f'<span class="lt">{escape(item.text)}</span></li>')
            box = diagnostic_box(diagnostic, number, figures)
            if diagnostic.primary is None:
                self.top.append(box)
            else:
                span = diagnostic.primary.span
                line = self.line_of(max(span.start, span.end - 1))
                self.boxes.setdefault(line, []).append(box)

    # -- rendering
    def render(self) -> Iterator[str]:
        text = self.source.text
        drop_nul = self.source.container != "text"
        spans = self.lines()
        lines = [(start, end) for start, _, end in spans]
        indents = {start: indent for start, indent, _ in spans}
        points: dict[int, list[str]] = {}
        for offset, items in sorted(self.points.items()):
            points.setdefault(min(offset, len(text)), []).extend(items)
        bounds = sorted({b for span in spans for b in span}
                        | {b for m in self.marks for b in (m.start, m.end)}
                        | {b for p in self.places for b in (p.start, p.end)}
                        | set(points))
        owners = self._owners(bounds)
        ordered = sorted(self.marks, key=lambda m: (m.start, m.seq))
        next_mark = 0
        active: list[_Mark] = []
        cursor = 0
        yield from self.top
        for index, (line_start, line_end) in enumerate(lines):
            flags = self.gutter.get(index, set())
            severity = next((kind for kind in ("error", "warning", "note", "unrec")
                             if kind in flags), None)
            classes = "l" + (f" g-{severity}" if severity else "")
            out = [f'<div class="{classes}" id="L{index + 1}" data-n="{index + 1}">']
            stack: list[_Mark] = []
            while cursor < len(bounds) and bounds[cursor] < line_start:
                cursor += 1
            while cursor < len(bounds) and bounds[cursor] <= line_end:
                here = bounds[cursor]
                if here in points:
                    out.extend(_close(stack, 0))
                    out.extend(points.pop(here))
                if here == line_end:
                    break
                after = bounds[cursor + 1]
                while next_mark < len(ordered) and ordered[next_mark].start <= here:
                    active.append(ordered[next_mark])
                    next_mark += 1
                active = [m for m in active if m.end > here]
                holder = owners.get(here)
                wanted = [] if here < indents[line_start] else sorted(
                    (m for m in active
                     if m.place is None or (holder is not None and m.place is holder[0])),
                    key=_Mark.key)
                out.extend(_transition(stack, wanted, holder[1] if holder else []))
                out.append(source_html(text[here:after], drop_nul))
                cursor += 1
            out.extend(_close(stack, 0))
            out.append("</div>")
            yield "".join(out)
            yield from self.boxes.get(index, [])

    def _owners(self, bounds: list[int]) -> dict[int, tuple[_Place, list[int]]]:
        """For each elementary segment (by its start): the place whose highlight holds it,
        the shortest place covering it, and the other places around it.  Line feeds and
        indentation belong to none."""
        hidden = {start: indent for start, indent, _ in self.lines()}
        hidden.update({end: end + 1 for _, _, end in self.lines()})
        starts = sorted(hidden)
        ordered = sorted((p for p in self.places if p.end > p.start),
                         key=lambda p: (p.start, p.number))
        result: dict[int, tuple[_Place, list[int]]] = {}
        covering: dict[int, list[_Place]] = {}
        owned: set[int] = set()
        active: list[_Place] = []
        next_place = 0
        for here in bounds:
            line_start = starts[bisect.bisect_right(starts, here) - 1]
            if here < hidden[line_start]:
                continue
            while next_place < len(ordered) and ordered[next_place].start <= here:
                active.append(ordered[next_place])
                next_place += 1
            active = [p for p in active if p.end > here]
            if not active:
                continue
            best = min(active, key=lambda p: (p.end - p.start, p.start, p.number))
            covering[here] = list(active)
            result[here] = (best, [p.number for p in active if p is not best])
            owned.add(best.number)
        # A place whose every character shorter places hold still gets its first segment.
        for place in ordered:
            if place.number in owned:
                continue
            for here in sorted(covering):
                if place.start <= here < place.end and place in covering[here]:
                    result[here] = (place, [p.number for p in covering[here] if p is not place])
                    owned.add(place.number)
                    break
        return result


def _nth(entry: _Entry) -> str:
    """Which of a fact's places this is, where it has several: " (place 2 of 12, restated)"."""
    if entry.places < 2:
        return ""
    how = "first read" if entry.place == 0 else "restated"
    return f" (place {entry.place + 1} of {entry.places}, {how})"


def _transition(stack: list[_Mark], wanted: list[_Mark], outer: list[int]) -> Iterator[str]:
    """Close what ``stack`` has and ``wanted`` has not, open the rest (outermost first)."""
    common = 0
    while common < len(stack) and common < len(wanted) and stack[common] is wanted[common]:
        common += 1
    yield from _close(stack, common)
    for mark in wanted[common:]:
        opening = mark.open()
        if mark.tag == "a" and outer:
            opening = (opening.replace('class="fact', 'class="fact nested', 1)[:-1]
                       + f' data-in="{" ".join(map(str, outer))}">')
        stack.append(mark)
        yield opening


def _close(stack: list[_Mark], keep: int) -> Iterator[str]:
    while len(stack) > keep:
        yield f"</{stack.pop().tag}>"


def diagnostic_box(diagnostic: Diagnostic, number: int, figures: list[str]) -> str:
    severity = diagnostic.severity.value
    notes = "".join(f'<p class="dn"><b>note:</b> {escape(note)}</p>' for note in diagnostic.notes)
    helped = (f'<p class="dn"><b>help:</b> {escape(diagnostic.help)}</p>'
              if diagnostic.help else "")
    listed = f'<ul class="figs">{"".join(figures)}</ul>' if figures else ""
    return (f'<div class="diag {severity}" id="d{number}" role="note" '
            f'aria-labelledby="d{number}-h"><p class="dh" id="d{number}-h">'
            f'<span class="sev">{severity}</span> <code>{escape(diagnostic.code)}</code> '
            f"{escape(diagnostic.message)}</p>{listed}{notes}{helped}</div>")


# ---------------------------------------------------------------- the page
def _counts(filing: ast.CompiledFiling) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for diagnostic in filing.diagnostics:
        counts[diagnostic.severity] += 1
    for record in filing.diagnostic_records if not filing.diagnostics else ():
        severity = str(record.get("severity"))
        if severity in Severity.__members__.values():
            counts[Severity(severity)] += 1
    return counts


def summary_html(filing: ast.CompiledFiling, places: int) -> str:
    counts = _counts(filing)
    recognised = sum(1 for record in filing.sentences if record.action is not None)
    chips = [("facts", plural(len(filing.provenance), "fact")
              + (f" at {plural(places, 'place')}" if places else ""))]
    if filing.sentences:
        chips.append(("sentences",
                      f"{recognised} of {plural(len(filing.sentences), 'sentence')} recognised"))
    else:
        chips.append(("sentences", f"no sentences parsed (kind: {escape(filing.kind)})"))
    chips += [
        ("errors" + (" bad" if counts[Severity.ERROR] else ""),
         plural(counts[Severity.ERROR], "error")),
        ("warnings" + (" warn" if counts[Severity.WARNING] else ""),
         plural(counts[Severity.WARNING], "warning")),
        ("notes", plural(counts[Severity.NOTE], "note")),
    ]
    if recognised < len(filing.sentences):
        chips[1] = (chips[1][0] + " warn", chips[1][1])
    body = '<span class="sep" aria-hidden="true"> \u00b7 </span>'.join(
        f'<span class="chip {kind}">{text}</span>' for kind, text in chips)
    return f'<p class="summary" id="summary">{body}</p>'


def diagnostics_list(filing: ast.CompiledFiling, linked: bool) -> str:
    items = []
    for number, diagnostic in enumerate(filing.diagnostics, 1):
        severity = diagnostic.severity.value
        where = ""
        if diagnostic.primary is not None and filing.text is not None:
            line, column = filing.text.position(diagnostic.primary.span.start)
            where = f"{line}:{column}"
        code = f'<span class="sev">{severity}</span> <code>{escape(diagnostic.code)}</code>'
        head = f'<a href="#d{number}">{code}</a>' if linked else code
        items.append(f'<li class="{severity}">{head} {escape(diagnostic.message)}'
                     + (f' <span class="where">{where}</span>' if where else "") + "</li>")
    if not filing.diagnostics:
        for record in filing.diagnostic_records:
            severity = escape(str(record.get("severity", "")))
            items.append(f'<li class="{severity}"><span class="sev">{severity}</span> '
                         f'<code>{escape(str(record.get("code", "")))}</code> '
                         f'{escape(str(record.get("message", "")))}</li>')
    if not items:
        body = '<p class="ok">None: every sentence was recognised and every check passed.</p>'
    else:
        body = f'<ol class="dlist">{"".join(items)}</ol>'
    return _section("diagnostics", "Diagnostics", body)


_LEGEND = (
    '<p class="legend" aria-label="Legend">'
    '<span class="key"><span class="fact sample">$1.00</span> a fact, where first read</span>'
    '<span class="key"><span class="fact also sample">$1.00</span> restated</span>'
    '<span class="key"><span class="dl error primary sample">$1.00</span> error</span>'
    '<span class="key"><span class="dl warning primary sample">$1.00</span> warning</span>'
    '<span class="key"><span class="ur sample">text</span> sentence not recognised</span>'
    "</p>"
)


def _title(filing: ast.CompiledFiling) -> str:
    deal = filing.deal
    return (
        (deal.title if deal is not None and deal.title else None)
        or filing.cover.issuer or filing.cover.registrant or filing.source.path
    )


def _line_count(source: Source) -> int:
    """Lines as an editor counts them: a final line feed ends the last line."""
    return len(source.line_starts) - (1 if source.text.endswith("\n") else 0)


def _json_script(data: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to parse."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def page(filing: ast.CompiledFiling) -> str:
    """The whole page, one string; the same filing gives the same string."""
    source = filing.text
    linked = source is not None
    tables, cells = tables_html(filing, linked)
    text_lines: list[str] = []
    places: list[list[list[str]]] = []
    if source is not None:
        pane = _Text(filing, source, cells)
        pane.facts()
        pane.unrecognised()
        pane.diagnostics()
        text_lines = list(pane.render())
        places = pane.data
    title = _title(filing)
    registrant = filing.cover.registrant
    meta = [escape(filing.source.path), f"kind: {escape(filing.kind)}",
            f"sha256 {escape(filing.source.sha256[:12])}"]
    if registrant and registrant != title:
        meta.insert(0, escape(folded(registrant)))
    if source is not None:
        filing_pane = (
            '<section class="filing" id="filing" aria-labelledby="filing-h" tabindex="-1">'
            '<h2 class="filing-h" id="filing-h">The filing as read '
            f'<span class="count">{plural(_line_count(source), "line")}</span></h2>'
            f'<div class="src">{"".join(text_lines)}</div></section>')
        skip = '<a class="skip" href="#filing">Skip to the filing text</a>'
    else:
        filing_pane = ('<section class="filing" id="filing"><p class="intro">The filing\'s '
                       "text is not available (this deal was read back from JSON), so its "
                       "facts cannot be shown where they were read.</p></section>")
        skip = ""
    body = (
        f"{skip}<header><h1>{escape(folded(title))}</h1>"
        f'<p class="meta">{_DOT.join(meta)}</p>'
        f"{summary_html(filing, len(places))}{_LEGEND if linked else ''}</header>"
        f'<main><div class="deal" id="deal" aria-label="Deal tables">'
        f"{diagnostics_list(filing, linked)}{tables}</div>{filing_pane}</main>"
        '<div id="pop" role="tooltip" hidden></div>'
    )
    data = f'<script type="application/json" id="dealc-places">{_json_script(places)}</script>'
    policy = (f"default-src 'none'; style-src '{_hash(STYLE)}'; script-src '{_hash(SCRIPT)}'; "
              "img-src 'none'; base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        '<meta name="generator" content="dealc">\n'
        f"<title>{escape(folded(title))} \u2014 dealc report</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n{data}\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


STYLE = """
:root{--ink:#1f2933;--muted:#5f6b7a;--rule:#e3e8ef;--panel:#f4f6f9;--link:#1c4fbf;
--focus:#0b3d91;--fact:#fde68a;--fact-line:#b7791f;--also:#fef6d8;--error:#c0262d;
--error-bg:#fde3e4;--warning:#b35c00;--warning-bg:#fff0d9;--note:#2f6fb3;--unrec:#fdeedd;
--mono:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}
*{box-sizing:border-box}
html{color:var(--ink);background:var(--panel);font:14px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue","Liberation Sans",Arial,sans-serif}
body{margin:0}
a{color:var(--link)}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:8px;top:-40px;background:#fff;padding:6px 10px;border-radius:4px;
z-index:10}
.skip:focus{top:8px}
header{background:#fff;border-bottom:1px solid var(--rule);padding:14px 24px 12px}
h1{font-size:19px;line-height:1.3;margin:0;font-weight:650;letter-spacing:-.01em}
.meta{margin:2px 0 0;color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
.summary{margin:10px 0 0;display:flex;flex-wrap:wrap;align-items:center;gap:4px}
.summary .sep{color:#a0aab6}
.chip{display:inline-block;padding:1px 9px;border-radius:999px;background:var(--panel);
border:1px solid var(--rule);font-size:12.5px;font-weight:550}
.chip.bad{background:var(--error-bg);border-color:#f3a3a7;color:#8f1219}
.chip.warn{background:var(--warning-bg);border-color:#f2c27f;color:#7a3e00}
.legend{margin:8px 0 0;display:flex;flex-wrap:wrap;gap:14px;color:var(--muted);font-size:12px}
.key .sample{font-family:var(--mono);font-size:11.5px;margin-right:4px;color:var(--ink)}
main{display:block}
.deal{padding:16px 20px}
.card{background:#fff;border:1px solid var(--rule);border-radius:8px;padding:10px 14px 12px;
margin:0 0 14px}
h2{font-size:14px;margin:0 0 6px;font-weight:650}
.intro{margin:0 0 6px;color:var(--muted);font-size:12.5px}
.ok{margin:0;color:#22633a}
.tw{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:3px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #eef1f5}
tbody tr:last-child>*{border-bottom:0}
thead th{color:var(--muted);font-weight:600;border-bottom:1px solid var(--rule);white-space:nowrap}
tbody th{font-weight:400;color:#3a4654}
.grid td,.grid thead th:not(:first-child){text-align:right}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.kv th{width:42%}
.kv td.num{text-align:left}
.ns{color:#a0aab6}
a.cell{text-decoration:none;border-bottom:1px dotted #8aa4d6;font-variant-numeric:tabular-nums}
a.cell:hover{border-bottom-style:solid}
a.cell:target{background:var(--fact);outline:2px solid var(--fact-line);outline-offset:1px}
.dlist{margin:0;padding:0;list-style:none}
.dlist li{padding:4px 0 4px 10px;border-left:3px solid var(--note);margin:0 0 4px}
.dlist li.error{border-color:var(--error)}
.dlist li.warning{border-color:var(--warning)}
.dlist .where{color:var(--muted);font-family:var(--mono);font-size:12px}
.sev{font-weight:700;text-transform:uppercase;font-size:11px;letter-spacing:.04em;
padding:0 5px;border-radius:3px;color:#fff;background:var(--note)}
.error .sev{background:var(--error)}
.warning .sev{background:var(--warning)}
.filing{background:#fff;border-left:1px solid var(--rule);font-family:var(--mono);
font-size:12.5px}
.filing-h{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,
sans-serif;padding:12px 16px 8px;margin:0;position:sticky;top:0;background:#fff;z-index:2;
border-bottom:1px solid var(--rule)}
.filing-h .count{color:var(--muted);font-weight:400;font-size:12.5px;margin-left:6px}
.src{padding:6px 12px 24px 0}
.l{position:relative;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.55;
min-height:1.55em;padding-left:5.2em;tab-size:8;scroll-margin:30vh 0}
.l::before{content:attr(data-n);position:absolute;left:0;width:3.6em;padding-right:.5em;
text-align:right;color:#a7b0bc;border-right:3px solid transparent;user-select:none}
.l.g-error::before{color:var(--error);border-right-color:var(--error);font-weight:700}
.l.g-warning::before{color:var(--warning);border-right-color:var(--warning);font-weight:700}
.l.g-note::before{border-right-color:var(--note)}
.l.g-unrec::before{border-right-color:#e8a25c}
.l:target{background:#eef4ff}
.fact,.fact:visited{color:inherit;text-decoration:none;background:var(--fact);
border-bottom:2px solid var(--fact-line);border-radius:2px;scroll-margin:30vh 0}
.fact.also{background:var(--also);border-bottom:1px dashed var(--fact-line)}
.fact.long{background:#fffaeb;border-bottom:1px solid var(--fact-line)}
.fact.nested{box-shadow:0 3px 0 -1px #7b5a14}
a.fact:hover{background:#fcd34d}
a.fact:focus-visible{outline:2px solid var(--focus);outline-offset:1px;background:#fcd34d}
a.fact:target,.alias:target>a.fact{background:#fbbf24;outline:2px solid #1f2933;
outline-offset:1px}
.alias{scroll-margin:30vh 0}
.dl{text-decoration:underline wavy;text-decoration-thickness:1px;text-underline-offset:3px;
text-decoration-skip-ink:none}
.dl.error{text-decoration-color:var(--error)}
.dl.warning{text-decoration-color:var(--warning)}
.dl.note{text-decoration-color:var(--note)}
.dl.primary{text-decoration-thickness:2px}
.dl.error.primary{background:var(--error-bg)}
.dl.warning.primary{background:var(--warning-bg)}
.dl.error a.fact{background:var(--error-bg);border-bottom-color:var(--error)}
.dl.warning a.fact{border-bottom-color:var(--warning)}
.dl:target{outline:2px solid var(--focus)}
.dp{display:inline-block;width:2px;height:1.2em;vertical-align:text-bottom;background:var(--note)}
.dp.error{background:var(--error)}
.dp.warning{background:var(--warning)}
.ur{background:var(--unrec)}
.stop{outline:1px solid var(--warning);outline-offset:-1px}
.ctl{color:#fff;background:#6b7785;border-radius:2px;font-size:.85em;padding:0 1px}
.diag{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;
font-size:13px;margin:4px 0 8px 5.2em;padding:8px 12px;border:1px solid var(--rule);
border-left:4px solid var(--note);border-radius:4px;background:#f5f9ff;white-space:normal;
max-width:78ch}
.diag.error{border-left-color:var(--error);background:#fff6f6;border-color:#f3c4c7}
.diag.warning{border-left-color:var(--warning);background:#fffaf2;border-color:#f2d7b0}
.diag:target{box-shadow:0 0 0 2px var(--focus)}
.diag,.dl,.dp{scroll-margin:35vh 0 20vh}
.dh{margin:0 0 4px;font-weight:600}
.diag code,.dlist code{font-family:var(--mono);font-size:12px}
.figs{margin:4px 0;padding:0 0 0 2px;list-style:none}
.figs li{margin:1px 0;display:flex;gap:10px;align-items:baseline}
.figs li a{font-family:var(--mono);font-size:12px;flex:none;min-width:4.2em}
.figs code{overflow-wrap:anywhere}
.figs .lt{flex:none}
.figs li.primary code{font-weight:700}
.figs .lt{color:var(--muted)}
.dn{margin:3px 0 0;color:#34404d}
#pop{position:fixed;z-index:20;max-width:440px;background:#1f2933;color:#f4f6f9;border-radius:6px;
padding:8px 12px;font-size:12.5px;box-shadow:0 6px 24px rgba(16,24,40,.25);pointer-events:none}
#pop[hidden]{display:none}
#pop .ph{margin:0 0 3px;font-weight:650;color:#fff}
#pop .ph.in{margin-top:8px;color:#cbd2d9;font-weight:500}
#pop dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:1px 10px}
#pop dt{color:#9aa5b1}
#pop dd{margin:0;font-family:var(--mono);font-size:12px;overflow-wrap:anywhere}
@media screen and (min-width:1100px){
html,body{height:100%;overflow:hidden}
body{display:flex;flex-direction:column}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1fr) auto}
.deal,.filing{overflow:auto;min-height:0;position:relative}
.filing{width:calc(84ch + 6.5em);max-width:60vw}
}
@media print{
html{background:#fff;font-size:9.5pt}
html,body{display:block;height:auto;overflow:visible}
.skip,#pop{display:none}
header{padding:0 0 6pt;border-bottom:1pt solid #999}
main,.deal,.filing{display:block;overflow:visible;height:auto;width:auto;max-width:none}
.deal{padding:6pt 0}
.card{border:0;padding:0;margin:0 0 10pt;break-inside:avoid}
.tw{overflow:visible}
.filing{border:0;break-before:page;font-size:8pt}
.filing-h{position:static;padding:0 0 4pt}
a{color:inherit}
a.cell{border-bottom:0}
.diag{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

SCRIPT = """
(function () {
  "use strict";
  var places = JSON.parse(document.getElementById("dealc-places").textContent);
  var pop = document.getElementById("pop");
  var current = null;
  function describe(entries, within) {
    entries.forEach(function (entry) {
      var heading = document.createElement("p");
      heading.className = within ? "ph in" : "ph";
      heading.textContent = (within ? "within " : "") + entry[0];
      pop.appendChild(heading);
      var list = document.createElement("dl");
      [["field", entry[1]], ["value", entry[2]], ["pointer", entry[3]], ["place", entry[4]]]
        .forEach(function (row) {
          var term = document.createElement("dt");
          term.textContent = row[0];
          var value = document.createElement("dd");
          value.textContent = row[1];
          list.appendChild(term);
          list.appendChild(value);
        });
      pop.appendChild(list);
    });
  }
  function place() {
    var box = current.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left, window.innerWidth - pop.offsetWidth - 8));
    var top = box.bottom + 6;
    if (top + pop.offsetHeight > window.innerHeight - 8) {
      top = Math.max(8, box.top - pop.offsetHeight - 6);
    }
    pop.style.left = left + "px";
    pop.style.top = top + "px";
  }
  function show(element) {
    var index = Number(element.getAttribute("data-loc"));
    if (!places[index]) { return; }
    current = element;
    pop.textContent = "";
    describe(places[index], false);
    (element.getAttribute("data-in") || "").split(" ").forEach(function (outer) {
      if (outer !== "" && places[Number(outer)]) { describe(places[Number(outer)], true); }
    });
    pop.hidden = false;
    place();
  }
  function hide() {
    current = null;
    pop.hidden = true;
  }
  document.addEventListener("focusin", function (event) {
    var element = event.target.closest ? event.target.closest("a.fact") : null;
    if (element) { show(element); } else { hide(); }
  });
  document.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (!next || !next.closest || !next.closest("a.fact")) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
  document.addEventListener("scroll", function () { if (current) { place(); } }, true);
  window.addEventListener("resize", function () { if (current) { place(); } });
}());
"""
