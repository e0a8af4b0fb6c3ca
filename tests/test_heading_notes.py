"""When the match of a sentence stops at a line that looks like a heading, W102 and explain say
so (issue 15, item 6)."""

from __future__ import annotations

import pytest

from dealc.compiler import Options, compile_text
from dealc.compiler.driver.explain import explain, render_text
from dealc.compiler.pipeline import heading_note
from dealc.compiler.source import Source

from .conftest import ROOT

TEXT = (ROOT / "examples" / "grammars" / "cmsi-1997-8.txt").read_text(encoding="utf-8")
RULE = " " + "-" * 75 + "\n"
# The title line runs into the first paragraph: no underline, no blank line after it.
JOINED = TEXT.replace("MORTGAGED PROPERTIES\n" + RULE + "\n     On", "MORTGAGED PROPERTIES\nOn")


def test_w102_says_the_match_stopped_after_a_heading() -> None:
    assert JOINED != TEXT
    compiled = compile_text(JOINED, path="joined.txt")
    [first, *_] = [d for d in compiled.diagnostics if d.code == "W102"]
    assert first.message.startswith("sentence not recognised: 'DETAILED DESCRIPTION")
    [note] = [n for n in first.notes if "heading" in n]
    assert note.startswith("the match stopped just after line 34, 'DETAILED DESCRIPTION OF")
    assert "looks like a heading (in capitals)" in note
    # the sentences that stop inside running text say nothing of headings
    assert all(not any("heading" in n for n in d.notes)
               for d in compiled.diagnostics if d.code == "W102" and d is not first)


def test_explain_says_it_too() -> None:
    compiled = compile_text(JOINED, path="joined.txt", options=Options())
    report = explain(compiled)
    [entry] = [s for s in report["sentences"] if s["text"].startswith("DETAILED")]
    assert "looks like a heading" in entry["heading"]
    assert "    note: the match stopped just after line 34" in render_text(report)


@pytest.mark.parametrize(("text", "why"), [
    ("Pool Description\n----------------\nThe loans are fine.\n", "underlined"),
    ("June 26, 1997\nThe loans are fine.\n", "a date alone"),
    ("Mortgage Pool Summary\nThe loans are fine.\n", "short and capitalised"),
    ("THE MORTGAGE POOL\nThe loans are fine.\n", "in capitals"),
])
def test_what_looks_like_a_heading(text: str, why: str) -> None:
    source = Source.from_text(text)
    note = heading_note(source, text.index("The loans"))
    assert note is not None and why in note


@pytest.mark.parametrize("text", [
    "The mortgage loans were transferred to the\nTrustee on June 26, 1997.\n",
    "Payments will be made by Citibank, N.A., as paying agent, and\nthe loans are fine.\n",
])
def test_running_text_is_not_a_heading(text: str) -> None:
    source = Source.from_text(text)
    assert heading_note(source, text.index("\n") + 1) is None
