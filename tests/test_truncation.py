"""A filing cut off anywhere still compiles: the facts before the cut, and an error at the cut."""

from __future__ import annotations

import pytest

from dealc.compiler import compile_text
from dealc.compiler.diagnostics import Severity
from dealc.emitters.json_emitter import document

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)

# Cut points (line, column) in the 1-based coordinates of the filing, spread over
# the cover, the description (mid-sentence and between sentences), the footnote
# blocks and the signature.
CUTS = [
    (8, 30), (17, 45), (24, 30), (29, 40), (35, 20), (40, 60), (48, 10), (59, 40),
    (62, 60), (78, 10), (86, 50), (101, 30), (116, 40), (125, 20), (136, 30), (163, 20),
    (183, 40), (209, 40), (232, 40), (263, 30),
]


def cut(line: int, column: int) -> str:
    return "".join(LINES[: line - 1]) + LINES[line - 1][: column - 1]


def facts(text: str) -> dict[str, object]:
    compiled = compile_text(text, path="cut.txt")
    return {key: value.line for key, value in compiled.provenance.items()}


FULL = compile_text(TEXT, path="full.txt")


@pytest.mark.parametrize(("line", "column"), CUTS)
def test_a_cut_gives_the_facts_before_it_and_an_error_at_it(line: int, column: int) -> None:
    text = cut(line, column)
    compiled = compile_text(text, path="cut.txt")
    errors = [d for d in compiled.diagnostics if d.code == "E101"]
    assert len(errors) == 1, compiled.diagnostics
    error = errors[0]
    assert error.severity is Severity.ERROR
    assert compiled.text is not None and error.primary is not None
    error_line, _ = compiled.text.position(error.primary.span.start)
    last_text_line = max(i + 1 for i, row in enumerate(text.splitlines()) if row.strip())
    assert error_line == last_text_line  # the error points at where the text ends

    # Every fact of the whole filing read from a sentence that ends before the cut
    # is there, with the same value.
    whole = document(FULL)
    part = document(compiled)
    for pointer, location in FULL.provenance.items():
        if location.end_line < line - 1 and _sentence_complete(pointer, line):
            assert pointer in compiled.provenance, pointer
            assert _resolve(part, pointer) == _resolve(whole, pointer), pointer
    # And nothing is invented: every fact read is a fact of the whole filing.
    for pointer in compiled.provenance:
        if pointer.startswith(("/deal", "/cover")):
            assert pointer in FULL.provenance, pointer


def _sentence_complete(pointer: str, cut_line: int) -> bool:
    """A fact whose sentence ends before the cut line (paragraph-level approximation)."""
    location = FULL.provenance[pointer]
    records = [s for s in FULL.sentences if pointer in s.pointers]
    if not records:  # cover, items, footnotes, signature: their own blocks
        return location.end_line < cut_line - 1 and not pointer.startswith(
            ("/signature", "/footnotes")
        ) and not (pointer.startswith("/cover") and cut_line <= 45)
    assert FULL.text is not None
    return all(FULL.text.position(record.span.end)[0] < cut_line for record in records)


def _resolve(data: object, pointer: str) -> object:
    for part in pointer.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]  # type: ignore[index]
    return data


def test_the_empty_filing_is_an_error_not_a_crash() -> None:
    compiled = compile_text("", path="empty.txt")
    assert [d.code for d in compiled.diagnostics] == ["E101"]
    assert compiled.deal is None


def test_the_whole_filing_has_no_cut() -> None:
    assert [d.code for d in FULL.diagnostics] == []
