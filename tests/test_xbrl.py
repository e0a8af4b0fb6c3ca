"""The XBRL emitter: the seed's instance validates with Arelle offline; broken ones do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from dealc.compiler import CompiledFiling
from dealc.compiler.driver import cli
from dealc.emitters import EmitError
from dealc.emitters import xbrl_taxonomy as taxonomy
from dealc.emitters.json_reader import ReadError
from dealc.emitters.xbrl import XbrlEmitter, facts
from dealc.emitters.xbrl_concepts import CONCEPTS, NAMESPACE
from dealc.emitters.xbrl_reader import read_xbrl

from .conftest import SEED
from .xbrl_validation import validate

NS = {"xbrli": "http://www.xbrl.org/2003/instance", "dealc": NAMESPACE,
      "xbrldi": "http://xbrl.org/2006/xbrldi"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dealc compile SEED --to xbrl -o out/deal.xml`, as a user runs it."""
    out = tmp_path_factory.mktemp("xbrl") / "out" / "deal.xml"
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "--to", "xbrl", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_the_seed_instance_validates_offline_with_zero_errors(written: Path) -> None:
    assert {p.name for p in written.parent.iterdir()} == {"deal.xml", *taxonomy.files()}
    validation = validate(written)
    assert validation.errors == ()
    assert validation.facts >= 100


def test_facts_carry_the_printed_precision(written: Path) -> None:
    tree = etree.parse(str(written))

    def fact(name: str, context: str) -> etree._Element:
        found = tree.findall(f".//dealc:{name}[@contextRef='{context}']", namespaces=NS)
        assert len(found) == 1
        return found[0]

    balance = fact("scheduledPrincipalBalanceAmount", "c_2003-02-01_poolI")
    assert (balance.text, balance.get("decimals"), balance.get("unitRef")) == (
        "549864882.81", "2", "usd")
    rate = fact("weightedAverageInterestRatePercentage", "c_2003-02-01_poolI")
    assert (rate.text, rate.get("decimals"), rate.get("unitRef")) == ("0.06298", "5", "pure")
    over = fact("loanToValueOver80PercentBalanceAmount", "c_2003-02-01_poolII")
    assert (over.text, over.get("decimals")) == ("864033", "0")
    level = fact("classSubordinationLevelPercentage", "c_2003-02-01_classB-5")
    assert (level.text, level.get("decimals")) == ("0.00150105882395", "14")
    count = fact("loanNumber", "c_2003-02-01")  # all loans: the default member, no pool
    assert (count.text, count.get("decimals")) == ("1620", "INF")
    premium = fact("scheduledPrincipalBalanceAmount", "c_2003-02-01_poolI_premium")
    assert premium.text == "537928669"
    assert fact("dateOfReport", "c_2003-02-24").text == "2003-02-24"
    assert fact("primaryMortgageInsuranceOver80PercentLoanToValueFlag", "c_2003-02-01").text == (
        "true")


def test_every_deal_fact_is_in_the_instance(seed: CompiledFiling) -> None:
    """Each fact of provenance (but names and footnotes) has an XBRL fact."""
    emitted = {(f.concept.name, f.context.id) for f in facts(seed)}
    assert len(emitted) == len(list(facts(seed)))  # no duplicates
    numeric = [p for p in seed.provenance if p.startswith("/deal") and not p.endswith(
        ("/id", "/name"))]
    assert len(emitted) >= len(numeric)


def _broken(written: Path, old: str, new: str) -> Path:
    text = written.read_text(encoding="utf-8")
    assert old in text
    path = written.parent / f"broken-{abs(hash(new))}.xml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('unitRef="usd" decimals="2">549864882.81', 'unitRef="pure" decimals="2">549864882.81',
         "xbrl.4.8.2:monetaryFactUnit-notMonetaryMeasure"),
        ('contextRef="c_2003-02-01_poolI" unitRef="usd" decimals="2">549864882.81',
         'contextRef="c_missing" unitRef="usd" decimals="2">549864882.81',
         "xbrl.4.6.1:itemContextRef"),
        ("dealc:PoolIMember", "dealc:PoolXXXMember",
         "xbrldie:PrimaryItemDimensionallyInvalidError"),
        ("</xbrli:identifier>\n    </xbrli:entity>",
         "</xbrli:identifier>\n      <xbrli:segment><xbrldi:explicitMember "
         'dimension="dealc:PoolAxis">dealc:AllLoansMember</xbrldi:explicitMember>'
         "</xbrli:segment>\n    </xbrli:entity>",
         "xbrldie:DefaultValueUsedInInstanceError"),
    ],
    ids=["monetary-unit", "missing-context", "unknown-member", "default-member-used"],
)
def test_broken_instances_give_the_expected_arelle_errors(
    written: Path, old: str, new: str, code: str
) -> None:
    assert code in validate(_broken(written, old, new)).errors


def test_the_shipped_taxonomy_is_generated_from_the_concepts() -> None:
    assert taxonomy.shipped() == taxonomy.files()
    schema = taxonomy.schema()
    names = {e.get("name") for e in schema.iter("{http://www.w3.org/2001/XMLSchema}element")}
    assert {c.name for c in CONCEPTS} <= names


def test_concept_names_follow_the_abs_ee_style() -> None:
    suffixes = ("Amount", "Percentage", "Number", "Date", "Months", "Years", "Name", "Text",
                "Identifier", "Code", "Flag", "Type", "Report")
    for concept in CONCEPTS:
        assert concept.name[0].islower() and concept.name.endswith(suffixes), concept.name


def test_a_pool_without_a_member_is_an_error_not_a_silent_drop(seed: CompiledFiling) -> None:
    import attrs

    assert seed.deal is not None
    pools = (attrs.evolve(seed.deal.pools[0], id="XXV"), *seed.deal.pools[1:])
    odd = attrs.evolve(seed, deal=attrs.evolve(seed.deal, pools=pools))
    with pytest.raises(EmitError, match="pool 'XXV' has no member"):
        XbrlEmitter().emit(odd)


def test_the_instance_reads_back_to_the_filing(seed: CompiledFiling) -> None:
    """The reader gives back the cover, the deal (with the aggregate balance, which the
    instance states once, as all loans' balance) and the signature."""
    contents = read_xbrl(XbrlEmitter().emit(seed))
    assert (contents.cover, contents.deal, contents.signature) == (
        seed.cover, seed.deal, seed.signature)
    assert contents.deal is not None and contents.deal.aggregate_balance is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xbrl", "not XML"),
        (b"<xbrl/>", "the root element is not xbrli:xbrl"),
        (b'<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
         b'xmlns:dealc="' + NAMESPACE.encode() + b'">\n'
         b'<dealc:notAConcept contextRef="c">1</dealc:notAConcept></xbrli:xbrl>',
         "line 2: a fact dealc does not know: notAConcept"),
    ],
    ids=["not-xml", "not-xbrl", "unknown-fact"],
)
def test_what_is_not_a_dealc_instance_is_a_read_error(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_xbrl(data)
