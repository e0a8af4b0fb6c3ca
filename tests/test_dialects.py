"""Dialects: one folder per issuer's wording, found from the filing or forced."""

from __future__ import annotations

import ast as python_ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler import Options, compile_text, dialects
from dealc.compiler.driver import cli

from .conftest import ROOT, SEED

OTHER = '''
name = "other"
description = "A depositor of another wording"
grammar = "pool.lark"

[signs]
registrants = ['acme\\s+mortgage']
wording = ['acmecertificates']

[checks]
clean_up_call_pct = "5"
'''


def test_the_shipped_dialect_is_found_from_its_folder() -> None:
    found = dialects.available()
    assert "cmsi" in found
    cmsi = found["cmsi"]
    assert cmsi.grammar == "cmsi/pool.lark" and cmsi.default
    assert dialects.default() is cmsi


def test_a_dialect_file_is_read_as_data() -> None:
    other = dialects._load("other", OTHER)
    assert other.name == "other" and other.grammar == "other/pool.lark" and not other.default
    assert str(other.clean_up_call_pct) == "5" and other.classes_senior_first is False
    assert other.score("ACME  Mortgage Corp. offers AcmeCertificates") == 3
    with pytest.raises(dialects.DialectError, match=r"signs\.wording"):
        dialects._load("bad", OTHER.replace("['acmecertificates']", "['(unclosed']"))


def test_the_filing_says_which_dialect(monkeypatch: pytest.MonkeyPatch) -> None:
    cmsi = dialects.named("cmsi")
    other = dialects._load("other", OTHER)
    monkeypatch.setattr(dialects, "available", lambda: {"cmsi": cmsi, "other": other})
    assert dialects.detect(SEED.read_text(encoding="utf-8")) is cmsi
    assert dialects.detect("ACME MORTGAGE CORP. AcmeCertificates, Series 1999-1") is other
    assert dialects.detect("Nothing anyone would recognise.") is cmsi  # the default


def test_a_compiled_filing_records_its_dialect() -> None:
    filing = compile_text(SEED.read_text(encoding="utf-8"))
    assert filing.dialect == "cmsi"
    forced = compile_text(SEED.read_text(encoding="utf-8"), options=Options(dialect="cmsi"))
    assert forced.deal == filing.deal


def test_the_command_line_lists_and_checks_dialects() -> None:
    listed = CliRunner().invoke(cli.main, ["dialects"])
    assert listed.exit_code == 0 and listed.stdout.startswith("cmsi (default)\t")
    refused = CliRunner().invoke(cli.main, ["compile", str(SEED), "--dialect", "nope"])
    assert refused.exit_code == 2 and "no dialect named 'nope'" in refused.stderr


ISSUER_NAMES = ("citicorp", "citimortgage", "citicertificate", "citibank", "cmsi")


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings."""
    tree = python_ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in python_ast.walk(tree)
                  if isinstance(node, python_ast.Module | python_ast.FunctionDef
                                | python_ast.ClassDef | python_ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], python_ast.Expr)
                  and isinstance(node.body[0].value, python_ast.Constant)}
    return [(node.lineno, node.value) for node in python_ast.walk(tree)
            if isinstance(node, python_ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


@pytest.mark.parametrize("folder", ["compiler", "emitters"])
def test_no_issuer_is_named_in_the_code(folder: str) -> None:
    """An issuer's name lives in its dialect's folder, not in a string of the Python."""
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
             for path in sorted((ROOT / folder).rglob("*.py"))
             for line, text in _string_literals(path)
             if any(name in text.lower() for name in ISSUER_NAMES)]
    assert found == []


ACME_GRAMMAR = r'''
%import terminals (DATE, MONEY)
%ignore " "
start: sentence
sentence: "The Acme loans were sold on"i transfer_date "." -> facts
        | "The Acme pool balance was"i aggregate_balance "." -> facts
transfer_date: DATE
aggregate_balance: MONEY
'''

ACME_FILING = """SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549

FORM 8-K

CURRENT REPORT

ACME MORTGAGE CORP.
(Exact name of registrant as specified in its charter)

Item 2.   Acquisition or Disposition of Assets.

     The Acme loans were sold on March 3, 1999. The Acme pool balance was $1,234.56.
"""


def test_an_installed_dialect_is_found_read_as_files_and_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from dealc.compiler import extensions

    site = tmp_path / "site"
    folder = site / "acme_dialect" / "wording"
    folder.mkdir(parents=True)
    (folder / "dialect.toml").write_text(OTHER.replace('"other"', '"acme"'), encoding="utf-8")
    (folder / "pool.lark").write_text(ACME_GRAMMAR, encoding="utf-8")
    (site / "acme_dialect" / "__init__.py").write_text("raise RuntimeError('never imported')\n")
    info = site / "acme_dialect-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-dialect\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[dealc.grammars]\nacme = acme_dialect/wording\n")
    monkeypatch.syspath_prepend(str(site))
    dialects.available.cache_clear()
    extensions.pool_parser.cache_clear()
    try:
        found = dialects.available()
        assert set(found) == {"cmsi", "acme"} and found["acme"].installed
        assert extensions.installed() == ()  # a folder is a dialect, not an extension
        filing = compile_text(ACME_FILING.replace("\n     The Acme", "\n     The Acme"))
        assert filing.dialect == "acme", filing.diagnostics
        assert "acme_dialect" not in sys.modules
        assert filing.deal is not None
        assert str(filing.deal.aggregate_balance) == "1234.56"
        assert filing.deal.transfer_date is not None and filing.deal.transfer_date.year == 1999
    finally:
        dialects.available.cache_clear()
        extensions.pool_parser.cache_clear()


def test_the_dialects_presets_reach_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clean-up call share is the dialect's: at 5% the seed's 10% threshold warns."""
    from decimal import Decimal

    import attrs

    seed = SEED.read_text(encoding="utf-8")
    assert "W208" not in {d.code for d in compile_text(seed).diagnostics}
    five = attrs.evolve(dialects.named("cmsi"), clean_up_call_pct=Decimal(5))
    monkeypatch.setattr(dialects, "detect", lambda text: five)
    assert "W208" in {d.code for d in compile_text(seed).diagnostics}
