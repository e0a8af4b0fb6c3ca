"""EDGAR full submissions and HTML filings compile like the plain text, positions kept."""

from __future__ import annotations

import datetime
import html

from dealc.compiler import compile_bytes, compile_text
from dealc.compiler.ast import EdgarSubmission

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")

# Constructed for the tests: the shape of an EDGAR full-submission file around the seed.
HEADER = """<SEC-DOCUMENT>0000950109-03-000999.txt : 20030225
<SEC-HEADER>0000950109-03-000999.hdr.sgml : 20030225
ACCESSION NUMBER:\t\t0000950109-03-000999
CONFORMED SUBMISSION TYPE:\t8-K
PUBLIC DOCUMENT COUNT:\t\t2
CONFORMED PERIOD OF REPORT:\t20030224
FILED AS OF DATE:\t\t20030225

FILER:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tCITICORP MORTGAGE SECURITIES INC
\t\tCENTRAL INDEX KEY:\t\t\t0000750202
\t\tSTATE OF INCORPORATION:\t\t\tDE
</SEC-HEADER>
<DOCUMENT>
<TYPE>EX-99
<SEQUENCE>2
<TEXT>
Item 2. This exhibit says 1,000 things that are not the filing.
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<FILENAME>file001.txt
<TEXT>
"""
FOOTER = "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"


def test_an_edgar_submission_compiles_its_8k_document() -> None:
    wrapped = compile_bytes((HEADER + TEXT + FOOTER).encode(), "0000950109-03-000999.txt")
    plain = compile_text(TEXT)
    assert wrapped.diagnostics == ()
    assert wrapped.deal == plain.deal and wrapped.cover == plain.cover
    assert wrapped.source.container == "edgar"
    assert wrapped.source.edgar == EdgarSubmission(
        "0000950109-03-000999", "8-K", datetime.date(2003, 2, 25), "0000750202",
        "CITICORP MORTGAGE SECURITIES INC")
    # Positions are those of the submission file: the header's lines come first.
    shift = HEADER.count("\n")
    assert wrapped.provenance["/deal/pools/0/balance"].line == 66 + shift
    assert wrapped.provenance["/deal/pools/0/balance"].column == 33


def test_an_html_filing_compiles_the_text_inside_pre() -> None:
    page = ("<html><head><title>8-K</title></head><body>\n<pre>\n" + html.escape(TEXT)
            + "</pre>\n</body></html>\n")
    compiled = compile_bytes(page.encode(), "filing.htm")
    plain = compile_text(TEXT)
    assert compiled.diagnostics == ()
    assert compiled.deal == plain.deal and compiled.cover == plain.cover
    assert compiled.source.container == "html"
    location = compiled.provenance["/deal/depositor/abbreviation"]
    assert (location.line, location.text.replace("\x00", "")) == (61, "CMSI")


def test_plain_text_is_not_a_container() -> None:
    assert compile_text(TEXT).source.container == "text"
