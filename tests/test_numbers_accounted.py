"""Every number printed in the seed's pool description is a fact, or is listed here as not one.

The scan is independent of dealc's grammars: plain regular expressions find
every amount, percentage, date, term and count in the text of Item 2 and its
footnotes, and each must lie inside the provenance of some fact.
"""

from __future__ import annotations

import re

from dealc.compiler import CompiledFiling
from dealc.compiler.ast import Location
from dealc.compiler.source import Source

FIRST_LINE, LAST_LINE = 48, 248  # "Item 2." to the last footnote

NUMBER = re.compile(
    r"(?P<series>Series \d{4}-\d+)"
    r"|(?P<date>(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{1,2},\s+\d{4})"
    r"|(?P<money>\$[\d,]+(?:\.\d+)?)"
    r"|(?P<percent>\d+(?:\.\d+)?%)"
    r"|(?P<term>\d+(?:\.\d+)?\s+(?:months|years))"
    r"|(?P<count>(?<![\w.-])\d+(?:\.\d+)?(?![\w%]))"
)

# Numbers of the description that are not facts, with why.  (line, text)
NOT_FACTS = {
    # Footnote marks in the text: kept as footnotes[].references, not as values.
    (56, "(1)"), (112, "(2)"),
    # Boilerplate: the certificates evidence 100% of the regular interests.
    (71, "100%"),
    # The 80% that defines ltv_over_80_balance and pmi_required_over_80_ltv: part of
    # the fields' meaning; another threshold makes the sentence unrecognised.
    (105, "80%"), (157, "80%"),
    # Part of the definition of a primary residence ("at least 6 months every year").
    (136, "6 months"),
    # Numbers of the additional-collateral list items.
    (162, "1."), (165, "2."), (169, "3."), (174, "4."),
}


def offset(source: Source, line: int, column: int) -> int:
    return source.line_starts[line - 1] + column - 1


def spans(source: Source, location: Location) -> list[tuple[int, int]]:
    start = offset(source, location.line, location.column)
    end = offset(source, location.end_line, location.end_column)
    return [(start, end)] + [span for other in location.also for span in spans(source, other)]


def test_every_number_of_the_description_is_a_fact_or_listed(seed: CompiledFiling) -> None:
    source = seed.text
    assert source is not None
    read = [span for location in seed.provenance.values() for span in spans(source, location)]
    unexplained = []
    listed_seen = set()
    for line in range(FIRST_LINE, LAST_LINE + 1):
        text = source.line_text(line)
        marks = [(m.start(), m.group()) for m in re.finditer(r"\(\d\)|^\s*\d\.", text)]
        for _column, mark in marks:
            if (line, mark.strip()) in NOT_FACTS:
                listed_seen.add((line, mark.strip()))
        for match in NUMBER.finditer(text):
            if (line, match.group()) in NOT_FACTS:
                listed_seen.add((line, match.group()))
                continue
            start = source.line_starts[line - 1] + match.start()
            if any(begin <= start < end for begin, end in read):
                continue
            if any(column <= match.start() < column + len(mark) for column, mark in marks):
                continue  # a footnote mark or list number, checked against NOT_FACTS above
            unexplained.append((line, match.group()))
    assert unexplained == []
    # The list of non-facts is itself checked: every entry is really in the text.
    assert listed_seen == NOT_FACTS


def test_the_scan_finds_numbers_at_all(seed: CompiledFiling) -> None:
    """The regular expressions are not vacuous: the description has well over 100 numbers."""
    source = seed.text
    assert source is not None
    found = [
        match.group()
        for line in range(FIRST_LINE, LAST_LINE + 1)
        for match in NUMBER.finditer(source.line_text(line))
    ]
    assert len(found) > 100
    assert "$757,241,656.27" in found and "2.150127919560%" in found and "357.43 months" in found
