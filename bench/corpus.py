"""Throughput on a generated corpus, and cost and memory on one large input.

    python bench/corpus.py [--files 300] [--megabytes 10]

1. Filings per second for `dealc compile FOLDER -o OUT` with --jobs 1 and
   --jobs 2 (whole processes, as a user runs them), beside a bare
   regular-expression scan of the same files for money, percentages and
   dates, and Lark alone (the pool grammar parsing every sentence, no layout,
   lowering or checks) in the same run.
2. MB per second and peak memory (the process's maximum resident set) for
   one input of about N megabytes: the example's description repeated, so
   every sentence is read.
"""

from __future__ import annotations

import argparse
import re
import shutil
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--megabytes", type=float, default=10)
    args = parser.parse_args()
    dealc = [sys.executable, "-m", "dealc.compiler.driver.cli"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = make_corpus(root / "corpus", args.files)
        start = time.perf_counter()
        for path in paths:
            SCAN.findall(path.read_text())
        scan = time.perf_counter() - start
        print(f"{'run':44} {'seconds':>8} {'filings/s':>10}")
        print(f"{'baseline: regex scan (in process)':44} {scan:8.3f} {len(paths) / scan:10.0f}")
        alone = lark_alone(paths)
        label = "baseline: Lark alone, every sentence"
        print(f"{label:44} {alone:8.3f} {len(paths) / alone:10.0f}")
        for jobs in (1, 2):
            out = root / f"out{jobs}"
            seconds = timed([*dealc, "compile", str(root / "corpus"), "-o", str(out),
                             "--jobs", str(jobs)])
            print(f"{f'dealc compile, --jobs {jobs} (whole process)':44} {seconds:8.3f} "
                  f"{len(paths) / seconds:10.0f}")
            shutil.rmtree(out)
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
