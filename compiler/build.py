"""From reconciled facts to the deal AST and its provenance.

Keys name pools and classes by their printed names ("I", "B-1"); here they
become positions in filing order, and every fact's key becomes the JSON
pointer it is published under (``/deal/pools/0/balance``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any, overload

import attrs

from dealc.compiler import ast
from dealc.compiler.facts import FactStore
from dealc.compiler.fields import Scope, nested_nodes, walk
from dealc.compiler.lower import Key
from dealc.compiler.source import Source
from dealc.compiler.span import Span, Spans

# The AST node each nested field name holds, from the AST.
NESTED_NODES: dict[str, type] = nested_nodes(ast.Cover, ast.Deal, ast.Signature)


def pointer(key: Key, store: FactStore) -> str:
    """The JSON pointer of a fact key (one string per key: a pool's or class's place never
    changes once it is registered)."""
    found = store.pointers.get(key)
    if found is not None:
        return found
    parts: list[str] = list(key)
    if key[:2] == ("deal", "pools"):
        parts[2] = str(store.pool_order.index(key[2]))
    elif key[:2] == ("deal", "classes"):
        parts[2] = str(store.class_order.index(key[2]))
    found = store.pointers[key] = "/" + "/".join(parts)
    return found


def tree(store: FactStore, top: str) -> dict[str, Any] | None:
    """The facts under ``top`` ("deal", "cover", "signature") as nested dictionaries keyed
    by path; None when there are none."""
    root: dict[str, Any] = {}
    for key, fact in store.facts.items():
        if key[0] != top:
            continue
        node = root
        for part in key[1:-1]:
            node = node.setdefault(part, {})
        node[key[-1]] = fact.value
    return root if root else None


def _construct(cls: type, values: dict[str, Any], **extra: Any) -> Any:
    """An attrs node from a mapping, building nested nodes by field name."""
    kwargs: dict[str, Any] = dict(extra)
    for field in attrs.fields(cls):
        if field.name not in values:
            continue
        value = values[field.name]
        nested = NESTED_NODES.get(field.name)
        if nested is not None and isinstance(value, dict):
            value = _construct(nested, value)
        kwargs[field.name] = value
    return cls(**kwargs)


def _first_spans(store: FactStore) -> dict[Key, Span]:
    """Where each pool, class and the all-loans group is first read (its earliest fact), in
    one pass over the facts."""
    first: dict[Key, Span] = {}
    for key, fact in store.facts.items():
        if key[0] != "deal" or len(key) < 3:
            continue
        node = key[:3] if key[1] in ("pools", "classes") else key[:2]
        known = first.get(node)
        if known is None or (fact.span.start, fact.span.end) < (known.start, known.end):
            first[node] = fact.span
    return first


def build_deal(store: FactStore, span: Span | None) -> ast.Deal:
    deal = tree(store, "deal") or {}
    first = _first_spans(store)
    pools = tuple(
        _construct(ast.LoanGroup, deal.get("pools", {}).get(pool, {}), id=pool,
                   span=first.get(("deal", "pools", pool)))
        for pool in store.pool_order
    )
    classes = tuple(
        _construct(ast.CertificateClass, deal.get("classes", {}).get(name, {}), name=name,
                   span=first.get(("deal", "classes", name)))
        for name in store.class_order
    )
    all_loans = None
    if "all_loans" in deal:
        all_loans = _construct(ast.LoanGroup, deal["all_loans"], id="all",
                               span=first.get(("deal", "all_loans")))
    scalars = {k: v for k, v in deal.items() if k not in ("pools", "classes", "all_loans")}
    result: ast.Deal = _construct(
        ast.Deal, scalars, pools=pools, classes=classes, all_loans=all_loans, span=span
    )
    return result


# Cover fields that are lists: facts keyed by position ("0", "1", ...) and the node of each
# (None: strings), from the field table.
COVER_LISTS: dict[str, type | None] = {
    entry.name: entry.fact.entry for entry in walk(ast.Cover, Scope.DOCUMENT)
    if entry.fact.listed is not None}


def build_cover(store: FactStore, span: Span | None) -> ast.Cover:
    values = tree(store, "cover") or {}
    for name, node in COVER_LISTS.items():
        entries = values.get(name)
        if isinstance(entries, dict):
            ordered = [entries[k] for k in sorted(entries, key=int)]
            values[name] = tuple(_construct(node, v) if node is not None else v
                                 for v in ordered)
    result: ast.Cover = _construct(ast.Cover, values, span=span)
    return result


def build_signature(store: FactStore, span: Span | None) -> ast.Signature | None:
    values = tree(store, "signature")
    if values is None and span is None:
        return None
    result: ast.Signature = _construct(ast.Signature, values or {}, span=span)
    return result


def location(span: Span, source: Source,
             also: Sequence[ast.Location] = ()) -> ast.Location:
    line, column = source.position(span.start)
    end_line, end_column = source.position(span.end)
    return ast.Location(
        line, column, end_line, end_column, source.text[span.start : span.end], also)


class Restatements(Sequence[ast.Location]):
    """Where a fact is restated, located when asked rather than held as `Location`s: a
    long filing restates its figures thousands of times."""

    __slots__ = ("_source", "_spans")

    def __init__(self, spans: Spans, source: Source) -> None:
        self._spans, self._source = spans, source

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, index: int) -> ast.Location: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ast.Location]: ...

    def __getitem__(self, index: int | slice) -> ast.Location | Sequence[ast.Location]:
        if isinstance(index, slice):
            return tuple(self)[index]
        return location(self._spans[index], self._source)

    def __iter__(self) -> Iterator[ast.Location]:
        source = self._source
        return (location(span, source) for span in self._spans)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def provenance(store: FactStore, source: Source) -> dict[str, ast.Location]:
    """Every fact's pointer with where it was read, in pointer order."""
    entries = {
        pointer(key, store): location(fact.span, source,
                                      Restatements(fact.also, source) if fact.also else ())
        for key, fact in store.facts.items()
    }
    return dict(sorted(entries.items(), key=lambda item: _pointer_order(item[0])))


@functools.lru_cache(maxsize=4096)
def _pointer_order(value: str) -> tuple[tuple[int, Any], ...]:
    """A pointer's place: numbers in number order (``/pools/10`` after ``/pools/9``)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in value.split("/"))


__all__ = ["build_cover", "build_deal", "build_signature", "pointer", "provenance"]
