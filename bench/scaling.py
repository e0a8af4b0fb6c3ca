"""Does compile time grow linearly with the input?  Seconds per input size, for real-looking
and for hostile text.

    python bench/scaling.py [--runs N]

For each kind of input it compiles sizes 1x, 2x, 4x, 8x and prints the median
seconds and the time per 100 KB: a linear compiler keeps the last column flat.
The kinds: the example filing with its description repeated (a long filing),
and hostile text that defeats naive regular expressions (capital words with
no company suffix, runs of digits, EDGAR rules, abbreviations).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from dealc.compiler import compile_text

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "cmsi-2003-2.txt").read_text(encoding="utf-8")
HEAD, BODY = SEED.split("     On February 24, 2003", 1)
BODY = "     On February 24, 2003" + BODY
DESCRIPTION, SIGNATURE = BODY.split("                                   SIGNATURES", 1)


def long_filing(scale: int) -> str:
    return HEAD + DESCRIPTION * scale + "                                   SIGNATURES" + SIGNATURE


KINDS: dict[str, Callable[[int], str]] = {
    "long filing": lambda k: long_filing(4 * k),
    "capital words": lambda k: "ABC DEF " * 6000 * k,
    "digits": lambda k: "12345 " * 8000 * k,
    "EDGAR rules": lambda k: "Item 2. X\n" + ("- " * 5000 + "x\n") * k,
    "abbreviations": lambda k: "Item 2. X\n" + "U.S. St. Inc. " * 4000 * k,
}


def median_seconds(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        compile_text(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compile_text(SEED)  # build the grammars first
    print(f"{'input':16} {'scale':>5} {'KB':>8} {'median s':>9} {'s per 100 KB':>13}")
    for name, make in KINDS.items():
        for scale in (1, 2, 4, 8):
            text = make(scale)
            seconds = median_seconds(text, args.runs)
            kb = len(text.encode()) / 1024
            print(f"{name:16} {scale:5} {kb:8.0f} {seconds:9.3f} {seconds / kb * 100:13.3f}")


if __name__ == "__main__":
    main()
