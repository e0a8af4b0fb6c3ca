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
from collections.abc import Collection, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from lark import Lark, Token, Tree
from lark.common import LexerConf
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import ContextualLexer
from lark.load_grammar import FromPackageLoader

from dealc.compiler import dialects, tables

if TYPE_CHECKING:  # the LALR analysis is for grammar check and tests, not a compile
    from dealc.compiler import lalr

GRAMMAR_PACKAGE = "dealc.grammar"
POOL_GRAMMAR = dialects.default().grammar  # the default dialect's pool-description grammar
SIGNATURE_GRAMMAR = "signature.lark"


@attrs.frozen
class ParseFailure:
    """Where the match of a sentence stopped (an offset into its text) and why."""

    position: int
    expected: tuple[str, ...]
    found: str


def plugins() -> dict[str, Any]:
    """The classes Lark builds a parser with: lark-cython's faster parser and lexer when
    installed (the ``fast`` extra), the contextual lexer wrapped by `_contextual_lexer`."""
    try:
        import lark_cython
    except ImportError:
        found: dict[str, Any] = {}
    else:
        found = dict(lark_cython.plugins)
    found["ContextualLexer"] = functools.partial(
        _contextual_lexer, found.get("ContextualLexer", ContextualLexer))
    return found


def _contextual_lexer(cls: Any, conf: LexerConf, states: Mapping[int, Collection[str]],
                      always_accept: Collection[str] = ()) -> Any:
    """Lark's contextual lexer (``cls``), told only the terminals each parser state accepts.

    Lark passes each state's whole row of the table, gotos on rules included, and makes
    one lexer per distinct row: states that accept the same terminals each got a lexer,
    and each built the same scanner on first use.  Each state's lexer still tries the
    same terminals in the same order.
    """
    terminals = conf.terminals_by_name
    accepted = {state: [name for name in accepts if name in terminals]
                for state, accepts in states.items()}
    return cls(conf, accepted, always_accept=always_accept)


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
        return ParseFailure(position, _names(frozenset(error.expected)), found)
    if isinstance(error, UnexpectedCharacters):
        return ParseFailure(
            error.pos_in_stream or 0,
            _names(frozenset(error.allowed or ())),
            repr(text[error.pos_in_stream : (error.pos_in_stream or 0) + 20]),
        )
    if isinstance(error, UnexpectedEOF):
        return ParseFailure(len(text), _names(frozenset(error.expected)),
                            "the end of the sentence")
    return ParseFailure(0, (), "")  # pragma: no cover - Lark raises only the three above


@functools.lru_cache(maxsize=4096)
def _names(expected: frozenset[str]) -> tuple[str, ...]:
    """A set of terminal names, sorted, and one tuple for each set: the sets come from a
    grammar's states, so a long filing's many failures share a few hundred of them."""
    return tuple(sorted(expected))


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
    from dealc.compiler import lalr

    paths = [*lark_options(search)["import_paths"], *extra_paths]
    compiled = lalr.compile_grammar(text, paths, source=source)
    return lalr.conflicts(compiled.rules, compiled.start)


def parse_prefix(lark: Lark, text: str) -> tuple[Tree[Token], ...]:
    """The rules of a sentence cut off by the end of the text that are complete before the
    cut: what of it can be read for sure.

    The sentence is fed to Lark's interactive parser token by token.  A token that reaches
    the end of the text may itself be cut ("$501,081,1" of "$501,081,112.58"), so it is
    not fed; neither is what the lexer could not read.  That rest must be the beginning
    of a terminal the grammar expects there (else the sentence is not one the grammar
    knows, cut or not, and nothing is read).  Each such terminal is then fed in turn as
    the next token, which completes the rules that end before it; a rule is kept only
    when it is complete whichever of them follows.  A rule's value never includes the
    terminal fed (it stands after it), so nothing is read that the text does not print
    in full.  Empty when no rule is complete, or the part before the cut does not parse.
    """
    end = len(text.rstrip())
    interactive: Any = lark.parse_interactive(text)  # lark's, or lark-cython's
    tokens = interactive.lexer_thread.lex(interactive.parser_state)
    rest_at = end
    token: Any = None
    fed: list[Any] = []
    while True:
        try:
            token = next(tokens)
        except StopIteration:
            break
        except (UnexpectedCharacters, UnexpectedToken) as error:  # the lexer stopped here
            rest_at = (error.pos_in_stream if isinstance(error, UnexpectedCharacters)
                       else error.token.start_pos) or 0
            break
        if (token.end_pos or 0) >= end:  # it reaches the cut: it may be cut itself
            rest_at = token.start_pos or 0
            break
        try:
            interactive.feed_token(token)
        except UnexpectedInput:  # the part before the cut is not this grammar's
            return ()
        fed.append(token)
    if token is None:  # nothing before the cut
        return ()
    rest = text[rest_at:end].lstrip()
    names = {terminal.name: terminal for terminal in lark.terminals}
    make = type(token)  # lark's Token, or lark-cython's
    readings: list[dict[tuple[str, int, int], Tree[Token]]] = []
    for choice in interactive.choices():
        name = str(choice)  # the table's keys may be lark Tokens; lark-cython wants a str
        terminal = names.get(name)
        if terminal is None or not _may_begin(terminal, rest):
            continue
        # Fed again from the start, not copied: lark-cython's copy loses tokens' ends.
        reading: Any = lark.parse_interactive(text)
        try:
            for earlier in fed:
                reading.feed_token(earlier)
            reading.feed_token(make(name, rest, rest_at, 0, 0, 0, 0, end))
        except UnexpectedInput:
            continue
        state = reading.parser_state
        readings.append({_extent(item): item for item in state.value_stack
                         if isinstance(item, Tree)})
    if not readings:
        return ()
    kept = set(readings[0]).intersection(*readings[1:])
    return tuple(tree for key, tree in readings[0].items() if key in kept)


def _extent(tree: Tree[Token]) -> tuple[str, int, int]:
    """A complete rule of a reading, as every reading has it: its name and its text's
    extent."""
    tokens = [t for t in tree.scan_values(lambda v: hasattr(v, "start_pos"))]
    if not tokens:
        return str(tree.data), -1, -1
    return str(tree.data), tokens[0].start_pos or 0, tokens[-1].end_pos or 0


def _may_begin(terminal: Any, rest: str) -> bool:
    """Whether ``rest`` may be the beginning of a match of the terminal: exactly for a
    string; for a pattern by the `regex` module's partial matching (imported here: only a
    cut sentence needs it)."""
    import regex
    pattern = terminal.pattern
    if not rest:
        return True
    if pattern.type == "str":
        value = str(pattern.value)
        if "i" in pattern.flags:
            value, rest = value.casefold(), rest.casefold()
        return value.startswith(rest) or rest.startswith(value)
    flags = 0
    for flag in pattern.flags:
        flags |= {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL,
                  "x": regex.VERBOSE}.get(flag, 0)
    try:
        return regex.match(pattern.to_regexp(), rest, flags, partial=True) is not None
    except regex.error:  # pragma: no cover - a pattern only Python's re reads
        return True
