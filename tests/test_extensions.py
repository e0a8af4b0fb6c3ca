"""Grammar extensions: the worked example, grammar check, explain, configuration, installation."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler import Options, compile_file
from dealc.compiler.driver import cli
from dealc.compiler.driver.grammar_check import check
from dealc.compiler.extensions import Extension, configured, from_paths, installed, statements
from dealc.compiler.source import Source

from .conftest import FIXTURES, ROOT, SEED

EXAMPLE = ROOT / "examples" / "grammars" / "cmsi-conveyed.lark"
# Constructed: CMSI's 1997-style filing with a first paragraph in made-up wording.
FILING_1997 = ROOT / "examples" / "grammars" / "cmsi-1997-8.txt"
BROKEN = FIXTURES / "grammars"


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stdout, result.stderr


def test_the_example_checks_clean() -> None:
    code, out, err = run(["grammar", "check", str(EXAMPLE)])
    assert code == 0, err
    assert out.strip().endswith(": ok")


@pytest.mark.parametrize(
    ("name", "code", "marker"),
    [
        ("typo.lark", "E301", "transfer_dat "),
        ("unknown-action.lark", "E302", "narative"),
        ("wrong-operand.lark", "E303", '"The rate is"i wac_pct'),
        ("collision.lark", "E304", "_DISTRIBUTIONS_AGAIN:"),
        ("conflict.lark", "E305", "optional_repurchase_threshold \"of\"i"),
    ],
)
def test_a_broken_extension_is_reported_at_its_line(name: str, code: str, marker: str) -> None:
    path = BROKEN / name
    text = path.read_text(encoding="utf-8")
    expected_line = next(i + 1 for i, line in enumerate(text.splitlines()) if marker in line)
    found = check(Source.from_text(text, path=name))
    assert [d.code for d in found] == [code]
    source = Source.from_text(text)
    assert found[0].primary is not None
    assert source.position(found[0].primary.span.start)[0] == expected_line
    exit_code, _, err = run(["grammar", "check", str(path)])
    assert exit_code == 1 and f"error[{code}]" in err


def test_without_the_extension_the_constructed_sentences_are_not_recognised() -> None:
    filing = compile_file(FILING_1997)
    warnings = [d for d in filing.diagnostics if d.code == "W102"]
    assert len(warnings) == 3
    assert filing.text is not None
    lines = sorted(filing.text.position(w.primary.span.start)[0] for w in warnings
                   if w.primary is not None)
    assert lines == [37, 40, 43]
    assert filing.deal is not None
    assert filing.deal.transfer_date is None and filing.deal.aggregate_balance is None
    assert filing.deal.paying_agent is None


def test_with_the_extension_the_facts_are_read() -> None:
    filing = compile_file(FILING_1997, Options(extensions=from_paths([EXAMPLE])))
    assert filing.diagnostics == ()
    deal = filing.deal
    assert deal is not None
    assert str(deal.transfer_date) == "1997-06-26"
    assert str(deal.cutoff_date) == "1997-06-01"
    assert str(deal.aggregate_balance) == "301456789.12"
    assert deal.paying_agent == "Citibank, N.A."
    assert deal.title == "CitiCertificates, Series 1997-8"
    assert filing.provenance["/deal/aggregate_balance"].line == 39


def test_compile_with_grammar_option(tmp_path: Path) -> None:
    out = tmp_path / "deal.json"
    code, _, err = run(["compile", str(FILING_1997), "--grammar", str(EXAMPLE), "-o", str(out)])
    assert code == 0 and err == ""
    assert json.loads(out.read_text())["deal"]["paying_agent"] == "Citibank, N.A."


def test_explain_reports_every_sentence_of_the_real_filing_recognised() -> None:
    code, out, _ = run(["explain", str(SEED)])
    assert code == 0
    assert out.strip().endswith("59 of 59 sentences recognised (100.0%)")
    code, out, _ = run(["explain", str(SEED), "--format", "json"])
    report = json.loads(out)
    assert report["share_pct"] == 100.0 and report["total"] == 59
    first = next(s for s in report["sentences"] if s["text"].startswith("On February 24"))
    assert first["action"] == "facts"
    assert {"pointer": "/deal/aggregate_balance", "value": "757241656.27"} in first["facts"]


def test_explain_says_where_an_unknown_sentence_stopped() -> None:
    _, out, _ = run(["explain", str(FILING_1997), "--format", "json"])
    report = json.loads(out)
    assert report["recognised"] == 7 and report["total"] == 10
    transfer = next(s for s in report["sentences"] if s["text"].startswith("On June 26"))
    assert not transfer["recognised"]
    assert transfer["stopped_at"]["line"] == 37
    assert transfer["stopped_at"]["text"].startswith("conveyed to the Trustee")
    assert any("transferred" in e for e in transfer["expected"])
    assert transfer["nearest_rules"]


def test_the_tutorial_commands_do_what_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    """Runs every `$ dealc ...` line of docs/extending.md, as the tutorial shows them."""
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\$ (dealc .+?)(?:\s+# exit (\d))?$", text, re.MULTILINE)
    assert len(commands) >= 6
    # Each command stands alone in its block, and the block after it is its output.
    shown = re.findall(r"^```sh\n\$ (dealc [^\n]+?)(?:\s+# exit \d)?\n```\n\n```\n(.*?)^```$",
                       text, re.MULTILINE | re.DOTALL)
    assert [line for line, _ in shown] == [line for line, _ in commands]
    outputs = []
    for (line, status), (_, output) in zip(commands, shown, strict=True):
        args = shlex.split(line)[1:]
        args = [str(tmp_path / a[4:]) if a.startswith("out/") else a for a in args]
        code, out, err = run(args)
        assert code == int(status or 0), (line, err)
        outputs.append((out + err).replace(str(tmp_path), "out"))
        assert outputs[-1] == output, line
    assert "7 of 10 sentences recognised (70.0%)" in outputs[0]
    assert "37:68" in outputs[0]
    assert any("10 of 10 sentences recognised (100.0%)" in o for o in outputs)
    assert any("unknown-action.lark:20:27" in o for o in outputs)
    deal = json.loads((tmp_path / "cmsi-1997-8.json").read_text())["deal"]
    assert deal["transfer_date"] == "1997-06-26" and deal["cutoff_date"] == "1997-06-01"


def test_a_project_configuration_names_extensions(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "grammars").mkdir()
    (tmp_path / "grammars" / "cmsi.lark").write_text(EXAMPLE.read_text(), encoding="utf-8")
    (tmp_path / "dealc.toml").write_text('grammars = ["grammars/cmsi.lark"]\n')
    nested = tmp_path / "work" / "deeper"
    nested.mkdir(parents=True)
    assert [e.origin for e in configured(nested)] == [str(tmp_path / "grammars" / "cmsi.lark")]
    monkeypatch.chdir(nested)
    code, out, _ = run(["compile", str(FILING_1997)])
    assert code == 0 and json.loads(out)["deal"]["paying_agent"] == "Citibank, N.A."


def test_pyproject_tool_dealc(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.dealc]\ngrammars = ["{EXAMPLE.as_posix()}"]\n')
    assert [e.text for e in configured(tmp_path)] == [EXAMPLE.read_text()]


def test_an_installed_extension_is_found_without_running_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    package = site / "dealc_cmsi_conveyed"
    package.mkdir(parents=True)
    (package / "cmsi-conveyed.lark").write_text(EXAMPLE.read_text(), encoding="utf-8")
    (package / "__init__.py").write_text("raise RuntimeError('extensions must not run code')\n")
    info = site / "dealc_cmsi_conveyed-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: dealc-cmsi-conveyed\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[dealc.grammars]\ncmsi-conveyed = dealc_cmsi_conveyed/cmsi-conveyed.lark\n")
    monkeypatch.syspath_prepend(str(site))
    found = installed()
    assert [e.text for e in found] == [EXAMPLE.read_text()]
    assert "dealc_cmsi_conveyed" not in sys.modules
    filing = compile_file(FILING_1997, Options(extensions=found))
    assert filing.deal is not None and filing.deal.paying_agent == "Citibank, N.A."


def test_an_unreadable_extension_is_a_usage_error() -> None:
    code, _, err = run(["compile", str(SEED), "--grammar", "no/such.lark"])
    assert code == 2 and "cannot read grammar extension no/such.lark" in err


def test_a_broken_extension_is_a_usage_error_not_a_crash() -> None:
    code, _, err = run(["compile", str(SEED), "--grammar", str(BROKEN / "typo.lark")])
    assert code == 2 and "does not build" in err and "dealc grammar check" in err


def test_two_extensions_combine() -> None:
    other = Extension("other", '%import pool (sentence)\n%extend sentence: "Nothing to see."i '
                      "-> narrative\n")
    filing = compile_file(FILING_1997, Options(extensions=(*from_paths([EXAMPLE]), other)))
    assert filing.diagnostics == ()


def test_a_shift_reduce_conflict_is_reported_once_per_rule(capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    path = BROKEN / "shift-reduce.lark"
    found = check(Source.from_text(path.read_text(encoding="utf-8"), path=path.name))
    assert [d.code for d in found] == ["E305"]
    assert "an LALR conflict on COMMA" in found[0].message
    assert "Shift/Reduce" not in capsys.readouterr().err  # not printed by Lark behind our back


def test_statements_are_read_with_their_alternatives_aliases_and_patterns() -> None:
    text = ('%import pool (sentence, DATE)  // the core\n'
            '%extend sentence: "Dated"i DATE "." -> facts\n'
            '    | "On"i (DATE | "today") [","] "." -> narrative\n'
            'WORDY: /[a-z]+/i\n')
    imported, extended, defined = statements(text)
    assert (imported.kind, imported.module, imported.imported) == (
        "import", "pool", [("sentence", 14), ("DATE", 24)])
    assert (extended.kind, extended.name, extended.nesting) == ("extend", "sentence", 1)
    assert [(text[start:start + 2], alias, names)
            for start, alias, names in extended.alternatives] == [
        ('"D', "facts", {"DATE"}), ('"O', "narrative", {"DATE"})]
    assert (defined.kind, defined.name, defined.regexes) == (
        "define", "WORDY", [("/[a-z]+/i", 147, 156)])
