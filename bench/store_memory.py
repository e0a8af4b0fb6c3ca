"""Peak memory of a batch into the SQLite store, for a small and a four times larger corpus.

    python bench/store_memory.py [--files 100 400] [--runs 3] [--engine local dask]

Each filing is written to the store as it finishes and then dropped, so the
parent's peak resident set must not grow with the number of filings, nor must
a worker's.  For each corpus size this runs `dealc compile FOLDER --to sqlite
-o x.db --jobs 2` as a whole process and prints the medians of the parent's
peak (its own ``ru_maxrss``), the largest worker's peak (``ru_maxrss`` of the
children it waited for) and the seconds, with a bare interpreter importing
dealc as the baseline beside them.  A flat parent column is the result to
look for; a parent that held every document would grow by several hundred
kilobytes per filing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus

# Runs the command line in this process, and on the way out (sys.exit runs atexit; the
# workers leave with os._exit and do not) writes the peaks to the file named first.
MEASURED = """
import atexit, json, resource, sys
def peaks():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(sys.argv[1], "w") as handle:
        json.dump({"parent": own, "workers": workers}, handle)
atexit.register(peaks)
from dealc.compiler.driver.cli import main
main(sys.argv[2:], prog_name="dealc")
"""
BASELINE = ("import resource; import dealc.compiler.driver.cli; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def measure(folder: Path, database: Path, engine: str) -> tuple[float, float, float]:
    """The parent's and the largest worker's peak in MB, and the seconds, of one run."""
    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    report = database.with_suffix(".peaks.json")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURED, str(report), "compile", str(folder),
                           "--to", "sqlite", "-o", str(database), "--jobs", "2",
                           "--engine", engine], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    peaks = json.loads(report.read_text())
    return peaks["parent"] / 1024, peaks["workers"] / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", nargs="+", default=["local"], choices=["local", "dask"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpora = {count: root / f"corpus{count}" for count in args.files}
        for count, path in corpora.items():
            make_corpus(path, count)
        print(f"{'engine':7} {'filings':>8} {'parent MB':>10} {'worker MB':>10} "
              f"{'seconds':>8} {'baseline MB':>12}")
        for engine in args.engine:
            for count, path in corpora.items():
                runs, bases = [], []
                for _ in range(args.runs):  # each beside its own baseline
                    base = subprocess.run([sys.executable, "-c", BASELINE],
                                          capture_output=True, text=True, check=True)
                    bases.append(int(base.stdout) / 1024)
                    runs.append(measure(path, root / "deals.db", engine))
                parent, worker, seconds = (statistics.median(column)
                                           for column in zip(*runs, strict=True))
                print(f"{engine:7} {count:8} {parent:10.1f} {worker:10.1f} {seconds:8.2f} "
                      f"{statistics.median(bases):12.1f}")


if __name__ == "__main__":
    main()
