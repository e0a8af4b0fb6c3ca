"""Logical text: cleaned-up text that remembers where each character came from.

Layout joins a paragraph's lines and folds runs of white space into single
spaces, so that grammars see ``weighted average`` however the filing wrapped
it.  Each character of the result keeps the absolute offset of the character
it was read from: that is dealc's source map.

The map is kept as runs, not a position per character: a stretch of text
copied unchanged from the filing is one run (where it starts in the logical
text and in the filing), and a folded space or a separator is a run of one.
A paragraph of prose is a run per line, so the map costs a few bytes a line
rather than four a character, and joining lines copies no positions.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable

import attrs

from dealc.compiler.span import Span


@attrs.frozen
class LogicalText:
    """``text[i]`` was read at ``origin(i)`` in the original filing.

    ``run_starts[k]`` is where run ``k`` begins in ``text`` (ascending, the first
    0) and ``run_origins[k]`` where its first character was read; the run's
    characters were read one after another.  ``end_origin`` is the offset just
    after the last character read, so an empty tail (the end of the text) still
    has a position.
    """

    text: str
    run_starts: array[int] = attrs.field(repr=False)
    run_origins: array[int] = attrs.field(repr=False)
    end_origin: int = attrs.field(repr=False)

    @classmethod
    def verbatim(cls, text: str, offset: int = 0) -> LogicalText:
        """Text read as it stands, from ``offset`` of the filing on."""
        if not text:
            return cls(text, array("i"), array("i"), offset)
        return cls(text, array("i", [0]), array("i", [offset]), offset + len(text))

    def __len__(self) -> int:
        return len(self.text)

    def origin(self, index: int) -> int:
        if index >= len(self.text):
            return self.end_origin
        run = bisect_right(self.run_starts, index) - 1
        return self.run_origins[run] + index - self.run_starts[run]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The original span of ``text[start:end]``."""
        length = len(self.text)
        end = length if end is None else end
        if end <= start:
            point = self.origin(start)
            return Span(point, point)
        # `origin` of both ends, written out: lowering asks this for every token it reads.
        starts, origins = self.run_starts, self.run_origins
        if start >= length:
            first = self.end_origin
        else:
            run = bisect_right(starts, start) - 1
            first = origins[run] + start - starts[run]
        last = end - 1
        if last >= length:
            return Span(first, self.end_origin + 1)
        run = bisect_right(starts, last) - 1
        return Span(first, origins[run] + last - starts[run] + 1)

    def slice(self, start: int, end: int) -> LogicalText:
        if end <= start:
            return LogicalText("", array("i"), array("i"), self.origin(start))
        starts, origins = self.run_starts, self.run_origins
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1, first)
        run_starts = array("i", [0])
        run_starts.extend(s - start for s in starts[first + 1 : last])
        run_origins = array("i", [origins[first] + start - starts[first]])
        run_origins.extend(origins[first + 1 : last])
        return LogicalText(self.text[start:end], run_starts, run_origins,
                           self.origin(end - 1) + 1)

    def strip(self) -> LogicalText:
        return self.stripped_slice(0, len(self.text))

    def stripped_slice(self, start: int, end: int) -> LogicalText:
        """``slice(start, end).strip()``, sliced once."""
        return self.slice(*self.stripped_bounds(start, end))

    def stripped_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` stripped of white space begins and ends."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


# Underscores are fill: covers typed on forms print "The_Prudential_Home_..." and
# "________Delaware_________"; a run of them reads as one space, like a run of blanks.
_SPACE_OR_PADDING = re.compile(r"[ \t\f\v\xa0_]+|\x00+")
_NEEDS_FOLDING = re.compile(r"  |[\t\f\v\xa0\x00_]")
_EDGE = " \t\x00_"


def join_segments(
    source_text: str, segments: Iterable[tuple[int, int]], separator: str = " "
) -> LogicalText:
    """Join ``source_text[start:end]`` segments, folding white space as it goes.

    Within a segment every run of spaces and tabs becomes one space; between
    segments stands ``separator`` (a space for a paragraph, a line break where
    the line structure carries meaning, as on the cover page).  A separator
    maps to the end of the segment before it.  NUL characters (the padding of
    decoded HTML references) are dropped; underscores used as fill fold like
    blanks.
    """
    pieces: list[str] = []
    starts: array[int] = array("i")  # offsets below 2**31: inputs are far smaller
    origins: array[int] = array("i")
    length = 0
    next_origin = -1  # where the filing's next character would continue the last run

    def add(piece: str, origin: int) -> None:
        nonlocal length, next_origin
        if origin != next_origin:  # else it continues the run before it
            starts.append(length)
            origins.append(origin)
        pieces.append(piece)
        length += len(piece)
        next_origin = origin + len(piece)

    end_origin = 0
    for start, end in segments:
        while start < end and source_text[start] in _EDGE:
            start += 1
        while end > start and source_text[end - 1] in _EDGE:
            end -= 1
        if start >= end:
            continue
        if pieces:
            add(separator, end_origin)
        end_origin = end
        if not _NEEDS_FOLDING.search(source_text, start, end):  # prose with single spaces
            add(source_text[start:end], start)
            continue
        position = start
        spaced = False
        for run in _SPACE_OR_PADDING.finditer(source_text, start, end):
            if run.start() > position:
                add(source_text[position : run.start()], position)
                spaced = False
            if run.group()[0] != "\x00" and not spaced:
                add(" ", run.start())
                spaced = True
            position = run.end()
        if position < end:
            add(source_text[position:end], position)
    return LogicalText("".join(pieces), starts, origins, end_origin)
