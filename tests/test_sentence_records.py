"""Sentence records kept as columns read back as the records that were put in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler import compile_file
from dealc.compiler.ast import SentenceRecord, SentenceRecords
from dealc.compiler.layout import analyse
from dealc.compiler.pipeline import units
from dealc.compiler.span import Span

from .conftest import SEED

labels = st.sampled_from(["item 2", "item 5", "footnote 1", "narrative", "facts(x)", "é\u2028"])
records = st.builds(
    lambda start, length, text, section, action, pointers, rule: SentenceRecord(
        Span(start, start + length), text, section, action, tuple(pointers), rule),
    st.integers(0, 10**6), st.integers(0, 500), st.text(max_size=40), labels,
    st.none() | labels, st.lists(st.sampled_from(["/deal/a", "/cover/b", "/deal/pools/0/c"]),
                                 max_size=4),
    st.none() | labels)


@given(st.lists(records, max_size=30))
def test_records_read_back_as_put_in(given_records: list[SentenceRecord]) -> None:
    kept = SentenceRecords(given_records)
    assert len(kept) == len(given_records)
    assert list(kept) == given_records
    assert [kept[i] for i in range(len(kept))] == given_records
    assert [kept[-i] for i in range(1, len(kept) + 1)] == given_records[::-1]
    assert kept[1::2] == tuple(given_records[1::2])
    assert kept == tuple(given_records)


def test_a_sentence_is_kept_as_a_place_in_its_paragraph() -> None:
    paragraph = "First sentence. Second one."
    kept = SentenceRecords()
    kept.append(Span(10, 25), paragraph, 0, 15, "item 5", "narrative")
    kept.append(Span(26, 37), paragraph, 16, 27, "item 5", None, ["/deal/x"], "facts(x)")
    assert [r.text for r in kept] == ["First sentence.", "Second one."]
    assert kept[1] == SentenceRecord(Span(26, 37), "Second one.", "item 5", None,
                                     ("/deal/x",), "facts(x)")
    with pytest.raises(IndexError):
        kept[2]


def test_the_seeds_records_are_its_units() -> None:
    filing = compile_file(SEED)
    assert isinstance(filing.sentences, SentenceRecords)
    assert filing.text is not None
    expected = [(unit.text.span(), unit.text.text, unit.section)
                for unit in units(analyse(filing.text))]
    assert [(r.span, r.text, r.section) for r in filing.sentences] == expected
    assert len(expected) == 59
