"""Phase 2, layout: a filing's lines into cover, items, paragraphs, footnotes, signature.

Page furniture (``<PAGE>`` markers, lone centred page numbers, rules of
``-``, ``- -`` or ``_``) is removed; footnote blocks at the foot of a page
are lifted out; a paragraph that a page break or a footnote block cut in two
is spliced back; a numbered list introduced by a colon joins the sentence it
completes.  Every piece of text is a `LogicalText`, so it still knows the line
and column of each character in the original file.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections import Counter

import attrs

from dealc.compiler.logical_text import LogicalText, join_segments
from dealc.compiler.sentences import ends_between
from dealc.compiler.source import Source
from dealc.compiler.span import Span

PAGE_MARKER = re.compile(r"^\s*<PAGE>\s*\d*\s*$", re.IGNORECASE)
# EDGAR's table markup in plain text: "<TABLE>", "<CAPTION>", "<S>   <C>   <C>", "</TABLE>".
TABLE_TAGS = re.compile(r"^\s*(?:</?(?:TABLE|CAPTION|S|C|FN)>\s*)+$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^\s{10,}(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
SHORT_RULE = re.compile(r"^[ ]{0,4}(?:-{3,20}|_{3,20})\s*$")
# "Item 2.", "ITEM 5." with no title, "Item 5Other Events.", "Item 7(c). Exhibits",
# "Item 8.01"; never "Item 601(a) of Regulation S-K".
ITEM_HEADING = re.compile(
    r"^[ \t]{0,8}ITEM[ \t]+(?P<number>\d{1,2}(?:\.\d{2})?)(?![0-9])(?:\([a-z]\))?\.?[ \t]*"
    r"(?P<title>[^\n]*?)[ \t]*$",
    re.IGNORECASE,
)
# What a title ends with that is not part of it: its full stop or colon, a footnote mark.
TITLE_END = re.compile(r"(?:[.:]?(?:\(\d{1,2}\)|\*{1,3}))?[.:]?$")
# "Section 8 - Other Events" above "Item 8.01": the 2004 form's section heading.
SECTION_HEADING = re.compile(r"^\s*SECTION\s+\d\b[^.;:]{0,60}$", re.IGNORECASE)
# A web mirror's index preamble: the company, "8-K, 1998-09-30", a trade, "Previous: ...",
# "Next: ...", above the filing.
PREAMBLE_FORM = re.compile(r"^\s*[0-9A-Z][0-9A-Z/-]*(?:, [0-9A-Z.-]+)*, \d{4}-\d{2}-\d{2}\s*$")
PREAMBLE_NEXT = re.compile(r"^\s*Next: .*, \d{4}-\d{2}-\d{2}\s*$")
PREAMBLE_LINES = 8
# A line this long is a flattened rendering (a web mirror's one-line cover): it is read
# as the lines it once was, cut at captions, values, rules and item headings.
FLAT_LINE = 300
SIGNATURE_HEADING = re.compile(r"^\s*SIGNATURES?\s*$", re.IGNORECASE)
FOOTNOTE_START = re.compile(r"^[ ]{0,6}(?P<mark>\(?\d{1,2}\)?|\*{1,3}|\(\*\))[ \t]{2,}(?=\S)")
# Inside a footnote block (after its short rule) a mark and one space start a note too:
# mirrors collapse "1    Terms used" to "1 Terms used".
FOOTNOTE_IN_BLOCK = re.compile(
    r"^[ ]{0,6}(?P<mark>\(?\d{1,2}\)?|\*{1,3}|\(\*\))[ \t]+(?=[A-Z\"(])"
)
LIST_ITEM = re.compile(r"^\s*\d{1,2}\.\s+\S")
LIST_OPEN = re.compile(r"(?::|;|;\s+(?:and|or))$")
SENTENCE_END = re.compile(r"""[.:;?!][)"'\]]*(?:\*+|\(\d{1,2}\))?$""")
# A heading line stands this much further in than the filing's running text starts.
HEADING_MARGIN = 5
TITLE_BLOCK_LINES = 4  # at most this many lines over an underline make a title block
HEADING_GOES_ON = re.compile(r"^\s*(?:AND|OR|OF)\s")  # a title's second line


class LineKind(enum.Enum):
    BLANK = "blank"
    TEXT = "text"
    PAGE_BREAK = "page break"
    FURNITURE = "furniture"


