"""The caption-driven cover reader and item headings, on constructed covers.

Each cover below is constructed for dealc's tests from shapes real filers print
(the excerpts in ../shared show them); none is a real filing.
"""

from __future__ import annotations

import datetime

import pytest

from dealc.compiler import CompiledFiling, compile_text

TRUST_COVER = """\
                       SECURITIES AND EXCHANGE COMMISSION
                             Washington, D.C. 20549
                                   FORM 8-K/A
                                 CURRENT REPORT
         Date of Report: (Date of earliest event reported): May 15, 2001

                     ACME MORTGAGE SECURITIES CORPORATION
              (Originator of the Trust referred to herein)
             (Exact name of registrant as specified in its charter)

                     ACME HOME EQUITY LOAN TRUST 2001-3
                     (Issuer with respect to Certificates)

      Delaware                 333-99999-01, 333-99999-02        (null)
  (State or other            (Commission File Numbers)      (IRS Employer
  jurisdiction)                                            Identification No.)

      Three Executive Campus, Suite 400
      O'Fallon, Missouri                                     63368-2240
      (Address of principal executive offices)              (Zip Code)

      Registrant's telephone number, including area code: (636) 555-0100

Section 8 - Other Events
Item 8.01. Other Events.(1)

     Not applicable.

Item 9.01 Financial Statements and Exhibits.

     Not applicable.

                                   SIGNATURES

                                       ACME MORTGAGE SECURITIES CORPORATION
                                       By: /s/ Jane Q. Officer
                                               Vice President
Dated: May 15, 2001
"""


@pytest.fixture(scope="module")
def trust() -> CompiledFiling:
    return compile_text(TRUST_COVER, path="trust.txt")


def test_a_trust_cover_with_roles_lists_and_a_placeholder(trust: CompiledFiling) -> None:
    cover = trust.cover
    assert cover.form_type == "8-K/A"
    assert cover.date_of_report == datetime.date(2001, 5, 15)
    assert cover.registrant == "ACME MORTGAGE SECURITIES CORPORATION"
    assert cover.registrant_role == "Originator of the Trust referred to herein"
    assert [(p.name, p.role) for p in cover.co_registrants] == [
        ("ACME HOME EQUITY LOAN TRUST 2001-3", "Issuer with respect to Certificates")]
    assert cover.series == "2001-3"
    assert cover.state_of_incorporation == "Delaware"  # never the Commission's Washington
    assert cover.commission_file_number == "333-99999-01"
    assert cover.additional_commission_file_numbers == ("333-99999-02",)
    assert cover.irs_employer_id is None
    assert [(p.field, p.text) for p in cover.placeholders] == [("irs_employer_id", "(null)")]
    address = cover.address
    assert address is not None
    assert (address.street, address.city, address.state, address.zip) == (
        "Three Executive Campus, Suite 400", "O'Fallon", "Missouri", "63368-2240")
    assert cover.phone == "(636) 555-0100"


def test_section_headings_footnote_marks_and_several_items(trust: CompiledFiling) -> None:
    items = trust.items
    assert [(i.number, i.title) for i in items] == [
        ("8.01", "Other Events"), ("9.01", "Financial Statements and Exhibits")]
    assert trust.kind == "other"  # complete, and no sign of another kind


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("Item 5Other Events.", "5", "Other Events"),
        ("ITEM 5.", "5", ""),
        ("Item 5. Other Events:", "5", "Other Events"),
        ("Item 7(c). Exhibits", "7", "Exhibits"),
        ("ITEM 5.    Other_Events", "5", "Other Events"),
    ],
)
def test_item_heading_forms(heading: str, number: str, title: str) -> None:
    compiled = compile_text(f"FORM 8-K\nCURRENT REPORT\n{heading}\n\nNot applicable.\n")
    assert [(i.number, i.title) for i in compiled.items] == [(number, title)]


def test_item_601_of_regulation_s_k_is_not_an_item() -> None:
    compiled = compile_text("FORM 8-K\nItem 7. Exhibits\nItem 601(a) of\nRegulation S-K\n")
    assert [i.number for i in compiled.items] == ["7"]


def test_date_on_the_next_line_and_a_reporting_period() -> None:
    below = compile_text("FORM 8-K\nDate of Report (Date of earliest event reported):\n"
                         "            August 22, 1996\nACME CORP.\n"
                         "(Exact name of registrant as specified in its charter)\n")
    assert below.cover.date_of_report == datetime.date(1996, 8, 22)
    assert below.cover.registrant == "ACME CORP."
    monthly = compile_text("FORM 8-K\nCURRENT REPORT\nFor the Month of June 1997\nACME CORP.\n"
                           "MORTGAGE PASS-THROUGH CERTIFICATES,\nSERIES 1997-3\n"
                           "(Exact name of the registrant as specified in charter)\n")
    assert monthly.cover.date_of_report is None
    assert monthly.cover.reporting_period == "1997-06"
    assert monthly.cover.registrant == "ACME CORP."
    assert monthly.cover.series == "1997-3"


def test_a_text_with_no_cover_states_no_cover_facts() -> None:
    compiled = compile_text("POOLING AND SERVICING AGREEMENT\nDated as of December 1, 1996\n"
                            "REMIC PASS-THROUGH CERTIFICATES,\nSERIES 1996-1\n")
    assert compiled.cover.registrant is None and compiled.cover.date_of_report is None
    assert compiled.cover.series == "1996-1"  # the exhibit's title
    assert compiled.kind == "other"


def test_a_cover_cut_before_any_item_is_of_unknown_kind() -> None:
    compiled = compile_text("FORM 8-K\nCURRENT REPORT\nACME CORP.\n"
                            "(Exact name of registrant as specified in its charter)\n")
    assert compiled.kind == "unknown"
