"""Whole-process cost of `dealc compile` on the seed, beside baselines measured in the same run.

    python bench/cold_start.py [--runs N]

Prints the median and spread of N runs of each command: the Python
interpreter alone, `import lark` alone, and `dealc compile` of the example
filing (grammar tables cached by Lark after the first run).  Timings are
wall-clock on whatever machine runs it; nothing here asserts a number.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "cmsi-2003-2.txt"


def measure(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, check=True, capture_output=True)  # warm the OS cache and Lark's
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.json")
        commands = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "python -c 'import lark' (baseline)": [sys.executable, "-c", "import lark"],
            "dealc compile seed -o out.json": [
                sys.executable, "-m", "dealc.compiler.driver.cli", "compile", str(SEED), "-o", out,
            ],
        }
        print(f"{'command':40} {'median ms':>10} {'min ms':>8} {'max ms':>8}  ({args.runs} runs)")
        for name, command in commands.items():
            times = measure(command, args.runs)
            print(
                f"{name:40} {statistics.median(times) * 1000:10.1f} "
                f"{min(times) * 1000:8.1f} {max(times) * 1000:8.1f}"
            )


if __name__ == "__main__":
    main()