@attrs.frozen
class Line:
    """A line of the filing (or a piece of a flattened one), and what kind it is.

    Its text is read from the filing when asked, not copied: layout holds every line of
    the filing at once, and a copy of each would double what a long filing costs."""

    start: int  # absolute offset of the first character
    end: int  # absolute offset of the line break (or end of text)
    kind: LineKind
    filing: str = attrs.field(repr=False, eq=False)  # the filing's whole text

    @property
    def text(self) -> str:
        return self.filing[self.start : self.end]

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
        pieces = _flat_pieces(content) if len(content) > FLAT_LINE else [(0, len(content))]
        for first, last in pieces:
            piece = content[first:last]
            lines.append(Line(start + first, start + last, _kind(piece), text))
    _mark_preamble(lines)
    return lines


def _kind(content: str) -> LineKind:
    visible = content.replace("\x00", "")  # padding of decoded HTML references
    stripped = visible.lstrip()
    if not stripped:
        return LineKind.BLANK
    if stripped[0].isalpha():  # prose: no marker, page number or rule starts so
        return LineKind.TEXT
    if PAGE_MARKER.match(visible):
        return LineKind.PAGE_BREAK
    if PAGE_NUMBER.match(visible) or is_rule(visible) or TABLE_TAGS.match(visible):
        return LineKind.FURNITURE
    return LineKind.TEXT


def _mark_preamble(lines: list[Line]) -> None:
    """A web mirror's index preamble (company, "8-K, date", "Previous:", "Next:") is furniture."""
    text_lines = [i for i, line in enumerate(lines) if line.kind is LineKind.TEXT]
    head = text_lines[:PREAMBLE_LINES]
    nexts = [i for i in head if PREAMBLE_NEXT.match(lines[i].text)]
    if not nexts or not any(PREAMBLE_FORM.match(lines[i].text) for i in head if i < nexts[0]):
        return
    for i in range(nexts[0] + 1):
        if lines[i].kind is LineKind.TEXT:
            lines[i] = attrs.evolve(lines[i], kind=LineKind.FURNITURE)


_FLAT_RULE = re.compile(r"(?:-[ ])?[-_=]{3,}")
_FLAT_ITEM = re.compile(r"\bITEM[ ]+\d{1,2}(?:\.\d{2})?(?![0-9])(?:\([a-z]\))?\.", re.IGNORECASE)
_FLAT_SIGNATURES = re.compile(r"\bSIGNATURES?\b|<PAGE>(?:[ ]*\d+\b)?")
_FLAT_BEFORE = re.compile(
    r"\((?![0-9]{3}\))|(?<!\()(?:Date of Report|Commission File|Registrants?'?s?'? (?:Full )?"
    r"Telephone|\bFORM 8-K|CURRENT REPORT|Pursuant to|Check the appropriate"
    r"|Address(?:es)? of principal)",
    re.IGNORECASE,
)
_FLAT_AFTER = re.compile(
    r"\)(?<!\(\d{3}\))|Act of 1934|20549|(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)[ ]+\d{1,2},[ ]*\d{4}"
    r"|(?<![0-9-])\d{1,3}-\d{3,7}(?:-\d{1,3})?(?![0-9-])(?:,[ ]*\d{2}-\d{7}(?![0-9-]))*",
    re.IGNORECASE,
)
_TITLE_STOP = re.compile(r"[.:](?=[ ]|$)")  # a title's full stop on a flattened line
_CAPS_TITLE = re.compile(r"[ ]*(?:[A-Z][A-Z,&'/-]*(?:[ ]+|$))+")


