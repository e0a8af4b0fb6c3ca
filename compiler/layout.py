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
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

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


_KINDS = tuple(LineKind)
_KIND_CODES = {kind: code for code, kind in enumerate(_KINDS)}


class Lines:
    """The lines of a filing, held compactly: offsets in arrays, kinds one byte each.

    A long filing has hundreds of thousands of lines, and an object for each would cost
    more than its text.  Layout reads a line by its index (`text`, `kind`, `starts`,
    `ends`)."""

    def __init__(self, filing: str) -> None:
        self.filing = filing  # the filing's whole text
        self.starts: array[int] = array("i")  # offset of each line's first character
        self.ends: array[int] = array("i")  # offset of its line break (or end of text)
        self._kinds = bytearray()  # its kind, as an index into `_KINDS`

    def append(self, start: int, end: int, kind: LineKind) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self._kinds.append(_KIND_CODES[kind])

    def __len__(self) -> int:
        return len(self.starts)

    def kind(self, index: int) -> LineKind:
        return _KINDS[self._kinds[index]]

    def set_kind(self, index: int, kind: LineKind) -> None:
        self._kinds[index] = _KIND_CODES[kind]

    def text(self, index: int) -> str:
        return self.filing[self.starts[index] : self.ends[index]]

    def indent(self, index: int) -> int:
        text = self.text(index)
        return len(text) - len(text.lstrip(" \t"))

    def span(self, index: int) -> Span:
        return Span(self.starts[index], self.ends[index])

    def segments(self, indices: Iterable[int]) -> Iterator[tuple[int, int]]:
        """The lines at ``indices`` as ``(start, end)`` pairs, for `join_segments`."""
        return ((self.starts[i], self.ends[i]) for i in indices)

    def of_kind(self, *kinds: LineKind) -> Iterator[int]:
        """The indices of the lines of these kinds, in order."""
        codes = {_KIND_CODES[kind] for kind in kinds}
        return (i for i, code in enumerate(self._kinds) if code in codes)


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


def classify(source: Source) -> Lines:
    """The filing's lines and their kinds; a flattened line counts as the lines it was."""
    text = source.text
    lines = Lines(text)
    starts = source.line_starts
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        content = text[start:end]
        pieces = _flat_pieces(content) if len(content) > FLAT_LINE else [(0, len(content))]
        for first, last in pieces:
            lines.append(start + first, start + last, _kind(content[first:last]))
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


def _mark_preamble(lines: Lines) -> None:
    """A web mirror's index preamble (company, "8-K, date", "Previous:", "Next:") is furniture."""
    head = list(itertools.islice(lines.of_kind(LineKind.TEXT), PREAMBLE_LINES))
    nexts = [i for i in head if PREAMBLE_NEXT.match(lines.text(i))]
    if not nexts or not any(PREAMBLE_FORM.match(lines.text(i)) for i in head if i < nexts[0]):
        return
    for i in range(nexts[0] + 1):
        if lines.kind(i) is LineKind.TEXT:
            lines.set_kind(i, LineKind.FURNITURE)


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
    removed = [lines.span(i) for i in lines.of_kind(LineKind.PAGE_BREAK, LineKind.FURNITURE)]
    item_starts = [i for i in lines.of_kind(LineKind.TEXT) if ITEM_HEADING.match(lines.text(i))]
    for start in item_starts:  # "Section 8 - Other Events" above "Item 8.01" is furniture
        above = _previous_text(lines, start)
        if above is not None and SECTION_HEADING.match(lines.text(above)):
            lines.set_kind(above, LineKind.FURNITURE)
            removed.append(lines.span(above))
    signature_start = next(
        (i for i in range(len(lines)) if SIGNATURE_HEADING.match(lines.text(i))), None
    )
    if item_starts and signature_start is not None and signature_start < item_starts[0]:
        signature_start = None
    body_end = signature_start if signature_start is not None else len(lines)
    cover_end = item_starts[0] if item_starts else body_end
    cover = _lines_text(source, lines, 0, cover_end)

    items: list[ItemSection] = []
    footnotes: list[Footnote] = []
    for position, first in enumerate(item_starts):
        last = item_starts[position + 1] if position + 1 < len(item_starts) else body_end
        item, item_footnotes = _item(source, lines, first, last)
        items.append(item)
        footnotes.extend(item_footnotes)

    signature = None
    if signature_start is not None:
        signature = _lines_text(source, lines, signature_start, len(lines))
    text_end = max(
        (lines.ends[i] for i in range(len(lines)) if lines.kind(i) is not LineKind.BLANK),
        default=0,
    )
    return Layout(
        cover=cover,
        items=tuple(items),
        footnotes=tuple(footnotes),
        signature=signature,
        removed=tuple(removed),
        text_end=text_end,
    )


