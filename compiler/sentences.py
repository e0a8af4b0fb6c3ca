"""Sentence splitting of a paragraph's logical text.

Abbreviations are the trap (``U.S. Bank``, ``St. Louis``, ``CitiMortgage,
Inc. to be``): a full stop ends a sentence only when the next word starts a
sentence, and never after an abbreviation that does not end one.
"""

from __future__ import annotations

import re

from dealc.compiler.logical_text import LogicalText

# Abbreviations after which a full stop never ends a sentence.
NEVER_FINAL = frozenset(
    {"U.S", "St", "Mr", "Mrs", "Ms", "Dr", "No", "Nos", "D.C", "N.A", "e.g", "i.e", "Jr", "Sr",
     "Messrs", "Ft", "Mt", "Ave", "approx", "Sec", "Secs", "vs", "Corp"}
)
# A full stop, with closing quotes or brackets and a footnote mark, then the next sentence
# or the end.  The match begins at the stop itself (not after it, by a look-behind), so the
# engine can skip to the next stop instead of trying every position of the text.
BOUNDARY = re.compile(
    r"""[.?!][)"'\]]*(?:\*+|\(\d{1,2}\))?(?=\s+["'(]?[A-Z0-9]|\s*$)"""
)
WORD_BEFORE = re.compile(r"(?:^|\s)([A-Za-z][A-Za-z.]*)\.$")
NEXT_WORD = re.compile(r"\s+([^\s]+)")


def split(paragraph: LogicalText) -> list[LogicalText]:
    """The sentences of a paragraph, each stripped, in order; never empty pieces."""
    return [paragraph.slice(start, end) for start, end in bounds(paragraph)]


def bounds(paragraph: LogicalText) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph begins and ends in its text, stripped, in order;
    never an empty one."""
    text = paragraph.text
    found: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        stop = match.start() + 1  # just after the full stop
        if not _ends_sentence(text, start, stop, end):
            continue
        found.append(paragraph.stripped_bounds(start, end))
        start = end
    found.append(paragraph.stripped_bounds(start, len(text)))
    return [(start, end) for start, end in found if end > start]


def ends_between(left: str, right: str) -> bool:
    """Would a sentence end where ``left`` meets ``right`` (joined by a space)?

    Layout asks this at a page break: a paragraph continues across the break
    unless a sentence ends there, by the same rules as splitting (so a line
    that ends with "Inc." before "(\"CMSI\")" continues).
    """
    left = " ".join(left.split())[-_WINDOW:]
    right = " ".join(right.split())[:_WINDOW]
    if not left or not right:
        return True
    text = f"{left} {right}"
    for match in BOUNDARY.finditer(text):
        if match.end() == len(left) and _ends_sentence(text, 0, match.start() + 1, match.end()):
            return True
    return False


_WINDOW = 80


def _ends_sentence(text: str, start: int, stop: int, end: int) -> bool:
    if text[stop - 1] != ".":
        return True
    word = WORD_BEFORE.search(text, max(start, stop - _LONGEST_WORD), stop)
    if word is None:
        return True  # a number or closing bracket before the stop
    token = word.group(1)
    if token.rstrip(".") in NEVER_FINAL:
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. Smith"
    next_word = NEXT_WORD.match(text, end)
    return not (
        next_word is not None and next_word.group(1)[:1] == "(" and token.rstrip(".") in _SUFFIXES
    )


_LONGEST_WORD = 40  # how far back to look for the word a full stop ends: keeps splitting linear
_SUFFIXES = frozenset({"Inc", "INC", "Co", "Ltd", "L.P", "LLC"})
