"""The core grammars: conflict-free, and every sentence of the seed recognised."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from importlib.resources import files
from typing import Any, cast

import pytest
from lark import Tree

from dealc.compiler import CompiledFiling
from dealc.compiler.lalr import Kind
from dealc.compiler.parse import (
    POOL_GRAMMAR,
    SIGNATURE_GRAMMAR,
    conflicts,
    conflicts_of,
)
from dealc.compiler.vocabulary import ACTIONS, FIELDS, STRUCTURE_RULES


@pytest.mark.parametrize("grammar", [POOL_GRAMMAR, SIGNATURE_GRAMMAR])
def test_no_lalr_conflicts(grammar: str) -> None:
    """Lark resolves a shift/reduce conflict silently; such a conflict loses sentences."""
    assert conflicts(grammar) == []


def test_the_conflict_detector_sees_a_conflict() -> None:
    """dealc's detector (the one the test above relies on) reports a real conflict, and
    nothing for the same language written without one."""
    conflicting = 'start: a "x" | a "x" "y"\na: "a" | "a" "x"\n'
    assert [(c.kind, c.terminal, [str(r) for r in c.rules]) for c in conflicts_of(conflicting)] \
        == [(Kind.SHIFT_REDUCE, "X", ["<a : A>"])]
    assert conflicts_of('start: "a" "x" "y"?\n') == []


def test_each_parser_state_lexes_with_the_terminals_lark_gives_it() -> None:
    """dealc's contextual lexer (`parse._contextual_lexer`) gives each state of the pool
    parser a lexer that tries the very terminals, in the same order, as Lark's own;
    states that accept the same terminals share one, so its scanner is built once."""
    from lark.lexer import ContextualLexer

    from dealc.compiler.parse import _contextual_lexer, parser, plugins

    pool = parser(POOL_GRAMMAR)
    table = cast(Any, pool.parser).parser._parse_table
    states: dict[int, Collection[str]] = {state: list(row)
                                          for state, row in table.states.items()}
    theirs: dict[int, Any] = ContextualLexer(pool.lexer_conf, states).lexers
    ours: dict[int, Any] = _contextual_lexer(ContextualLexer, pool.lexer_conf, states).lexers
    assert theirs.keys() == ours.keys()
    for state, lexer in theirs.items():
        assert [t.name for t in ours[state].terminals] == [t.name for t in lexer.terminals]
        assert ours[state].ignore_types == lexer.ignore_types
    assert len({id(lexer) for lexer in ours.values()}) < len({id(lexer) for lexer in
                                                              theirs.values()})
    wrapped = plugins()["ContextualLexer"]
    assert isinstance(wrapped, functools.partial) and wrapped.func is _contextual_lexer


def test_every_sentence_of_the_seed_is_recognised(seed: CompiledFiling) -> None:
    actions = [record.action for record in seed.sentences]
    assert None not in actions
    # 55 sentences and headings of Item 2, and its 3 footnotes.
    assert len(seed.sentences) == 59
    assert actions.count("narrative") == 7
    assert actions.count("class_facts") == 13
    fact_sentences = [record for record in seed.sentences if record.action != "narrative"]
    assert all(record.pointers for record in fact_sentences)


def _grammar_text(name: str) -> str:
    return files("dealc.grammar").joinpath(name).read_text("utf-8")


def test_every_field_rule_is_in_the_vocabulary_and_back() -> None:
    rule_names = set()
    aliases = set()
    for name in (POOL_GRAMMAR, SIGNATURE_GRAMMAR):
        text = _grammar_text(name)
        rule_names |= set(re.findall(r"^([a-z][a-z0-9_]*)\s*:", text, re.MULTILINE))
        aliases |= set(re.findall(r"->\s*([a-z][a-z0-9_]*)", text))
    defined = rule_names | aliases
    helpers = {"start", "sentence", "pool_definition", "pool_count", "ltv_cap",
               "additional_collateral_item", "pool_balance"}
    assert defined - helpers - set(FIELDS) - set(ACTIONS) - STRUCTURE_RULES == set()
    # The cover page's fields are read by the cover reader (compiler/cover.py), not a grammar.
    cover = {name for name, field in FIELDS.items()
             if (field.path or next(iter(field.parts[0].paths.values())))[0] == "cover"}
    assert "registrant" in cover and "transfer_date" not in cover
    assert set(FIELDS) - defined == cover
    assert set(ACTIONS) <= aliases


def test_the_pure_python_parser_reads_the_same_as_lark_cython(
    seed: CompiledFiling, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lark-cython (the `fast` extra) is optional: without it the same facts are read."""
    from dealc.compiler import compile_file, extensions, parse

    monkeypatch.setattr(parse, "plugins", lambda: {})
    parse.parser.cache_clear()
    extensions.pool_parser.cache_clear()
    try:
        from lark import Token, Tree

        tree = parse.parser(POOL_GRAMMAR).parse("The fraud loss limit as of May 1, 2003 was $1.00.")
        assert isinstance(tree, Tree)
        tokens = list(tree.scan_values(lambda value: True))
        assert tokens and all(isinstance(token, Token) for token in tokens)  # Lark's own
        plain = compile_file(seed.source.path)
        assert plain.deal == seed.deal and plain.diagnostics == ()
    finally:
        parse.parser.cache_clear()
        extensions.pool_parser.cache_clear()


@pytest.mark.parametrize("pools", [["I"], ["I", "II"], ["I", "II", "III"], ["1", "2", "3", "4"]])
def test_the_such_percentages_footnote_reads_for_any_pools(pools: list[str]) -> None:
    """The footnote names each pool in turn; no pool is written into the grammar."""
    from dealc.compiler.parse import parse

    basis = ("a percentage of the aggregate scheduled principal balance of the pool {0} mortgage "
             "loans having such characteristics relative to the aggregate scheduled principal "
             "balance of all the pool {0} mortgage loans")
    everything = ("a percentage of the aggregate scheduled principal balance of all mortgage "
                  "loans having such characteristics relative to the aggregate scheduled "
                  "principal balance of all mortgage loans")
    text = ("Such percentages are expressed as " + ", as ".join(basis.format(p) for p in pools)
            + ", or as " + everything + ".")
    tree = parse(POOL_GRAMMAR, text)
    assert isinstance(tree, Tree), tree
    assert [str(t) for t in tree.scan_values(lambda v: getattr(v, "type", None) == "POOL_ID")] == [
        f"pool {p}" for p in pools for _ in range(2)]


def test_failures_at_the_same_place_share_their_expected_names() -> None:
    """A long filing fails to read many sentences in the same few parser states: each
    failure's sorted names are one shared tuple, not a copy each."""
    from dealc.compiler.parse import ParseFailure, parse

    first = parse(POOL_GRAMMAR, "Nothing here is a pool.")
    second = parse(POOL_GRAMMAR, "Nothing else is either.")
    assert isinstance(first, ParseFailure) and isinstance(second, ParseFailure)
    assert first.expected == tuple(sorted(first.expected)) and first.expected
    assert second.expected == first.expected
    assert second.expected is first.expected
