"""No input crashes dealc: arbitrary text and mutations of the seed give diagnostics."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dealc.compiler import compile_bytes, compile_text
from dealc.compiler.driver import cli
from dealc.emitters.json_emitter import JsonEmitter

from .conftest import SEED

LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)


def check(text: str) -> None:
    compiled = compile_text(text, path="fuzz.txt")
    assert compiled.text is not None
    for diagnostic in compiled.diagnostics:
        if diagnostic.primary is not None:
            assert 0 <= diagnostic.primary.span.start <= diagnostic.primary.span.end <= len(
                compiled.text.text
            )
    json.loads(JsonEmitter().emit(compiled))


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text)


@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    compile_bytes(data, "fuzz.bin")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "swap", "digit", "truncate", "delete char",
                             "duplicate char", "swap chars", "replace word"]),
            st.integers(min_value=0, max_value=len(LINES) - 1),
            st.integers(min_value=0, max_value=80),
        ),
        max_size=6,
    )
)
def test_mutations_of_the_seed(mutations: list[tuple[str, int, int]]) -> None:
    lines = list(LINES)
    for operation, index, column in mutations:
        index %= len(lines) or 1
        if not lines:
            break
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif operation == "digit":
            line = lines[index]
            digits = [i for i, c in enumerate(line) if c.isdigit()]
            if digits:
                at = digits[column % len(digits)]
                lines[index] = line[:at] + str((int(line[at]) + 1) % 10) + line[at + 1 :]
        elif operation == "truncate":
            lines[index] = lines[index][:column]
        else:
            lines[index] = _edit_characters(lines[index], operation, column)
    check("".join(lines))


WORDS = ("pool", "mortgage", "the", "of", "and", "respectively", "%", "$", "February", "class",
         "Item", "<PAGE>", "(1)", "*", "were", "None")


def _edit_characters(line: str, operation: str, column: int) -> str:
    if not line:
        return line
    at = column % len(line)
    if operation == "delete char":
        return line[:at] + line[at + 1 :]
    if operation == "duplicate char":
        return line[:at] + line[at] + line[at:]
    if operation == "swap chars" and at + 1 < len(line):
        return line[:at] + line[at + 1] + line[at] + line[at + 2 :]
    words = line.split(" ")
    words[at % len(words)] = WORDS[at % len(WORDS)]
    return " ".join(words)


@given(
    st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.integers(0, 80),
                       st.sampled_from(["delete char", "duplicate char", "swap chars",
                                        "replace word"])), min_size=1, max_size=4),
    st.sampled_from(["json", "markdown", "xbrl", "8k", "html"]),
)
@settings(max_examples=25)
def test_the_command_line_never_fails_internally(
    edits: list[tuple[int, int, str]], target: str
) -> None:
    """Through the whole command (compile, emit, report), exit status 0, 1 or 2, never 3."""
    lines = list(LINES)
    for index, column, operation in edits:
        lines[index] = _edit_characters(lines[index], operation, column)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.txt"
        path.write_text("".join(lines), encoding="utf-8")
        result = CliRunner().invoke(cli.main, ["compile", str(path), "--to", target])
    assert result.exit_code in (0, 1, 2), result.stderr


def test_regression_signature_cut_after_dated() -> None:
    """Found by hypothesis: "Dated:" with its date cut off broke the signature grammar."""
    lines = list(LINES)
    lines[268] = lines[268][:6]
    check("".join(lines))


@given(st.sampled_from(["<SEC-DOCUMENT>\n", "<SEC-HEADER>\nACCESSION NUMBER: 1\n",
                        "<html><body><PRE>", "<PRE>\n", ""]),
       st.text(alphabet=st.sampled_from(list("<>/&;#x0aA PREDOCUMENTX\n\x00")), max_size=300))
def test_arbitrary_containers(prefix: str, text: str) -> None:
    """Broken EDGAR and HTML wrappers: unclosed tags, stray references, NULs."""
    check(prefix + text)
    check(prefix + text + "".join(LINES[:120]))