def _previous_text(lines: Lines, index: int) -> int | None:
    """The index of the nearest text line above ``index``, if any."""
    for above in range(index - 1, -1, -1):
        if lines.kind(above) is LineKind.TEXT:
            return above
    return None


def _lines_text(source: Source, lines: Lines, first: int, last: int) -> LogicalText:
    """Text lines joined by line breaks: the cover and signature keep their lines."""
    texts = (i for i in range(first, last) if lines.kind(i) is LineKind.TEXT)
    return join_segments(source.text, lines.segments(texts), separator="\n")


def _item(
    source: Source, lines: Lines, first: int, last: int
) -> tuple[ItemSection, list[Footnote]]:
    """The item whose heading is line ``first``, running to line ``last``."""
    heading = lines.text(first)
    start = lines.starts[first]
    match = ITEM_HEADING.match(heading)
    assert match is not None
    number_span = Span(start + match.start("number"), start + match.end("number"))
    title = match.group("title").rstrip()
    title_start = start + match.start("title")
    title_span = Span(title_start, title_start + len(title))
    following = first + 1
    if title and following < last and _continues_title(title, lines, following):
        text = lines.text(following)  # "Pro Forma Financial" / "Information ..."
        title = f"{title} {text.strip()}"
        title_span = Span(title_span.start, lines.starts[following] + len(text.rstrip()))
    title = _clean_title(title)
    body, footnotes = _lift_footnotes(source, lines, first + 1, last)
    paragraphs = _paragraphs(source, lines, body)
    section = ItemSection(
        number=match.group("number"),
        title=title,
        heading_span=lines.span(first),
        number_span=number_span,
        title_span=title_span,
        paragraphs=tuple(paragraphs),
    )
    return section, footnotes


def _clean_title(title: str) -> str:
    """An item's title as words: fill underscores, its full stop or colon, a footnote mark gone."""
    title = " ".join(title.replace("_", " ").split())
    return TITLE_END.sub("", title).strip()


def _continues_title(title: str, lines: Lines, index: int) -> bool:
    """Is line ``index`` the second line of a wrapped item title ("... Pro Forma Financial" /
    "Information and Exhibits.")?  Only when the title stops mid-phrase."""
    line = lines.text(index)
    text = line.strip()
    return (lines.kind(index) is LineKind.TEXT
            and not title.rstrip().endswith((".", ":", ")"))
            and title.rstrip()[-1:].isalpha() and text[:1].isupper() and len(text) < 60
            and text.endswith(".") and ITEM_HEADING.match(line) is None
            and text.count(" ") < 8)


# An item's body, as handed to `_paragraphs`, is line indices and these two marks:
BREAK = -1  # a page break or a lifted footnote block, which a paragraph may be spliced across
RULE = -2  # an underline, which ends a title block


