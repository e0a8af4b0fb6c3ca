"""A batch survives being killed: SIGKILL of the run or of a worker, Ctrl-C.

Runs `dealc compile` as a real process on a few hundred filings and kills it
at random moments (seeded, so a failure can be replayed), then checks what a
user relies on: every input in the manifest exactly once, no partial output,
no orphan worker, and a re-run that finishes the work.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
COUNT = 240

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="finds worker processes through /proc")


def _corpus(folder: Path) -> list[str]:
    for index in range(COUNT):
        path = folder / f"shelf{index % 4}" / f"f{index:03}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT.replace("Series 2003-2", f"Series 2003-{index + 10}"),
                        encoding="utf-8")
    return sorted(str(p) for p in folder.rglob("*.txt"))


# A run as a terminal starts it: with Python's own Ctrl-C handler, even when these tests
# run in the background, where the shell starts every command with SIGINT ignored (and
# dealc, rightly, keeps it ignored).
_AS_FROM_A_TERMINAL = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('dealc.compiler.driver.cli', run_name='__main__', alter_sys=True)")


def _start(folder: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _AS_FROM_A_TERMINAL, "compile", str(folder), "-o", str(out),
         "--jobs", "2", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pids: list[int], seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [pid for pid in pids if _alive(pid)]
        if not left:
            return []
        time.sleep(0.05)
    return [pid for pid in pids if _alive(pid)]


def _lines(out: Path) -> list[dict[str, object]]:
    path = out / "manifest.jsonl"
    if not path.exists():
        return []
    found = []
    for raw in path.read_bytes().split(b"\n"):
        try:
            found.append(json.loads(raw))
        except ValueError:
            continue
    return found


def _wait_for_lines(process: subprocess.Popen[bytes], out: Path, at_least: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if len(_lines(out)) >= at_least:
            return
        time.sleep(0.02)


def _check_outputs_whole(out: Path) -> None:
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # never a part of a file


def test_killed_at_random_moments_then_re_run(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    inputs = _corpus(folder)
    chance = random.Random(20261130)
    for attempt in range(4):
        process = _start(folder, out)
        if attempt % 2:  # sometimes while the first lines are being written
            _wait_for_lines(process, out, chance.randint(1, COUNT // 3))
        else:
            time.sleep(chance.uniform(0.2, 2.5))
        workers = _children(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert _wait_gone(workers) == [], "workers outlived their killed parent"
        _check_outputs_whole(out)
        seen = [line["input"] for line in _lines(out)]
        assert set(seen) <= set(inputs)
    process = _start(folder, out)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    lines = json.loads("[" + ",".join((out / "manifest.jsonl").read_text().splitlines()) + "]")
    assert [line["input"] for line in lines] == inputs  # each exactly once, in order
    assert all(line["status"] == "ok" for line in lines)
    assert not list(out.rglob("*.tmp"))
    _check_outputs_whole(out)
    assert len(list(out.rglob("*.json"))) == COUNT


def test_a_killed_worker_fails_its_input_and_the_run_goes_on(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    inputs = _corpus(folder)
    process = _start(folder, out)
    _wait_for_lines(process, out, 20)
    workers = _children(process.pid)
    assert workers, "no worker processes found"
    os.kill(workers[0], signal.SIGKILL)
    _, err = process.communicate(timeout=300)
    lines = json.loads("[" + ",".join((out / "manifest.jsonl").read_text().splitlines()) + "]")
    assert [line["input"] for line in lines] == inputs
    failed = [line for line in lines if line["status"] == "failed"]
    assert process.returncode == (1 if failed else 0), err.decode()
    assert len(failed) <= 1
    for line in failed:
        assert "SIGKILL" in str(line["message"])
    assert "Traceback" not in err.decode()
    # The re-run compiles what failed and reuses the rest.
    again = _start(folder, out)
    again.communicate(timeout=300)
    assert again.returncode == 0
    assert all(line["status"] == "ok" for line in _lines(out))


def test_ctrl_c_stops_cleanly_and_keeps_the_journal(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    _corpus(folder)
    process = _start(folder, out)
    _wait_for_lines(process, out, 10)
    workers = _children(process.pid)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert _wait_gone(workers) == []
    lines = _lines(out)
    inputs = [line["input"] for line in lines]
    assert len(inputs) >= 10 and len(inputs) == len(set(inputs))
    again = _start(folder, out)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0
    assert "reused" in err.decode()
