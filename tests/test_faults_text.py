"""Text a filing should not hold: control characters, escape sequences, NULs, nothing at all.

Each reaches some output: an XML instance that cannot carry it, a terminal
that would obey it, a warning nobody gave, a share of sentences that is not
one.  These tests put such text in a filing and look at what comes out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from dealc.compiler import compile_bytes, compile_text
from dealc.compiler.diagnostics import to_json
from dealc.compiler.driver.cli import main
from dealc.compiler.driver.explain import explain, render_text
from dealc.compiler.render import escape, render
from dealc.emitters.markdown import MarkdownEmitter
from dealc.emitters.xbrl import XbrlEmitter

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
ROLE = "(Packager and Servicer)"
# Terminal controls: CSI colour, OSC retitle ended by BEL, a C1 CSI, a bidi override.
HOSTILE = "The \x1b[31mservicer\x1b]0;title\x07 will \x9b remit \u202e monthly."
RAW = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
XBRL_NAMESPACE = "https://dealc.invalid/xbrl/abs/1"


def with_role(role: str) -> str:
    assert ROLE in TEXT
    return TEXT.replace(ROLE, f"({role})")


def hostile_filing() -> str:
    anchor = "the mortgage loan pool as indicated."
    assert anchor in TEXT
    return TEXT.replace(anchor, f"{anchor} {HOSTILE}")


def no_raw_controls(text: str) -> bool:
    """No terminal control in ``text``, line breaks apart."""
    return RAW.search(text.replace("\n", "")) is None


# 1. XBRL: characters XML 1.0 cannot carry.


# \x0b and \x1c to \x1f are white space to str.split: the cover reads them as spaces.
@pytest.mark.parametrize("bad", ["\x08", "\x01", "\x0e", "\x1b", "\ufffe", "\uffff"])
def test_xbrl_of_a_cover_field_with_a_character_xml_cannot_carry(
    tmp_path: Path, bad: str
) -> None:
    filing = tmp_path / "cmsi-2003-2.txt"
    filing.write_text(with_role(f"Packager{bad} and Servicer"), encoding="utf-8")
    out = tmp_path / "deal.xml"
    result = CliRunner().invoke(main, ["compile", str(filing), "--to", "xbrl", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output + result.stderr
    root = etree.fromstring(out.read_bytes())
    [role] = root.findall(f"{{{XBRL_NAMESPACE}}}registrantRoleText")
    assert role.text == "Packager\ufffd and Servicer"
    comments = [c.text for c in root.iter(etree.Comment)]
    assert any("replaced 1 character that XML 1.0 cannot carry" in str(c) for c in comments)


def test_xbrl_of_a_lone_surrogate_in_a_cover_field() -> None:
    compiled = compile_text(with_role("Packager\ud800 and Servicer"), path="cmsi-2003-2.txt")
    root = etree.fromstring(XbrlEmitter().emit(compiled))
    [role] = root.findall(f"{{{XBRL_NAMESPACE}}}registrantRoleText")
    assert role.text == "Packager\ufffd and Servicer"


def test_xbrl_of_a_clean_filing_says_nothing_was_replaced() -> None:
    compiled = compile_text(TEXT, path="cmsi-2003-2.txt")
    assert b"cannot carry" not in XbrlEmitter().emit(compiled)


def test_xbrl_of_a_file_whose_name_has_two_hyphens(tmp_path: Path) -> None:
    """The file name goes into an XML comment, which cannot hold ``--`` nor end in ``-``."""
    filing = tmp_path / "a--b-"
    filing.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["compile", str(filing), "--to", "xbrl"])
    assert result.exit_code == 0, result.output + result.stderr
    root = etree.fromstring(result.stdout_bytes)
    assert root.findall(f"{{{XBRL_NAMESPACE}}}registrantRoleText")


def test_json_keeps_the_exact_text_and_markdown_no_raw_control(tmp_path: Path) -> None:
    filing = tmp_path / "cmsi-2003-2.txt"
    filing.write_text(with_role("Packager\x08 and\x1b[2J Servicer"), encoding="utf-8")
    result = CliRunner().invoke(main, ["compile", str(filing), "--to", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["cover"]["registrant_role"] == (
        "Packager\x08 and\x1b[2J Servicer")
    assert "\x08" not in result.stdout and "\x1b" not in result.stdout  # escaped by JSON
    compiled = compile_text(filing.read_text(encoding="utf-8"), path=str(filing))
    markdown = MarkdownEmitter().emit(compiled)
    assert no_raw_controls(markdown)
    assert "Packager\\\\u\\{8\\} and\\\\u\\{1b\\}\\[2J Servicer" in markdown


# 2. Terminal injection through rendered diagnostics and `dealc explain`.


def test_escape_writes_code_points_as_rustc_does() -> None:
    assert escape("a\x1b[31mb\x07\x9b\u202e\u2066\x7f\tc\x00") == (
        "a\\u{1b}[31mb\\u{7}\\u{9b}\\u{202e}\\u{2066}\\u{7f}\tc\\u{0}")
    assert escape("Caf\u00e9 \u201cCMSI\u201d") == "Caf\u00e9 \u201cCMSI\u201d"


def test_rendered_diagnostics_carry_no_terminal_control() -> None:
    compiled = compile_text(hostile_filing(), path="cmsi-2003-2.txt")
    assert compiled.text is not None
    [diagnostic] = [d for d in compiled.diagnostics if d.code == "W102"]
    for color in (False, True):
        rendered = render(diagnostic, compiled.text, color=color)
        without_colour = re.sub("\x1b\\[[0-9;]*m", "", rendered) if color else rendered
        assert no_raw_controls(without_colour), rendered
    rendered = render(diagnostic, compiled.text)
    assert "The \\u{1b}[31mservicer\\u{1b}]0;title\\u{7} will \\u{9b} remit \\u{202e}" in rendered
    # JSON diagnostics keep the text as it is.
    assert "\x1b[31m" in to_json(diagnostic, compiled.text)["primary"]["text"]


def test_the_underline_covers_the_escaped_text() -> None:
    compiled = compile_text(hostile_filing(), path="cmsi-2003-2.txt")
    assert compiled.text is not None
    [diagnostic] = [d for d in compiled.diagnostics if d.code == "W102"]
    lines = render(diagnostic, compiled.text).splitlines()
    [index] = [i for i, line in enumerate(lines) if "servicer" in line and "|" in line]
    source_line, underline = lines[index], lines[index + 1]
    sentence = source_line.index("The \\u{1b}")
    end = source_line.index("monthly.") + len("monthly.")
    carets = re.search(r"[\^-]+", underline)
    assert carets is not None
    # The primary mark spans the sentence as shown, escapes included ...
    assert (carets.start(), carets.end()) == (sentence, end)
    # ... and the secondary one, where the match stopped (at the ESC), its six columns.
    stop = source_line.index("\\u{1b}[31m")
    assert underline[stop : stop + 7] == "------^"


def test_compile_on_the_command_line_prints_no_terminal_control(tmp_path: Path) -> None:
    filing = tmp_path / "hostile.txt"
    filing.write_text(hostile_filing(), encoding="utf-8")
    result = CliRunner().invoke(main, ["compile", str(filing), "-o", str(tmp_path / "out.json")])
    assert "W102" in result.stderr
    assert no_raw_controls(result.stderr), result.stderr


def test_explain_text_carries_no_terminal_control() -> None:
    compiled = compile_text(hostile_filing(), path="hostile\x1b]0;x\x07.txt")
    report = explain(compiled)
    text = render_text(report)
    assert no_raw_controls(text)
    assert "The \\u{1b}[31mservicer\\u{1b}]0;title\\u{7} will \\u{9b}" in text
    assert "hostile\\u{1b}]0;x\\u{7}.txt" in text
    # The report, what --format json prints, keeps the text.
    assert any(s["text"].startswith("The \x1b[31m") for s in report["sentences"])


# 3. NUL bytes in the input.


def test_nul_bytes_in_the_input_are_reported_with_the_first_and_the_count() -> None:
    data = TEXT.encode("utf-8").replace(b"(Packager and", b"(Pack\x00ager\x00 and\x00")
    compiled = compile_bytes(data, "cmsi-2003-2.txt")
    [warning] = [d for d in compiled.diagnostics if d.code == "W002"]
    assert warning.severity.value == "warning"
    assert "3 NUL bytes" in warning.message
    assert compiled.text is not None and warning.primary is not None
    first = data.index(b"\x00")
    assert compiled.text.position(warning.primary.span.start) == (23, 35)
    assert compiled.text.text[warning.primary.span.start] == "\x00"
    assert f"byte offset {first}" in " ".join(warning.notes)
    # Layout still reads past them.
    assert compiled.cover.registrant_role == "Packager and Servicer"


def test_no_nul_warning_for_a_clean_filing_nor_for_html_padding() -> None:
    assert not [d for d in compile_bytes(TEXT.encode(), "x.txt").diagnostics if d.code == "W002"]
    html = "<html><body><PRE>\n" + TEXT.replace(ROLE, "(Packager &amp; Servicer)") + "</PRE>"
    compiled = compile_bytes(html.encode(), "x.html")
    assert compiled.text is not None and "\x00" in compiled.text.text  # dealc's own padding
    assert compiled.cover.registrant_role == "Packager & Servicer"
    assert "W002" not in [d.code for d in compiled.diagnostics]


# 4. `dealc explain` on a filing with no sentences.


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the input is empty"),
        (b"  \n\n\t\n", "only white space"),
        (bytes(range(256)) * 8, "binary"),
        (b"Just a note.\nNothing here is an 8-K.\n", "no 8-K item"),
    ],
    ids=["empty", "white-space", "binary", "no-item"],
)
def test_explain_with_no_sentences_says_so(data: bytes, reason: str) -> None:
    report = explain(compile_bytes(data, "nothing.txt"))
    assert report["total"] == 0 and report["empty"] is True
    assert report["share_pct"] != 100.0
    assert reason in report["empty_reason"]
    text = render_text(report)
    assert "100.0%" not in text and "0 of 0" not in text
    assert f"no sentences were found: {report['empty_reason']}" in text


def test_explain_of_another_kind_of_8k_says_why_no_sentences() -> None:
    from .conftest import FIXTURES

    report = explain(compile_bytes((FIXTURES / "kinds" / "term-sheets.txt").read_bytes(), "t.txt"))
    assert report["empty"] is True and "collateral_term_sheets" in report["empty_reason"]


def test_explain_of_the_seed_is_not_empty() -> None:
    report = explain(compile_text(TEXT, path="cmsi-2003-2.txt"))
    assert report["empty"] is False and report["empty_reason"] is None
    assert report["total"] > 0 and "sentences recognised" in render_text(report)
