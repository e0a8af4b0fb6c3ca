"""The JSON writer against straightforward references: `json.dumps`, a plain recursive
writer, and `dumps(document(filing))` for what the emitter writes without making dicts."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler import ast, compile_file, compile_text
from dealc.compiler.plain import document, node
from dealc.emitters.json_emitter import JsonEmitter, dumps
from dealc.emitters.json_reader import read_json

from .conftest import FIXTURES, SEED
from .strategies import filings

# Characters JSON escapes or that are easy to get wrong: controls, quote, backslash,
# DEL, the JavaScript line separators, lone surrogates (kept as they are, like json.dumps).
AWKWARD = ["\x00", "\x01", "\x08", "\t", "\n", "\x0c", "\r", "\x1f", '"', "\\", "/", "\x7f",
           "\u00e9", "\u2028", "\u2029", "\ud800", "\udfff", "\U0001f600", "%", "{"]
CHARACTERS = st.one_of(st.characters(), st.sampled_from(AWKWARD))
TEXT = st.text(CHARACTERS, max_size=12)
# Without surrogates: a pair escaped in a key (\ud800\udfff) reads back as one character.
WHOLE_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
# Printable ASCII and controls: keys json.dumps writes alike whether or not ensure_ascii is set.
ASCII_KEYS = st.text(st.characters(min_codepoint=0, max_codepoint=0x7E), max_size=8)
FINITE_DECIMALS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("225000.00"), Decimal("2.150127919560"), Decimal("1E+3"),
                     Decimal("-0.00"), Decimal("0E-7")]),
)
DECIMALS = FINITE_DECIMALS | st.sampled_from([Decimal("NaN"), Decimal("-Infinity")])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)


def nested(scalars: st.SearchStrategy[Any], keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Dicts and lists of these scalars, nested a few levels deep."""
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=30,
    )


def reference(value: Any, indent: int = 2, level: int = 0) -> str:
    """The plain recursive writer: one `json.dumps` per scalar, keys with its defaults."""
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k))}: {reference(v, indent, level + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [inner + reference(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


@given(nested(SCALARS, ASCII_KEYS), st.sampled_from([0, 1, 2, 4]))
def test_dumps_is_json_dumps_with_indent(value: Any, indent: int) -> None:
    assert dumps(value, indent) == json.dumps(value, indent=indent, ensure_ascii=False)


@given(nested(SCALARS | DECIMALS, TEXT), st.sampled_from([0, 2, 3]))
def test_dumps_is_the_recursive_writer(value: Any, indent: int) -> None:
    """Decimals as their printed digits, non-ASCII keys escaped as json.dumps escapes keys."""
    assert dumps(value, indent) == reference(value, indent)


@given(nested(st.none() | st.booleans() | st.integers() | WHOLE_TEXT | FINITE_DECIMALS,
              WHOLE_TEXT))
def test_decimals_read_back_equal(value: Any) -> None:
    assert json.loads(dumps(value), parse_float=Decimal) == value


class Label(str):
    """A str subclass, as an enum of strings would be: written by json.dumps."""


def test_other_types_are_written_as_json_dumps_writes_them() -> None:
    value: dict[Any, Any] = {
        1: (1, "x"), None: Label("y\u00e9"), 2.5: float("nan"), "k\u00e9": True,
        "d": [Decimal("7.10"), (), {}], Label("l"): -3,
    }
    assert dumps(value) == reference(value)
    with pytest.raises(TypeError):
        dumps({"date": datetime.date(2003, 2, 1)})


def locations(depth: int = 2) -> st.SearchStrategy[ast.Location]:
    """Locations with awkward texts, restated a few times."""
    also = st.lists(locations(depth - 1), max_size=3) if depth else st.just([])
    return st.builds(
        lambda line, column, text, more: ast.Location(line, column, line, column + 1, text,
                                                      tuple(more)),
        st.integers(1, 10**6), st.integers(1, 200), TEXT, also)


@given(filings(), st.dictionaries(TEXT, locations(), max_size=5))
def test_the_emitter_writes_what_dumps_of_the_document_gives(
    filing: ast.CompiledFiling, provenance: dict[str, ast.Location]
) -> None:
    filing = attrs.evolve(filing, provenance=provenance)
    assert JsonEmitter().emit(filing) == dumps(document(filing)) + "\n"


def test_a_location_of_other_types_is_written_by_way_of_its_dict() -> None:
    odd = ast.Location(True, 2, 3, 4, "x", (ast.Location(1, 2, 1, 3, "y"),))
    filing = compile_text("Nothing here.")
    filing = attrs.evolve(filing, provenance={"/a": odd, "/b": ast.Location(1, 1, 1, 2, "z")})
    text = JsonEmitter().emit(filing)
    assert text == dumps(document(filing)) + "\n"
    assert '"line": true' in text


@pytest.mark.parametrize(
    "path", [SEED, *sorted(FIXTURES.glob("*/*.txt"))], ids=lambda p: Path(p).name)
def test_the_emitter_writes_each_fixture_as_dumps_of_its_document(path: Path) -> None:
    filing = compile_file(path)
    text = JsonEmitter().emit(filing)
    assert text == reference(document(filing)) + "\n"
    again = read_json(text)
    assert JsonEmitter().emit(again) == text == reference(document(again)) + "\n"


def plain_node(value: Any) -> Any:
    """`node` without its cache of fields: attrs' fields looked up every time."""
    if attrs.has(type(value)):
        return {field.name: plain_node(getattr(value, field.name))
                for field in attrs.fields(type(value)) if field.name != "span"}
    if isinstance(value, tuple | list):
        return [plain_node(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@given(filings())
def test_node_is_the_plain_conversion(filing: ast.CompiledFiling) -> None:
    assert node(filing.deal) == plain_node(filing.deal)
    assert reference(node(filing.cover)) == reference(plain_node(filing.cover))
