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
import itertools
import operator
import re
import string
from array import array
from collections.abc import Iterable, Iterator, Sequence

import attrs

from dealc.compiler.lazy import LazyPattern
from dealc.compiler.logical_text import LogicalText, join_segments
from dealc.compiler.sentences import ends_between
from dealc.compiler.source import Source
from dealc.compiler.span import Span

PAGE_MARKER = re.compile(r"^\s*<PAGE>\s*\d*\s*$", re.IGNORECASE)
# EDGAR's table markup in plain text: "<TABLE>", "<CAPTION>", "<S>   <C>   <C>", "</TABLE>".
TABLE_TAGS = LazyPattern(r"^\s*(?:</?(?:TABLE|CAPTION|S|C|FN)>\s*)+$", re.IGNORECASE)
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
# Offsets and line indices are never negative, so their arrays hold unsigned ints, which
# CPython's `array` stores about a third faster than signed ones (it parses no format).
UNSIGNED = "I"


# A line's kind, one byte a line in `Lines.kinds`: plain integers, which the loops over
# every line compare without hashing or looking anything up.
BLANK = 0
TEXT = 1
PAGE_BREAK = 2
FURNITURE = 3

# The letters ``ITEM`` and ``SIGNATURE`` can start with when case is ignored (a dotted
# capital I, a dotless i and a long s fold to them too): a line that starts with another
# character is neither heading.
HEADING_INITIALS = frozenset("IiSs\u0130\u0131\u017f")
# A line that starts with one of these letters is prose, and neither heading.
PROSE_INITIALS = frozenset(string.ascii_letters) - HEADING_INITIALS


class Lines:
    """The lines of a filing, held compactly: offsets in arrays, kinds one byte each.

    A long filing has hundreds of thousands of lines, and an object for each would cost
    more than its text.  Layout reads a line by its index (`text`, `kinds`, `starts`,
    `ends`).  `may_head` holds the few lines that can be item or signature headings, so
    that those patterns are not tried on every line."""

    def __init__(self, filing: str) -> None:
        self.filing = filing  # the filing's whole text
        self.starts: array[int] = array(UNSIGNED)  # offset of each line's first character
        self.ends: array[int] = array(UNSIGNED)  # offset of its line break (or end of text)
        self.kinds = bytearray()  # its kind: BLANK, TEXT, PAGE_BREAK or FURNITURE
        self.may_head: list[int] = []  # the lines that start with one of `HEADING_INITIALS`

    def add(self, start: int, end: int) -> None:
        """Add the line ``filing[start:end]``, of the kind its text shows."""
        content = self.filing[start:end]
        if content.lstrip()[:1] in HEADING_INITIALS:
            self.may_head.append(len(self.kinds))
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(_kind(content))

    def __len__(self) -> int:
        return len(self.starts)

    def text(self, index: int) -> str:
        return self.filing[self.starts[index] : self.ends[index]]

    def indent(self, index: int) -> int:
        text = self.text(index)
        return len(text) - len(text.lstrip(" \t"))

    def span(self, index: int) -> Span:
        return Span(self.starts[index], self.ends[index])

    def segments(self, indices: Sequence[int]) -> Iterator[tuple[int, int]]:
        """The lines at ``indices`` as ``(start, end)`` pairs, for `join_segments`."""
        # Both maps read the same indices, so need no ``strict=True``: a keyword argument
        # would add more to this call, made for every paragraph, than the call costs.
        starts = map(self.starts.__getitem__, indices)
        return zip(starts, map(self.ends.__getitem__, indices))  # noqa: B905

    def of_kind(self, *kinds: int) -> list[int]:
        """The indices of the lines of these kinds, in order (found by `bytearray.find`,
        which runs over the lines between them without a step of Python each)."""
        found = []
        for kind in kinds:
            index = self.kinds.find(kind)
            while index >= 0:
                found.append(index)
                index = self.kinds.find(kind, index + 1)
        return sorted(found)

    def text_end(self) -> int:
        """The offset just after the last line that is not blank (0 if there is none).

        Lines follow one another in the filing, so that is the end of the last one."""
        last = len(self.kinds.rstrip(bytes((BLANK,))))
        return self.ends[last - 1] if last else 0


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
    """The filing's lines and their kinds; a flattened line counts as the lines it was.

    Nearly every line is blank or prose, told by its first visible character alone:
    those are taken here, and `Lines.add` looks at the others more closely."""
    text = source.text
    lines = Lines(text)
    add_start, add_end, add_kind = lines.starts.append, lines.ends.append, lines.kinds.append
    for start, end in zip(source.line_starts, _line_ends(source), strict=True):
        if end - start > FLAT_LINE:
            for first, last in _flat_pieces(text[start:end]):
                lines.add(start + first, start + last)
            continue
        stripped = text[start:end].lstrip()
        if not stripped:
            add_kind(BLANK)
        elif stripped[0] in PROSE_INITIALS:
            add_kind(TEXT)
        else:
            lines.add(start, end)
            continue
        add_start(start)
        add_end(end)
    _mark_preamble(lines)
    return lines


