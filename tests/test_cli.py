"""The command line: outputs, diagnostics on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler.driver import cli

from .conftest import ROOT, SEED


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run dealc as a user does, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "dealc.compiler.driver.cli", *args],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def test_compile_the_seed_to_stdout_exits_0_with_no_diagnostics() -> None:
    result = run("compile", "examples/cmsi-2003-2.txt", "--to", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["deal"]["aggregate_balance"] == 757241656.27
    assert '"subordination_level_pct": 2.150127919560' in result.stdout  # digits as printed


def test_the_committed_example_output_is_current() -> None:
    """examples/cmsi-2003-2.json is exactly what dealc writes for the example."""
    result = run("compile", "examples/cmsi-2003-2.txt")
    assert result.stdout == (ROOT / "examples" / "cmsi-2003-2.json").read_text(encoding="utf-8")


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "deal.json"
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["kind"] == "pool_description"
    assert not list(out.parent.glob("*.tmp"))


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "cut.txt"
    path.write_text(SEED.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    return path


def test_errors_exit_1_and_still_write_the_output(tmp_path: Path) -> None:
    out = tmp_path / "cut.json"
    result = CliRunner().invoke(cli.main, ["compile", str(_truncated(tmp_path)), "-o", str(out)])
    assert result.exit_code == 1
    assert "error[E101]" in result.stderr
    assert "cut.txt:" in result.stderr
    assert json.loads(out.read_text())["deal"]["aggregate_balance"] == 757241656.27


def test_diagnostics_as_json_lines(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.main, ["compile", str(_truncated(tmp_path)), "--diagnostics-format", "json"]
    )
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [line["code"] for line in lines] == ["E101"]
    cut_text = SEED.read_text(encoding="utf-8")[:5000]
    assert lines[0]["primary"]["line"] == len(cut_text.rstrip().splitlines())


def _with_unknown_sentence(tmp_path: Path) -> Path:
    path = tmp_path / "odd.txt"
    text = SEED.read_text(encoding="utf-8").replace(
        "as indicated.\n", "as indicated. The servicer will remit monthly.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_warnings_exit_0_strict_and_werror_exit_1(tmp_path: Path) -> None:
    path = str(_with_unknown_sentence(tmp_path))
    plain = CliRunner().invoke(cli.main, ["compile", path])
    assert plain.exit_code == 0
    assert "warning[W102]" in plain.stderr and "odd.txt:80:38" in plain.stderr
    strict = CliRunner().invoke(cli.main, ["compile", path, "--strict"])
    assert strict.exit_code == 1 and "error[W102]" in strict.stderr
    werror = CliRunner().invoke(cli.main, ["compile", path, "--Werror"])
    assert werror.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compile", "no/such/file.txt"], "cannot read no/such/file.txt"),
        (["compile", str(SEED), "--to", "nope"], "no emitter is named 'nope'"),
        (["compile", str(SEED), str(SEED)], "several inputs"),
        (["compile"], "Missing argument"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_internal_error_exits_3_and_says_it_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "compile_bytes", broken)
    result = CliRunner().invoke(cli.main, ["compile", str(SEED)])
    assert result.exit_code == 3
    assert "a bug in dealc" in result.stderr and "RuntimeError: boom" in result.stderr


def test_emitters_lists_json() -> None:
    result = CliRunner().invoke(cli.main, ["emitters"])
    assert result.exit_code == 0
    assert "json\t.json\tThe deal as JSON" in result.stdout
