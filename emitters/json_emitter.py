"""The JSON emitter: the deal contract (`ast_version` 1, described by the shipped schema).

Decimals are written as JSON numbers with their printed digits
(``2.150127919560``, ``225000.00``), never through a float; dates as ISO
strings.  Keys keep the contract's order, so the same input gives
byte-identical output.

The writer is a single pass that appends to a list, specialised to the
types plain data holds (dict, list, str, int, bool, None, Decimal): every
compile is written out, so writing must cost little beside compiling.
Strings are escaped by the functions `json.dumps` itself uses (values as
with ``ensure_ascii=False``, keys as with its default ``ensure_ascii=True``)
and any other type is left to `json.dumps`, so each scalar reads exactly as
`json.dumps` writes it: control characters, quotes and backslashes escaped,
everything else (U+2028, lone surrogates) kept as it is.

The pieces go out in chunks: where the writer checks (after an array's
element that is a container, a batch of provenance entries, a location's
``also``), once `CHUNK_PIECES` are waiting, they are joined into one chunk
and handed to a sink.  `JsonEmitter.emit_to` writes each chunk to a stream
as it is made, so a large filing's tens of megabytes of JSON are never held
whole; `JsonEmitter.emit` joins the same chunks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from itertools import islice
from json.encoder import encode_basestring, encode_basestring_ascii
from types import GeneratorType
from typing import TYPE_CHECKING, Any

from dealc.compiler.ast import CompiledFiling, Location
from dealc.compiler.plain import body, diagnostic_data, document, location
from dealc.compiler.values import format_decimal

if TYPE_CHECKING:
    from dealc.emitters import TextSink

__all__ = ["JsonEmitter", "document", "dumps", "schema"]


class JsonEmitter:
    name = "json"
    description = "The deal as JSON (ast_version 1), with provenance and diagnostics"
    media_type = "application/json"
    extension = ".json"

    def emit(self, filing: CompiledFiling) -> str:
        """``dumps(document(filing))`` and a newline, with provenance written straight
        from the `Location`s instead of through their dicts."""
        chunks: list[str] = []
        _write_filing(filing, chunks.append)
        return "".join(chunks)

    def emit_to(self, filing: CompiledFiling, stream: TextSink) -> None:
        """What `emit` returns, written to ``stream`` a chunk at a time."""
        _write_filing(filing, stream.write)


def dumps(value: Any, indent: int = 2) -> str:
    """JSON text, decimals as their printed digits; deterministic."""
    chunks: list[str] = []
    out: list[str] = []
    _write(value, out, "\n", " " * indent, chunks.append)
    _hand_out(out, chunks.append)
    return "".join(chunks)


Sink = Callable[[str], object]  # takes each chunk of the text, in order

# Pieces waiting before they are joined and handed out: a piece is a line or less, so a
# chunk is about 200 kB (the seed's whole document, a quarter of this, is one chunk).
# A check costs a few hundred instructions, so the writer checks between containers,
# not after every piece.
CHUNK_PIECES = 4096
# Provenance entries written between two checks (three pieces each, and their `also`).
ENTRIES_AT_ONCE = 256


def _write_filing(filing: CompiledFiling, sink: Sink) -> None:
    """The filing's document and a newline, handed to ``sink`` in chunks."""
    data = body(filing, diagnostics=False)
    data["diagnostics"] = diagnostic_data(filing)  # each made as it is written
    data["provenance"] = _Provenance(filing.provenance)
    out: list[str] = []
    _write(data, out, "\n", "  ", sink)
    out.append("\n")
    _hand_out(out, sink)


def _hand_out(out: list[str], sink: Sink) -> None:
    """The waiting pieces, joined into one chunk for ``sink``."""
    if out:
        sink("".join(out))
        out.clear()


_BOOLEANS = {True: "true", False: "false"}


def _null(value: None) -> str:
    """None as JSON (a function, to sit in the table of scalar writers)."""
    return "null"


# The scalar writers by exact type: a lookup, not a chain of isinstance tests,
# because scalars are most of what is written.  Subclasses take the general path.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    Decimal: format_decimal,
    bool: _BOOLEANS.__getitem__,
    type(None): _null,
}


def _key(key: Any) -> str:
    """A key as `json.dumps(str(key))` writes it (ASCII, unlike values)."""
    return encode_basestring_ascii(key if type(key) is str else str(key))


