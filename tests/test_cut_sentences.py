"""A sentence cut off by the end of the text (issue 15, items 4 and 5): the facts its valid
start prints in full are read and marked as read from a cut sentence, E101 stays, and no
extension can hide the cut."""

from __future__ import annotations

import re

import pytest

from dealc.compiler import Options, compile_file, compile_text
from dealc.compiler.ast import CompiledFiling
from dealc.compiler.driver.explain import explain, render_text
from dealc.compiler.extensions import Extension
from dealc.compiler.plain import document

from .conftest import FIXTURES, ROOT

FILING = ROOT / "examples" / "grammars" / "cmsi-1997-8.txt"
TEXT = FILING.read_text(encoding="utf-8")
CONVEYED = Extension.from_path(ROOT / "examples" / "grammars" / "cmsi-conveyed.lark")
EXCERPTS = ROOT.parent / "shared" / "filings" / "excerpts" / "cmsi"


def cut_after(words: str, options: Options | None = None, text: str = TEXT) -> CompiledFiling:
    """The tutorial's filing, cut just after the first place it prints ``words``."""
    match = re.search(r"\s+".join(re.escape(word) for word in words.split()), text)
    assert match is not None, words
    end = match.end()
    return compile_text(text[:end], path="cut.txt", options=options or Options(
        extensions=(CONVEYED,)))


def deal(compiled: CompiledFiling) -> dict[str, object]:
    data = document(compiled)["deal"]
    assert isinstance(data, dict)
    return data


def one_cut(compiled: CompiledFiling,
            message: str = "the filing ends in the middle of a sentence") -> None:
    """One E101, at the cut, and no W102 for the sentence it cuts."""
    errors = [d for d in compiled.diagnostics if d.code == "E101"]
    assert [d.message for d in errors] == [message]
    assert compiled.text is not None
    end = len(compiled.text.text.rstrip())
    assert not [d for d in compiled.diagnostics if d.code == "W102"
                and d.primary is not None and d.primary.span.end >= end]


def test_a_name_printed_in_full_before_the_cut_is_read() -> None:
    compiled = cut_after("by such other means as the person entitled")
    one_cut(compiled)
    assert deal(compiled)["paying_agent"] == "Citibank, N.A."
    location = compiled.provenance["/deal/paying_agent"]
    assert (location.line, location.column, location.text) == (43, 61, "Citibank, N.A.")
    [record] = [r for r in compiled.sentences if r.text.startswith("Payments on")]
    assert record.action is None  # not recognised: it is cut off
    assert record.pointers == ("/deal/paying_agent",) and record.rule == "cut off: paying_agent"
    [error] = [d for d in compiled.diagnostics if d.code == "E101"]
    assert any("/deal/paying_agent" in note for note in error.notes)


def test_explain_shows_what_was_read_before_the_cut() -> None:
    compiled = cut_after("by such other means as the person entitled")
    report = explain(compiled)
    [entry] = [s for s in report["sentences"] if s["text"].startswith("Payments on")]
    assert entry["cut"] is True and not entry["recognised"]
    assert entry["facts"] == [{"pointer": "/deal/paying_agent", "value": "Citibank, N.A."}]
    assert ("cut off by the end of the text; read from the part before the cut, only what "
            "it prints in full:\n    /deal/paying_agent = Citibank, N.A.") in render_text(report)


@pytest.mark.parametrize("words", [
    "made to holders by Citibank, N",  # the name cut in the middle
    "made to holders by Citiba",
    "made to holders by",
])
def test_a_value_the_cut_may_have_shortened_is_not_read(words: str) -> None:
    compiled = cut_after(words)
    one_cut(compiled)
    assert deal(compiled).get("paying_agent") is None
    assert "/deal/paying_agent" not in compiled.provenance


def test_a_cut_sentence_that_goes_on_otherwise_than_the_grammar_gives_nothing() -> None:
    """After the name, the text is not the start of what the rule expects: the name is not
    known to end there, and nothing is read."""
    other = TEXT.replace("by wire transfer or by such", "by check or by such")
    compiled = cut_after("by check or by such other means", text=other)
    one_cut(compiled)
    assert deal(compiled).get("paying_agent") is None


