"""Throughput on a generated corpus, and cost and memory on one large input.

    python bench/corpus.py [--files 300] [--megabytes 10] [--runs 3]

1. Filings per second for `dealc compile FOLDER -o OUT` with --jobs 1 and
   --jobs 2 (whole processes, as a user runs them, counted from start to
   exit), beside a bare regular-expression scan of the same files for money,
   percentages and dates, and Lark alone (the pool grammar parsing every
   sentence, no layout, lowering or checks), measured in the same runs.  Each
   figure is the median of --runs runs, and the CPU seconds of the run are
   split between the parent process (finding, planning, journaling) and its
   workers (compiling and writing), per input.
2. MB per second and peak memory (the process's maximum resident set) for
   one input of about N megabytes: the example's description repeated, so
   every sentence is read.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "cmsi-2003-2.txt").read_text(encoding="utf-8")
SCAN = re.compile(
    r"\$[\d,]+(?:\.\d+)?|\d+(?:\.\d+)?%|(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) \d{1,2}, \d{4}"
)


def make_corpus(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"shelf{index % 5}" / f"cmsi-{index}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SEED.replace("Series 2003-2", f"Series 2003-{index + 10}"))
        paths.append(path)
    return paths


# The command line run as `python -m dealc` runs it; on the way out (sys.exit runs atexit,
# the workers leave with os._exit and do not) the CPU seconds of this process and of the
# workers it waited for are written to the file named first.
MEASURED = """
import atexit, json, resource, sys
def spent():
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(sys.argv[1], "w") as handle:
        json.dump({"parent": own.ru_utime + own.ru_stime,
                   "workers": workers.ru_utime + workers.ru_stime}, handle)
atexit.register(spent)
from dealc.compiler.driver.cli import main
main(sys.argv[2:], prog_name="dealc")
"""


def timed(arguments: list[str], report: Path) -> tuple[float, float, float]:
    """Seconds from start to exit of a whole `dealc` process, and the CPU seconds of its
    parent and of its workers."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", MEASURED, str(report), *arguments], check=False,
                   capture_output=True)
    seconds = time.perf_counter() - start
    spent = json.loads(report.read_text())
    return seconds, spent["parent"], spent["workers"]


def scan(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        SCAN.findall(path.read_text())
    return time.perf_counter() - start


def lark_alone(paths: list[Path]) -> float:
    from dealc.compiler.layout import analyse
    from dealc.compiler.parse import POOL_GRAMMAR, parse
    from dealc.compiler.pipeline import units
    from dealc.compiler.source import Source

    sentences = [u.text.text for p in paths for u in units(analyse(Source.from_text(
        p.read_text())))]
    start = time.perf_counter()
    for sentence in sentences:
        parse(POOL_GRAMMAR, sentence)
    return time.perf_counter() - start


def throughput(root: Path, paths: list[Path], runs: int) -> None:
    """Medians over ``runs`` runs, each with its baselines and both job counts."""
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for _ in range(runs):
        rows.setdefault("baseline: regex scan (in process)", []).append((scan(paths), 0, 0))
        rows.setdefault("baseline: Lark alone, every sentence", []).append(
            (lark_alone(paths), 0, 0))
        for jobs in (1, 2):
            out = root / f"out{jobs}"
            rows.setdefault(f"dealc compile, --jobs {jobs} (whole process)", []).append(
                timed(["compile", str(root / "corpus"), "-o", str(out), "--jobs", str(jobs)],
                      root / "spent.json"))
            shutil.rmtree(out)
    count = len(paths)
    print(f"{'run':44} {'seconds':>8} {'filings/s':>10} {'parent ms':>10} {'worker ms':>10}"
          f"  (medians of {runs}; CPU per input)")
    for label, measured in rows.items():
        seconds, parent, workers = (statistics.median(column)
                                    for column in zip(*measured, strict=True))
        split = (f" {parent / count * 1000:10.2f} {workers / count * 1000:10.2f}"
                 if parent else "")
        print(f"{label:44} {seconds:8.3f} {count / seconds:10.0f}{split}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = make_corpus(root / "corpus", args.files)
        throughput(root, paths, args.runs)
        head, rest = SEED.split("     On February 24, 2003", 1)
        description, signature = rest.split("                                   SIGNATURES", 1)
        block = "     On February 24, 2003" + description
        repeat = max(1, int(args.megabytes * 1024 * 1024 / len(block)))
        big = root / "big.txt"
        big.write_text(head + block * repeat + "                                   SIGNATURES"
                       + signature)
        size = big.stat().st_size / 1024 / 1024
        code = (
            "import resource, sys, time\n"
            "from dealc.compiler import compile_file\n"
            "start = time.perf_counter()\n"
            f"filing = compile_file({str(big)!r})\n"
            "elapsed = time.perf_counter() - start\n"
            "print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        base = subprocess.run([sys.executable, "-c", "import resource; from dealc.compiler "
                               "import compile_text; print(resource.getrusage(resource."
                               "RUSAGE_SELF).ru_maxrss)"], capture_output=True, text=True)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        elapsed, peak = result.stdout.split()
        print(f"\none input of {size:.1f} MB: {float(elapsed):.2f} s, "
              f"{size / float(elapsed):.2f} MB/s, peak memory {int(peak) / 1024:.0f} MB "
              f"(dealc imported, nothing compiled: {int(base.stdout) / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
