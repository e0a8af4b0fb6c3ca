"""Phase 2, layout: a filing's lines into cover, items, paragraphs, footnotes, signature.

Page furniture (``<PAGE>`` markers, lone centred page numbers, rules of
``-``, ``- -`` or ``_``) is removed; footnote blocks at the foot of a page
are lifted out; a paragraph that a page break or a footnote block cut in two
is spliced back; a numbered list introduced by a colon joins the sentence it
completes.  Every piece of text is a `LogicalText`, so it still knows the line
and column of each character in the original file.
"""

from __future__ import annotations

import enum
import re

import attrs

from dealc.compiler.logical_text import LogicalText, join_segments
from dealc.compiler.sentences import ends_between
from dealc.compiler.source import Source
from dealc.compiler.span import Span

PAGE_MARKER = re.compile(r"^\s*<PAGE>\s*\d*\s*$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^\s{10,}(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
SHORT_RULE = re.compile(r"^[ ]{0,4}(?:-{3,20}|_{3,20})\s*$")
ITEM_HEADING = re.compile(
    r"^[ \t]{0,8}ITEM[ \t]+(?P<number>\d{1,2}(?:\.\d{2})?)\.?[ \t]*(?P<title>[^\n]*?)[ \t]*$",
    re.IGNORECASE,
)
SIGNATURE_HEADING = re.compile(r"^\s*SIGNATURES?\s*$", re.IGNORECASE)
FOOTNOTE_START = re.compile(r"^[ ]{0,6}(?P<mark>\(?\d{1,2}\)?|\*{1,3}|\(\*\))[ \t]{2,}(?=\S)")
LIST_ITEM = re.compile(r"^\s*\d{1,2}\.\s+\S")
LIST_OPEN = re.compile(r"(?::|;|;\s+(?:and|or))$")
SENTENCE_END = re.compile(r"""[.:;?!][)"'\]]*(?:\*+|\(\d{1,2}\))?$""")
HEADING_INDENT = 10


class LineKind(enum.Enum):
    BLANK = "blank"
    TEXT = "text"
    PAGE_BREAK = "page break"
    FURNITURE = "furniture"


@attrs.frozen
class Line:
    number: int  # 1-based
    start: int  # absolute offset of the first character
    end: int  # absolute offset of the line break (or end of text)
    text: str
    kind: LineKind

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


@attrs.frozen
class Footnote:
    """A footnote as printed at the foot of a page: its mark and its text."""

    mark: str
    mark_span: Span
    body: LogicalText


@attrs.frozen
class Paragraph:
    """A paragraph of running text, or one line of a centred heading block."""

    text: LogicalText
    heading: bool = False


@attrs.frozen
class ItemSection:
    number: str
    title: str
    heading_span: Span
    number_span: Span
    title_span: Span
    paragraphs: tuple[Paragraph, ...]


@attrs.frozen
class Layout:
    """The structure of a filing, every piece still mapped to the original."""

    cover: LogicalText
    items: tuple[ItemSection, ...]
    footnotes: tuple[Footnote, ...]
    signature: LogicalText | None
    removed: tuple[Span, ...]
    text_end: int  # offset just after the last non-blank character

    @property
    def ends_in_cover(self) -> bool:
        return not self.items and self.signature is None


def is_rule(text: str) -> bool:
    """A line of only ``-``, ``_`` or ``=`` and spaces: ``-----``, ``- - -``, rules side by side.

    Written without a regular expression: the obvious pattern backtracks
    exponentially on a long run of ``- - -`` that ends in something else.
    """
    marks = text.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "-_="


def classify(source: Source) -> list[Line]:
    lines: list[Line] = []
    text = source.text
    starts = source.line_starts
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        content = text[start:end]
        visible = content.replace("\x00", "")  # padding of decoded HTML references
        stripped = visible.lstrip()
        if not stripped:
            kind = LineKind.BLANK
        elif stripped[0].isalpha():  # prose: no marker, page number or rule starts so
            kind = LineKind.TEXT
        elif PAGE_MARKER.match(visible):
            kind = LineKind.PAGE_BREAK
        elif PAGE_NUMBER.match(visible) or is_rule(visible):
            kind = LineKind.FURNITURE
        else:
            kind = LineKind.TEXT
        lines.append(Line(index + 1, start, end, content, kind))
    return lines


def analyse(source: Source) -> Layout:
    """Split a filing into its parts; never fails, whatever the text."""
    lines = classify(source)
    removed = [
        Span(line.start, line.end)
        for line in lines
        if line.kind in (LineKind.PAGE_BREAK, LineKind.FURNITURE)
    ]
    item_starts = [i for i, line in enumerate(lines) if _item_heading(line)]
    signature_start = next(
        (i for i, line in enumerate(lines) if SIGNATURE_HEADING.match(line.text)), None
    )
    if item_starts and signature_start is not None and signature_start < item_starts[0]:
        signature_start = None
    body_end = signature_start if signature_start is not None else len(lines)
    cover_end = item_starts[0] if item_starts else body_end
    cover = _lines_text(source, lines[:cover_end])

    items: list[ItemSection] = []
    footnotes: list[Footnote] = []
    for position, first in enumerate(item_starts):
        last = item_starts[position + 1] if position + 1 < len(item_starts) else body_end
        item, item_footnotes = _item(source, lines, first, last)
        items.append(item)
        footnotes.extend(item_footnotes)

    signature = None
    if signature_start is not None:
        signature = _lines_text(source, lines[signature_start:])
    text_end = max((line.end for line in lines if line.kind is not LineKind.BLANK), default=0)
    return Layout(
        cover=cover,
        items=tuple(items),
        footnotes=tuple(footnotes),
        signature=signature,
        removed=tuple(removed),
        text_end=text_end,
    )


def _item_heading(line: Line) -> re.Match[str] | None:
    return ITEM_HEADING.match(line.text) if line.kind is LineKind.TEXT else None


def _lines_text(source: Source, lines: list[Line]) -> LogicalText:
    """Text lines joined by line breaks: the cover and signature keep their lines."""
    segments = [(line.start, line.end) for line in lines if line.kind is LineKind.TEXT]
    return join_segments(source.text, segments, separator="\n")


def _item(
    source: Source, lines: list[Line], first: int, last: int
) -> tuple[ItemSection, list[Footnote]]:
    heading = lines[first]
    match = ITEM_HEADING.match(heading.text)
    assert match is not None
    number_span = Span(heading.start + match.start("number"), heading.start + match.end("number"))
    title = match.group("title").rstrip()
    title_start = heading.start + match.start("title")
    title_span = Span(title_start, title_start + len(title))
    title = title.rstrip(".").strip()
    body, footnotes = _lift_footnotes(source, lines[first + 1 : last])
    paragraphs = _paragraphs(source, body)
    section = ItemSection(
        number=match.group("number"),
        title=title,
        heading_span=Span(heading.start, heading.end),
        number_span=number_span,
        title_span=title_span,
        paragraphs=tuple(paragraphs),
    )
    return section, footnotes


def _lift_footnotes(source: Source, lines: list[Line]) -> tuple[list[Line | None], list[Footnote]]:
    """Take footnote blocks out of the running text.

    A block opens with a short rule followed by a line that starts with a
    footnote mark (``1``, ``(2)``, ``*``), and runs to the next page break.
    In the returned lines a lifted block leaves a ``None``: a break that a
    paragraph may be spliced across.
    """
    kept: list[Line | None] = []
    footnotes: list[Footnote] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind is LineKind.FURNITURE and SHORT_RULE.match(line.text):
            following = index + 1
            while following < len(lines) and lines[following].kind is LineKind.BLANK:
                following += 1
            if following < len(lines) and FOOTNOTE_START.match(lines[following].text):
                end = following
                while end < len(lines) and lines[end].kind is not LineKind.PAGE_BREAK:
                    end += 1
                footnotes.extend(_footnotes(source, lines[following:end]))
                kept.append(None)
                index = end
                continue
        if line.kind is LineKind.PAGE_BREAK:
            kept.append(None)
        elif line.kind is not LineKind.FURNITURE:
            kept.append(line)
        index += 1
    return kept, footnotes


def _footnotes(source: Source, lines: list[Line]) -> list[Footnote]:
    notes: list[Footnote] = []
    mark: str | None = None
    mark_span = Span(0, 0)
    segments: list[tuple[int, int]] = []

    def close() -> None:
        if mark is not None:
            notes.append(Footnote(mark, mark_span, join_segments(source.text, segments)))

    for line in lines:
        if line.kind is not LineKind.TEXT:
            continue
        match = FOOTNOTE_START.match(line.text)
        if match:
            close()
            raw = match.group("mark")
            mark = raw.strip("()")
            mark_start = line.start + match.start("mark")
            mark_span = Span(mark_start, mark_start + len(raw))
            segments = [(line.start + match.end(), line.end)]
        else:
            segments.append((line.start, line.end))
    close()
    return notes


def _paragraphs(source: Source, lines: list[Line | None]) -> list[Paragraph]:
    """Group lines into paragraphs, splicing across page breaks and lifted footnotes."""
    blocks: list[tuple[list[Line], bool]] = []  # lines, and whether a break preceded
    current: list[Line] = []
    broken = False
    pending_break = False
    for line in lines:
        if line is None or line.kind is LineKind.BLANK:
            if current:
                blocks.append((current, broken))
                current = []
                broken = False
            if line is None:
                pending_break = True
            continue
        if not current:
            broken = pending_break
            pending_break = False
        current.append(line)
    if current:
        blocks.append((current, broken))

    paragraphs: list[Paragraph] = []
    merged: list[list[Line]] = []
    for block, after_break in blocks:
        if merged and _continues(merged[-1], block, after_break):
            merged[-1].extend(block)
        else:
            merged.append(list(block))
    for block in merged:
        if all(line.indent >= HEADING_INDENT for line in block):
            for line in block:
                text = join_segments(source.text, [(line.start, line.end)])
                paragraphs.append(Paragraph(text, heading=True))
        else:
            segments = [(line.start, line.end) for line in block]
            paragraphs.append(Paragraph(join_segments(source.text, segments)))
    return paragraphs


def _is_heading(block: list[Line]) -> bool:
    """A title line: centred, or one line in capitals ("DETAILED DESCRIPTION OF ...")."""
    if all(line.indent >= HEADING_INDENT for line in block):
        return True
    text = block[-1].text.strip()
    return len(block) == 1 and text.upper() == text and any(c.isalpha() for c in text)


def _continues(previous: list[Line], block: list[Line], after_break: bool) -> bool:
    """Does ``block`` continue the paragraph ``previous``?

    A page break or a lifted footnote block never ends a sentence: after one,
    the paragraph continues unless a sentence ends there (by the sentence
    splitter's rules, abbreviations included) or it was a heading.  A numbered list continues the
    sentence its colon (or the previous item's semicolon) left open.
    """
    last = previous[-1].text.rstrip()
    first = block[0].text
    if after_break and not SENTENCE_END.search(last):
        return first.lstrip()[:1].islower() or not _is_heading(previous)
    if after_break and LIST_ITEM.match(first) is None and not ends_between(last, first):
        return True  # "... Securities, Inc." <PAGE> "(\"CMSI\") transferred ..."
    ending = " ".join(line.text.strip() for line in previous[-2:])  # "...respectively;" "and"
    return LIST_ITEM.match(first) is not None and LIST_OPEN.search(ending) is not None