def _lift_footnotes(
    source: Source, lines: Lines, first: int, last: int
) -> tuple[array[int], list[Footnote]]:
    """Take footnote blocks out of the running text of lines ``first`` to ``last``.

    A block opens with a short rule followed by a line that starts with a
    footnote mark (``1``, ``(2)``, ``*``), and runs to the next page break.
    In the returned body a lifted block leaves a `BREAK`, as a page break
    does; a longer rule leaves `RULE`; other furniture leaves nothing.
    """
    kept: array[int] = array("i")
    footnotes: list[Footnote] = []
    index = first
    while index < last:
        kind = lines.kind(index)
        if kind is LineKind.FURNITURE and SHORT_RULE.match(lines.text(index)):
            following = index + 1
            while following < last and lines.kind(following) is LineKind.BLANK:
                following += 1
            if following < last and FOOTNOTE_IN_BLOCK.match(lines.text(following)):
                end = following
                while end < last and lines.kind(end) is not LineKind.PAGE_BREAK:
                    end += 1
                footnotes.extend(_footnotes(source, lines, following, end))
                kept.append(BREAK)
                index = end
                continue
        if kind is LineKind.PAGE_BREAK:
            kept.append(BREAK)
        elif kind is not LineKind.FURNITURE:
            kept.append(index)
        elif is_rule(lines.text(index)):
            kept.append(RULE)
        index += 1
    return kept, footnotes


def _footnotes(source: Source, lines: Lines, first: int, last: int) -> list[Footnote]:
    """The notes of a footnote block, lines ``first`` to ``last``."""
    notes: list[Footnote] = []
    mark: str | None = None
    mark_span = Span(0, 0)
    segments: list[tuple[int, int]] = []

    def close() -> None:
        if mark is not None:
            notes.append(Footnote(mark, mark_span, join_segments(source.text, segments)))

    # Marks set off by two spaces where the block's first note has them; by one where a
    # mirror collapsed the spacing.
    texts = [i for i in range(first, last) if lines.kind(i) is LineKind.TEXT]
    starts = (FOOTNOTE_START if texts and FOOTNOTE_START.match(lines.text(texts[0]))
              else FOOTNOTE_IN_BLOCK)
    for line in texts:
        start = lines.starts[line]
        match = starts.match(lines.text(line))
        if match:
            close()
            raw = match.group("mark")
            mark = raw.strip("()")
            mark_start = start + match.start("mark")
            mark_span = Span(mark_start, mark_start + len(raw))
            segments = [(start + match.end(), lines.ends[line])]
        else:
            segments.append((start, lines.ends[line]))
    close()
    return notes


def _paragraphs(source: Source, lines: Lines, body: Sequence[int]) -> list[Paragraph]:
    """Group an item's body into paragraphs, splicing across page breaks and lifted footnotes.

    Blank lines end a block; so does an underline, and a short block over an
    underline is a title block even where a mirror stripped its centring
    ("REMIC Pass-Through Certificates, Series 2003-2" over dashes).  The blocks
    stream through merging and grouping (a long item has hundreds of thousands of
    lines), after a first pass has found how far in a heading stands.
    """
    heading_indent = _heading_indent(lines, _blocks(lines, body))
    merged = _merged(lines, _blocks(lines, body), heading_indent)
    return [
        Paragraph(join_segments(source.text, lines.segments(group)), heading=heading)
        for group, heading in _groups(lines, merged, heading_indent)
    ]


def _blocks(lines: Lines, body: Sequence[int]) -> Iterator[tuple[array[int], bool, bool]]:
    """The body's runs of text lines: each with whether a break stands before it and
    whether a rule ends it, which decide how it joins the block above."""
    current: array[int] = array("i")
    broken = False
    pending_break = False
    for line in body:
        if line < 0 or lines.kind(line) is LineKind.BLANK:  # a mark or a blank line
            if current:
                yield current, broken, line == RULE
                current = array("i")
                broken = False
            if line == BREAK:
                pending_break = True
            continue
        if not current:
            broken = pending_break
            pending_break = False
        current.append(line)
    if current:
        yield current, broken, False


