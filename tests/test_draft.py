"""`dealc grammar draft`: rules for the largest groups of sentences not recognised, bound to the
core's field rules only where the alignment leaves no doubt; the draft checks clean and, on the
seed re-worded, recovers the seed's facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from dealc.compiler import compile_file
from dealc.compiler.ast import CompiledFiling
from dealc.compiler.driver import cli, coverage
from dealc.compiler.driver.draft import draft_rule
from dealc.compiler.extensions import from_paths
from dealc.compiler.pipeline import Options
from dealc.compiler.plain import document, resolve

from .conftest import SEED
from .test_coverage import reworded_seed


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], Path]:
    root = tmp_path_factory.mktemp("draft")
    corpus = reworded_seed(root / "filings")
    output = root / "draft.lark"
    code, _, err = run(["grammar", "draft", str(root / "filings"), "-o", str(output)])
    assert code == 0, err
    assert f"dealc: {output}: 11 rules for the largest groups of 3 filings: 9 bound, " \
           "2 placeholders" in err
    return corpus, output


def facts(filing: CompiledFiling) -> dict[str, Any]:
    """Every fact by its JSON pointer, with its value."""
    data = document(filing)
    return {pointer: resolve(data, pointer) for pointer in filing.provenance}


def test_the_draft_passes_grammar_check(drafted: tuple[dict[str, Path], Path]) -> None:
    _, output = drafted
    code, out, err = run(["grammar", "check", str(output)])
    assert code == 0, err
    assert out.strip() == f"dealc: {output}: ok"


@pytest.mark.parametrize("name", ["a", "b"])
def test_compiling_with_the_draft_recovers_the_seeds_facts(
        drafted: tuple[dict[str, Path], Path], name: str) -> None:
    corpus, output = drafted
    seed = compile_file(SEED)
    without = compile_file(corpus[name])
    assert without.deal != seed.deal  # the re-worded sentences are not read by the core
    with_draft = compile_file(corpus[name], Options(extensions=from_paths([output])))
    assert [d.code for d in with_draft.diagnostics] == []
    assert with_draft.deal == seed.deal
    assert with_draft.provenance.keys() == seed.provenance.keys()
    assert facts(with_draft) == facts(seed)


def test_what_the_draft_cannot_bind_stays_unread(drafted: tuple[dict[str, Path], Path]) -> None:
    """Copy c: two of its four re-worded sentences are bound; the pool definitions (their
    nearest rule nests statements) and the re-ordered subordination sentence are placeholders,
    and their facts are missing, never read into other fields."""
    corpus, output = drafted
    seed = facts(compile_file(SEED))
    found = facts(compile_file(corpus["c"], Options(extensions=from_paths([output]))))
    assert {p: v for p, v in found.items() if p in seed} == {p: seed[p] for p in found}
    assert found.keys() <= seed.keys()
    missing = set(seed) - set(found)
    assert missing == {f"/deal/pools/{n}/{field}" for n in (0, 1) for field in
                       ("balance", "original_term_years/min", "original_term_years/max")
                       } | {"/deal/classes/5/subordination_level_pct"}


def test_each_rule_says_where_it_came_from(drafted: tuple[dict[str, Path], Path]) -> None:
    corpus, output = drafted
    text = output.read_text(encoding="utf-8")
    block = text.split("\n\n")[2]
    assert block.splitlines() == [
        "// group 1: 7 sentences shaped",
        "//     The aggregate initial principal balance of the class CLASS REMIC Pass-Through "
        "Certificates as of DATE was MONEY.",
        f"// e.g. {corpus['b']}:211:6, {corpus['b']}:214:6",
        '// nearest core rule: class_facts: "The aggregate initial princ..." class_ref '
        '"certificates" class_as_of "was" initial_balance "."',
        "// bound: CLASS = class_ref, as of DATE = class_as_of, MONEY = initial_balance",
        '%extend sentence: "The aggregate initial principal balance of the class"i class_ref '
        '"REMIC Pass-Through Certificates"i class_as_of "was"i initial_balance "." '
        "-> class_facts",
    ]
    placeholder = next(b for b in text.split("\n\n") if "The subordination level of the" in b)
    assert "// not drafted as a rule: its wording differs from its nearest core rule's" \
        in placeholder
    rule = placeholder.splitlines()[-1]
    assert rule.startswith("//   %extend sentence:") and rule.endswith("-> ?")
    assert "subordination_level_pct" not in rule and "PERCENT" in rule
    assert "%import pool (sentence, class_ref, class_as_of, initial_balance" in text


def test_the_draft_is_deterministic(drafted: tuple[dict[str, Path], Path],
                                    tmp_path: Path) -> None:
    corpus, output = drafted
    again = tmp_path / "again.lark"
    code, _, _ = run(["grammar", "draft", *sorted(str(p) for p in corpus.values()),
                      "-o", str(again)])
    assert code == 0
    assert again.read_text().replace(str(again), "OUT") == \
        output.read_text().replace(str(output), "OUT")


def _group(text: str) -> coverage.Group:
    """A group of one sentence, as `dealc coverage` makes it."""
    lark = coverage.core_parser(None)
    units = coverage.units(text, coverage.scanner(lark))
    member = coverage.Member(coverage.Place("x.txt", 1, 1), text, units,
                             coverage.shape(units, text), None, "", None)
    return coverage.Group(member.shape, (member,),
                          coverage.nearest(units, coverage.templates(lark)))


@pytest.mark.parametrize(("text", "why"), [
    # As near to the special hazard, fraud and bankruptcy sentences: which limit is it?
    ("The loss limit as of February 1, 2003 was $7,572,416.56.", "as near to another core rule"),
    # The values come in another order than the core rule's field rules.
    ("The fraud loss limit was $7,572,416.56 as of February 1, 2003.", "do not line up"),
    # A word inside the field rule (as_of reads "as of DATE") differs.
    ("The fraud loss limit as at February 1, 2003 was $7,572,416.56.",
     "the words of the field rule loss_limits_as_of differ"),
    # Too many words differ to call it the same sentence.
    ("In our view the fraud loss exposure as of February 1, 2003 may have been $1.00.",
     "its wording differs"),
])
def test_a_value_is_never_bound_without_a_clear_alignment(text: str, why: str) -> None:
    rule = draft_rule(1, _group(text))
    assert rule.reason is not None and why in rule.reason, rule.reason
    assert rule.action == "?" and rule.fields == ()
    assert not any(part in ("fraud_loss_limit", "loss_limits_as_of") for part in rule.parts)


def test_a_clear_alignment_is_bound() -> None:
    rule = draft_rule(1, _group("The fraud loss limit as of February 1, 2003 is $7,572,416.56."))
    assert rule.reason is None
    assert rule.rule == ('%extend sentence: "The fraud loss limit"i loss_limits_as_of "is"i '
                         'fraud_loss_limit "." -> facts')
    assert rule.fields == ("loss_limits_as_of", "fraud_loss_limit")


def test_the_draft_never_replaces_an_input(drafted: tuple[dict[str, Path], Path]) -> None:
    corpus, output = drafted
    before = corpus["a"].read_bytes()
    code, _, err = run(["grammar", "draft", str(corpus["a"]), "-o", str(corpus["a"])])
    assert code == 2 and "would replace the input" in err
    assert corpus["a"].read_bytes() == before
    grammar = output.read_bytes()
    code, _, err = run(["grammar", "draft", str(corpus["a"]), "--grammar", str(output),
                        "-o", str(output)])
    assert code == 2 and "would replace the input" in err
    assert output.read_bytes() == grammar


def test_nothing_to_draft_still_checks(tmp_path: Path) -> None:
    output = tmp_path / "none.lark"
    code, _, err = run(["grammar", "draft", str(SEED), "-o", str(output)])
    assert code == 0, err
    assert "0 rules" in err
    assert run(["grammar", "check", str(output)])[0] == 0


def test_a_rule_that_fails_the_check_or_its_own_sentence_is_commented_out() -> None:
    from dealc.compiler.driver import draft

    rule = draft_rule(1, _group("The fraud loss limit as of February 1, 2003 is $7,572,416.56."))
    # A loan group field in a sentence that names no group: grammar check says E303.
    misplaced = attrs.evolve(rule, parts=('"The fraud rate"i', "wac_pct", '"."'),
                             imports=(("pool", "sentence"), ("pool", "wac_pct")))
    [checked] = draft._checked([misplaced], ["x.txt"], "t.lark", examples=False)
    assert checked.reason is not None and "error[E303]" in checked.reason
    # A rule that checks clean but does not read the sentence it was drafted from.
    unread = attrs.evolve(rule, parts=('"The fraud loss limit"i', "loss_limits_as_of",
                                       '"was then"i', "fraud_loss_limit", '"."'))
    [checked] = draft._checked([unread], ["x.txt"], "t.lark", examples=True)
    assert checked.reason is not None
    assert checked.reason.startswith("it does not read its own sentence at x.txt:1:1")
    # The rule as drafted passes both.
    assert draft._checked([rule], ["x.txt"], "t.lark", examples=True)[0].reason is None
