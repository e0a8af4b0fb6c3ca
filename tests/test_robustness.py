"""No input crashes dealc: arbitrary text and mutations of the seed give diagnostics."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler import compile_bytes, compile_text
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
            st.sampled_from(["delete", "duplicate", "swap", "digit", "truncate"]),
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
    check("".join(lines))


def test_regression_signature_cut_after_dated() -> None:
    """Found by hypothesis: "Dated:" with its date cut off broke the signature grammar."""
    lines = list(LINES)
    lines[268] = lines[268][:6]
    check("".join(lines))
