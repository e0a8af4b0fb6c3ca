"""`dealc grammar vocabulary`: what an extension can import, where from, and what it reads.

Every rule and terminal of dealc's grammars that an extension may import: the
dialect's pool grammar (``pool``, which also has the general terminals under their
own names), the general terminals (``terminals``) and the signature block's
(``signature``).  For each: the module that defines it, the ``%import`` line an
extension uses (``pool`` for all the pool grammar has, so that a terminal stays the
core's), the field it holds when it is a field rule (`dealc.compiler.vocabulary`),
and an example of what it matches: the first text it read in the filings dealc
ships, else a text made from its definition.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from typing import Any

import attrs
from lark import Lark
from lark.exceptions import UnexpectedInput
from lark.grammar import Terminal

from dealc.compiler import dialects, extensions
from dealc.compiler.driver.grammar_check import sample, shipped_filings
from dealc.compiler.layout import analyse
from dealc.compiler.lower import local
from dealc.compiler.parse import GRAMMAR_PACKAGE, SIGNATURE_GRAMMAR, parser
from dealc.compiler.pipeline import units
from dealc.compiler.source import Source
from dealc.compiler.vocabulary import FIELDS

MODULES = ("pool", "terminals", "signature")
_EXAMPLE_WIDTH = 60


@attrs.frozen
class Entry:
    name: str
    kind: str  # "rule" or "terminal"
    module: str  # the grammar that defines it
    imported_as: str  # the %import line an extension writes
    field: str | None  # the field rule's AST path, when it is a field rule
    field_kind: str | None
    doc: str | None
    example: str | None

    def as_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _module_text(module: str) -> str:
    if module == "pool":
        grammar = dialects.default().grammar
        if grammar.startswith("/"):
            with open(grammar, encoding="utf-8") as handle:
                return handle.read()
        return resources.files(GRAMMAR_PACKAGE).joinpath(grammar).read_text(encoding="utf-8")
    return resources.files(GRAMMAR_PACKAGE).joinpath(f"{module}.lark").read_text(
        encoding="utf-8")


def _definitions(text: str) -> Iterator[str]:
    for statement in extensions.statements(text):
        if statement.kind == "define" and statement.name:
            yield statement.name.lstrip("?!")


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXAMPLE_WIDTH else text[: _EXAMPLE_WIDTH - 3] + "..."


@functools.cache
def _seen_in_filings() -> dict[str, str]:
    """For each rule and terminal, the first text it read in the filings dealc ships."""
    found: dict[str, str] = {}
    for name, data in shipped_filings():
        layout = analyse(Source.from_text(data.decode("utf-8", errors="replace"), path=name))
        for unit in units(layout):
            _read(parser(dialects.default().grammar), unit.text.text, found)
        if layout.signature is not None:
            _read(parser(SIGNATURE_GRAMMAR), layout.signature.text, found)
    return found


def _read(lark: Lark, text: str, found: dict[str, str]) -> None:
    """The rules and terminals (the lexer's tokens, those the tree drops too) of a text
    that parses."""
    interactive: Any = lark.parse_interactive(text)
    tokens = []
    try:
        for token in interactive.iter_parse():
            tokens.append(token)
        tree = interactive.feed_eof()
    except UnexpectedInput:
        return
    for token in tokens:
        found.setdefault(local(str(token.type)), str(token))
    if text.endswith(".") and len(text.split()) >= 8:  # a sentence, not a title's line
        found.setdefault("sentence", text)
    for subtree in tree.iter_subtrees_topdown():
        values = [t for t in subtree.scan_values(lambda v: hasattr(v, "start_pos"))]
        if values:
            found.setdefault(local(str(subtree.data)),
                             text[values[0].start_pos : values[-1].end_pos])


def _derived(lark: Lark, name: str, depth: int = 0) -> str | None:
    """A text the rule reads, from its shortest alternative: each part as read in the
    filings dealc ships, else made from its definition."""
    if depth > 8:
        return None
    seen = _seen_in_filings()
    rules = sorted((r for r in lark.rules if r.origin.name == name),
                   key=lambda r: len(r.expansion))
    for rule in rules:
        parts = []
        for symbol in rule.expansion:
            part = seen.get(local(symbol.name))
            if part is None and isinstance(symbol, Terminal):
                terminal = next((t for t in lark.terminals if t.name == symbol.name), None)
                part = sample(terminal, checked=True) if terminal is not None else None
            elif part is None:
                part = _derived(lark, symbol.name, depth + 1)
            if part is None:
                break
            parts.append(part)
        else:
            return " ".join(parts)
    return None


def _example(name: str, kind: str, lark: Lark) -> str | None:
    seen = _seen_in_filings().get(name)
    if seen is not None:
        return _shorten(seen)
    if kind == "terminal":
        terminal = next((t for t in lark.terminals if t.name == name), None)
        made = sample(terminal, checked=True) if terminal is not None else None
    else:
        made = _derived(lark, name)
    return _shorten(made) if made is not None else None


def entries() -> list[Entry]:
    """Every importable rule and terminal, module by module, in the order defined."""
    pool_names = set(_module_names("pool"))
    found: list[Entry] = []
    listed: set[tuple[str, str]] = set()
    for module in MODULES:
        lark = parser(dialects.default().grammar if module != "signature"
                      else SIGNATURE_GRAMMAR)
        for name in _definitions(_module_text(module)):
            if name == "start" or (module, name) in listed:
                continue
            listed.add((module, name))
            kind = "terminal" if name.lstrip("_")[:1].isupper() else "rule"
            via = "pool" if module == "terminals" and name in pool_names else module
            field = FIELDS.get(name)
            found.append(Entry(
                name=name, kind=kind, module=module,
                imported_as=f"%import {via} ({name})",
                field=("/".join(field.path) if field.path else None) if field else None,
                field_kind=field.kind.value if field else None,
                doc=field.doc if field else None,
                example=_example(name, kind, lark)))
    return found


def _module_names(module: str) -> set[str]:
    """What ``%import module (...)`` may name: its definitions and its own imports."""
    names = set(_definitions(_module_text(module)))
    for statement in extensions.statements(_module_text(module)):
        if statement.kind == "import":
            names.update(name for name, _ in statement.imported)
    return names


def render_text(found: list[Entry]) -> str:
    lines = []
    for module in MODULES:
        lines.append(f"{module}:")
        for entry in (e for e in found if e.module == module):
            field = f"  field {entry.field} ({entry.field_kind})" if entry.field_kind else ""
            lines.append(f"  {entry.kind:8} {entry.name:34} {entry.imported_as}{field}")
            if entry.example is not None:
                lines.append(f"           e.g. {entry.example!r}")
        lines.append("")
    return "\n".join(lines)


def markdown(found: list[Entry]) -> str:
    """The table docs/extending.md shows (a test keeps the two the same)."""
    rows = ["| module | name | kind | import with | field | example |",
            "| --- | --- | --- | --- | --- | --- |"]
    for entry in found:
        field = f"`{entry.field}` ({entry.field_kind})" if entry.field_kind else ""
        example = ("`" + entry.example.replace("|", "\\|").replace("`", "'") + "`"
                   if entry.example else "")
        rows.append(f"| {entry.module} | `{entry.name}` | {entry.kind} | `{entry.imported_as}` "
                    f"| {field} | {example} |")
    return "\n".join(rows) + "\n"
