"""A compiled filing as plain data (dicts, lists, `Decimal`, ISO dates): the JSON contract's shape.

Shared by the JSON emitter, which writes it, and by anything that wants the
facts without walking the AST (`dealc.compiler.facts_table`).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from typing import Any

import attrs

from dealc.compiler.ast import CompiledFiling, Location
from dealc.compiler.diagnostics import Diagnostic, to_json

_SKIPPED_FIELDS = frozenset({"span"})


def document(filing: CompiledFiling) -> dict[str, Any]:
    """The filing as plain data in the contract's shape (decimals kept as `Decimal`)."""
    data = body(filing)
    data["provenance"] = {key: location(value) for key, value in filing.provenance.items()}
    return data


def body(filing: CompiledFiling, *, diagnostics: bool = True) -> dict[str, Any]:
    """The document without its last member, provenance: the JSON emitter writes that
    straight from the `Location`s, as it is most of a filing's output.

    Without ``diagnostics`` the last member is left out too, for a writer that
    takes them one at a time from `diagnostic_data`.
    """
    data = {
        "ast_version": filing.ast_version,
        "source": node(filing.source),
        "kind": filing.kind,
        "cover": node(filing.cover),
        "items": [node(item) for item in filing.items],
        "deal": node(filing.deal),
        "footnotes": [node(footnote) for footnote in filing.footnotes],
        "signature": node(filing.signature),
    }
    if diagnostics:
        data["diagnostics"] = list(diagnostic_data(filing))
    return data


def diagnostic_data(filing: CompiledFiling) -> Iterator[dict[str, Any]]:
    """The filing's diagnostics as plain data, made one at a time: a long filing's run to
    hundreds of thousands, many megabytes as dicts, and a writer needs one at a time.

    A filing read back from JSON has no source text and keeps them as they were read.
    """
    if filing.text is None and not filing.diagnostics:
        yield from filing.diagnostic_records
        return
    for diagnostic in filing.diagnostics:
        yield _diagnostic(diagnostic, filing)


def resolve(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer ("/deal/pools/0/balance") of plain data."""
    for part in pointer.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def node(value: Any) -> Any:
    """An AST node as plain data: attrs nodes as dicts of their fields but spans, tuples as
    lists, dates as ISO strings."""
    kind: type = type(value)
    names = _field_names(kind)
    if names is not None:
        return {name: node(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [node(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of an attrs class that plain data keeps, in order; None for other types.

    Cached by type: `node` meets the same few classes thousands of times a filing.
    """
    if not attrs.has(cls):
        return None
    return tuple(field.name for field in attrs.fields(cls) if field.name not in _SKIPPED_FIELDS)


def location(value: Location) -> dict[str, Any]:
    """A fact's place as the contract writes it (`also` only where the fact is restated)."""
    data: dict[str, Any] = {
        "line": value.line,
        "column": value.column,
        "end_line": value.end_line,
        "end_column": value.end_column,
        "text": value.text,
    }
    also = value.also
    if also:
        data["also"] = [location(other) for other in also]
    return data


def _diagnostic(diagnostic: Diagnostic, filing: CompiledFiling) -> dict[str, Any]:
    assert filing.text is not None, "a compiled filing keeps its source for positions"
    return to_json(diagnostic, filing.text)
