"""Grammar extensions that hang dealc, crash it, or silently take the core's wording away.

Each is refused: by `dealc grammar check` as a diagnostic at its place in the
`.lark` file (exit 1, never a traceback), and by `dealc compile --grammar`
before anything is compiled (`extensions.ExtensionError`, one line naming
file:line:column).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler import Options, compile_file
from dealc.compiler.diagnostics import Diagnostic
from dealc.compiler.driver import cli
from dealc.compiler.driver.grammar_check import check, check_file, shipped_filings
from dealc.compiler.extensions import (
    Extension,
    ExtensionError,
    build,
    from_paths,
    problems,
    validate,
)
from dealc.compiler.regex_safety import exponential
from dealc.compiler.source import Source

from .conftest import FIXTURES, ROOT, SEED

GRAMMARS = FIXTURES / "grammars"
EXAMPLE = ROOT / "examples" / "grammars" / "cmsi-conveyed.lark"
FILING_1997 = ROOT / "examples" / "grammars" / "cmsi-1997-8.txt"
EVIL = '%import pool (sentence)\n%extend sentence: _EVIL -> narrative\n' \
       '_EVIL.100: /([A-Za-z,"()]+\\s?)+!/\n'


def diagnostics(text: str, name: str = "ext.lark") -> list[Diagnostic]:
    return check(Source.from_text(text, path=name))


def position(text: str, diagnostic: Diagnostic) -> tuple[int, int]:
    assert diagnostic.primary is not None
    return Source.from_text(text).position(diagnostic.primary.span.start)


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stdout + result.stderr


def run_process(args: list[str], timeout: float = 60) -> tuple[int, str]:
    """The command line in a process of its own: a hang fails the test instead of the run."""
    done = subprocess.run(
        [sys.executable, "-c", "from dealc.compiler.driver.cli import main; main()", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    return done.returncode, done.stdout + done.stderr


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def deep_chain(depth: int) -> str:
    lines = ["%import pool (sentence)", '%extend sentence: "Deep" a_0 "." -> narrative']
    lines += [f"a_{i}: a_{i + 1}" for i in range(depth)]
    return "\n".join([*lines, f'a_{depth}: "chain"']) + "\n"


# ------------------------------------------------- 1. patterns that never finish
@pytest.mark.parametrize("pattern", [
    r'([A-Za-z,"()]+\s?)+!', r"(x+)+", r"(x*)*", r"(x+\s?)+", r"(a|aa)+", r"((ab)+)+",
    r"(\d{1,3})+", r"(.+\.)+", r"(?:a?a)+", r"(?i)(?:[a-z]+\s*)+$", r"(a+){1,50}",
    r"(?=(a+)+b)", r"(?:(?:ab)+c?)+",
])
def test_nested_or_ambiguous_repetition_is_exponential(pattern: str) -> None:
    assert exponential(pattern) is not None


@pytest.mark.parametrize("pattern", [
    r"(\w+,)+", r"(?:,[0-9]{3})*", r"[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*",
    r'(?:\\.|[^"\\])*', r"(?>a+)+", r"(?:a+)++", r"\w+", r"(?:[A-Za-z,]+ )*[A-Za-z,]+",
    r"(\s+\w+)+", r"(ab|ac)+", r"(a+){2}", r"(\w|\d)+", r"(?:will transfer|transferred) to",
    r"\$[ ]?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?(?![0-9]|,[0-9])", r"(unbalanced",
])
def test_separated_or_simple_repetition_is_not(pattern: str) -> None:
    assert exponential(pattern) is None


def test_no_core_terminal_is_exponential() -> None:
    from dealc.compiler.parse import POOL_GRAMMAR, SIGNATURE_GRAMMAR, parser

    for grammar in (POOL_GRAMMAR, SIGNATURE_GRAMMAR):
        for terminal in parser(grammar).terminals:
            assert exponential(terminal.pattern.to_regexp()) is None, terminal.name


def test_grammar_check_reports_an_exponential_pattern_where_it_is() -> None:
    path = GRAMMARS / "exponential.lark"
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    found = diagnostics(text, path.name)
    assert time.perf_counter() - started < 10
    assert [d.code for d in found] == ["E306"]
    assert position(text, found[0]) == (9, 19)  # the /pattern/ itself
    assert found[0].help is not None and "(?:[A-Za-z,]+ )*[A-Za-z,]+" in found[0].help
    code, out = run(["grammar", "check", str(path)])
    assert code == 1 and "error[E306]: a pattern can take exponential time" in out


def test_a_terminal_put_together_from_safe_parts_is_checked_whole() -> None:
    text = ('%import pool (sentence)\n%extend sentence: _NAMES -> narrative\n'
            '_WORD: /[A-Za-z,]+\\s?/\n_NAMES: _WORD+ "!"\n')
    found = diagnostics(text)
    assert [d.code for d in found] == ["E306"]
    assert position(text, found[0]) == (4, 1)  # _NAMES, put together
    strings = ('%import pool (sentence)\n%extend sentence: _SHOUT -> narrative\n'
               '_SHOUT: ("a"|"aa")+ "!"\n')
    assert [d.code for d in diagnostics(strings)] == ["E306"]


def test_string_and_safe_regex_terminals_pass() -> None:
    text = ('%import pool (sentence)\n%extend sentence: _QUIET "and" _LIST "." -> narrative\n'
            '_QUIET: "Nothing" " "+ "to see"i\n_LIST: /(?:[A-Za-z,]+ )*[A-Za-z,]+/\n')
    assert [d.code for d in diagnostics(text) if d.code == "E306"] == []
    assert [d.code for d in diagnostics(EXAMPLE.read_text(encoding="utf-8"))] == []


def test_compile_refuses_an_exponential_pattern_before_compiling(tmp_path: Path) -> None:
    path = GRAMMARS / "exponential.lark"
    code, out = run_process(["compile", str(SEED), "--grammar", str(path)])
    assert code == 2, out
    assert "exponential.lark:9:19: error[E306]" in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_the_library_refuses_it_too() -> None:
    evil = (Extension("evil.lark", EVIL),)
    with pytest.raises(ExtensionError, match=r"^evil\.lark:3:12: error\[E306\]"):
        validate(evil)
    with pytest.raises(ExtensionError, match="E306"):
        build(evil, cache=False)  # what compile_file's parser comes from


# ------------------------------------------------------- 2. clean usage errors
def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.lark",
                 b'%import pool (sentence)\n%extend sentence: "Caf\xe9." -> narrative\n')
    source, found = check_file(path)
    assert [d.code for d in found] == ["E301"]
    assert source.position(found[0].primary.span.start if found[0].primary else 0) == (2, 23)
    assert "not UTF-8" in found[0].message
    with pytest.raises(ExtensionError, match=r"latin\.lark:2:23: .*not UTF-8"):
        from_paths([path])
    code, out = run(["compile", str(SEED), "--grammar", str(path)])
    assert code == 2 and "not UTF-8" in out and "Traceback" not in out


@pytest.mark.parametrize(("line", "module"), [
    ("%import os (path)", "os"),
    ("%import .pool (sentence)", ".pool"),
    ("%import common (WORD)", "common"),
    ("%import os.path", "os"),
])
def test_only_dealcs_grammars_may_be_imported(tmp_path: Path, line: str, module: str) -> None:
    text = f'{line}\n%import pool (sentence)\n%extend sentence: "Nothing." -> narrative\n'
    found = diagnostics(text)
    assert [d.code for d in found] == ["E301"]
    assert position(text, found[0]) == (1, 9)
    assert f"'%import {module}'" in found[0].message
    path = write(tmp_path, "imports.lark", text)
    code, out = run(["grammar", "check", str(path)])
    assert code == 1 and "error[E301]" in out and "Traceback" not in out
    code, out = run(["compile", str(SEED), "--grammar", str(path)])
    assert code == 2 and "imports.lark:1:9" in out and "Traceback" not in out
    with pytest.raises(ExtensionError, match=r"imports\.lark:1:9: error\[E301\]"):
        validate((Extension(str(path), text),))


def test_a_chain_3000_rules_deep_is_refused_at_once(tmp_path: Path) -> None:
    text = deep_chain(3000)
    started = time.perf_counter()
    found = diagnostics(text)
    assert time.perf_counter() - started < 10
    assert [d.code for d in found] == ["E301"]
    assert "deep" in found[0].message and position(text, found[0])[0] == 2
    path = write(tmp_path, "deep.lark", text)
    code, out = run_process(["grammar", "check", str(path)])
    assert code == 1 and "error[E301]" in out and "Traceback" not in out
    code, out = run_process(["compile", str(SEED), "--grammar", str(path)])
    assert code == 2 and "deep.lark:2:" in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_brackets_3000_deep_are_refused() -> None:
    text = ('%import pool (sentence)\n%extend sentence: ' + "(" * 3000 + '"x"' + ")" * 3000
            + ' "." -> narrative\n')
    found = diagnostics(text)
    assert [d.code for d in found] == ["E301"] and "brackets nest" in found[0].message


def test_a_short_chain_is_fine() -> None:
    assert [d.code for d in diagnostics(deep_chain(20)) if d.code == "E301"] == []


def test_lark_errors_become_extension_errors() -> None:
    typo = (Extension("typo.lark", (GRAMMARS / "typo.lark").read_text(encoding="utf-8")),)
    with pytest.raises(ExtensionError, match=r"typo\.lark: the grammar extension does not build"):
        build(typo, cache=False)


# --------------------------------------------- 3. taking the core's wording away
def test_an_override_is_an_error_with_what_it_loses() -> None:
    path = GRAMMARS / "override.lark"
    text = path.read_text(encoding="utf-8")
    found = diagnostics(text, path.name)
    assert found[0].code == "E307" and position(text, found[0]) == (5, 11)
    lost = [d for d in found if d.code == "E308"]
    assert lost and all(position(text, d)[0] == 5 for d in lost)
    assert any("/deal/aggregate_balance" in " ".join(d.notes) for d in lost)
    code, out = run(["grammar", "check", str(path)])
    assert code == 1 and "error[E307]" in out and "error[E308]" in out


def test_compile_refuses_an_override_not_allowed() -> None:
    path = GRAMMARS / "override.lark"
    code, out = run(["compile", str(SEED), "--grammar", str(path)])
    assert code == 2 and "override.lark:5:11" in out and "E307" in out
    with pytest.raises(ExtensionError, match=r"override\.lark:5:11: error\[E307\]"):
        validate(from_paths([path]))


ALLOWED = ("%import pool (_PAYING_AGENT_MEANS)\n\n"
           "// dealc: allow-override _PAYING_AGENT_MEANS\n"
           "%override _PAYING_AGENT_MEANS: /, as paying agent, by (?:wire transfer|check) or "
           "by such other means as the person entitled thereto and/i\n")


def test_an_override_said_to_be_meant_is_allowed(tmp_path: Path) -> None:
    assert diagnostics(ALLOWED) == []
    path = write(tmp_path, "allowed.lark", ALLOWED)
    filing = compile_file(SEED, Options(extensions=validate_and_return(path)))
    assert filing.deal is not None
    assert filing.deal.paying_agent == "U.S. Bank National Association"
    other = ALLOWED.replace("allow-override _PAYING_AGENT_MEANS", "allow-override sentence")
    assert [d.code for d in diagnostics(other)] == ["E307"]
    far = ALLOWED.replace("// dealc: allow-override _PAYING_AGENT_MEANS\n",
                          "// dealc: allow-override _PAYING_AGENT_MEANS\n\n")
    assert [d.code for d in diagnostics(far)] == ["E307"]  # directly above, or not at all


def validate_and_return(path: Path) -> tuple[Extension, ...]:
    chosen = from_paths([path])
    validate(chosen)
    return chosen


def test_the_documented_allow_override_example_is_the_one_tested() -> None:
    docs = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    assert "\n  ".join(ALLOWED.splitlines()[2:]) in docs  # in a list item


def test_an_allowed_override_that_changes_a_fact_is_reported() -> None:
    text = ("%import pool (paying_agent)\n%import terminals (ENTITY)\n\n"
            "// dealc: allow-override paying_agent\n%override paying_agent: _US ENTITY\n\n"
            '_US: "U.S."\n')
    found = diagnostics(text)
    assert [d.code for d in found] == ["E308"]
    [changed] = found
    assert changed.message == "the extension changes a fact of cmsi-2003-2.txt: /deal/paying_agent"
    assert changed.notes == (
        "without the extension: /deal/paying_agent = U.S. Bank National Association "
        "(cmsi-2003-2.txt:73:9)",
        "with the extension: /deal/paying_agent = Bank National Association",
    )
    assert position(text, changed) == (5, 1)  # the %override


def test_a_rule_that_swallows_a_core_sentence_loses_its_fact() -> None:
    path = GRAMMARS / "lost-fact.lark"
    text = path.read_text(encoding="utf-8")
    found = diagnostics(text, path.name)
    assert [d.code for d in found] == ["E308", "E308"]
    for diagnostic, (filing, value) in zip(
            found, [("cmsi-1997-8.txt", "3014567.89"), ("cmsi-2003-2.txt", "7572416.56")],
            strict=True):
        assert diagnostic.message == f"the extension loses a fact of {filing}: " \
            "/deal/loss_limits/fraud"
        assert f"/deal/loss_limits/fraud = {value}" in diagnostic.notes[0]
        assert diagnostic.notes[1].endswith("= null (no longer read)")
        assert position(text, diagnostic) == (6, 19)  # the alternative that takes it
    code, out = run(["grammar", "check", str(path)])
    assert code == 1 and out.count("error[E308]") == 2


def test_the_example_and_new_wording_lose_nothing() -> None:
    assert diagnostics(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name) == []
    # A fact restated by wording the core did not read is the extension's to read.
    filing = compile_file(FILING_1997, Options(extensions=from_paths([EXAMPLE])))
    assert filing.deal is not None and filing.deal.depositor is not None


def test_the_shipped_filings_are_package_data_and_the_examples() -> None:
    shipped = dict(shipped_filings())
    assert shipped["cmsi-2003-2.txt"] == SEED.read_bytes()
    assert shipped["cmsi-1997-8.txt"] == FILING_1997.read_bytes()
    package = ROOT / "compiler" / "filings"
    assert sorted(p.name for p in package.glob("*.txt")) == sorted(shipped)


def test_problems_are_found_without_building() -> None:
    found = problems(EVIL + "%import os (path)\n%override sentence: \"x\" -> narrative\n")
    assert [p.code for p in found] == ["E306", "E301", "E307"]
