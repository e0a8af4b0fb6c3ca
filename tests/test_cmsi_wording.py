"""The core CMSI grammar reads every wording family of the pool description's first paragraph.

1996-1999 filings: "will transfer" / "transferred to the Trustee Mortgage Loans evidenced by
Mortgage Notes with an aggregate Adjusted Balance outstanding", "CitiCertificates", "will be" /
"were delivered"; 2000s filings (the seed): "transferred to the Trustee mortgage loans with an
aggregate scheduled principal balance outstanding", "certificates".  Paying agents of any name.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from lark import Token, Tree

from dealc.compiler import compile_text
from dealc.compiler.parse import POOL_GRAMMAR, parse

from .conftest import ROOT

TRANSFER = ('On June 26, 1997, Citicorp Mortgage Securities, Inc. ("CMSI") {verb} to the Trustee '
            "{loans} with an aggregate {balance} outstanding (after deducting principal payments "
            "due on or before June 1, 1997) as of June 1, 1997 of $301,456,789.12.")
DELIVERED = ("The Mortgage Loans {verb} delivered in exchange for the {certificates}, "
             "authenticated by the Trustee, evidencing 100% of the regular interests in the Trust.")
DISTRIBUTIONS = ("Distributions on the {certificates} will be made by {agent}, as paying agent, by "
                 "wire transfer or by such other means as the person entitled thereto and CMSI "
                 "shall agree.")
AGENTS = ["The Bank of New York", "State Street Bank and Trust Company", "Citibank, N.A.",
          "U.S. Bank National Association", "Bankers Trust Company of California, N.A.",
          "First Union National Bank", "Texas Commerce Bank & Trust Company"]


def _tokens(tree: Tree[Token], rule: str) -> list[str]:
    return [" ".join(str(t) for t in sub.scan_values(lambda v: hasattr(v, "type")))
            for sub in tree.find_data(rule)]


@pytest.mark.parametrize("verb", ["will transfer", "transferred"])
@pytest.mark.parametrize(("loans", "balance"), [
    ("Mortgage Loans evidenced by Mortgage Notes", "Adjusted Balance"),
    ("mortgage loans", "scheduled principal balance"),
    ("Mortgage Loans", "Adjusted Balance"),
])
def test_the_transfer_sentence_in_every_family(verb: str, loans: str, balance: str) -> None:
    tree = parse(POOL_GRAMMAR, TRANSFER.format(verb=verb, loans=loans, balance=balance))
    assert isinstance(tree, Tree), tree
    assert _tokens(tree, "transfer_date") == ["June 26, 1997"]
    assert _tokens(tree, "cutoff_date") == ["June 1, 1997"]
    assert _tokens(tree, "aggregate_balance") == ["$301,456,789.12"]
    assert _tokens(tree, "depositor_abbreviation") == ["CMSI"]


@pytest.mark.parametrize("verb", ["will be", "were"])
@pytest.mark.parametrize("certificates", ["CitiCertificates", "certificates"])
def test_the_delivery_sentence_in_every_family(verb: str, certificates: str) -> None:
    tree = parse(POOL_GRAMMAR, DELIVERED.format(verb=verb, certificates=certificates))
    assert isinstance(tree, Tree), tree


@pytest.mark.parametrize("certificates", ["CitiCertificates", "certificates"])
@pytest.mark.parametrize("agent", AGENTS)
def test_a_paying_agent_of_any_name(certificates: str, agent: str) -> None:
    tree = parse(POOL_GRAMMAR, DISTRIBUTIONS.format(certificates=certificates, agent=agent))
    assert isinstance(tree, Tree), tree
    assert [str(t) for t in tree.scan_values(
        lambda v: getattr(v, "type", None) == "PAYING_AGENT")] == [agent]


@pytest.mark.parametrize("agent", ["the paying agent", "State Street Bank and",
                                   "Citibank, N.A. and"])
def test_what_is_not_a_paying_agent_name_is_not_read_as_one(agent: str) -> None:
    tree = parse(POOL_GRAMMAR, DISTRIBUTIONS.format(certificates="CitiCertificates", agent=agent))
    assert not isinstance(tree, Tree)


def test_a_1999_first_paragraph_compiles_with_no_extension() -> None:
    """CMSI's 1999 wording ("transferred", "were delivered") in the constructed 1997-8 filing."""
    text = (ROOT / "examples" / "grammars" / "cmsi-1997-8.txt").read_text(encoding="utf-8")
    start = text.index("     On June 26, 1997")
    end = text.index("thereto and CMSI shall agree.") + len("thereto and CMSI shall agree.")
    paragraph = " ".join([
        TRANSFER.format(verb="transferred", loans="Mortgage Loans evidenced by Mortgage Notes",
                        balance="Adjusted Balance"),
        DELIVERED.format(verb="were", certificates="CitiCertificates"),
        DISTRIBUTIONS.format(certificates="CitiCertificates",
                             agent="State Street Bank and Trust Company")])
    filing = compile_text(text[:start] + "     " + paragraph + text[end:], path="cmsi-1999.txt")
    assert "W102" not in {d.code for d in filing.diagnostics}
    deal = filing.deal
    assert deal is not None
    assert str(deal.transfer_date) == "1997-06-26" and str(deal.cutoff_date) == "1997-06-01"
    assert deal.aggregate_balance == Decimal("301456789.12")
    assert deal.paying_agent == "State Street Bank and Trust Company"
