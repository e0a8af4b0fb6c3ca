"""Round-trip properties over generated consistent deals."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler import ast, compile_text
from dealc.compiler.checks import CheckContext, run
from dealc.compiler.plain import node
from dealc.emitters.eightk import EightKEmitter
from dealc.emitters.json_emitter import JsonEmitter, dumps
from dealc.emitters.json_reader import read_json
from dealc.emitters.xbrl import XbrlEmitter
from dealc.emitters.xbrl_reader import read_xbrl

from .conftest import SEED
from .layout_variants import relayout
from .strategies import filings


def printed(value: object) -> str:
    """Exact digits: Decimal('1.0') and Decimal('1') differ here, not under ==."""
    return dumps(node(value))


@given(filings())
def test_a_generated_deal_passes_every_check(filing: ast.CompiledFiling) -> None:
    assert filing.deal is not None
    found = run(CheckContext(filing.deal, filing.cover, filing.signature, {}))
    assert found == []


@given(filings())
def test_compile_of_8k_gives_back_the_deal(filing: ast.CompiledFiling) -> None:
    text = EightKEmitter().emit(filing)
    compiled = compile_text(text, path="regenerated.txt")
    assert [d.code for d in compiled.diagnostics] == []
    assert printed(compiled.deal) == printed(filing.deal)
    assert compiled.deal == filing.deal
    assert compiled.cover == filing.cover
    assert compiled.signature == filing.signature


@given(filings())
def test_json_reads_back_and_re_emits_byte_identically(filing: ast.CompiledFiling) -> None:
    compiled = compile_text(EightKEmitter().emit(filing))
    text = JsonEmitter().emit(compiled)
    again = read_json(text)
    assert again == compiled
    assert JsonEmitter().emit(again) == text


@given(filings())
def test_xbrl_reads_back_to_the_same_deal(filing: ast.CompiledFiling) -> None:
    contents = read_xbrl(XbrlEmitter().emit(filing))
    assert printed(contents.deal) == printed(filing.deal)
    assert contents.cover == filing.cover
    assert contents.signature == filing.signature


def test_the_strategy_is_not_trivial() -> None:
    """The generated deals vary: several pools, classes, optional facts on and off."""
    from hypothesis import find

    many = find(filings(), lambda f: f.deal is not None and len(f.deal.pools) == 4
                and len(f.deal.classes) >= 8 and f.deal.pools[0].premium_discount is not None)
    assert many.deal is not None
    bare = find(filings(), lambda f: f.deal is not None and f.deal.loss_limits is None
                and f.deal.pools[0].additional_collateral is None)
    assert bare.deal is not None and bare.deal.loss_limits is None
    assert bare.deal.pools[0].additional_collateral is None and bare.deal != many.deal


# A change to one figure of a consistent deal, and the check that must then fire.
MUTATIONS: dict[str, tuple[str, Callable[[Any], ast.Deal]]] = {
    "pool balance": ("E201", lambda d: _pool(d, balance=d.pools[0].balance + 1000)),
    "pool count": ("E202", lambda d: _pool(d, loan_count=d.pools[0].loan_count + 1)),
    "all-loans rate": ("E203", lambda d: attrs.evolve(
        d, all_loans=attrs.evolve(d.all_loans, wac_pct=d.all_loans.wac_pct + Decimal("0.5")))),
    "class balance": ("E206", lambda d: attrs.evolve(d, classes=(
        attrs.evolve(d.classes[0], initial_balance=d.classes[0].initial_balance + 1000),
        *d.classes[1:]))),
    "threshold": ("W208", lambda d: attrs.evolve(
        d, optional_repurchase_threshold=d.optional_repurchase_threshold + 1)),
    "transfer date": ("E209", lambda d: attrs.evolve(
        d, transfer_date=d.cutoff_date - datetime.timedelta(days=1))),
    "weighted LTV": ("E210", lambda d: _pool(d, wa_ltv_pct=Decimal(101))),
    "term range": ("E211", lambda d: attrs.evolve(d, all_loans=attrs.evolve(
        d.all_loans, original_term_years=ast.Range(
            d.all_loans.original_term_years.min, d.all_loans.original_term_years.max + 1)))),
}


def _pool(deal: ast.Deal, **changes: Any) -> ast.Deal:
    return attrs.evolve(deal, pools=(attrs.evolve(deal.pools[0], **changes), *deal.pools[1:]))


@given(filings(), st.sampled_from(sorted(MUTATIONS)))
def test_changing_a_checked_figure_makes_its_check_fire(
    filing: ast.CompiledFiling, mutation: str
) -> None:
    assert filing.deal is not None
    code, change = MUTATIONS[mutation]
    deal = change(filing.deal)
    found = run(CheckContext(deal, filing.cover, filing.signature, {}))
    assert code in {d.code for d in found}


@given(filings(), st.integers(40, 200), st.integers(0, 2**32 - 1))
def test_layout_does_not_matter(filing: ast.CompiledFiling, width: int, seed: int) -> None:
    text = relayout(EightKEmitter().emit(filing), width, seed)
    compiled = compile_text(text, path="relaid.txt")
    assert [d.code for d in compiled.diagnostics] == []
    assert printed(compiled.deal) == printed(filing.deal)


@pytest.mark.parametrize("width", [50, 110])
@pytest.mark.parametrize("seed_value", [0, 1, 2])
def test_the_real_filing_re_wrapped_compiles_to_the_same_deal(
    seed: ast.CompiledFiling, width: int, seed_value: int
) -> None:
    text = relayout(SEED.read_text(encoding="utf-8"), width, seed_value)
    assert text != SEED.read_text(encoding="utf-8")
    compiled = compile_text(text, path="cmsi-2003-2-rewrapped.txt")
    assert [d.code for d in compiled.diagnostics] == []
    assert printed(compiled.deal) == printed(seed.deal)
    assert compiled.cover == seed.cover
    # The footnote blocks moved, so their order may differ; their marks, texts and
    # what they annotate do not.
    assert sorted(compiled.footnotes, key=lambda f: f.mark) == sorted(
        seed.footnotes, key=lambda f: f.mark)
