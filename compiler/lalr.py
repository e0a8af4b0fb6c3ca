"""LALR conflicts of a grammar, read from Lark's own analysis as typed records.

Lark resolves a shift/reduce conflict silently (as a shift, losing the
sentences that needed the reduction) and refuses a grammar with a
reduce/reduce conflict.  It says so only in English, in log lines or in an
exception's message.  This module runs the same analysis Lark runs to build
its LALR(1) table (`lark.parsers.lalr_analysis.LALR_Analyzer`) and looks at
its item sets the way ``LALR_Analyzer.compute_lalr1_states`` does, priorities
included, so that dealc's grammar test and ``dealc grammar check`` see the
conflicts as data: their kind, the terminal, the rules.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from lark.common import ParserConf
from lark.grammar import Rule
from lark.lexer import TerminalDef
from lark.load_grammar import Grammar, load_grammar
from lark.parsers.lalr_analysis import LALR_Analyzer


class Kind(enum.Enum):
    """What Lark does with a conflict: shifts (shift/reduce), or refuses the grammar."""

    SHIFT_REDUCE = "shift/reduce"
    REDUCE_REDUCE = "reduce/reduce"


@attrs.frozen(order=True)
class ConflictRule:
    """A rule that could be reduced: its origin (the rule's name as Lark compiled it,
    ``pool__...`` for a core name not imported by name) and what it expands to."""

    origin: str
    expansion: tuple[str, ...]

    def __str__(self) -> str:
        return f"<{self.origin} : {' '.join(self.expansion)}>"  # as Lark writes a rule


@attrs.frozen(order=True)
class Conflict:
    """One LALR conflict: after reading what ``rules`` read, with ``terminal`` next, the
    parser could reduce by more than one rule (reduce/reduce), or reduce by the one rule
    or shift the terminal (shift/reduce)."""

    kind: Kind = attrs.field(order=lambda kind: kind.value)
    terminal: str
    rules: tuple[ConflictRule, ...]


@attrs.frozen
class Compiled:
    """A grammar as Lark compiles it before building a parser (``grammar``, loaded, is what
    ``Lark(grammar, ...)`` builds one from without reading the text again)."""

    grammar: Grammar
    terminals: tuple[TerminalDef, ...]
    rules: tuple[Rule, ...]
    ignore: tuple[str, ...]
    start: tuple[str, ...]


def compile_grammar(text: str, import_paths: Sequence[Any], start: Sequence[str] = ("start",),
                    source: Any = "<grammar>") -> Compiled:
    """``text`` loaded (its imports resolved in ``import_paths``, a relative one from
    ``source``: a name, or Lark's PackageResource) and compiled to the
    terminals and rules Lark builds a parser from, as ``Lark(...)`` does with its default
    options (priorities as written).  Raises what Lark raises (GrammarError, ...)."""
    grammar, _ = load_grammar(text, source, list(import_paths), False)  # type: ignore[no-untyped-call]
    terminals, rules, ignore = grammar.compile(list(start), set())
    return Compiled(grammar, tuple(terminals), tuple(rules), tuple(ignore), tuple(start))


def conflicts(rules: Iterable[Rule], start: Sequence[str] = ("start",)) -> list[Conflict]:
    """Every LALR(1) conflict of ``rules``, sorted, each once.

    Mirrors ``LALR_Analyzer.compute_lalr1_states`` of Lark 1.3: in each LR(0) item set,
    a lookahead for which rules of equal (highest) priority could be reduced is a
    reduce/reduce conflict; a lookahead for which one rule could be reduced (the
    highest-priority one, when priorities settle it) and which the item set also shifts
    is a shift/reduce conflict.  Raises GrammarError where Lark's analyser does (a rule
    defined twice, an undefined rule)."""
    analyzer = LALR_Analyzer(ParserConf(list(rules), {}, list(start)))
    analyzer.compute_lr0_states()
    # Lark leaves these three unannotated.
    analyzer.compute_reads_relations()  # type: ignore[no-untyped-call]
    analyzer.compute_includes_lookback()  # type: ignore[no-untyped-call]
    analyzer.compute_lookaheads()  # type: ignore[no-untyped-call]
    found: set[Conflict] = set()
    for itemset in analyzer.lr0_itemsets:
        for lookahead, reducible in itemset.lookaheads.items():
            chosen = list(reducible)
            if len(chosen) > 1:
                ranked = sorted(chosen, key=lambda rule: rule.options.priority or 0,
                                reverse=True)
                if (ranked[0].options.priority or 0) > (ranked[1].options.priority or 0):
                    chosen = ranked[:1]
                else:
                    found.add(Conflict(Kind.REDUCE_REDUCE, str(lookahead.name),
                                       _described(chosen)))
                    continue
            if lookahead in itemset.transitions:
                found.add(Conflict(Kind.SHIFT_REDUCE, str(lookahead.name), _described(chosen)))
    return sorted(found)


def _described(rules: Iterable[Rule]) -> tuple[ConflictRule, ...]:
    return tuple(sorted(ConflictRule(str(rule.origin.name),
                                     tuple(str(symbol.name) for symbol in rule.expansion))
                        for rule in rules))
