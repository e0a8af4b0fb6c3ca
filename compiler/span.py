"""Spans: half-open ranges of absolute character offsets into `Source.text`."""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import attrs


@attrs.frozen(order=True)
class Span:
    """Where something was read: ``text[start:end]`` of the original filing."""

    start: int
    end: int

    def cover(self, other: Span) -> Span:
        """The smallest span holding both."""
        return Span(min(self.start, other.start), max(self.end, other.end))


class Spans:
    """A growing list of spans kept as two arrays of offsets, not as objects: a long filing
    restates its figures thousands of times, and each restatement's place is kept."""

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: array[int] = array("i")  # offsets below 2**31: inputs are far smaller
        self._ends: array[int] = array("i")

    def append(self, span: Span) -> None:
        self._starts.append(span.start)
        self._ends.append(span.end)

    def insert_first(self, span: Span) -> None:
        self._starts.insert(0, span.start)
        self._ends.insert(0, span.end)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int) -> Span:
        return Span(self._starts[index], self._ends[index])

    def __iter__(self) -> Iterator[Span]:
        return map(Span, self._starts, self._ends)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Spans) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list
