"""What a person sees on stderr: a few diagnostics of each code, and a batch's progress.

A filing that repeats a sentence dealc does not read has one W102 per
repetition (hundreds of thousands in a large one).  Rendered on stderr, at
most --max-diagnostics of each code are shown, then one line per code says
how many more there are and where they all are; the output and
--diagnostics-format json keep every one.  A batch on a terminal draws its
progress bar on stderr.
"""

from __future__ import annotations

import io
import json
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dealc.compiler.driver import cli

from .conftest import SEED

UNKNOWN = " The servicer will remit monthly."
REPEATS = 30


def filing(tmp_path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert "as indicated.\n" in text
    path = tmp_path / "repeats.txt"
    path.write_text(text.replace("as indicated.\n", "as indicated." + UNKNOWN * REPEATS + "\n"),
                    encoding="utf-8")
    return path


def compile_(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["compile", *args])


def rendered(stderr: str, code: str = "W102") -> int:
    return stderr.count(f"warning[{code}]")


def test_at_most_twenty_of_a_code_by_default_and_the_output_keeps_all(tmp_path: Path) -> None:
    out = tmp_path / "deal.json"
    result = compile_(str(filing(tmp_path)), "-o", str(out))
    assert result.exit_code == 0
    assert rendered(result.stderr) == cli.MAX_DIAGNOSTICS == 20
    assert f"{REPEATS - 20} more W102 warnings not shown" in result.stderr
    assert "every one is in the output" in result.stderr
    assert f"0 errors, {REPEATS} warnings" in result.stderr  # the totals count them all
    codes = [d["code"] for d in json.loads(out.read_text(encoding="utf-8"))["diagnostics"]]
    assert codes.count("W102") == REPEATS


def test_a_limit_of_zero_shows_all(tmp_path: Path) -> None:
    result = compile_(str(filing(tmp_path)), "-o", str(tmp_path / "deal.json"),
                      "--max-diagnostics", "0")
    assert rendered(result.stderr) == REPEATS and "not shown" not in result.stderr


def test_a_format_without_diagnostics_points_to_json_lines(tmp_path: Path) -> None:
    result = compile_(str(filing(tmp_path)), "-o", str(tmp_path / "deal.8k.txt"), "--to", "8k",
                      "--max-diagnostics", "3")
    assert rendered(result.stderr) == 3
    assert f"{REPEATS - 3:,} more W102 warnings not shown" in result.stderr
    assert "--diagnostics-format json lists every one" in result.stderr


def test_json_lines_are_never_limited(tmp_path: Path) -> None:
    result = compile_(str(filing(tmp_path)), "-o", str(tmp_path / "deal.json"),
                      "--diagnostics-format", "json", "--max-diagnostics", "1")
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [line["code"] for line in lines].count("W102") == REPEATS


def test_a_negative_limit_is_a_usage_error(tmp_path: Path) -> None:
    result = compile_(str(filing(tmp_path)), "--max-diagnostics", "-1")
    assert result.exit_code == 2


def test_the_limit_keeps_the_first_of_each_code_in_order() -> None:
    from dealc.compiler.codes import Severity
    from dealc.compiler.diagnostics import Diagnostic

    def made(code: str, severity: Severity, message: str) -> Diagnostic:
        return Diagnostic(code=code, severity=severity, message=message)

    found = [made("W102", Severity.WARNING, "a"), made("E101", Severity.ERROR, "b"),
             made("W102", Severity.WARNING, "c"), made("W102", Severity.WARNING, "d"),
             made("E101", Severity.ERROR, "e")]
    shown, hidden = cli._limited(found, 1)
    assert [d.message for d in shown] == ["a", "b"]
    assert hidden == {"W102": (Severity.WARNING, 2), "E101": (Severity.ERROR, 1)}
    assert cli._limited(found, 0) == (found, {})


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_stderr_without_a_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Worker processes are forked while the bar is shown: no thread may hold a lock then.
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    threads = threading.active_count()
    with cli._progress(3) as advance:
        assert advance is not None
        for _ in range(3):
            advance(None)  # type: ignore[arg-type]  # the bar does not read the line
            assert threading.active_count() == threads
    assert terminal.getvalue()


def test_no_progress_bar_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with cli._progress(3) as advance:
        assert advance is None
