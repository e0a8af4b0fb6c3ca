"""Grammar check and the grammar test work from Lark's analysis and exception types,
never from its English: LALR conflicts come from the item sets (`dealc.compiler.lalr`),
and where an extension does not build is found from its statements."""

from __future__ import annotations

import ast
import itertools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark
from lark.exceptions import GrammarError
from lark.grammar import Rule

from dealc.compiler import extensions, lalr
from dealc.compiler.diagnostics import Diagnostic
from dealc.compiler.driver.grammar_check import check
from dealc.compiler.parse import POOL_GRAMMAR, conflicts_of, package_grammar_text
from dealc.compiler.source import Source

from .conftest import ROOT

READERS = [ROOT / "compiler" / "driver" / "grammar_check.py", ROOT / "compiler" / "parse.py"]
HEAD = "%import pool (sentence)\n"


def diagnostics(text: str) -> list[Diagnostic]:
    return check(Source.from_text(text, path="ext.lark"))


def at(text: str, diagnostic: Diagnostic) -> str:
    """The text under a diagnostic's caret."""
    assert diagnostic.primary is not None
    return text[diagnostic.primary.span.start : diagnostic.primary.span.end]


# ------------------------------------------------------- no English is read
@pytest.mark.parametrize("path", READERS, ids=lambda path: path.name)
def test_no_lark_message_is_read(path: Path) -> None:
    """Neither Lark's wording (its messages' and log lines' words), nor a test of a text
    for "conflict", nor a regular expression over a message or a log, nor a log capture."""
    source = path.read_text(encoding="utf-8")
    for pattern in [r"Reduce/Reduce", r"Shift/Reduce", r"collision in", r"conflict for",
                    r"used but not defined", r"defined more than once", r"wasn't defined",
                    r"marked to ignore", r"Unexpected (?:input|token)",
                    r"""["'](?i:conflict)["']\s+(?:not\s+)?in\b""", r"\.lower\(\)",
                    r"captured_lark_warnings", r"getLogger\(", r"logging",
                    r"re\.\w+\([^)\n]*\b(?:message|messages|warnings|str\(error\))\b"]:
        assert re.search(pattern, source) is None, (path.name, pattern)