def _write(value: Any, out: list[str], pad: str, step: str, sink: Sink) -> None:
    """Append `value` to `out`; `pad` is a newline and the indentation of its level."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        out.append(scalar(value))
        return
    container = _CONTAINERS.get(type(value))
    if container is not None:
        container(value, out, pad, step, sink)
    elif isinstance(value, dict):
        _write_dict(value, out, pad, step, sink)
    elif isinstance(value, list):
        _write_list(value, out, pad, step, sink)
    elif isinstance(value, Decimal):
        out.append(format_decimal(value))
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def _write_dict(value: dict[Any, Any], out: list[str], pad: str, step: str,
                sink: Sink) -> None:
    """An object, one member a line; scalar members written in place, without a call."""
    if not value:
        out.append("{}")
        return
    inner = pad + step
    separator, comma = "{" + inner, "," + inner
    scalars, append = _SCALARS, out.append
    for key, item in value.items():
        name = encode_basestring_ascii(key) if type(key) is str else _key(key)
        scalar = scalars.get(type(item))
        if scalar is not None:
            append(f"{separator}{name}: {scalar(item)}")
        else:
            append(f"{separator}{name}: ")
            _write(item, out, inner, step, sink)
        separator = comma
    append(pad + "}")


def _write_list(value: Iterable[Any], out: list[str], pad: str, step: str,
                sink: Sink) -> None:
    """An array, one element a line; scalar elements written in place.  A generator is
    written as the array of what it yields, each element made as it is written."""
    inner = pad + step
    separator, comma = "[" + inner, "," + inner
    scalars, append = _SCALARS, out.append
    for item in value:
        scalar = scalars.get(type(item))
        if scalar is not None:
            append(separator + scalar(item))
        else:
            append(separator)
            _write(item, out, inner, step, sink)
            if len(out) >= CHUNK_PIECES:
                _hand_out(out, sink)
        separator = comma
    append("[]" if separator is not comma else pad + "]")


class _Provenance:
    """The filing's provenance, to be written as `document` would make it."""

    __slots__ = ("places",)

    def __init__(self, places: Mapping[str, Location]) -> None:
        self.places = places


def _write_provenance(value: _Provenance, out: list[str], pad: str, step: str,
                      sink: Sink) -> None:
    """The provenance object: each pointer with its location, in batches of
    `ENTRIES_AT_ONCE` (a check after each entry would cost more than writing it)."""
    places = value.places
    if not places:
        out.append("{}")
        return
    inner = pad + step
    separator, comma = "{" + inner, "," + inner
    append = out.append
    entries = iter(places.items())
    for _ in range(0, len(places), ENTRIES_AT_ONCE):
        for key, place in islice(entries, ENTRIES_AT_ONCE):
            name = encode_basestring_ascii(key) if type(key) is str else _key(key)
            append(f"{separator}{name}: ")
            _write_location(place, out, inner, step, sink)
            separator = comma
        if len(out) >= CHUNK_PIECES:
            _hand_out(out, sink)
    append(pad + "}")


def _write_location(place: Location, out: list[str], pad: str, step: str,
                    sink: Sink) -> None:
    """A location as `plain.location` makes it, in one formatting.

    Positions are ints and the text a str in every `Location` dealc makes; any
    other value is written by way of the dict.
    """
    line, column, end_line, end_column = place.line, place.column, place.end_line, place.end_column
    text = place.text
    if not (type(line) is type(column) is type(end_line) is type(end_column) is int
            and type(text) is str):
        _write_dict(location(place), out, pad, step, sink)
        return
    inner = pad + step
    out.append(f'{{{inner}"line": {line},{inner}"column": {column},{inner}"end_line": {end_line},'
               f'{inner}"end_column": {end_column},{inner}"text": {encode_basestring(text)}')
    also = place.also
    if also:
        deeper = inner + step
        separator, comma = "," + inner + '"also": [' + deeper, "," + deeper
        for other in also:
            out.append(separator)
            _write_location(other, out, deeper, step, sink)
            separator = comma
        out.append(inner + "]")
        if len(out) >= CHUNK_PIECES:
            _hand_out(out, sink)
    out.append(pad + "}")


_CONTAINERS: dict[type, Callable[[Any, list[str], str, str, Sink], None]] = {
    dict: _write_dict,
    list: _write_list,
    GeneratorType: _write_list,
    _Provenance: _write_provenance,
}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of this emitter's output, shipped in the package."""
    from importlib.resources import files

    text = files("dealc.emitters").joinpath("schema/deal.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