def _merged(
    lines: Lines, blocks: Iterable[tuple[array[int], bool, bool]], heading_indent: int
) -> Iterator[tuple[array[int], bool]]:
    """The blocks, with each paragraph that a page break, a footnote block or a numbered
    list cut in pieces joined up again: each with whether a rule ends it."""
    previous: array[int] | None = None
    previous_underlined = False
    for block, after_break, underlined in blocks:
        if previous is not None and _continues(lines, previous, block, after_break,
                                               heading_indent):
            previous.extend(block)
        else:
            if previous is not None:
                yield previous, previous_underlined
            previous = block
        previous_underlined = underlined
    if previous is not None:
        yield previous, previous_underlined


def _groups(
    lines: Lines, merged: Iterable[tuple[array[int], bool]], heading_indent: int
) -> Iterator[tuple[array[int], bool]]:
    """Paragraphs, and each line of a heading block on its own (a heading's "AND ..."
    line joined to the one above): each with whether it is a heading."""
    heading: array[int] | None = None  # the heading line that an "AND ..." line would join
    for block, underlined in merged:
        if all(lines.indent(line) >= heading_indent for line in block) or (
            underlined and len(block) <= TITLE_BLOCK_LINES
        ):
            for line in block:
                if heading is not None and HEADING_GOES_ON.match(lines.text(line)):
                    heading.append(line)  # "DETAILED DESCRIPTION OF THE MORTGAGE POOL"
                else:                     # "AND THE MORTGAGED PROPERTIES (1)"
                    if heading is not None:
                        yield heading, True
                    heading = array("i", (line,))
        else:
            if heading is not None:
                yield heading, True
                heading = None
            yield block, False
    if heading is not None:
        yield heading, True


def _heading_indent(lines: Lines, blocks: Iterable[tuple[array[int], bool, bool]]) -> int:
    """How far in a heading line stands: past the deepest first-line indent of this
    filing's running text (its paragraphs of several lines) by `HEADING_MARGIN`.

    Filings indent their paragraphs' first lines unevenly, so a heading must stand past
    all of them, not past the commonest.  An underlined block is a title block, not
    running text; a block after a page break may be the rest of a paragraph, its first
    line a wrapped one: it counts only when no block starts a paragraph for certain."""
    opening: Counter[int] = Counter()
    after_breaks: Counter[int] = Counter()
    for block, after_break, underlined in blocks:
        if len(block) > 1 and not underlined:
            (after_breaks if after_break else opening)[lines.indent(block[0])] += 1
    starts = opening or after_breaks
    paragraph_indent = max(starts) if starts else HEADING_MARGIN
    return paragraph_indent + HEADING_MARGIN


def _is_heading(lines: Lines, block: Sequence[int], heading_indent: int) -> bool:
    """A title line: centred, or one line in capitals ("DETAILED DESCRIPTION OF ...")."""
    if all(lines.indent(line) >= heading_indent for line in block):
        return True
    text = lines.text(block[-1]).strip()
    return len(block) == 1 and text.upper() == text and any(c.isalpha() for c in text)


def _continues(lines: Lines, previous: Sequence[int], block: Sequence[int], after_break: bool,
               heading_indent: int) -> bool:
    """Does ``block`` continue the paragraph ``previous``?

    A page break or a lifted footnote block never ends a sentence: after one,
    the paragraph continues unless a sentence ends there (by the sentence
    splitter's rules, abbreviations included) or it was a heading.  A numbered list continues the
    sentence its colon (or the previous item's semicolon) left open.
    """
    last = lines.text(previous[-1]).rstrip()
    first = lines.text(block[0])
    if after_break and not SENTENCE_END.search(last):
        return first.lstrip()[:1].islower() or not _is_heading(lines, previous, heading_indent)
    if after_break and LIST_ITEM.match(first) is None and not ends_between(last, first):
        return True  # "... Securities, Inc." <PAGE> "(\"CMSI\") transferred ..."
    # The last two lines: "...respectively;" "and".
    ending = " ".join(lines.text(line).strip() for line in previous[-2:])
    return LIST_ITEM.match(first) is not None and LIST_OPEN.search(ending) is not None