@pytest.mark.parametrize("path", READERS, ids=lambda path: path.name)
def test_no_exception_handler_reads_its_exceptions_text(path: Path) -> None:
    """Inside ``except ... as error``, the error's text is never matched: no regular
    expression and no ``"..." in`` test on anything built from it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for handler in ast.walk(tree):
        if not isinstance(handler, ast.ExceptHandler) or handler.name is None:
            continue
        for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re":
                raise AssertionError(f"{path.name}:{node.lineno}: a regex in a handler")
            if isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn)
                                                     for op in node.ops):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                assert handler.name not in used, f"{path.name}:{node.lineno}"


# ------------------------------------------- lalr mirrors Lark's own analysis
@contextmanager
def lark_log() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("lark")
    own, level = list(logger.handlers), logger.level  # Lark's own handler prints
    for handler in own:
        logger.removeHandler(handler)
    collect = Collect(level=logging.WARNING)
    logger.addHandler(collect)
    logger.setLevel(logging.WARNING)
    try:
        yield records
    finally:
        logger.removeHandler(collect)
        for handler in own:
            logger.addHandler(handler)
        logger.setLevel(level)


def lark_shifts(records: list[logging.LogRecord]) -> set[tuple[str, str]]:
    """(terminal, rule) of each shift/reduce conflict Lark logs, read from the log
    records' arguments: the terminal's name, then the Rule object."""
    found = set()
    for before, record in itertools.pairwise(records):
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], Rule) \
                and isinstance(before.args, tuple) and before.args \
                and isinstance(before.args[0], str):
            found.add((before.args[0], str(record.args[0])))
    return found


def ours(text: str) -> list[lalr.Conflict]:
    compiled = lalr.compile_grammar(text, [])
    return lalr.conflicts(compiled.rules, compiled.start)


SYMBOLS = ["a", "b", "c", '"x"', '"y"', '"z"']


@st.composite
def grammars(draw: st.DrawFn) -> str:
    lines = []
    for name in ["start", "a", "b", "c"]:
        priority = draw(st.sampled_from(["", "", ".2", ".-1"])) if name != "start" else ""
        alternatives = draw(st.lists(st.lists(st.sampled_from(SYMBOLS), max_size=3)
                                     .map(lambda symbols: " ".join(symbols) or '"w"'),
                                     min_size=1, max_size=3))
        lines.append(f"{name}{priority}: " + " | ".join(alternatives))
    return "\n".join(lines) + "\n"


@given(grammars())
def test_the_conflicts_are_the_ones_lark_acts_on(text: str) -> None:
    """Lark refuses a grammar exactly when there is a reduce/reduce conflict, and logs
    exactly the shift/reduce conflicts found (priorities settle the same ones)."""
    try:
        found = ours(text)
    except GrammarError:  # a rule written twice once expanded, ...: Lark refuses it too
        with pytest.raises(GrammarError):
            Lark(text, parser="lalr")
        return
    collisions = [c for c in found if c.kind is lalr.Kind.REDUCE_REDUCE]
    with lark_log() as records:
        try:
            Lark(text, parser="lalr", debug=True)
        except GrammarError:
            assert collisions
            return
    assert not collisions
    shifts = {(c.terminal, str(rule)) for c in found if c.kind is lalr.Kind.SHIFT_REDUCE
              for rule in c.rules}
    assert shifts == lark_shifts(records)


def test_a_conflict_is_a_typed_record() -> None:
    [shift] = ours('start: a "x" | a "x" "y"\na: "a" | "a" "x"\n')
    assert shift == lalr.Conflict(lalr.Kind.SHIFT_REDUCE, "X",
                                  (lalr.ConflictRule("a", ("A",)),))
    [collision] = ours('start: a "x" | b "x"\na: "a"\nb: "a"\n')
    assert collision.kind is lalr.Kind.REDUCE_REDUCE and collision.terminal == "X"
    assert [str(rule) for rule in collision.rules] == ["<a : A>", "<b : A>"]
    assert ours('start: a "x" | b "x"\na.2: "a"\nb: "a"\n') == []  # the priority settles it


def test_the_shift_loses_a_sentence_the_grammar_has() -> None:
    """Why a shift/reduce conflict is an error: Lark shifts, and "a x" does not parse."""
    lark = Lark('start: a "x" | a "x" "y"\na: "a" | "a" "x"\n', parser="lalr")
    with pytest.raises(Exception, match="Unexpected"):
        lark.parse("ax")


def test_the_core_grammar_test_sees_a_conflict_added_to_the_core() -> None:
    """`parse.conflicts` (the core grammars' test) on the real pool grammar: a
    reduce/reduce conflict added to it is found, though Lark would refuse to build it."""
    pool = next(text for name, text in _package_grammars() if name == POOL_GRAMMAR)
    assert conflicts_of(pool, extensions.search_paths()) == []
    added = pool + ('\n%extend sentence: "Qq" qa "." -> narrative\n'
                    '    | "Qq" qb "." -> narrative\nqa: "zz"\nqb: "zz"\n')
    [found] = conflicts_of(added, extensions.search_paths())
    assert found.kind is lalr.Kind.REDUCE_REDUCE and found.terminal == "DOT"
    assert [rule.origin for rule in found.rules] == ["qa", "qb"]


def _package_grammars() -> list[tuple[str, str]]:
    parts = package_grammar_text().split("\0")
    return list(zip(parts[0::2], parts[1::2], strict=False))


# ------------------------------------ grammar check: E305 from the item sets
def test_a_reduce_reduce_conflict_is_placed_at_the_later_rule() -> None:
    text = HEAD + '%extend sentence: "Qq" qa "." -> narrative\n    | "Qq" qb "." -> narrative\n' \
        'qa: "zz"\nqb: "zz"\n'
    [found] = diagnostics(text)
    assert found.code == "E305" and at(text, found) == "qb"
    assert "reduce/reduce" in found.message and " DOT" in found.message
    assert found.notes == ("the rules that could both end here: <qa : ZZ>; <qb : ZZ>",)


def test_a_shift_reduce_conflict_lists_each_rule_once() -> None:
    text = HEAD + "%import terminals (MONEY)\n" \
        '%extend sentence: "Amounts are"i amounts "," "then"i "." -> narrative\n' \
        'amounts: MONEY ("," MONEY)*\n'
    [found] = diagnostics(text)
    assert found.code == "E305" and at(text, found) == "amounts"
    assert found.message.startswith("an LALR conflict on COMMA: Lark would shift")
    [note] = found.notes
    rules = note.removeprefix("the rules that could end here: ").split("; ")
    assert rules[0] == "<amounts : MONEY>" and len(rules) == len(set(rules)) == 2


# -------------------------------- grammar check: E301 placed from statements
@pytest.mark.parametrize(("text", "caret", "words"), [
    (HEAD + '%extend sentence: "x" foo_bar "." -> narrative\n', 'foo_bar "."',
     "rule 'foo_bar' is used but neither defined nor imported (in rule sentence)"),
    (HEAD + '%extend sentence: _X "." -> narrative\n_X: "a" _Y\n', "_Y\n",
     "terminal '_Y' is used but neither defined nor imported (in terminal _X)"),
    ('%extend sentence: "x." -> narrative\n', 'sentence: "x."', "(in %extend sentence)"),
    (HEAD + '%extend sentence: "x." -> narrative\n%ignore WS\n', "WS\n", "(in %ignore)"),
    ('%import pool (sentence, transfer_dat)\n%extend sentence: "x" transfer_dat "." -> facts\n',
     "transfer_dat)", "'%import pool' names 'transfer_dat', which pool does not define"),
    (HEAD + '%extend sentence: "x" foo "." -> narrative\nfoo: "a"\nfoo: "b"\n', 'foo: "b"',
     "'foo' is defined twice (it is defined on line 3)"),
    ('%import pool (sentence, transfer_date)\n%extend sentence: "x" transfer_date "." -> facts\n'
     'transfer_date: "a"\n', 'transfer_date: "a"', "defined twice (it is imported on line 1)"),
    (HEAD + '%extend sentence: "x." @ -> narrative\n', "@ ->", "not valid Lark"),
    (HEAD + '%extend sentence: "x" _X "." -> narrative\n_X: /a*/\n', "_X: /a*/",
     "terminal _X can match no text at all"),
    (HEAD + '%extend sentence: "x" _X "." -> narrative\n_X: /a(/\n', "_X: /a(/",
     "terminal _X is not a regular expression Python can compile"),
])
def test_where_an_extension_does_not_build_is_found_from_its_statements(
        text: str, caret: str, words: str) -> None:
    [found] = diagnostics(text)
    assert found.code == "E301" and words in found.message
    assert found.primary is not None
    assert text[found.primary.span.start :].startswith(caret)


def test_a_typo_gets_the_name_it_meant() -> None:
    text = ('%import pool (sentence, transfer_date)\n'
            '%extend sentence: "x" transfer_dat "." -> facts\n')
    [found] = diagnostics(text)
    assert at(text, found) == "transfer_dat"
    assert found.help == "did you mean 'transfer_date'? (it is imported on line 1)"
    text = HEAD + '%extend sentence: "x" cutoff_date "." -> facts\n'
    [found] = diagnostics(text)
    assert found.help == "import the core's by name: %import pool (cutoff_date)"


def test_what_no_statement_explains_is_quoted_at_the_first_statement() -> None:
    text = "// an empty terminal\n" + HEAD + '%extend sentence: "x" _X "." -> narrative\n_X: ""\n'
    [found] = diagnostics(text)
    assert found.code == "E301" and found.message == "the grammar extension does not build"
    assert at(text, found) == "%import pool (sentence)"
    [note] = found.notes
    assert note.startswith("Lark stopped with GrammarError: ")


@pytest.mark.parametrize("text", [
    HEAD + '%extend sentence: "Sepx" _sep{WORDY, ","} "." -> narrative\n'
    "_sep{item, delim}: item (delim item)*\nWORDY: /[a-z]+/\n",
    HEAD + '%declare _INDENT\n%extend sentence: "Nothing to see." -> narrative\n',
    "%import pool.sentence\n%import terminals.DATE -> WHEN\n"
    '%extend sentence: "Dated as of"i WHEN "." -> narrative\n',
])
def test_templates_declarations_and_aliases_are_names_too(text: str) -> None:
    assert diagnostics(text) == []


def test_an_import_names_its_aliases() -> None:
    [dotted, listed] = [s for s in extensions.statements(
        "%import terminals.DATE -> WHEN\n%import pool (sentence, DATE)\n") if s.kind == "import"]
    assert [name for name, _ in dotted.imported] == ["WHEN"]
    assert [name for name, _ in listed.imported] == ["sentence", "DATE"]
