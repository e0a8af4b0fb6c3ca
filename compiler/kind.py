"""What kind of 8-K a filing is, from what its items and exhibits say and how it is built.

Depositors file several kinds of 8-K under one registration: the pool
description dealc compiles, collateral term sheets and computational
materials before a deal, the pooling and servicing agreement filed as an
exhibit at its closing, monthly servicing or distribution reports after it.
Only the first has a body dealc compiles; the others get their cover, items
and kind.

A kind is read first from what the text says (a heading, a sentence, an
exhibit's title), then from structure: an "Item 2. Acquisition or
Disposition of Assets" reports the trust's acquisition of its mortgage
pool, whose description follows.  A filing cut off before its body says
anything is `unknown`, not a guess; a text with no 8-K cover page at all (an
exhibit shown alone) is `other`.
"""

from __future__ import annotations

import re

from dealc.compiler.layout import Layout
from dealc.compiler.lazy import LazyPattern

POOL_DESCRIPTION = "pool_description"
COLLATERAL_TERM_SHEETS = "collateral_term_sheets"
SERVICING_REPORT = "servicing_report"
POOLING_AGREEMENT = "pooling_agreement"
OTHER = "other"
UNKNOWN = "unknown"

_PSA = r"Pooling[ ]and[ ]Servicing[ ]Agreement"
# What the text says, strongest first.
_SIGNS: tuple[tuple[str, LazyPattern], ...] = (
    (
        POOL_DESCRIPTION,
        LazyPattern(
            r"DESCRIPTION OF THE MORTGAGE (?:LOAN )?POOL"
            r"|(?:transferred|will transfer) to the Trustee",
            re.IGNORECASE,
        ),
    ),
    (
        COLLATERAL_TERM_SHEETS,
        LazyPattern(
            r"collateral term sheets?|computational materials?|structural term sheets?",
            re.IGNORECASE,
        ),
    ),
    (
        SERVICING_REPORT,
        LazyPattern(
            r"(?:monthly|servicing|servicer'?s?|distribution date|remittance|distribution)\s+"
            r"(?:report|statement)|statement to (?:certificate ?holders)"
            r"|certificateholders?'? report|a distribution was made to (?:the )?holders"
            r"|made the distribution to certificateholders",
            re.IGNORECASE,
        ),
    ),
    (
        POOLING_AGREEMENT,
        LazyPattern(
            rf"{_PSA}[^.]{{0,200}}(?:a copy of which is|is being|are being|is) filed"
            rf"|EXHIBIT[ ]+\d{{1,2}}(?:\.\d{{1,2}})?[ ]+(?:The[ ]+)?{_PSA}"
            rf"|Amendment[ ]No\.[ ]\d+[ ]to[ ]the[ ]{_PSA}"
            rf"|\bEX-\d{{1,2}}(?:\.\d{{1,2}})?[ ]+(?:The[ ]+)?{_PSA}",
            re.IGNORECASE,
        ),
    ),
)
# What structure says, when the text says nothing above.
_ACQUISITION = LazyPattern(r"acquisition or disposition of assets", re.IGNORECASE)
_SOLD = LazyPattern(r"\bsold\b[^.]{0,120}\bCertificates\b")  # a closing: the agreement is filed
_EXHIBIT_ENTRY = LazyPattern(r"(?:^|\s)(?:\(?EX-\d{1,2}(?:\.\d{1,2})?\)?|\d{1,2}\.\d{1,2})\s+[A-Z]")
_COVER_SIGNS = re.compile(r"\bFORM\s+8-K|CURRENT\s+REPORT|Exact\s+name\s+of|Commission\s+File",
                          re.IGNORECASE)


def classify(layout: Layout) -> str:
    """The kind of 8-K; `unknown` when the text ends before it shows which."""
    if not layout.items and not _COVER_SIGNS.search(layout.cover.text[:3000]):
        return OTHER  # no 8-K cover page: an exhibit (an agreement, a report) shown alone
    # The body's paragraphs, then the items' titles, the footnotes and the cover, a line
    # each, in one string: the body is its beginning (searched up to `body_end`), not a
    # copy, as a long filing's body is most of it.
    body = [paragraph.text.text for item in layout.items for paragraph in item.paragraphs]
    body_end = sum(map(len, body)) + len(body) - 1 if body else 0
    titles = "\n".join(item.title for item in layout.items)
    notes = "\n".join(footnote.body.text for footnote in layout.footnotes)
    text = "\n".join((*(body or [""]), titles, notes, layout.cover.text))
    del body
    for kind, sign in _SIGNS:
        if sign.search(text):
            return kind
    if any(item.number == "2" and _ACQUISITION.search(item.title) for item in layout.items):
        return POOL_DESCRIPTION
    if _SOLD.search(text, 0, body_end):
        return POOLING_AGREEMENT
    if layout.signature is None and not _EXHIBIT_ENTRY.search(text, 0, body_end):
        return UNKNOWN  # cut off before the body or its exhibits show what it is
    return OTHER

