"""What kind of 8-K a filing is, from the words of its items.

Depositors file several kinds of 8-K under one registration: the pool
description dealc compiles, collateral term sheets and computational
materials before a deal, monthly servicing reports after it.  Only the first
has a body dealc compiles; the others get their cover, items and kind.
"""

from __future__ import annotations

import re

from dealc.compiler.layout import Layout

POOL_DESCRIPTION = "pool_description"
COLLATERAL_TERM_SHEETS = "collateral_term_sheets"
SERVICING_REPORT = "servicing_report"
OTHER = "other"

_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        POOL_DESCRIPTION,
        re.compile(
            r"DESCRIPTION OF THE MORTGAGE LOAN POOL|(?:transferred|will transfer) to the Trustee",
            re.IGNORECASE,
        ),
    ),
    (
        COLLATERAL_TERM_SHEETS,
        re.compile(
            r"collateral term sheets?|computational materials|structural term sheets?",
            re.IGNORECASE,
        ),
    ),
    (
        SERVICING_REPORT,
        re.compile(
            r"(?:monthly|servicing|servicer'?s?|distribution date|remittance)\s+"
            r"(?:report|statement)|statement to (?:certificate ?holders)",
            re.IGNORECASE,
        ),
    ),
)


def classify(layout: Layout) -> str:
    text = "\n".join(
        paragraph.text.text for item in layout.items for paragraph in item.paragraphs
    ) + "\n" + "\n".join(item.title for item in layout.items)
    for kind, sign in _SIGNS:
        if sign.search(text):
            return kind
    return OTHER
