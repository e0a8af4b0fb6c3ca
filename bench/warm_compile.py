"""Warm per-filing compile latency of the seed, phase by phase, beside a regex-scan baseline.

    python bench/warm_compile.py [--runs N]

Two baselines, measured in the same run: one pass of regular expressions
for money, percentages and dates over the same text (what any scan costs),
and a hand-written extractor of the seed's headline facts (the aggregate
balance, each pool's balance, the weighted average interest rates), checked
against dealc's values before it is timed.  The gap between the extractor and
dealc is what the grammar, the source map and the checks cost: the extractor
knows one filing's wording, keeps no positions and checks nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from dealc.compiler.layout import analyse
from dealc.compiler.parse import POOL_GRAMMAR, parse
from dealc.compiler.pipeline import compile_source, units
from dealc.compiler.source import Source
from dealc.emitters.json_emitter import JsonEmitter

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "examples" / "cmsi-2003-2.txt").read_text(encoding="utf-8")
SCAN = re.compile(
    r"\$[\d,]+(?:\.\d+)?|\d+(?:\.\d+)?%|(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) \d{1,2}, \d{4}"
)


# The seed's wording, written out by hand: the cost of a one-filing extractor.
_AGGREGATE = re.compile(r"transferred to the Trustee mortgage loans with an aggregate scheduled"
                        r"\s+principal\s+balance[^$]*?\$([\d,]+\.\d\d)")
_POOL = re.compile(r'the\s+"pool\s+([IVX]+)\s+mortgage\s+loans",\s+have\s+an\s+aggregate'
                   r"\s+scheduled\s+principal\s+balance[^$]*?\$([\d,]+\.\d\d)")
_RATES = re.compile(r"weighted\s+average\s+interest\s+rates\s+on\s+the\s+pool\s+I\s+mortgage"
                    r"[^%]*?were\s+([\d.]+)%,\s+([\d.]+)%\s+and\s+([\d.]+)%")


def extract(text: str) -> dict[str, object]:
    """The headline facts of the seed by regular expressions alone."""
    aggregate = _AGGREGATE.search(text)
    rates = _RATES.search(text)
    assert aggregate is not None and rates is not None
    return {
        "aggregate_balance": Decimal(aggregate.group(1).replace(",", "")),
        "pool_balances": [Decimal(m.group(2).replace(",", "")) for m in _POOL.finditer(text)],
        "wac_pct": [Decimal(rate) for rate in rates.groups()],
    }


def dealc_headlines(filing: Any) -> dict[str, object]:
    deal = filing.deal
    assert deal is not None and deal.all_loans is not None
    return {
        "aggregate_balance": deal.aggregate_balance,
        "pool_balances": [pool.balance for pool in deal.pools],
        "wac_pct": [pool.wac_pct for pool in deal.pools] + [deal.all_loans.wac_pct],
    }


def timed(function: Callable[[], object], runs: int) -> float:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    source = Source.from_text(TEXT, path="cmsi-2003-2.txt")
    layout = analyse(source)
    pieces = list(units(layout))
    filing = compile_source(source)
    emitter = JsonEmitter()
    if extract(TEXT) != dealc_headlines(filing):
        raise SystemExit(f"the extractor disagrees with dealc: {extract(TEXT)}")
    rows = {
        "baseline: regex scan for money, %, dates": lambda: SCAN.findall(TEXT),
        "baseline: hand-written headline extractor": lambda: extract(TEXT),
        "source (decode and line index)": lambda: Source.from_text(TEXT, path="x"),
        "layout (sections, paragraphs)": lambda: analyse(source),
        "parse (every sentence, pool grammar)": lambda: [
            parse(POOL_GRAMMAR, unit.text.text) for unit in pieces
        ],
        "whole compile (source to AST)": lambda: compile_source(source),
        "json emit": lambda: emitter.emit(filing),
    }
    print(f"{'phase':45} {'median ms':>10}  ({args.runs} runs)")
    medians = {}
    for name, function in rows.items():
        medians[name] = timed(function, args.runs)
        print(f"{name:45} {medians[name]:10.3f}")
    whole = medians["whole compile (source to AST)"]
    extractor = medians["baseline: hand-written headline extractor"]
    print(f"\nwhole compile / regex scan: {whole / medians[next(iter(rows))]:.1f}x; "
          f"/ headline extractor: {whole / extractor:.1f}x")


if __name__ == "__main__":
    main()
