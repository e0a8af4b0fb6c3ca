"""The built-in emitters: registry, Markdown report, regenerated 8-K."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pytest
from click.testing import CliRunner

from dealc.compiler import CompiledFiling, compile_text
from dealc.compiler.ast import CertificateClass, Deal, LoanGroup
from dealc.compiler.driver import cli
from dealc.emitters import EmitterError, load, names
from dealc.emitters.eightk import EightKEmitter
from dealc.emitters.markdown import MarkdownEmitter, escape

from .conftest import SEED


def test_the_builtins_are_registered() -> None:
    assert {"json", "8k", "markdown"} <= set(names())
    for name in ("json", "8k", "markdown"):
        emitter = load(name)
        assert emitter.name == name and emitter.extension.startswith(".")


def test_an_unknown_emitter_lists_the_known_ones() -> None:
    with pytest.raises(EmitterError, match=r"installed emitters: .*json"):
        load("nope")


def test_dealc_emitters_lists_them() -> None:
    result = CliRunner().invoke(cli.main, ["emitters"])
    listed = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert {"json", "8k", "markdown"} <= set(listed)


# ------------------------------------------------------------------ markdown
def test_markdown_report_states_the_filings_numbers(seed: CompiledFiling) -> None:
    text = MarkdownEmitter().emit(seed)
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in text.splitlines() if line.startswith("| ")}
    # Numbers as the filing prints them (lines 62-242 of the filing).
    assert rows["Aggregate scheduled principal balance"] == [
        "$549,864,882.81", "$207,376,773.46", "$757,241,656.27"]
    assert rows["Number of loans"] == ["1175", "445", "1620"]
    assert rows["Weighted average interest rate"] == ["6.298%", "5.942%", "6.200%"]
    assert rows["Weighted average remaining term (months)"] == ["357.43", "176.72", "307.94"]
    assert rows["Weighted average LTV"] == ["64.1%", "55.6%", "61.8%"]
    assert rows["Primary residences, at least"] == ["98%", "94%", "97%"]
    assert rows["Pool II discount"] == ["5.250%", "$337,529", "5.375%", "178.00"]
    assert rows["B-6"] == ["$1,136,664.27", "February 1, 2003", "n/s"]
    assert rows["A"][2] == "2.150127919560%"
    assert rows["Bankruptcy"] == ["$225,000.00"]
    assert rows["Cut-off date"] == ["February 1, 2003"]
    assert "None: every sentence was recognised and every check passed." in text


def test_markdown_escapes_text_from_the_filing() -> None:
    assert escape("A | B *bold* _x_") == "A \\| B \\*bold\\* \\_x\\_"
    text = SEED.read_text(encoding="utf-8").replace(
        "By: /s/ Howard Darmstadter", "By: /s/ Howard *Darm* | stadter")
    report = MarkdownEmitter().emit(compile_text(text))
    assert "| Signed by | Howard \\*Darm\\* \\| stadter |" in report
    for line in report.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) in (3, 4, 5, 6, 7)


def test_markdown_lists_diagnostics() -> None:
    text = SEED.read_text(encoding="utf-8").replace("$549,864,882.81", "$549,864,883.81")
    report = MarkdownEmitter().emit(compile_text(text))
    assert "| E201 | error | 62:45 | pool balances do not add up to the aggregate balance |" in (
        report)


# ------------------------------------------------------------------------ 8-K
def test_8k_of_the_seed_compiles_back_to_the_same_filing(seed: CompiledFiling) -> None:
    regenerated = compile_text(EightKEmitter().emit(seed), path="regenerated.txt")
    assert regenerated.diagnostics == ()
    assert regenerated.deal == seed.deal
    assert regenerated.cover == seed.cover
    assert regenerated.signature == seed.signature
    assert regenerated.items == seed.items
    assert regenerated.footnotes == seed.footnotes


def _three_pools(seed: CompiledFiling) -> CompiledFiling:
    """The seed's deal with a third pool and a third class: 8-K must handle any number."""
    assert seed.deal is not None
    pool_i, pool_ii = seed.deal.pools
    pool_iii = attrs.evolve(pool_ii, id="III", premium_discount=None, additional_collateral=None,
                            balance=Decimal("1000000.00"), loan_count=3)
    classes = (*seed.deal.classes, CertificateClass("R", Decimal("100.00"),
                                                    seed.deal.cutoff_date, None))
    deal = attrs.evolve(seed.deal, pools=(pool_i, pool_ii, pool_iii), classes=classes)
    return attrs.evolve(seed, deal=deal)


def test_8k_handles_more_pools_and_classes(seed: CompiledFiling) -> None:
    filing = _three_pools(seed)
    text = EightKEmitter().emit(filing)
    assert "the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage" in (
        " ".join(text.split()))
    regenerated = compile_text(text)
    assert regenerated.deal is not None and filing.deal is not None
    # The checks see that the third pool's figures do not add up: that is right.
    assert regenerated.deal == filing.deal
    assert not [d for d in regenerated.diagnostics if d.code == "W102"]


def test_8k_leaves_out_sentences_whose_facts_are_absent(seed: CompiledFiling) -> None:
    assert seed.deal is not None and seed.deal.all_loans is not None
    pools = tuple(attrs.evolve(p, wac_pct=None, latest_maturity=None) for p in seed.deal.pools)
    deal = attrs.evolve(seed.deal, pools=pools, loss_limits=None, paying_agent=None,
                        all_loans=attrs.evolve(seed.deal.all_loans, wac_pct=None))
    text = EightKEmitter().emit(attrs.evolve(seed, deal=deal))
    flat = " ".join(text.split())
    assert "weighted average interest rates on" not in flat
    assert "scheduled maturities later than" not in flat
    assert "loss limit" not in flat and "paying agent" not in flat
    regenerated = compile_text(text)
    assert regenerated.deal == deal
    assert not [d for d in regenerated.diagnostics if d.code in ("W102", "E101")]


def test_8k_of_an_empty_deal_still_compiles() -> None:
    filing = compile_text(SEED.read_text(encoding="utf-8"))
    empty = attrs.evolve(filing, deal=Deal(pools=(LoanGroup("I"),)))
    text = EightKEmitter().emit(empty)
    assert "DETAILED DESCRIPTION" in text
    compile_text(text)