def _flat_pieces(content: str) -> list[tuple[int, int]]:
    """A flattened line as the lines it once was: ``(start, end)`` within ``content``.

    Cut at rules, page markers, item headings (and after an item's title), and,
    before the first item, around the cover's captions and values.  Pieces keep
    their offsets, so positions are still those of the original text.
    """
    cuts: set[int] = {0, len(content)}
    for match in _FLAT_RULE.finditer(content):
        cuts.update((match.start(), match.end()))
    for match in _FLAT_SIGNATURES.finditer(content):
        cuts.update((match.start(), match.end()))
    items = [m for m in _FLAT_ITEM.finditer(content)
             if content[max(0, m.start() - 80): m.start()].rstrip()[-1:]
             not in tuple("abcdefghijklmnopqrstuvwxyz,")]
    cover_end = items[0].start() if items else len(content)
    for match in _FLAT_BEFORE.finditer(content, 0, cover_end):
        cuts.add(match.start())
    for match in _FLAT_AFTER.finditer(content, 0, cover_end):
        cuts.add(match.end())
    cuts.update(match.start() for match in items)
    ordered = sorted(cuts)
    for match in items:  # the title ends before the next cut, at its capitals or full stop
        limit = ordered[bisect.bisect_right(ordered, match.end())] if match.end() < len(
            content) else len(content)
        cuts.add(_title_end(content, match.end(), limit))
    pieces = []
    ordered = sorted(cuts)
    for first, last in itertools.pairwise(ordered):
        while first < last and content[first] == " ":
            first += 1
        while last > first and content[last - 1] == " ":
            last -= 1
        if first < last:
            pieces.append((first, last))
    return pieces


def _title_end(content: str, start: int, limit: int) -> int:
    """Where an item's title ends on a flattened line: its capitals, or its first full stop."""
    caps = _CAPS_TITLE.match(content, start, limit)
    if caps and len(caps.group().split()) > 1:
        return caps.end()
    stop = _TITLE_STOP.search(content, start, min(limit, start + 80))
    return stop.end() if stop else limit


def analyse(source: Source) -> Layout:
    """Split a filing into its parts; never fails, whatever the text."""
    lines = classify(source)
    removed = [
        Span(line.start, line.end)
        for line in lines
        if line.kind in (LineKind.PAGE_BREAK, LineKind.FURNITURE)
    ]
    item_starts = [i for i, line in enumerate(lines) if _item_heading(line)]
    for start in item_starts:  # "Section 8 - Other Events" above "Item 8.01" is furniture
        above = _previous_text(lines, start)
        if above is not None and SECTION_HEADING.match(lines[above].text):
            lines[above] = attrs.evolve(lines[above], kind=LineKind.FURNITURE)
            removed.append(Span(lines[above].start, lines[above].end))
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


def _previous_text(lines: list[Line], index: int) -> int | None:
    """The index of the nearest text line above ``index``, if any."""
    for above in range(index - 1, -1, -1):
        if lines[above].kind is LineKind.TEXT:
            return above
    return None


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
    following = lines[first + 1] if first + 1 < last else None
    if title and following is not None and _continues_title(title, following):
        title = f"{title} {following.text.strip()}"  # "Pro Forma Financial" / "Information ..."
        title_span = Span(title_span.start, following.start + len(following.text.rstrip()))
    title = _clean_title(title)
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


def _clean_title(title: str) -> str:
    """An item's title as words: fill underscores, its full stop or colon, a footnote mark gone."""
    title = " ".join(title.replace("_", " ").split())
    return TITLE_END.sub("", title).strip()


def _continues_title(title: str, line: Line) -> bool:
    """Is ``line`` the second line of a wrapped item title ("... Pro Forma Financial" /
    "Information and Exhibits.")?  Only when the title stops mid-phrase."""
    text = line.text.strip()
    return (line.kind is LineKind.TEXT and not title.rstrip().endswith((".", ":", ")"))
            and title.rstrip()[-1:].isalpha() and text[:1].isupper() and len(text) < 60
            and text.endswith(".") and ITEM_HEADING.match(line.text) is None
            and text.count(" ") < 8)


RULE = "rule"  # in the lines handed to `_paragraphs`: an underline, which ends a title block


def _lift_footnotes(
    source: Source, lines: list[Line]
) -> tuple[list[Line | str | None], list[Footnote]]:
    """Take footnote blocks out of the running text.

    A block opens with a short rule followed by a line that starts with a
    footnote mark (``1``, ``(2)``, ``*``), and runs to the next page break.
    In the returned lines a lifted block leaves a ``None``: a break that a
    paragraph may be spliced across; a longer rule leaves `RULE`.
    """
    kept: list[Line | str | None] = []
    footnotes: list[Footnote] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind is LineKind.FURNITURE and SHORT_RULE.match(line.text):
            following = index + 1
            while following < len(lines) and lines[following].kind is LineKind.BLANK:
                following += 1
            if following < len(lines) and FOOTNOTE_IN_BLOCK.match(lines[following].text):
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
        elif is_rule(line.text):
            kept.append(RULE)
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

    # Marks set off by two spaces where the block's first note has them; by one where a
    # mirror collapsed the spacing.
    texts = [line for line in lines if line.kind is LineKind.TEXT]
    starts = FOOTNOTE_START if texts and FOOTNOTE_START.match(texts[0].text) else FOOTNOTE_IN_BLOCK
    for line in texts:
        match = starts.match(line.text)
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


