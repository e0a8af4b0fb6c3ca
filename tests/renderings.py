"""Filings as web mirrors re-render them: the same 8-K, other whitespace.

A mirror strips every line, collapses runs of spaces and drops blank lines
(`collapse`), or flattens the whole text onto one line (`flatten`).  The
deal a filing states does not depend on its rendering.
"""

from __future__ import annotations

import re


def collapse(text: str) -> str:
    """Every line stripped, runs of spaces and tabs collapsed, blank lines dropped."""
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def flatten(text: str) -> str:
    """The whole text on one line, runs of white space collapsed."""
    return re.sub(r"\s+", " ", text).strip() + "\n"
