"""The deal a filing states does not depend on how a mirror rendered it.

The seed and generated 8-Ks, re-rendered as web mirrors do (every line
stripped, runs of spaces collapsed, blank lines dropped), compile to the same
deal and cover; flattened onto one line they give the same cover; and no
rendering makes the compiler raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler import ast, compile_text
from dealc.compiler.plain import node
from dealc.emitters.eightk import EightKEmitter
from dealc.emitters.json_emitter import dumps

from .conftest import SEED
from .renderings import collapse, flatten
from .strategies import filings


def printed(value: object) -> str:
    return dumps(node(value))


def test_the_seed_collapsed_compiles_to_the_same_deal(seed: ast.CompiledFiling) -> None:
    compiled = compile_text(collapse(SEED.read_text(encoding="utf-8")), path="collapsed.txt")
    assert [d.code for d in compiled.diagnostics] == []
    assert printed(compiled.deal) == printed(seed.deal)
    assert compiled.cover == seed.cover
    assert compiled.footnotes == seed.footnotes
    assert compiled.items == seed.items and compiled.signature == seed.signature


def test_the_seed_flattened_gives_the_same_cover(seed: ast.CompiledFiling) -> None:
    compiled = compile_text(flatten(SEED.read_text(encoding="utf-8")), path="flat.txt")
    assert compiled.cover == seed.cover
    assert [(i.number, i.title) for i in compiled.items] == [(i.number, i.title)
                                                             for i in seed.items]
    assert compiled.kind == seed.kind


@given(filings())
def test_a_generated_8k_collapsed_compiles_to_the_same_deal(filing: ast.CompiledFiling) -> None:
    compiled = compile_text(collapse(EightKEmitter().emit(filing)), path="collapsed.txt")
    assert [d.code for d in compiled.diagnostics] == []
    assert printed(compiled.deal) == printed(filing.deal)
    assert compiled.cover == filing.cover


@given(filings())
def test_a_generated_8k_flattened_gives_the_same_cover(filing: ast.CompiledFiling) -> None:
    compiled = compile_text(flatten(EightKEmitter().emit(filing)), path="flat.txt")
    assert compiled.cover == filing.cover


def _strip_indentation(text: str) -> str:
    return "\n".join(line.lstrip() for line in text.splitlines()) + "\n"


def _underscore_fill(text: str) -> str:
    return re.sub(r"(?<=\S) (?=\S)", "_", text)


def _escaped_rules(text: str) -> str:
    return re.sub(r"^-{3,}", lambda m: "- " + m.group()[2:], text, flags=re.MULTILINE)


RENDERINGS: dict[str, Callable[[str], str]] = {
    "collapse": collapse, "flatten": flatten, "strip indentation": _strip_indentation,
    "underscore fill": _underscore_fill, "escaped rules": _escaped_rules,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cut": lambda text: text[: len(text) // 3],
}


@given(filings(), st.sampled_from(sorted(RENDERINGS)), st.integers(0, 4000))
def test_no_rendering_raises(filing: ast.CompiledFiling, rendering: str, cut: int) -> None:
    text = RENDERINGS[rendering](EightKEmitter().emit(filing))
    compiled = compile_text(text[cut:], path="rendered.txt")
    assert compiled.kind in ("pool_description", "collateral_term_sheets", "servicing_report",
                             "pooling_agreement", "other", "unknown")
