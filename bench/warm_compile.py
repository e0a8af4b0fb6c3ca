"""Warm per-filing compile latency of the seed, phase by phase, beside a regex-scan baseline.

    python bench/warm_compile.py [--runs N]

The baseline is what a hand-written extractor costs: one pass of regular
expressions for money, percentages and dates over the same text.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

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
    rows = {
        "baseline: regex scan for money, %, dates": lambda: SCAN.findall(TEXT),
        "source (decode and line index)": lambda: Source.from_text(TEXT, path="x"),
        "layout (sections, paragraphs)": lambda: analyse(source),
        "parse (every sentence, pool grammar)": lambda: [
            parse(POOL_GRAMMAR, unit.text.text) for unit in pieces
        ],
        "whole compile (source to AST)": lambda: compile_source(source),
        "json emit": lambda: emitter.emit(filing),
    }
    print(f"{'phase':45} {'median ms':>10}  ({args.runs} runs)")
    for name, function in rows.items():
        print(f"{name:45} {timed(function, args.runs):10.3f}")


if __name__ == "__main__":
    main()
