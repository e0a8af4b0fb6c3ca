"""Spans: half-open ranges of absolute character offsets into `Source.text`."""

from __future__ import annotations

import attrs


@attrs.frozen(order=True)
class Span:
    """Where something was read: ``text[start:end]`` of the original filing."""

    start: int
    end: int

    def cover(self, other: Span) -> Span:
        """The smallest span holding both."""
        return Span(min(self.start, other.start), max(self.end, other.end))
