"""Third-party emitters: the example plugin, and plugins that fail to load."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint, EntryPoints, entry_points

import pytest
from click.testing import CliRunner

import dealc.emitters
from dealc.compiler.driver import cli

from .conftest import ROOT, SEED

PLUGIN = ROOT / "examples" / "plugins" / "dealc-csv-facts"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The example plugin as installed: importable, with its entry point (from its pyproject)."""
    monkeypatch.syspath_prepend(str(PLUGIN))
    real = entry_points

    def with_plugins(*, group: str) -> EntryPoints:
        extra = [
            EntryPoint("csv-facts", "dealc_csv_facts:CsvFactsEmitter", "dealc.emitters"),
            EntryPoint("broken", "dealc_no_such_module:Emitter", "dealc.emitters"),
        ]
        return EntryPoints([*real(group=group), *extra])

    monkeypatch.setattr(dealc.emitters, "entry_points", with_plugins)
    yield
    sys.modules.pop("dealc_csv_facts", None)


def test_the_plugin_declares_its_entry_point() -> None:
    text = (PLUGIN / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."dealc.emitters"]' in text
    assert 'csv-facts = "dealc_csv_facts:CsvFactsEmitter"' in text


def test_emitters_lists_the_plugin_and_reports_the_broken_one(installed: None) -> None:
    result = CliRunner().invoke(cli.main, ["emitters"])
    assert result.exit_code == 0
    assert "csv-facts\t.csv\tOne CSV row per fact" in result.stdout
    assert "broken\t(failed to load:" in result.stdout
    assert "ModuleNotFoundError" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_compile_through_the_plugin(installed: None) -> None:
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "--to", "csv-facts"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_pointer = {row["pointer"]: row for row in rows}
    assert by_pointer["/deal/pools/0/wac_pct"] == {
        "pointer": "/deal/pools/0/wac_pct", "value": "6.298", "unit": "percent",
        "line": "86", "column": "44"}
    assert by_pointer["/deal/loss_limits/bankruptcy"]["value"] == "225000.00"
    assert by_pointer["/deal/loss_limits/bankruptcy"]["unit"] == "USD"
    assert by_pointer["/deal/pools/1/loan_count"]["unit"] == "count"
    assert len(rows) > 140


def test_a_broken_plugin_is_a_clear_usage_error(installed: None) -> None:
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "--to", "broken"])
    assert result.exit_code == 2
    assert "the emitter 'broken' (dealc_no_such_module:Emitter) failed to load" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_plugin_that_fails_while_emitting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Faulty:
        name = "faulty"
        description = "raises"
        media_type = "text/plain"
        extension = ".txt"

        def emit(self, filing: object) -> str:
            raise ValueError("oops")

    Faulty.__module__ = "some_plugin"
    monkeypatch.setattr(dealc.emitters, "load", lambda name: Faulty())
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "--to", "faulty"])
    assert result.exit_code == 3
    assert "internal error in the faulty emitter (some_plugin): a bug in that plugin" in (
        result.stderr)