def _line_ends(source: Source) -> Iterator[int]:
    """Where each line of the filing ends: at its line break, the last at the end of the text."""
    following = itertools.islice(source.line_starts, 1, None)
    breaks = map(operator.sub, following, itertools.repeat(1))
    return itertools.chain(breaks, (len(source.text),))


def _kind(content: str) -> int:
    """The kind of a line, from its text."""
    visible = content.replace("\x00", "")  # padding of decoded HTML references
    stripped = visible.lstrip()
    if not stripped:
        return BLANK
    first = stripped[0]
    if first.isalpha():  # prose: no marker, page number or rule starts so
        return TEXT
    # Each pattern is tried only on the lines that start as it does.
    if first == "<":  # "<PAGE>", "<TABLE>", "<S>   <C>"
        if PAGE_MARKER.match(visible):
            return PAGE_BREAK
        return FURNITURE if TABLE_TAGS.match(visible) else TEXT
    if first in "-_=" and is_rule(visible):
        return FURNITURE
    if (first == "-" or first.isdecimal()) and PAGE_NUMBER.match(visible):  # "- 3 -", "12"
        return FURNITURE
    return TEXT


def _mark_preamble(lines: Lines) -> None:
    """A web mirror's index preamble (company, "8-K, date", "Previous:", "Next:") is furniture."""
    kinds = lines.kinds
    texts = (i for i, kind in enumerate(kinds) if kind == TEXT)
    head = list(itertools.islice(texts, PREAMBLE_LINES))
    nexts = [i for i in head if PREAMBLE_NEXT.match(lines.text(i))]
    if not nexts or not any(PREAMBLE_FORM.match(lines.text(i)) for i in head if i < nexts[0]):
        return
    for i in range(nexts[0] + 1):
        if kinds[i] == TEXT:
            kinds[i] = FURNITURE


