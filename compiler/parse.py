"""Phase 3, parse: Lark LALR parsers for the grammars in `dealc.grammar`.

Each grammar is built once per process, and its tables are kept on disk in a
private folder (`dealc.compiler.tables`), so a cold start does not pay for
LALR table construction.
A sentence is parsed on its own: one that no rule matches yields a
`ParseFailure` saying where the match stopped and what was expected, never
an exception, and never a silently dropped sentence.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.load_grammar import FromPackageLoader

from dealc.compiler import dialects, lalr, tables

GRAMMAR_PACKAGE = "dealc.grammar"
POOL_GRAMMAR = dialects.default().grammar  # the default dialect's pool-description grammar
COVER_GRAMMAR = "cover.lark"
SIGNATURE_GRAMMAR = "signature.lark"


@attrs.frozen
class ParseFailure:
    """Where the match of a sentence stopped (an offset into its text) and why."""

    position: int
    expected: tuple[str, ...]
    found: str


def plugins() -> dict[str, Any]:
    """lark-cython's faster parser and lexer, when installed (the ``fast`` extra)."""
    try:
        import lark_cython
    except ImportError:
        return {}
    found: dict[str, Any] = lark_cython.plugins
    return found


def lark_options(search: tuple[str, ...] = ("",), debug: bool = False) -> dict[str, Any]:
    """The one Lark set-up dealc uses, for the core's grammars, extensions and grammar
    check alike: LALR with a contextual lexer, no placeholders, imports resolved in
    dealc.grammar (``search``: the folders tried, the package's root and a dialect's),
    lark-cython when installed."""
    packaged = tuple(folder for folder in search if not os.path.isabs(folder))
    on_disk = [folder for folder in search if os.path.isabs(folder)]  # installed dialects
    return {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False,
            "debug": debug, "import_paths": [FromPackageLoader(GRAMMAR_PACKAGE, packaged),
                                             *on_disk],
            "_plugins": plugins()}


def build(grammar: str, cache: bool = True, debug: bool = False) -> Lark:
    """Build a parser for a grammar file of the package (its tables from the private
    cache when ``cache``)."""
    options = lark_options(debug=debug)

    def construct() -> Lark:
        if os.path.isabs(grammar):  # an installed dialect's grammar, a file on disk
            with open(grammar, encoding="utf-8") as handle:
                return Lark(handle.read(), **options)
        return Lark.open_from_package(GRAMMAR_PACKAGE, grammar, ("",), **options)

    if not cache or debug:
        return construct()
    return tables.load_or_build(tables_name(grammar), construct, options["_plugins"])


def tables_name(grammar: str) -> str:
    """The name of a grammar's tables in the private cache: the digest of all it depends on."""
    extra = Path(grammar).read_text(encoding="utf-8") if os.path.isabs(grammar) else ""
    return tables.key(grammar, extra, package_grammar_text(), plugins=plugins())


@functools.cache
def package_grammar_text() -> str:
    """Every grammar file of the package (dialect folders too), in path order: what the
    tables depend on."""
    found: list[tuple[str, str]] = []

    def visit(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                visit(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith((".lark", ".toml")):
                found.append((prefix + entry.name, entry.read_text(encoding="utf-8")))

    visit(resources.files(GRAMMAR_PACKAGE), "")
    return "".join(f"{name}\0{text}\0" for name, text in sorted(found))


@functools.cache
def parser(grammar: str) -> Lark:
    return build(grammar)


def parse(grammar: str, text: str) -> Tree[Token] | ParseFailure:
    """Parse ``text`` with a core grammar; a failure is a value, not an exception."""
    return parse_with(parser(grammar), text)


def parse_with(lark: Lark, text: str) -> Tree[Token] | ParseFailure:
    try:
        return lark.parse(text)
    except UnexpectedInput as error:
        return failure(error, text)


def failure(error: UnexpectedInput, text: str) -> ParseFailure:
    if isinstance(error, UnexpectedToken):
        token = error.token
        position = len(text) if token.type == "$END" else (token.start_pos or 0)
        found = "the end of the sentence" if token.type == "$END" else repr(str(token))
        return ParseFailure(position, tuple(sorted(error.expected)), found)
    if isinstance(error, UnexpectedCharacters):
        return ParseFailure(
            error.pos_in_stream or 0,
            tuple(sorted(error.allowed or ())),
            repr(text[error.pos_in_stream : (error.pos_in_stream or 0) + 20]),
        )
    if isinstance(error, UnexpectedEOF):
        return ParseFailure(len(text), tuple(sorted(error.expected)), "the end of the sentence")
    return ParseFailure(0, (), "")  # pragma: no cover - Lark raises only the three above


def conflicts(grammar: str) -> list[lalr.Conflict]:
    """The LALR conflicts of a grammar of the package (a path in it, or a dialect's file on
    disk), from Lark's own analysis of its item sets (`dealc.compiler.lalr`).

    Lark resolves a shift/reduce conflict silently (as a shift) and refuses a grammar
    with a reduce/reduce one; either means a sentence that should parse may fail, so the
    test suite keeps this empty.
    """
    if os.path.isabs(grammar):  # an installed dialect's grammar, a file on disk
        return conflicts_of(Path(grammar).read_text(encoding="utf-8"))
    loader = FromPackageLoader(GRAMMAR_PACKAGE, ("",))
    where, text = loader(None, grammar)
    return conflicts_of(text, source=where, extra_paths=(loader,))


def conflicts_of(text: str, search: tuple[str, ...] = ("",), source: Any = "<string>",
                 extra_paths: tuple[Any, ...] = ()) -> list[lalr.Conflict]:
    """The LALR conflicts of a grammar's text, its imports resolved as `lark_options`
    resolves them (``search``), from the rule ``start``; what Lark raises for a grammar
    it cannot load (GrammarError, ...) is raised."""
    paths = [*lark_options(search)["import_paths"], *extra_paths]
    compiled = lalr.compile_grammar(text, paths, source=source)
    return lalr.conflicts(compiled.rules, compiled.start)
