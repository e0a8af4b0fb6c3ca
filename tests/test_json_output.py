"""The JSON emitter: the contract's shape (validated by the shipped schema), digits, determinism."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from dealc.compiler import CompiledFiling, compile_file, compile_text
from dealc.emitters.json_emitter import JsonEmitter, dumps, schema

from .conftest import FIXTURES, SEED

VALIDATOR = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def emit(filing: CompiledFiling) -> str:
    return JsonEmitter().emit(filing)


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_the_schema_rejects_what_it_should() -> None:
    """The schema is not vacuous: a misspelt field or a string amount fails it."""
    data = json.loads(emit(compile_file(SEED)))
    data["deal"]["pools"][0]["wac"] = data["deal"]["pools"][0].pop("wac_pct")
    assert not VALIDATOR.is_valid(data)
    data = json.loads(emit(compile_file(SEED)))
    data["deal"]["aggregate_balance"] = "757,241,656.27"
    assert not VALIDATOR.is_valid(data)


@pytest.mark.parametrize(
    "path",
    [SEED, *sorted(FIXTURES.glob("*/*.txt"))],
    ids=lambda p: Path(p).name,
)
def test_output_validates(path: Path) -> None:
    VALIDATOR.validate(json.loads(emit(compile_file(path))))


def test_a_cut_filing_validates_too() -> None:
    text = SEED.read_text(encoding="utf-8")
    for end in (0, 700, 4000, 9000):
        VALIDATOR.validate(json.loads(emit(compile_text(text[:end]))))


def test_decimals_keep_their_printed_digits() -> None:
    text = emit(compile_file(SEED))
    for printed in ("757241656.27", "225000.00", "2.150127919560", "178.00", "5.750", "6.200"):
        assert f": {printed}" in text
    parsed = json.loads(text, parse_float=Decimal)
    assert str(parsed["deal"]["loss_limits"]["bankruptcy"]) == "225000.00"


def test_output_is_byte_identical_between_runs() -> None:
    assert emit(compile_file(SEED)) == emit(compile_file(SEED))


def test_dumps_is_json() -> None:
    value: dict[str, object] = {"a": [Decimal("1.50"), None, True, "x\u00e9\"", {}], "b": []}
    assert json.loads(dumps(value), parse_float=Decimal) == value
    assert "1.50" in dumps(value)


def test_provenance_of_a_fact() -> None:
    data = json.loads(emit(compile_file(SEED)))
    assert data["provenance"]["/deal/pools/0/balance"] == {
        "line": 66, "column": 33, "end_line": 66, "end_column": 48, "text": "$549,864,882.81",
    }