def _paragraphs(source: Source, lines: list[Line | str | None]) -> list[Paragraph]:
    """Group lines into paragraphs, splicing across page breaks and lifted footnotes.

    Blank lines end a block; so does an underline, and a short block over an
    underline is a title block even where a mirror stripped its centring
    ("REMIC Pass-Through Certificates, Series 2003-2" over dashes).
    """
    blocks: list[tuple[list[Line], bool, bool]] = []  # lines, a break before, a rule after
    current: list[Line] = []
    broken = False
    pending_break = False
    for line in lines:
        if line is None or line == RULE or (isinstance(line, Line)
                                            and line.kind is LineKind.BLANK):
            if current:
                blocks.append((current, broken, line == RULE))
                current = []
                broken = False
            if line is None:
                pending_break = True
            continue
        assert isinstance(line, Line)
        if not current:
            broken = pending_break
            pending_break = False
        current.append(line)
    if current:
        blocks.append((current, broken, False))

    heading_indent = _heading_indent([block for block, _, _ in blocks])
    merged: list[tuple[list[Line], bool]] = []  # lines, underlined
    for block, after_break, underlined in blocks:
        if merged and _continues(merged[-1][0], block, after_break, heading_indent):
            merged[-1] = (merged[-1][0] + block, underlined)
        else:
            merged.append((list(block), underlined))
    groups: list[tuple[list[Line], bool]] = []  # lines, heading
    for block, underlined in merged:
        if all(line.indent >= heading_indent for line in block) or (
            underlined and len(block) <= TITLE_BLOCK_LINES
        ):
            for line in block:
                if groups and groups[-1][1] and HEADING_GOES_ON.match(line.text):
                    groups[-1][0].append(line)  # "DETAILED DESCRIPTION OF THE MORTGAGE POOL"
                else:                           # "AND THE MORTGAGED PROPERTIES (1)"
                    groups.append(([line], True))
        else:
            groups.append((block, False))
    return [
        Paragraph(join_segments(source.text, [(line.start, line.end) for line in group]),
                  heading=heading)
        for group, heading in groups
    ]


def _heading_indent(blocks: list[list[Line]]) -> int:
    """How far in a heading line stands: past where this filing's running text starts (the
    commonest first-line indent of its paragraphs of several lines) by `HEADING_MARGIN`."""
    starts = Counter(block[0].indent for block in blocks if len(block) > 1)
    paragraph_indent = max(starts.items(), key=lambda pair: (pair[1], -pair[0]))[0] if starts \
        else HEADING_MARGIN
    return paragraph_indent + HEADING_MARGIN


def _is_heading(block: list[Line], heading_indent: int) -> bool:
    """A title line: centred, or one line in capitals ("DETAILED DESCRIPTION OF ...")."""
    if all(line.indent >= heading_indent for line in block):
        return True
    text = block[-1].text.strip()
    return len(block) == 1 and text.upper() == text and any(c.isalpha() for c in text)


def _continues(previous: list[Line], block: list[Line], after_break: bool,
               heading_indent: int) -> bool:
    """Does ``block`` continue the paragraph ``previous``?

    A page break or a lifted footnote block never ends a sentence: after one,
    the paragraph continues unless a sentence ends there (by the sentence
    splitter's rules, abbreviations included) or it was a heading.  A numbered list continues the
    sentence its colon (or the previous item's semicolon) left open.
    """
    last = previous[-1].text.rstrip()
    first = block[0].text
    if after_break and not SENTENCE_END.search(last):
        return first.lstrip()[:1].islower() or not _is_heading(previous, heading_indent)
    if after_break and LIST_ITEM.match(first) is None and not ends_between(last, first):
        return True  # "... Securities, Inc." <PAGE> "(\"CMSI\") transferred ..."
    ending = " ".join(line.text.strip() for line in previous[-2:])  # "...respectively;" "and"
    return LIST_ITEM.match(first) is not None and LIST_OPEN.search(ending) is not None
