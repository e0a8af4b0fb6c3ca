"""The core grammars: conflict-free, and every sentence of the seed recognised."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from lark import Lark

from dealc.compiler import CompiledFiling
from dealc.compiler.parse import COVER_GRAMMAR, POOL_GRAMMAR, SIGNATURE_GRAMMAR, conflicts
from dealc.compiler.vocabulary import ACTIONS, FIELDS, STRUCTURE_RULES


@pytest.mark.parametrize("grammar", [POOL_GRAMMAR, COVER_GRAMMAR, SIGNATURE_GRAMMAR])
def test_no_lalr_conflicts(grammar: str) -> None:
    """Lark resolves a shift/reduce conflict silently; such a conflict loses sentences."""
    assert conflicts(grammar) == []


def test_the_conflict_detector_sees_a_conflict() -> None:
    import logging

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("lark")
    handler = Collect()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        Lark('start: a "x" | a "x" "y"\na: "a" | "a" "x"\n', parser="lalr", debug=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert any("conflict" in message.lower() for message in records)


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
    for name in (POOL_GRAMMAR, COVER_GRAMMAR, SIGNATURE_GRAMMAR):
        text = _grammar_text(name)
        rule_names |= set(re.findall(r"^([a-z][a-z0-9_]*)\s*:", text, re.MULTILINE))
        aliases |= set(re.findall(r"->\s*([a-z][a-z0-9_]*)", text))
    defined = rule_names | aliases
    helpers = {"start", "sentence", "pool_definition", "pool_count", "ltv_cap",
               "additional_collateral_item", "pool_balance"}
    assert defined - helpers - set(FIELDS) - set(ACTIONS) - STRUCTURE_RULES == set()
    assert set(FIELDS) - defined == set()
    assert set(ACTIONS) <= aliases
