"""Instructions per warm run of a phase, counted by valgrind: a figure that noise cannot move.

    python bench/instructions.py [compile json parse layout lower scan] [--runs N]

On a shared machine wall-clock medians drift by half between runs; the number
of instructions a phase executes does not (with a fixed hash seed).  Each
phase runs once to warm up, then N times under ``valgrind --tool=callgrind``;
the same script run zero times is subtracted, so what is left is the phase
alone.  ``scan`` is the regular-expression baseline of `warm_compile.py`.
It needs valgrind (Debian's ``valgrind`` package) and takes about a minute
a phase.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("compile", "json", "parse", "layout", "lower", "scan")


def work(phase: str, runs: int) -> None:
    """Run one phase ``runs`` times on the seed (in the process valgrind watches)."""
    from dealc.compiler import dialects
    from dealc.compiler.extensions import pool_parser
    from dealc.compiler.layout import analyse
    from dealc.compiler.lower import lower_sentence
    from dealc.compiler.pipeline import compile_source, units
    from dealc.compiler.source import Source
    from dealc.emitters.json_emitter import JsonEmitter

    text = (ROOT / "examples" / "cmsi-2003-2.txt").read_text(encoding="utf-8")
    source = Source.from_text(text, path="x")
    pool = pool_parser((), dialects.default())
    pieces = [(pool.parse(unit.text.text), unit.text) for unit in units(analyse(source))]
    filing = compile_source(source)
    scan = re.compile(r"\$[\d,]+(?:\.\d+)?|\d+(?:\.\d+)?%|(?:January|February|March|April|May"
                      r"|June|July|August|September|October|November|December) \d{1,2}, \d{4}")
    functions = {
        "compile": lambda: compile_source(Source.from_text(text, path="x")),
        "json": lambda: JsonEmitter().emit(filing),
        "parse": lambda: [pool.parse(piece.text) for _, piece in pieces],
        "layout": lambda: analyse(source),
        "lower": lambda: [lower_sentence(tree, piece) for tree, piece in pieces],
        "scan": lambda: scan.findall(text),
    }
    function = functions[phase]
    function()
    for _ in range(runs):
        function()


def counted(phase: str, runs: int) -> int:
    """Instructions of the whole process running the phase ``runs`` times."""
    environment = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--work", phase, "--runs", str(runs)],
        capture_output=True, text=True, env=environment, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("phases", nargs="*", help=f"any of {', '.join(PHASES)} "
                        "(default: compile json scan)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", choices=PHASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        work(args.work, args.runs)
        return
    phases = args.phases or ["compile", "json", "scan"]
    unknown = [phase for phase in phases if phase not in PHASES]
    if unknown:
        parser.error(f"unknown phase {unknown[0]!r}: choose from {', '.join(PHASES)}")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    print(f"{'phase':10} {'million instructions per run':>30}  ({args.runs} runs)")
    for phase in phases:
        per_run = (counted(phase, args.runs) - counted(phase, 0)) / args.runs
        print(f"{phase:10} {per_run / 1e6:30.2f}")


if __name__ == "__main__":
    main()
