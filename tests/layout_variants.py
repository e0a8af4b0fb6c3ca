"""The same filing laid out differently: re-wrapped, page breaks and footnotes moved, re-indented.

Real filings of one issuer differ in exactly these ways; a compiler that
reads them must give the same deal for all of them.
"""

from __future__ import annotations

import random
import re
import textwrap

LIST_ITEM = re.compile(r"^(\s*)(\d{1,2}\.\s+)(.*)$")
FOOTNOTE_MARK = re.compile(r"^(?:\d{1,2}|\*{1,3})\s{2,}")


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        else:
            if current:
                blocks.append(current)
            current = []
            blocks.append([])
    if current:
        blocks.append(current)
    return blocks


def _fill(block: list[str], width: int, rng: random.Random) -> list[str]:
    words = " ".join(line.strip() for line in block)
    first_indent = " " * min(len(block[0]) - len(block[0].lstrip()) + rng.randint(-2, 3), 9)
    other_indent = " " * rng.randint(0, 3)
    list_item = LIST_ITEM.match(block[0])
    if list_item:
        marker = list_item.group(1) + list_item.group(2)
        words = " ".join([list_item.group(3).strip()] + [line.strip() for line in block[1:]])
        return textwrap.wrap(words, width, initial_indent=marker,
                             subsequent_indent=" " * rng.randint(0, 10),
                             break_on_hyphens=False, break_long_words=False)
    return textwrap.wrap(words, width, initial_indent=first_indent,
                         subsequent_indent=other_indent, break_on_hyphens=False,
                         break_long_words=False)


def relayout(text: str, width: int, seed: int) -> str:
    """The 8-K text re-wrapped at ``width``, re-indented, with its page breaks and
    footnote blocks moved to other line boundaries of the running text."""
    rng = random.Random(seed)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(" DETAILED DESCRIPTION"))
    end = next(i for i, line in enumerate(lines) if line.strip() == "SIGNATURES")
    head, body, tail = lines[: start + 2], lines[start + 2 : end], lines[end:]

    footnotes: list[list[str]] = []
    kept: list[str] = []
    index = 0
    joining = False  # a removed break cut a sentence: its halves become one paragraph again
    while index < len(body):
        line = body[index]
        if line.strip() in ("--------", "<PAGE>"):
            if line.strip() == "--------":  # a footnote block, to the next page break
                block = []
                while index < len(body) and body[index].strip() != "<PAGE>":
                    block.append(body[index])
                    index += 1
                footnotes.append(block)
            index += 1
            while kept and not kept[-1].strip():
                kept.pop()
            joining = bool(kept) and not re.search(r"[.:;][)\"*]*(?:\(\d\))?$", kept[-1])
            if not joining:
                kept.append("")
            continue
        if joining and not line.strip():
            index += 1
            continue
        joining = False
        kept.append(line)
        index += 1

    wrapped: list[str] = []
    for block in _blocks(kept):
        wrapped.extend(_fill(block, width, rng) if block else [""])

    # Put the footnote blocks (each ending a page) and a few bare page breaks back,
    # at random line boundaries of the running text.
    inserts = [[*block, "<PAGE>", ""] for block in footnotes]
    inserts += [["", "<PAGE>", ""] for _ in range(rng.randint(0, 3))]
    places = sorted((rng.randint(1, len(wrapped)), n) for n in range(len(inserts)))
    for at, n in reversed(places):  # from the end, so earlier places stay where they were
        wrapped[at:at] = inserts[n]
    return "\n".join(head + wrapped + [""] + tail) + "\n"
