"""`dealc coverage`: sentences recognised and facts read per filing, and the sentences not
recognised grouped by shape, on the seed re-worded the way other years word it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealc.compiler import compile_file
from dealc.compiler.driver import cli, coverage
from dealc.compiler.pipeline import Options

from .conftest import SEED

MB = 1024 * 1024


def reword(text: str, old: str, new: str, count: int) -> str:
    """Replace ``old`` (however the filing wrapped it) by ``new``, exactly ``count`` times."""
    pattern = r"\s+".join(re.escape(word) for word in old.split())
    result, found = re.subn(pattern, new, text)
    assert found == count, (old, found)
    return result


def reworded_seed(folder: Path) -> dict[str, Path]:
    """Copies of the seed with sentences worded as other years word them:
    a, verb tenses; b, a renamed certificate; c, changed phrases (two of which no core
    rule lines up with: the pool definition and a re-ordered subordination sentence)."""
    seed = SEED.read_text(encoding="utf-8")
    a = reword(seed, "loss limit as of February 1, 2003 was",
               "loss limit as of February 1, 2003 is", 3)
    a = reword(a, "were 357.43 months", "are 357.43 months", 1)
    a = reword(a, "subordination level is", "subordination level was", 6)
    b = reword(seed, "Distributions on the certificates will",
               "Distributions on the REMIC Pass-Through Certificates will", 1)
    for name in ("A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"):
        b = reword(b, f"class {name} certificates as of",
                   f"class {name} REMIC Pass-Through Certificates as of", 1)
    c = reword(seed, "(in each case, before deduction of the servicing fee)",
               "(in each case, before deducting the servicing fee)", 1)
    c = reword(c, "The special hazard loss limit as of", "The special hazard loss amount as of", 1)
    c = reword(c, "The class B-5 subordination level is",
               "The subordination level of the class B-5 certificates is", 1)
    c = reword(c, "that have original maturities of at least 10 but not more than 15 years",
               "with original maturities of at least 10 but not more than 15 years", 1)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in (("a", a), ("b", b), ("c", c)):
        paths[name] = folder / f"seed-{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return reworded_seed(tmp_path_factory.mktemp("corpus") / "filings")


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, args)
    return result.exit_code, result.stdout, result.stderr


def test_each_filing_counts_its_sentences_and_facts(corpus: dict[str, Path]) -> None:
    report = coverage.survey([str(SEED), str(corpus["a"])], Options(), 50 * MB)
    by_path = {f.path: f for f in report.filings}
    seed, a = by_path[str(SEED)], by_path[str(corpus["a"])]
    compiled = compile_file(SEED)
    assert (seed.status, seed.kind, seed.sentences, seed.recognised) == (
        "ok", "pool_description", 59, 59)
    assert seed.facts == len([p for p in compiled.provenance
                              if not p.startswith(("/items/", "/footnotes/"))])
    # Ten sentences of copy a are worded otherwise: 3 loss limits, 1 term, 6 subordinations.
    assert (a.sentences, a.recognised) == (59, 49)
    assert a.facts < seed.facts


def test_groups_are_by_shape_largest_first(corpus: dict[str, Path]) -> None:
    report = coverage.survey([str(corpus["c"]), str(corpus["b"]), str(corpus["a"])], Options(),
                             50 * MB)
    counts = [group.count for group in report.groups]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == 22
    first, second = report.groups[:2]
    assert first.shape == ("The aggregate initial principal balance of the class CLASS "
                           "REMIC Pass-Through Certificates as of DATE was MONEY.")
    assert first.count == 7
    assert [str(m.place) for m in first.members[:2]] == [f"{corpus['b']}:211:6",
                                                         f"{corpus['b']}:214:6"]
    assert first.members[0].stopped is not None
    assert str(first.members[0].stopped) == f"{corpus['b']}:211:61"
    assert first.members[0].stopped_text == "REMIC Pass-Through Certificate"
    assert first.nearest is not None
    assert first.nearest.template.describe().startswith(
        'class_facts: "The aggregate initial princ..." class_ref "certificates" class_as_of')
    assert (second.shape, second.count) == ("The class CLASS subordination level was PERCENT.", 6)


def test_a_shape_replaces_values_by_their_kinds() -> None:
    scan = coverage.scanner(coverage.core_parser(None))
    text = ("At least 98%(2), 94% and 97%, respectively, of the pool I mortgage loans, the pool "
            "II mortgage loans and all mortgage loans as of February 1, 2003 were 357.43 months "
            "and 176.72 months, 1175 loans of $5,580,804 and $3,378,606 in class B-1.*")
    units = coverage.units(text, scan)
    assert coverage.shape(units, text) == (
        "At least PERCENT, PERCENT and PERCENT, respectively, of the POOL mortgage loans, the "
        "POOL mortgage loans and all mortgage loans as of DATE were COUNT months and COUNT "
        "months, COUNT loans of MONEY and MONEY in class CLASS.")
    kinds = [(u.kind, u.count) for u in units if u.kind != coverage.WORD]
    assert kinds == [("PERCENT", 3), ("GROUP", 3), ("DATE", 1), ("MONTHS", 2), ("COUNT", 1),
                     ("MONEY", 2), ("CLASS", 1)]
    # The footnote marks are dropped from the shape and remembered on the unit before them.
    assert units[-1].text == "." and units[-1].marked
    assert not units[2].marked  # (2) follows the list's first value, not its last


def test_the_nearest_rule_is_the_one_whose_wording_is_nearest() -> None:
    lark = coverage.core_parser(None)
    rules = coverage.templates(lark)
    for text, expected in [
        ("The fraud loss limit as of February 1, 2003 is $7,572,416.56.", "fraud_loss_limit"),
        ("The special hazard loss limit as of February 1, 2003 is $1.00.",
         "special_hazard_loss_limit"),
        ("The weighted average original terms to stated maturity of the pool I mortgage loans "
         "as of February 1, 2003 are 358.71 months.", "wa_original_term_months"),
    ]:
        found = coverage.nearest(coverage.units(text, coverage.scanner(lark)), rules)
        assert found is not None
        assert expected in found.template.describe(), (text, found.template.describe())


def test_the_command_prints_the_to_do_list(corpus: dict[str, Path]) -> None:
    code, out, err = run(["coverage", str(corpus["a"].parent)])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{corpus['a']}: 49 of 59 sentences recognised (83.1%), 128 facts"
    assert ("total: 3 filings (3 compiled), 155 of 177 sentences recognised (87.6%), 383 facts; "
            "22 not recognised, in 11 shapes") in lines
    start = lines.index("not recognised, by shape (largest group first):")
    assert lines[start + 2] == ("    7 x The aggregate initial principal balance of the class "
                                "CLASS REMIC Pass-Through Certificates as of DATE was MONEY.")
    assert lines[start + 3].startswith("        nearest rule: class_facts: ")
    assert lines[start + 4] == (f"        the match stopped at {corpus['b']}:211:61 "
                                "('REMIC Pass-Through Certificate')")
    assert lines[start + 5] == f"        e.g. {corpus['b']}:211:6, {corpus['b']}:214:6"


def test_json_is_the_same_report_and_deterministic(corpus: dict[str, Path]) -> None:
    pattern = str(corpus["a"].parent / "seed-*.txt")
    code, out, _ = run(["coverage", pattern, str(SEED), "--format", "json"])
    again = run(["coverage", pattern, str(SEED), "--format", "json"])[1]
    assert code == 0 and out == again
    data = json.loads(out)
    assert [f["path"] for f in data["filings"]] == sorted(
        [str(SEED), *(str(p) for p in corpus.values())])
    assert data["total"] == {"filings": 4, "compiled": 4, "sentences": 236, "recognised": 214,
                             "share_pct": 90.7, "facts": data["total"]["facts"],
                             "unrecognised": 22, "groups": 11}
    group = data["groups"][1]
    assert group["shape"] == "The class CLASS subordination level was PERCENT."
    assert group["count"] == 6
    assert group["examples"] == [f"{corpus['a']}:232:6", f"{corpus['a']}:234:6"]
    assert group["stopped_at"]["place"] == f"{corpus['a']}:232:18"


def test_the_same_wording_in_two_filings_is_one_group(corpus: dict[str, Path],
                                                      tmp_path: Path) -> None:
    twin = tmp_path / "twin.txt"
    twin.write_bytes(corpus["a"].read_bytes())
    report = coverage.survey([str(corpus["a"]), str(twin)], Options(), 50 * MB)
    group = next(g for g in report.groups if g.shape.startswith("The fraud loss limit"))
    assert group.count == 2
    assert [m.place.path for m in group.members] == sorted([str(corpus["a"]), str(twin)])


def test_bad_inputs_are_counted_never_a_crash(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "huge.txt").write_bytes(b"x" * (2 * MB))
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere")
    code, out, err = run(["coverage", str(tmp_path), "--max-size", "1", "--format", "json"])
    assert code == 0, err
    statuses = {Path(f["path"]).name: (f["status"], f["sentences"])
                for f in json.loads(out)["filings"]}
    assert statuses == {"binary.txt": ("ok", 0), "empty.txt": ("ok", 0),
                        "gone.txt": ("unreadable", 0), "huge.txt": ("refused", 0)}
    code, out, _ = run(["coverage", str(tmp_path), "--max-size", "1"])
    assert code == 0
    assert f"{tmp_path / 'huge.txt'}: refused: 2097152 bytes, over the limit" in out
    assert f"{tmp_path / 'empty.txt'}: no sentences (kind other), 0 facts" in out


def test_an_extension_counts(corpus: dict[str, Path], tmp_path: Path) -> None:
    """With an extension for one of its wordings, that group leaves the to-do list."""
    grammar = tmp_path / "fraud.lark"
    grammar.write_text("%import pool (sentence, loss_limits_as_of, fraud_loss_limit)\n"
                       '%extend sentence: "The fraud loss limit"i loss_limits_as_of "is"i '
                       'fraud_loss_limit "." -> facts\n', encoding="utf-8")
    without = json.loads(run(["coverage", str(corpus["a"]), "--format", "json"])[1])
    with_it = json.loads(run(["coverage", str(corpus["a"]), "--grammar", str(grammar),
                              "--format", "json"])[1])
    assert with_it["total"]["unrecognised"] == without["total"]["unrecognised"] - 1 == 9
    assert with_it["total"]["facts"] > without["total"]["facts"]
    shapes = {g["shape"] for g in without["groups"]} - {g["shape"] for g in with_it["groups"]}
    assert shapes == {"The fraud loss limit as of DATE is MONEY."}


def test_nothing_found_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(["coverage", str(tmp_path / "*.txt")])
    assert code == 2 and "no filings found" in err


@pytest.mark.parametrize(
    ("pattern", "phrase"),
    [
        ("but[ ]no[t]?[ ]more[ ]than", "but not more than"),  # an optional letter is taken
        ("[Tt]he(?: said)? loans", "The loans"),  # the first listed; an optional group is not
        ("as of|on", "as of"),  # the first branch
        (r"\bdated\b", "dated"),  # anchors add nothing
        ("due(?: .*)? on", None),  # a wildcard, even in what is left out: not a phrase
        (r"[\d]+ loans", None),  # a class that lists no character
        ("loans(", None),  # not a pattern
    ],
)
def test_a_phrase_pattern_gives_its_plainest_text(pattern: str, phrase: str | None) -> None:
    assert coverage.regex_example(pattern) == phrase
