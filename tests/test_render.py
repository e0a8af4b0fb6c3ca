"""Snapshots of the rustc-style rendering; docs/diagnostics.md shows the same text."""

from __future__ import annotations

import pytest

from dealc.compiler import CompiledFiling, compile_bytes, compile_text
from dealc.compiler.codes import CODES
from dealc.compiler.driver.grammar_check import check
from dealc.compiler.render import render
from dealc.compiler.source import Source

from .conftest import FIXTURES, ROOT, SEED
from .mutations import EXAMPLES, PARSE_EXAMPLES

SNAPSHOTS = ROOT / "tests" / "snapshots"
TEXT = SEED.read_text(encoding="utf-8")


GRAMMAR_EXAMPLES = {"E301": "typo", "E302": "unknown-action", "E303": "wrong-operand",
                    "E304": "collision", "E305": "conflict", "E306": "exponential",
                    "E307": "override", "E308": "lost-fact", "E309": "no-full-stop",
                    "W310": "shadowed"}


def example(code: str) -> CompiledFiling:
    """A compilation that reports ``code``: the seed changed, cut, or another input."""
    if code == "E101":
        return compile_text(TEXT[:5000], path="cut.txt")
    if code == "N107":
        return compile_bytes((FIXTURES / "kinds" / "term-sheets.txt").read_bytes(),
                             "term-sheets.txt")
    if code == "W001":
        return compile_bytes(b"Caf\xe9 \x93q\x94", "old.txt")
    if code == "W002":
        return compile_bytes(b"FORM 8-K\n\nCURRENT\x00 REPORT\x00\n", "nul.txt")
    old, new = {**EXAMPLES, **PARSE_EXAMPLES}[code]
    assert old in TEXT
    return compile_text(TEXT.replace(old, new), path="cmsi-2003-2.txt")


def rendered(code: str) -> str:
    if code in GRAMMAR_EXAMPLES:  # `dealc grammar check` on a broken extension
        name = f"{GRAMMAR_EXAMPLES[code]}.lark"
        path = FIXTURES / "grammars" / name
        source = Source.from_text(path.read_text(encoding="utf-8"), path=name)
        [diagnostic, *_] = [d for d in check(source) if d.code == code]
        return render(diagnostic, source) + "\n"
    compiled = example(code)
    assert compiled.text is not None
    [diagnostic, *_] = [d for d in compiled.diagnostics if d.code == code]
    return render(diagnostic, compiled.text) + "\n"


@pytest.mark.parametrize("code", sorted(CODES))
def test_rendering_matches_its_snapshot(code: str) -> None:
    assert rendered(code) == (SNAPSHOTS / f"{code}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(CODES))
def test_docs_show_the_real_rendering(code: str) -> None:
    docs = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert f"```\n{rendered(code)}```" in docs


def test_colour_only_when_asked() -> None:
    old, new = EXAMPLES["E201"]
    compiled = compile_text(TEXT.replace(old, new), path="cmsi-2003-2.txt")
    assert compiled.text is not None
    plain = render(compiled.diagnostics[0], compiled.text)
    coloured = render(compiled.diagnostics[0], compiled.text, color=True)
    assert "\x1b[" not in plain and "\x1b[31m" in coloured


def test_several_labels_on_one_line_each_get_their_text() -> None:
    text = rendered("E203")
    assert "------  ------     ^^^^^^ all mortgage loans" in text
    assert text.count("|       pool II") == 1 and "pool I\n" in text