_FLAT_RULE = LazyPattern(r"(?:-[ ])?[-_=]{3,}")
_FLAT_ITEM = LazyPattern(r"\bITEM[ ]+\d{1,2}(?:\.\d{2})?(?![0-9])(?:\([a-z]\))?\.", re.IGNORECASE)
_FLAT_SIGNATURES = LazyPattern(r"\bSIGNATURES?\b|<PAGE>(?:[ ]*\d+\b)?")
_FLAT_BEFORE = LazyPattern(
    r"\((?![0-9]{3}\))|(?<!\()(?:Date of Report|Commission File|Registrants?'?s?'? (?:Full )?"
    r"Telephone|\bFORM 8-K|CURRENT REPORT|Pursuant to|Check the appropriate"
    r"|Address(?:es)? of principal)",
    re.IGNORECASE,
)
_FLAT_AFTER = LazyPattern(
    r"\)(?<!\(\d{3}\))|Act of 1934|20549|(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)[ ]+\d{1,2},[ ]*\d{4}"
    r"|(?<![0-9-])\d{1,3}-\d{3,7}(?:-\d{1,3})?(?![0-9-])(?:,[ ]*\d{2}-\d{7}(?![0-9-]))*",
    re.IGNORECASE,
)
_TITLE_STOP = LazyPattern(r"[.:](?=[ ]|$)")  # a title's full stop on a flattened line
_CAPS_TITLE = LazyPattern(r"[ ]*(?:[A-Z][A-Z,&'/-]*(?:[ ]+|$))+")


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
    kinds = lines.kinds
    removed = [lines.span(i) for i in lines.of_kind(PAGE_BREAK, FURNITURE)]
    item_starts = [
        i for i in lines.may_head if kinds[i] == TEXT and ITEM_HEADING.match(lines.text(i))
    ]
    for start in item_starts:  # "Section 8 - Other Events" above "Item 8.01" is furniture
        above = _previous_text(lines, start)
        if above is not None and SECTION_HEADING.match(lines.text(above)):
            kinds[above] = FURNITURE
            removed.append(lines.span(above))
    signature_start = next(
        (i for i in lines.may_head if SIGNATURE_HEADING.match(lines.text(i))), None
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
    return Layout(
        cover=cover,
        items=tuple(items),
        footnotes=tuple(footnotes),
        signature=signature,
        removed=tuple(removed),
        text_end=lines.text_end(),
    )


def _previous_text(lines: Lines, index: int) -> int | None:
    """The index of the nearest text line above ``index``, if any."""
    above = lines.kinds.rfind(TEXT, 0, index)
    return above if above >= 0 else None


def _lines_text(source: Source, lines: Lines, first: int, last: int) -> LogicalText:
    """Text lines joined by line breaks: the cover and signature keep their lines."""
    kinds = lines.kinds
    texts = [i for i in range(first, last) if kinds[i] == TEXT]
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
    return (lines.kinds[index] == TEXT
            and not title.rstrip().endswith((".", ":", ")"))
            and title.rstrip()[-1:].isalpha() and text[:1].isupper() and len(text) < 60
            and text.endswith(".") and ITEM_HEADING.match(line) is None
            and text.count(" ") < 8)


@attrs.define
class Body:
    """An item's running text, its footnote blocks lifted out, as blocks: runs of text
    lines between blank lines, page breaks, lifted footnote blocks and underlines.

    Held in arrays, not an object a block (a long item has hundreds of thousands of
    lines): block ``k`` is ``lines[ends[k - 1]:ends[k]]``; ``after_break[k]`` says whether
    a page break or a lifted footnote block stands between it and the block before, which
    a paragraph may be spliced across, and ``underlined[k]`` whether an underline ends it,
    which ends a title block."""

    lines: array[int] = attrs.field(factory=lambda: array(UNSIGNED))
    ends: array[int] = attrs.field(factory=lambda: array(UNSIGNED))
    after_break: bytearray = attrs.field(factory=bytearray)
    underlined: bytearray = attrs.field(factory=bytearray)
    pending_break: bool = False  # a break seen since the last block ended

    def start_block(self) -> None:
        self.after_break.append(self.pending_break)
        self.pending_break = False

    def end_block(self, underlined: bool) -> None:
        self.ends.append(len(self.lines))
        self.underlined.append(underlined)

    def blocks(self) -> Iterator[tuple[array[int], bool, bool]]:
        """Each block's lines, whether a break stands before it and whether a rule ends it."""
        start = 0
        for end, after_break, underlined in zip(self.ends, self.after_break, self.underlined,
                                                   strict=True):
            yield self.lines[start:end], bool(after_break), bool(underlined)
            start = end


def _lift_footnotes(
    source: Source, lines: Lines, first: int, last: int
) -> tuple[Body, list[Footnote]]:
    """Take footnote blocks out of the running text of lines ``first`` to ``last``, and
    cut the rest into blocks.

    A footnote block opens with a short rule followed by a line that starts with a
    footnote mark (``1``, ``(2)``, ``*``), and runs to the next page break; it
    counts as a page break does.  A blank line or a page break ends a block, and so
    does a rule, which underlines it; other furniture is passed over as if it were
    not there.
    """
    kinds = lines.kinds
    body = Body()
    add_line = body.lines.append
    footnotes: list[Footnote] = []
    in_block = False
    index = first
    while index < last:
        kind = kinds[index]
        if kind == TEXT:
            if not in_block:
                body.start_block()
                in_block = True
            add_line(index)
            index += 1
            continue
        following = index + 1
        breaks = kind == PAGE_BREAK
        underlines = False
        if kind == FURNITURE:
            notes = _footnote_block(lines, index, last)
            if notes is not None:
                footnotes.extend(_footnotes(source, lines, *notes))
                breaks = True
                following = notes[1]  # the page break that ends the footnote block
            elif is_rule(lines.text(index)):
                underlines = True
            else:
                index = following
                continue
        if in_block:
            body.end_block(underlines)
            in_block = False
        if breaks:
            body.pending_break = True
        index = following
    if in_block:
        body.end_block(False)
    return body, footnotes


def _footnote_block(lines: Lines, index: int, last: int) -> tuple[int, int] | None:
    """The lines of the footnote block that the rule at ``index`` opens, if it opens one:
    from its first note to the next page break (or ``last``)."""
    if not SHORT_RULE.match(lines.text(index)):
        return None
    kinds = lines.kinds
    following = index + 1
    while following < last and kinds[following] == BLANK:
        following += 1
    if following >= last or not FOOTNOTE_IN_BLOCK.match(lines.text(following)):
        return None
    end = kinds.find(PAGE_BREAK, following, last)
    return following, end if end >= 0 else last


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
    kinds = lines.kinds
    texts = [i for i in range(first, last) if kinds[i] == TEXT]
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


def _paragraphs(source: Source, lines: Lines, body: Body) -> list[Paragraph]:
    """Group an item's body into paragraphs, splicing across page breaks and lifted footnotes.

    Blank lines end a block; so does an underline, and a short block over an
    underline is a title block even where a mirror stripped its centring
    ("REMIC Pass-Through Certificates, Series 2003-2" over dashes).  The blocks
    stream through merging and grouping (a long item has hundreds of thousands of
    lines), after a first pass has found how far in a heading stands.
    """
    heading_indent = _heading_indent(lines, body.blocks())
    merged = _merged(lines, body.blocks(), heading_indent)
    return [
        Paragraph(join_segments(source.text, lines.segments(group)), heading=heading)
        for group, heading in _groups(lines, merged, heading_indent)
    ]


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
                    heading = array(UNSIGNED, (line,))
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
    opening: set[int] = set()  # the first-line indents of blocks that start a paragraph
    after_breaks: set[int] = set()  # those of blocks after a break
    for block, after_break, underlined in blocks:
        if len(block) > 1 and not underlined:
            (after_breaks if after_break else opening).add(lines.indent(block[0]))
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
    first = lines.text(block[0])
    if after_break:
        last = lines.text(previous[-1]).rstrip()
        if not SENTENCE_END.search(last):
            return first.lstrip()[:1].islower() or not _is_heading(lines, previous, heading_indent)
    list_item = LIST_ITEM.match(first) is not None
    if after_break and not list_item and not ends_between(last, first):
        return True  # "... Securities, Inc." <PAGE> "(\"CMSI\") transferred ..."
    if not list_item:
        return False
    # The last two lines: "...respectively;" "and".
    ending = " ".join(lines.text(line).strip() for line in previous[-2:])
    return LIST_OPEN.search(ending) is not None
