"""Sentence boundaries: the splitting pattern against its plain statement."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dealc.compiler.logical_text import LogicalText
from dealc.compiler.sentences import BOUNDARY, ends_between, split

# The boundary as first written: a look-behind for the stop, then the closing marks,
# then the next sentence or the end.  `BOUNDARY` begins its match at the stop instead,
# which lets the engine skip to the next stop; both must find the same boundaries.
REFERENCE = re.compile(
    r"""(?<=[.?!])[)"'\]]*(?:\*+|\(\d{1,2}\))?(?=\s+["'(]?[A-Z0-9])"""
    r"""|(?<=[.?!])[)"'\]]*(?:\*+|\(\d{1,2}\))?(?=\s*$)"""
)

# Text made of what the pattern looks at: stops, closing marks, footnote marks,
# capitals, digits, blanks and line breaks.
boundary_text = st.lists(st.sampled_from(
    [".", "?", "!", ")", '"', "'", "]", "*", "(", "(1)", "(12)", "(123)", " ", "  ", "\n",
     "\t", "A", "a", "9", "Inc", "U.S", "St"]), max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(boundary_text)
def test_boundaries_are_those_of_the_look_behind_pattern(text: str) -> None:
    found = [(match.start() + 1, match.end()) for match in BOUNDARY.finditer(text)]
    expected = [(match.start(), match.end()) for match in REFERENCE.finditer(text)]
    assert found == expected


def test_split_at_stops_not_at_abbreviations() -> None:
    text = ('The trustee is U.S. Bank, N.A. of St. Louis. Loans were sold by CitiMortgage, '
            'Inc. ("CMI").(1) Why? "Because." Next sentence*')
    pieces = [piece.text for piece in split(LogicalText.verbatim(text))]
    assert pieces == ['The trustee is U.S. Bank, N.A. of St. Louis.',
                      'Loans were sold by CitiMortgage, Inc. ("CMI").(1)',
                      'Why?', '"Because."', 'Next sentence*']


def test_a_page_break_ends_a_sentence_only_where_splitting_would() -> None:
    assert ends_between("the loans were sold.", "The Trustee")
    assert not ends_between("sold by CitiMortgage, Inc.", '("CMI") to the Trust')
    assert not ends_between("the loans were", "sold to the Trust")
