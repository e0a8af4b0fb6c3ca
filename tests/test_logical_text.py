"""The source map kept as runs gives every character the place a per-character map would.

The reference below is the straightforward map (one offset per character of the
joined text); `join_segments` keeps runs instead, and slices, strips and spans of
its result must agree with the reference everywhere.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler.logical_text import LogicalText, join_segments

_SPACE_OR_PADDING = re.compile(r"[ \t\f\v\xa0_]+|\x00+")
_EDGE = " \t\x00_"


def reference(text: str, segments: list[tuple[int, int]], separator: str
              ) -> tuple[str, list[int], int]:
    """The joined text, one origin per character, and the end origin."""
    pieces: list[str] = []
    origins: list[int] = []
    end_origin = 0
    for start, end in segments:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if start >= end:
            continue
        if pieces:
            pieces.append(separator)
            origins.append(end_origin)
        end_origin = end
        position, spaced = start, False
        for run in _SPACE_OR_PADDING.finditer(text, start, end):
            if run.start() > position:
                pieces.append(text[position:run.start()])
                origins.extend(range(position, run.start()))
                spaced = False
            if run.group()[0] != "\x00" and not spaced:
                pieces.append(" ")
                origins.append(run.start())
                spaced = True
            position = run.end()
        pieces.append(text[position:end])
        origins.extend(range(position, end))
    return "".join(pieces), origins, end_origin


_TEXT = st.text(alphabet=st.sampled_from("ab. \t_\x00\n\xa0"), max_size=60)


@st.composite
def joined(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], str]:
    text = draw(_TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    bounds = [0, *cuts, len(text)]
    segments = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    return text, segments, draw(st.sampled_from([" ", "\n"]))


def _origins(logical: LogicalText) -> list[int]:
    return [logical.origin(i) for i in range(len(logical))]


@given(joined())
def test_every_character_has_the_reference_origin(case: tuple[str, list[tuple[int, int]], str]
                                                  ) -> None:
    text, segments, separator = case
    expected_text, expected, end_origin = reference(text, segments, separator)
    logical = join_segments(text, segments, separator)
    assert logical.text == expected_text
    assert _origins(logical) == expected
    assert logical.origin(len(logical)) == end_origin


@given(joined(), st.integers(0, 70), st.integers(0, 70))
def test_slices_and_spans_agree_with_the_reference(
    case: tuple[str, list[tuple[int, int]], str], first: int, second: int
) -> None:
    text, segments, separator = case
    logical = join_segments(text, segments, separator)
    _, expected, _ = reference(text, segments, separator)
    start, end = sorted((min(first, len(logical)), min(second, len(logical))))
    piece = logical.slice(start, end)
    assert piece.text == logical.text[start:end]
    assert _origins(piece) == expected[start:end]
    if end > start:
        assert logical.span(start, end).start == expected[start]
        assert logical.span(start, end).end == expected[end - 1] + 1
        assert piece.span() == logical.span(start, end)
    stripped = piece.strip()
    assert stripped.text == piece.text.strip()
    assert _origins(stripped) == [piece.origin(i) for i in range(len(piece))
                                  if i >= len(piece.text) - len(piece.text.lstrip())
                                  ][: len(stripped)]


def test_a_paragraph_of_prose_is_a_run_per_line() -> None:
    text = "first line of text\n   second line\n   third"
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    ends = [i for i, c in enumerate(text) if c == "\n"] + [len(text)]
    lines = list(zip(starts, ends, strict=True))
    logical = join_segments(text, lines)
    assert logical.text == "first line of text second line third"
    assert len(logical.run_starts) <= 2 * len(lines)


def test_verbatim_text_maps_from_its_offset() -> None:
    logical = LogicalText.verbatim("abc", offset=10)
    assert _origins(logical) == [10, 11, 12]
    assert logical.origin(3) == 13
    assert LogicalText.verbatim("").origin(0) == 0
