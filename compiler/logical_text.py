"""Logical text: cleaned-up text that remembers where each character came from.

Layout joins a paragraph's lines and folds runs of white space into single
spaces, so that grammars see ``weighted average`` however the filing wrapped
it.  Each character of the result keeps the absolute offset of the character
it was read from: that is dealc's source map.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

import attrs

from dealc.compiler.span import Span


@attrs.frozen
class LogicalText:
    """``text[i]`` was read at ``origins[i]`` in the original filing.

    ``end_origin`` is the offset just after the last character read, so an
    empty tail (the end of the text) still has a position.
    """

    text: str
    origins: array[int] = attrs.field(repr=False)  # compact: 4 bytes a character
    end_origin: int = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.text)

    def origin(self, index: int) -> int:
        return self.origins[index] if index < len(self.origins) else self.end_origin

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The original span of ``text[start:end]``."""
        end = len(self.text) if end is None else end
        if end <= start:
            point = self.origin(start)
            return Span(point, point)
        return Span(self.origins[start], self.origins[end - 1] + 1)

    def slice(self, start: int, end: int) -> LogicalText:
        end_origin = self.origins[end - 1] + 1 if end > start else self.origin(start)
        return LogicalText(self.text[start:end], self.origins[start:end], end_origin)

    def strip(self) -> LogicalText:
        text = self.text
        start, end = 0, len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return self.slice(start, end)


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
    origins: array[int] = array("i")  # offsets below 2**31: inputs are limited far below
    end_origin = 0
    for start, end in segments:
        while start < end and source_text[start] in _EDGE:
            start += 1
        while end > start and source_text[end - 1] in _EDGE:
            end -= 1
        if start >= end:
            continue
        if pieces:
            pieces.append(separator)
            origins.append(end_origin)
        end_origin = end
        segment = source_text[start:end]
        if not _NEEDS_FOLDING.search(segment):  # the common case: prose with single spaces
            pieces.append(segment)
            origins.extend(range(start, end))
            continue
        position = start
        spaced = False
        for run in _SPACE_OR_PADDING.finditer(source_text, start, end):
            if run.start() > position:
                pieces.append(source_text[position : run.start()])
                origins.extend(range(position, run.start()))
                spaced = False
            if run.group()[0] != "\x00" and not spaced:
                pieces.append(" ")
                origins.append(run.start())
                spaced = True
            position = run.end()
        if position < end:
            pieces.append(source_text[position:end])
            origins.extend(range(position, end))
        end_origin = end
    return LogicalText("".join(pieces), origins, end_origin)
