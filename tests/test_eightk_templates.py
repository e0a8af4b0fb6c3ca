"""The 8-K templates of each dialect (grammar/<dialect>/eightk.toml) and their engine.

Every sentence a dialect's templates write must parse with that dialect's own pool
grammar: the templates are rendered for deals that use every template (the seed, and
variants with one, two and three pools, figures shared or not), each written sentence is
parsed on its own, as the compiler parses it, and no template may go unwritten.  The
engine is closed: a placeholder is a plain name from a fixed list, never an expression.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from dealc.compiler import ast, compile_text, dialects
from dealc.compiler.extensions import pool_parser
from dealc.compiler.parse import ParseFailure, parse_with
from dealc.emitters.eightk import (
    TEMPLATE_FILE,
    EightKEmitter,
    TemplateError,
    Templates,
    compile_template,
    load,
    parse_templates,
    written_sentences,
)

from .conftest import FIXTURES, SEED
from .strategies import filings

# The seed's 8-K as the emitter wrote it before its wording moved into eightk.toml, byte
# for byte.  After a deliberate change of wording:
#   dealc compile examples/cmsi-2003-2.txt --to 8k -o tests/fixtures/eightk/cmsi-2003-2.8k
GOLDEN = FIXTURES / "eightk" / f"{SEED.stem}.8k"


def with_templates() -> list[dialects.Dialect]:
    return [d for d in dialects.available().values()
            if resources.files(dialects.GRAMMAR_PACKAGE).joinpath(d.folder)
            .joinpath(TEMPLATE_FILE).is_file()]


DIALECTS = with_templates()


def template_names(templates: Templates) -> set[str]:
    return ({f"sentences.{name}" for name in templates.sentences}
            | {f"lists.{name}" for name in templates.lists}
            | {f"footnotes.{note.name}" for note in templates.footnotes} | {"heading"})


def samples(seed: ast.CompiledFiling) -> list[ast.CompiledFiling]:
    """Deals that between them use every template: the seed (two pools, premium and
    discount loans, additional collateral, loss limits, classes), one pool, three pools
    with their largest balances differing, all loans alone."""
    deal = seed.deal
    assert deal is not None and deal.all_loans is not None
    pool_i, pool_ii = deal.pools
    pool_iii = attrs.evolve(pool_ii, id="III", original_balance_max=Decimal("650000"),
                            max_ltv_pct=Decimal("90"), originated_not_after=deal.cutoff_date)
    return [
        seed,
        attrs.evolve(seed, deal=attrs.evolve(deal, pools=(pool_i,))),
        attrs.evolve(seed, deal=attrs.evolve(deal, pools=(pool_i, pool_ii, pool_iii))),
        attrs.evolve(seed, deal=attrs.evolve(deal, pools=())),
    ]


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_every_template_sentence_parses_with_the_dialects_grammar(
    dialect: dialects.Dialect, seed: ast.CompiledFiling
) -> None:
    parser = pool_parser((), dialect)
    templates = load(dialect.folder)
    seen: set[str] = set()
    for filing in samples(attrs.evolve(seed, dialect=dialect.name)):
        for name, sentence in written_sentences(filing):
            seen.add(name)
            result = parse_with(parser, sentence)
            assert not isinstance(result, ParseFailure), (
                f"{dialect.folder}/{TEMPLATE_FILE} {name} does not parse with "
                f"{dialect.grammar}: at {result.position} found {result.found}, expected "
                f"{', '.join(result.expected[:8])}\n  {sentence}\n  "
                f"{' ' * result.position}^")
    assert template_names(templates) - seen == set(), "templates no sample deal wrote"


@given(filings())
def test_the_sentences_of_generated_deals_parse(filing: ast.CompiledFiling) -> None:
    dialect = dialects.default()
    parser = pool_parser((), dialect)
    for name, sentence in written_sentences(filing):
        assert not isinstance(parse_with(parser, sentence), ParseFailure), (name, sentence)


def test_the_seed_is_written_byte_for_byte_as_before(seed: ast.CompiledFiling) -> None:
    assert EightKEmitter().emit(seed) == GOLDEN.read_text(encoding="utf-8")


def test_a_filing_read_back_from_json_is_written_in_the_default_dialect(
    seed: ast.CompiledFiling,
) -> None:
    assert seed.dialect is not None
    assert EightKEmitter().emit(attrs.evolve(seed, dialect=None)) == EightKEmitter().emit(seed)


def test_the_templates_ship_as_package_data() -> None:
    assert DIALECTS, "no dialect has 8-K templates"
    for dialect in DIALECTS:
        assert isinstance(load(dialect.folder), Templates)


def test_the_emitter_holds_no_issuers_wording() -> None:
    import dealc.emitters.eightk as module

    source = Path(module.__file__).read_text(encoding="utf-8").lower()
    for words in ("mortgage loans", "cmsi", "citi", "respectively,", "loan-to-value"):
        assert words not in source


# ------------------------------------------------------------------- the engine
@pytest.mark.parametrize("text", [
    "{deal.__class__}", "{groups.__init__.__globals__}", "{wac_pct[0]}", "{cutoff_date!r}",
    "{}", "{0}", "{cutoff_date:{groups}}", "{no_such_figure}", "{groups:upper}",
    "{cutoff_date:shared}", "{groups:or,and/or}", "{investment_property_pct}", "{unclosed",
])
def test_a_placeholder_is_a_plain_name_from_a_fixed_list(text: str) -> None:
    with pytest.raises(TemplateError):
        compile_template(text, "test")


def test_templates_fold_white_space_and_keep_literal_braces() -> None:
    template = compile_template("a  {{b}}\n   {groups:bare, or} {wac_pct:shared}", "test")
    assert template.pieces[0] == "a {b} "
    assert [(s.name, sorted(s.options)) for s in template.slots] == [
        ("groups", ["bare", "or"]), ("wac_pct", ["shared"])]


def seed_templates() -> str:
    folder = dialects.default().folder
    entry = resources.files(dialects.GRAMMAR_PACKAGE).joinpath(folder).joinpath(TEMPLATE_FILE)
    return entry.read_text(encoding="utf-8")


@pytest.mark.parametrize(("change", "message"), [
    (('sentences = ["class_balance"]', 'sentences = ["no_such_sentence"]'), "no sentence named"),
    (('for_each = "class"\nseparate = true\nsentences = ["class_balance"]',
      'separate = true\nsentences = ["class_balance"]'), "only for each class"),
    (('after = "subordination"', 'after = "nowhere"'), "no sentence named"),
    (('for_each = "pool"', 'for_each = "loan"'), "must be one of"),
    (('list = "additional_collateral"', 'list = "nothing"'), "no list named"),
    (("\n[names]\n", "\n[names_]\n"), "names: must be a table"),
    (('closing = "see_underwriting"', ""), "no paragraph writes see_underwriting"),
])
def test_a_malformed_template_file_is_refused_with_its_place(
    change: tuple[str, str], message: str
) -> None:
    text = seed_templates()
    assert change[0] in text
    with pytest.raises(TemplateError, match=message) as raised:
        parse_templates(text.replace(change[0], change[1], 1), "eightk.toml")
    assert str(raised.value).startswith("eightk.toml: ")


def test_the_dialects_wording_round_trips_through_the_compiler(seed: ast.CompiledFiling) -> None:
    """The samples, written and compiled back, give their deals (the sentences fit)."""
    for filing in samples(seed)[1:3]:
        compiled = compile_text(EightKEmitter().emit(filing))
        assert compiled.deal == filing.deal
        assert not [d for d in compiled.diagnostics if d.code == "W102"]
