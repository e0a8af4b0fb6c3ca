"""`dealc grammar check` on what builds but does not work: a terminal the lexer never takes
where it is expected (W310, found with samples of the terminals' patterns), and a sentence
rule that does not end with its full stop (E309)."""

from __future__ import annotations

import pytest
from lark.lexer import PatternRE, TerminalDef

from dealc.compiler import regex_safety
from dealc.compiler.driver.grammar_check import check, sample
from dealc.compiler.source import Source

from .conftest import FIXTURES, ROOT

EXAMPLE = ROOT / "examples" / "grammars" / "cmsi-conveyed.lark"


def checked(text: str, name: str = "ext.lark") -> list[tuple[str, int, int]]:
    """Each diagnostic's code and line and column in the extension."""
    source = Source.from_text(text, path=name)
    found = []
    for diagnostic in check(source):
        assert diagnostic.primary is not None
        found.append((diagnostic.code, *source.position(diagnostic.primary.span.start)))
    return found


# ------------------------------------------------------------------- W310
def test_a_terminal_the_core_shadows_is_reported_with_what_to_do() -> None:
    text = (FIXTURES / "grammars" / "shadowed.lark").read_text(encoding="utf-8")
    source = Source.from_text(text, path="shadowed.lark")
    [diagnostic] = check(source)
    assert diagnostic.code == "W310"
    assert diagnostic.primary is not None
    assert source.position(diagnostic.primary.span.start) == (12, 1)
    assert "PAYING_AGENT" in diagnostic.message
    assert diagnostic.help is not None and "AGENT_NAME.2" in diagnostic.help
    assert "%import pool (PAYING_AGENT)" in diagnostic.help


def test_a_priority_takes_the_shadow_away() -> None:
    text = (FIXTURES / "grammars" / "shadowed.lark").read_text(encoding="utf-8").replace(
        "AGENT_NAME: /[A-Z][A-Za-z.,&' ]*[A-Za-z.]/",
        "AGENT_NAME.2: /[A-Z][A-Za-z.&' ]*[A-Za-z.](?=, as paying agent)/")
    assert "W310" not in {code for code, _, _ in checked(text)}


def test_a_literal_of_a_new_sentence_that_the_core_shadows() -> None:
    """The core's _DISTRIBUTIONS (a pattern) also matches the new sentence's opening words:
    the lexer takes it, and the new alternative never matches."""
    text = (
        "%import pool (sentence, paying_agent, _PAYING_AGENT_MEANS, depositor_abbreviation)\n"
        "\n"
        '%extend sentence: "Distributions on the Certificates will be made by"i paying_agent '
        '_PAYING_AGENT_MEANS depositor_abbreviation "shall agree."i -> facts\n')
    assert checked(text) == [("W310", 3, 19)]


def test_the_tutorial_extension_is_not_shadowed() -> None:
    assert checked(EXAMPLE.read_text(encoding="utf-8")) == []


# ------------------------------------------------------------------- E309
def test_a_sentence_rule_without_its_full_stop_is_an_error_at_the_rule() -> None:
    text = (FIXTURES / "grammars" / "no-full-stop.lark").read_text(encoding="utf-8")
    assert checked(text) == [("E309", 9, 19)]


HEAD = '%import pool (sentence, paying_agent, _DISTRIBUTIONS, FOOTNOTE_REF)\n\n'


@pytest.mark.parametrize("rule", [
    '_DISTRIBUTIONS paying_agent ", as paying agent."i -> facts',
    '_DISTRIBUTIONS paying_agent ", as paying agent."i FOOTNOTE_REF? -> facts',
    '_DISTRIBUTIONS paying_agent _END -> facts\n_END: /, as paying agent[^.]*\\./i',
    '_DISTRIBUTIONS paying_agent closing -> facts\nclosing: ", as paying agent." | ", as agent."',
    '_DISTRIBUTIONS paying_agent (", as paying agent." | ", as agent.") -> facts',
])
def test_rules_that_end_with_their_full_stop_pass(rule: str) -> None:
    assert "E309" not in {code for code, _, _ in checked(HEAD + "%extend sentence: " + rule + "\n")}


@pytest.mark.parametrize("rule", [
    '_DISTRIBUTIONS paying_agent -> facts',
    '_DISTRIBUTIONS paying_agent ", as paying agent"i "."? -> facts',
    '_DISTRIBUTIONS paying_agent _REST -> facts\n_REST: /, as paying agent.*/i',
    '_DISTRIBUTIONS paying_agent closing -> facts\nclosing: ", as paying agent." | ", as agent"',
    '_DISTRIBUTIONS paying_agent (", as paying agent." | ", as agent") -> facts',
])
def test_rules_that_do_not_end_with_their_full_stop_fail(rule: str) -> None:
    assert ("E309", 3, 19) in checked(HEAD + "%extend sentence: " + rule + "\n")


def test_the_second_alternative_is_placed_on_its_own_line() -> None:
    text = (HEAD + '%extend sentence: _DISTRIBUTIONS paying_agent ", as paying agent." -> facts\n'
            '    | _DISTRIBUTIONS paying_agent ", as agent" -> facts\n')
    assert [f for f in checked(text) if f[0] == "E309"] == [("E309", 4, 7)]


# ---------------------------------------------------- samples of terminals (for W310)
@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("[A-Z][a-z]+", "Aa"),  # the first sample character each class holds
        (r"[^\d,]+\.", "A."),
        (r"x.y[^a]", "xayb"),  # a wildcard is "a", a class without it "b"
        (r"(?:ab)?c{0,2}", "abc"),  # each repetition its fewest times, once at least
        (r"(?>ab|cd)\d", "ab0"),  # the first branch; atomic groups are read
        ("[Tt]he", None),  # no sample character in the class
    ],
)
def test_a_terminal_pattern_gives_a_sample(pattern: str, text: str | None) -> None:
    assert sample(TerminalDef("NAME", PatternRE(pattern))) == text


def test_a_sample_checked_is_one_the_pattern_matches_whole() -> None:
    behind = TerminalDef("NAME", PatternRE(r"(?<=x)ab"))
    assert sample(behind) == "ab"
    assert sample(behind, checked=True) is None


@pytest.mark.parametrize(
    ("members", "ignorecase", "inside", "outside"),
    [
        ("[a-cx]", False, "abcx", "dXA"),
        ("[a-cx]", True, "abcxAX", "dD"),
        (r"[^\d,]", False, "aZ ", "05,"),
        (r"[\s\w]", False, " \ta_5", ".,-"),
    ],
)
def test_a_class_holds_what_python_matches(members: str, ignorecase: bool, inside: str,
                                           outside: str) -> None:
    [(_, items)] = list(regex_safety.parser().parse(members))
    for character in inside:
        assert regex_safety.in_class(items, character, ignorecase), character
    for character in outside:
        assert not regex_safety.in_class(items, character, ignorecase), character
