"""Whole-process cost of `dealc compile` on the seed, beside baselines measured in the same run.

    python bench/cold_start.py [--runs N]

Prints the median and spread of N runs of each command: the Python
interpreter alone, `import lark` alone, and `dealc compile` of the example
filing (grammar tables cached after the first run).  Timings are
wall-clock on whatever machine runs it; nothing here asserts a number.

Each command runs once before it is timed, with bytecode writing allowed
(``PYTHONDONTWRITEBYTECODE`` removed from its environment): an installed
package has its modules compiled to bytecode, as `pip install` does, and a
development checkout gets them on that first run.  Without them every start
would compile dealc's modules from source again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "cmsi-2003-2.txt"


ENVIRONMENT = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], runs: int) -> list[float]:
    # The first run warms the OS cache, writes bytecode and the grammar tables.
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
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
