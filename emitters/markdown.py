"""The Markdown emitter: a report a person reads, in GitHub-flavoured Markdown.

Cover facts, the transfer, the loan groups side by side, the premium and
discount split, the classes, the loss limits, the footnotes and the
diagnostics.  Figures are written as the filing prints them; text taken from
the filing is escaped so that a ``|`` or ``*`` in it cannot break a table, and
a control character in it is written as ``\\u{1b}``, never raw.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

import attrs

from dealc.compiler import ast
from dealc.compiler.diagnostics import Diagnostic
from dealc.compiler.fields import Entry, Kind, Scope, node_field, record_of, report_order, walk
from dealc.compiler.render import escape as controls
from dealc.emitters.formatting import date, money, number, percent

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")
NOT_STATED = "n/s"


class MarkdownEmitter:
    name = "markdown"
    description = "A readable report: cover, transfer, pools side by side, classes, diagnostics"
    media_type = "text/markdown"
    extension = ".md"

    def emit(self, filing: ast.CompiledFiling) -> str:
        return "\n".join(report(filing)).rstrip() + "\n"


def escape(text: str) -> str:
    """Text from the filing, safe inside Markdown and inside a table cell.

    A control or bidirectional formatting character is written as ``\\u{1b}``,
    as diagnostics show it (`dealc.compiler.render.escape`): never raw.
    """
    return _SPECIAL.sub(r"\\\1", controls(" ".join(text.split())))


def cell(value: Any, show: Callable[[Any], str] | None = None) -> str:
    if value is None:
        return NOT_STATED
    if show is not None:
        return show(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int):
        return number(value)
    return escape(str(value))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join(" --- " if i == 0 else " ---: " for i in range(len(header))) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"
    yield ""


def report(filing: ast.CompiledFiling) -> Iterator[str]:
    deal = filing.deal
    title = (deal.title if deal and deal.title else None) or filing.cover.issuer or (
        filing.cover.registrant) or filing.source.path
    yield f"# {escape(title)}"
    yield ""
    yield (f"Compiled by dealc from `{controls(filing.source.path.replace('`', ''))}` "
           f"(kind: {filing.kind}). {NOT_STATED}: not stated in the filing.")
    yield ""
    yield from cover_section(filing.cover, filing.items)
    if deal is not None:
        yield from transfer_section(deal)
        yield from groups_section(deal)
        yield from premium_discount_section(deal)
        yield from classes_section(deal)
        yield from loss_limits_section(deal)
    if filing.signature is not None:
        signature = filing.signature
        yield "## Signature"
        yield ""
        yield from table(["", ""], [[str(e.label), cell(e.get(signature), _SHOW.get(e.fact.kind))]
                                    for e in _SIGNATURE_FACTS])
    if filing.footnotes:
        yield "## Footnotes"
        yield ""
        for footnote in filing.footnotes:
            yield f"- ({escape(footnote.mark)}) {escape(footnote.text)}"
        yield ""
    yield from diagnostics_section(filing)


# The cover's and the signature's rows, from the field table.
_COVER_FACTS = tuple(e for e in report_order(walk(ast.Cover, Scope.DOCUMENT))
                     if e.fact.markdown and e.label is not None)
_SIGNATURE_FACTS = tuple(walk(ast.Signature, Scope.DOCUMENT))


def cover_section(cover: ast.Cover, items: Sequence[ast.Item]) -> Iterator[str]:
    placeholders = {p.field: p.text for p in cover.placeholders}
    rows: list[tuple[str, str]] = []
    for entry in _COVER_FACTS:
        value = entry.get(cover)
        nested = record_of(ast.Cover, entry.path[0]) if len(entry.path) > 1 else None
        if nested is not None and nested.label is not None:
            if entry.path[-1] == _COVER_FIRST[entry.path[0]]:  # once, at its first part
                rows.append((nested.label, cell(_joined(entry.path[0], cover))))
        elif entry.fact.listed is not None:
            rows += [(str(entry.label), _listed(item, entry.fact.listed)) for item in value]
        elif entry.fact.more is not None:
            rows.append((str(entry.label), _numbers(value, getattr(cover, entry.fact.more),
                                                    placeholders.get(entry.name))))
        elif value is not None or not entry.fact.optional_row:
            rows.append((str(entry.label), cell(value, _SHOW.get(entry.fact.kind))))
    rows.append(("Items", escape("; ".join(f"Item {i.number}. {i.title}" for i in items))
                 or NOT_STATED))
    yield "## Cover page"
    yield ""
    yield from table(["", ""], [list(row) for row in rows])


# The first part of each nested node of the cover (the address), in report order.
_COVER_FIRST: dict[str, str] = {
    e.path[0]: e.path[-1] for e in reversed(_COVER_FACTS) if len(e.path) > 1}


def _joined(name: str, cover: ast.Cover) -> str | None:
    """A nested node of the cover as one line: its parts joined by commas, the last after a
    space (the address: "c/o ..., street, city, state zip")."""
    node = getattr(cover, name)
    if node is None:
        return None
    parts = [e.path[-1] for e in _COVER_FACTS if e.path[0] == name and len(e.path) > 1]
    place = ", ".join(p for p in (getattr(node, part) for part in parts[:-1]) if p)
    return f"{place} {getattr(node, parts[-1]) or ''}".strip()


def _listed(item: Any, listed: tuple[str, ...]) -> str:
    """An entry of a list field: its first field, the others in parentheses."""
    if not listed:
        return cell(item)
    first, *more = (getattr(item, name) for name in listed)
    return cell(first) + "".join(f" ({escape(value)})" for value in more if value)


def _numbers(first: str | None, more: Sequence[str], placeholder: str | None) -> str:
    """The first number, then the others printed beside it; a placeholder said as such."""
    if first is None and placeholder is not None:
        return f"{NOT_STATED} (printed as \"{escape(placeholder)}\")"
    return ", ".join([cell(first), *(escape(n) for n in more)])


# The transfer's rows: the depositor, then the deal's own facts the report shows.
_DEPOSITOR = record_of(ast.Deal, node_field(ast.Deal, ast.Depositor))
_TRANSFER_FACTS = tuple(e for e in report_order(tuple(walk(ast.Deal, Scope.DOCUMENT)))
                        if len(e.path) == 1 and e.fact.markdown and e.label is not None)


def transfer_section(deal: ast.Deal) -> Iterator[str]:
    depositor = deal.depositor or ast.Depositor()
    rows = [
        (str(_DEPOSITOR.label), cell(depositor.name) + (f" ({escape(depositor.abbreviation)})"
                                                        if depositor.abbreviation else "")),
        *((str(e.label), cell(e.get(deal), _SHOW.get(e.fact.kind))) for e in _TRANSFER_FACTS),
    ]
    yield "## Transfer"
    yield ""
    yield from table(["", ""], [list(row) for row in rows])


_SHOW: dict[Kind, Callable[[Any], str] | None] = {
    Kind.MONEY: money, Kind.PERCENT: percent, Kind.NONE_IS_ZERO: percent, Kind.DATE: date}

_GROUP_FACTS = tuple(walk(ast.LoanGroup, Scope.GROUP))
_Row = tuple[str, Callable[[Any], Any], Callable[[Any], str] | None]


def _group_rows() -> list[_Row]:
    """The loan groups' rows, from the field table: each fact with a label, and a node with
    a label of its own (the range of original terms) as one row."""
    rows: list[_Row] = []
    for entry in _GROUP_FACTS:
        nested = record_of(ast.LoanGroup, entry.path[0]) if len(entry.path) > 1 else None
        if nested is not None and nested.label is not None:
            if entry.path[-1] == attrs.fields(ast.Range)[0].name:  # once, at its first part
                rows.append((nested.label, partial(_range_of, entry.path[0]), None))
        elif entry.label is not None:
            rows.append((entry.label, entry.get, _SHOW.get(entry.fact.kind)))
    return rows


def _range_of(name: str, group: ast.LoanGroup) -> str | None:
    term = getattr(group, name)
    assert term is None or isinstance(term, ast.Range)
    return _range(term)


def _range(term: ast.Range | None) -> str | None:
    if term is None or (term.min is None and term.max is None):
        return None
    low = "?" if term.min is None else term.min
    high = "?" if term.max is None else term.max
    return f"{low} to {high}"


_GROUP_ROWS = _group_rows()
# The premium and discount table: the pool's facts about the split, then the subsets' facts.
_SPLIT_FACTS = tuple(e for e in _GROUP_FACTS if e.fact.subset_label and not e.fact.subsets)
_SUBSET_FACTS = tuple(e for e in _GROUP_FACTS if e.fact.subsets)


def groups_section(deal: ast.Deal) -> Iterator[str]:
    groups = list(deal.pools) + ([deal.all_loans] if deal.all_loans else [])
    if not groups:
        return
    header = [""] + [("Pool " + escape(g.id)) if g.id != "all" else "All loans" for g in groups]
    rows = [[label] + [cell(get(g), show) for g in groups] for label, get, show in _GROUP_ROWS]
    rows = [row for row in rows if any(value != NOT_STATED for value in row[1:])]
    yield "## Loan groups"
    yield ""
    yield from table(header, rows)


def premium_discount_section(deal: ast.Deal) -> Iterator[str]:
    rows = []
    for pool in deal.pools:
        split = pool.premium_discount
        if split is None:
            continue
        for subset in ("premium", "discount"):
            stats = getattr(split, subset)
            if stats is None:
                continue
            rows.append([f"Pool {escape(pool.id)} {subset}",
                         *(cell(e.get(pool), _SHOW.get(e.fact.kind)) for e in _SPLIT_FACTS),
                         *(cell(e.get(stats), _SHOW.get(e.fact.kind)) for e in _SUBSET_FACTS)])
    if rows:
        yield "## Premium and discount loans"
        yield ""
        yield "Premium loans have net loan rates at or above the threshold; discount loans below."
        yield ""
        yield from table(["Loans", *(_subset_label(e) for e in _SPLIT_FACTS + _SUBSET_FACTS)],
                         rows)


def _subset_label(entry: Entry) -> str:
    assert entry.fact.subset_label is not None
    return entry.fact.subset_label[1]


def classes_section(deal: ast.Deal) -> Iterator[str]:
    if not deal.classes:
        return
    rows = [[escape(c.name), *(cell(e.get(c), _SHOW.get(e.fact.kind)) for e in _CLASS_FACTS)]
            for c in deal.classes]
    yield "## Certificate classes"
    yield ""
    yield from table(["Class", *(str(e.label) for e in _CLASS_FACTS)], rows)


_CLASS_FACTS = tuple(walk(ast.CertificateClass, Scope.CLASS))


def loss_limits_section(deal: ast.Deal) -> Iterator[str]:
    limits = deal.loss_limits
    if limits is None:
        return
    yield f"## Loss limits (as of {cell(_LOSS_INSTANT.get(limits), date)})"
    yield ""
    yield from table(["Limit", "Amount"], [
        [str(e.label), cell(e.get(limits), _SHOW.get(e.fact.kind))] for e in _LOSS_FACTS])


_LOSS_FACTS = tuple(e for e in walk(ast.LossLimits, Scope.DOCUMENT) if e.fact.markdown)
# The date the loss limits are stated as of (its instant, `Fact.instant`): in the heading.
_LOSS_INSTANT = next(e for e in walk(ast.LossLimits, Scope.DOCUMENT) if e.fact.instant)


def diagnostics_section(filing: ast.CompiledFiling) -> Iterator[str]:
    yield "## Diagnostics"
    yield ""
    if not filing.diagnostics:
        yield "None: every sentence was recognised and every check passed."
        return
    rows = [_diagnostic_row(d, filing) for d in filing.diagnostics]
    yield from table(["Code", "Severity", "Where", "Message"], rows)


def _diagnostic_row(diagnostic: Diagnostic, filing: ast.CompiledFiling) -> list[str]:
    where = ""
    if diagnostic.primary is not None and filing.text is not None:
        line, column = filing.text.position(diagnostic.primary.span.start)
        where = f"{line}:{column}"
    return [diagnostic.code, diagnostic.severity.value, where, escape(diagnostic.message)]
