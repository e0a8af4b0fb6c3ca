"""What a new user meets in the first hour: messages, help and paths said one way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from dealc.compiler.driver import cli
from dealc.emitters.formatting import plural

from .conftest import ROOT, SEED

TEXT = SEED.read_text(encoding="utf-8")


def _run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dealc.compiler.driver.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_counts_are_said_in_the_singular_when_there_is_one(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text(TEXT.replace("in the Trust. ", "in the Trust. The moon is cheese. ", 1),
                   encoding="utf-8")
    result = _run(["compile", str(odd), "-o", str(tmp_path / "out.json")])
    assert result.returncode == 0
    assert f"dealc: {odd}: 0 errors, 1 warning\n" in result.stderr
    assert plural(1, "error") == "1 error" and plural(2, "warning") == "2 warnings"
    assert plural(232650, "warning") == "232,650 warnings"  # as the "more not shown" lines


def test_usage_errors_all_look_alike() -> None:
    for args in (["compile"], ["compile", str(SEED), "--frob"], ["compile", str(SEED),
                                                                  "--jobs", "0"]):
        result = _run(args)
        assert result.returncode == 2
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("dealc: error: ") and "\nError:" not in result.stderr, args
    ours = _run(["compile", str(SEED), "--to", "nope"])
    assert ours.returncode == 2 and ours.stderr.startswith("dealc: error: ")


def test_help_lists_the_installed_formats() -> None:
    result = CliRunner().invoke(cli.main, ["compile", "--help"])
    text = " ".join(result.stdout.split())
    assert "one of 8k, html, json, markdown, xbrl, sqlite" in text
    refused = CliRunner().invoke(cli.main, ["compile", str(SEED), "--to", "pdf"])
    assert refused.exit_code == 2 and "installed emitters: 8k, html, json" in refused.stderr


def test_diagnostics_name_the_path_as_typed(tmp_path: Path) -> None:
    folder = tmp_path / "filings" / "2003"
    folder.mkdir(parents=True)
    odd = folder / "odd.txt"
    odd.write_text(TEXT.replace("in the Trust. ", "in the Trust. The moon is cheese. ", 1),
                   encoding="utf-8")
    result = _run(["compile", "filings/2003/odd.txt", "-o", "out.json"], cwd=tmp_path)
    assert "--> filings/2003/odd.txt:" in result.stderr
    assert "dealc: filings/2003/odd.txt: 0 errors, 1 warning" in result.stderr


def test_xbrl_to_standard_output_says_where_its_taxonomy_is() -> None:
    result = _run(["compile", str(SEED), "--to", "xbrl"])
    assert result.returncode == 0 and result.stdout.startswith("<?xml")
    assert "dealc-abs-1.xsd" in result.stderr and "-o FILE" in result.stderr


def test_python_m_dealc_is_the_dealc_command() -> None:
    result = subprocess.run([sys.executable, "-m", "dealc", "compile", str(SEED)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and '"ast_version": 1' in result.stdout
    usage = subprocess.run([sys.executable, "-m", "dealc", "--help"], capture_output=True,
                           text=True, timeout=60)
    assert usage.stdout.startswith("Usage: dealc ")