def test_a_name_whole_but_at_the_very_end_is_not_read() -> None:
    """'Citibank, N.A.' at the end may be a whole sentence's end as far as layout can tell
    (E101 says the filing ends before its signature); nothing shows the name ends there."""
    compiled = cut_after("made to holders by Citibank, N.A.")
    one_cut(compiled, "the filing ends before its signature")
    assert deal(compiled).get("paying_agent") is None


def test_a_number_cut_in_the_middle_is_not_a_fact() -> None:
    compiled = cut_after("aggregate Adjusted Balance of $301,456,7")
    one_cut(compiled)
    data = deal(compiled)
    assert data.get("aggregate_balance") is None
    assert data["transfer_date"] == "1997-06-26" and data["cutoff_date"] == "1997-06-01"
    # even printed whole, a number at the very end may be the start of a longer one
    assert deal(cut_after("aggregate Adjusted Balance of $301,456,789.12")).get(
        "aggregate_balance") is None


def test_a_sentence_not_of_the_grammar_gives_nothing_even_cut() -> None:
    """Without the extension, the constructed paying-agent sentence is not the grammar's:
    its start is no valid prefix, so nothing of it is read."""
    compiled = cut_after("by such other means as the person entitled", Options())
    one_cut(compiled)
    assert deal(compiled).get("paying_agent") is None


# --------------------------------------------------------------- item 4: no hiding
def test_an_extension_that_reads_a_cut_sentence_whole_does_not_hide_the_cut() -> None:
    """A rule that ends on a pattern taking the rest of the text reads the cut sentence: the
    filing is still reported as cut in the middle of it, and only what the part before the
    cut prints in full is read."""
    eats = Extension("eats-the-rest.lark", (
        "%import pool (sentence, paying_agent)\n"
        '%extend sentence: _PAYMENTS_TO_HOLDERS paying_agent _THE_REST -> facts\n'
        '_PAYMENTS_TO_HOLDERS: "Payments on the CitiCertificates will be made to holders by"i\n'
        "_THE_REST: /, as paying agent, .*/i\n"))
    compiled = cut_after("by such other means as the person entitled", Options(
        extensions=(eats,)))
    one_cut(compiled)
    assert deal(compiled)["paying_agent"] == "Citibank, N.A."
    whole = compile_text(TEXT, path="whole.txt", options=Options(extensions=(eats,)))
    assert [d.code for d in whole.diagnostics if d.code == "E101"] == []


def test_the_fixture_that_eats_the_rest_keeps_the_cut_of_the_real_excerpt() -> None:
    path = EXCERPTS / "incj-1998-CO5ZhgCKgN5AYRA.collapsed.txt"
    if not path.exists():
        pytest.skip("../shared/filings/excerpts is not here")
    extension = Extension.from_path(FIXTURES / "grammars" / "no-full-stop.lark")
    compiled = compile_file(path, Options(extensions=(extension,)))
    one_cut(compiled)
    assert deal(compiled)["paying_agent"] == "State Street Bank and Trust Company"


# ------------------------------------------------------------- item 5: real excerpts
@pytest.mark.parametrize(("name", "also"), [
    ("incj-1998-CO5ZhgCKgN5AYRA.collapsed.txt", ()),
    ("incj-1998-NMDBhCpqsy-FwVD.collapsed.txt", ("/deal/depositor/abbreviation",)),
])
def test_the_real_excerpts_cut_in_their_paying_agent_sentence(name: str,
                                                              also: tuple[str, ...]) -> None:
    path = EXCERPTS / name
    if not path.exists():
        pytest.skip("../shared/filings/excerpts is not here")
    compiled = compile_file(path)
    one_cut(compiled)
    assert deal(compiled)["paying_agent"] == "State Street Bank and Trust Company"
    location = compiled.provenance["/deal/paying_agent"]
    assert location.text == "State Street Bank and\nTrust Company" or location.text.split() == [
        "State", "Street", "Bank", "and", "Trust", "Company"]
    [record] = [r for r in compiled.sentences if r.text.startswith("Distributions on")]
    assert record.action is None and record.pointers == ("/deal/paying_agent", *also)
