"""The 8-K emitter: a pool-description filing regenerated from a deal.

It writes the cover page, the item, the sentences of the description in the
wording dealc's core grammar reads (the seed's wording), its footnotes and
the signature, for any number of pools and classes.  A sentence whose facts
are absent is left out; a "respectively" sentence names only the groups that
have its figure.  Compiling the output gives back the same deal: that is the
round-trip property the tests check.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from dealc.compiler import ast
from dealc.emitters.formatting import date, money, number, percent

WIDTH = 80
PARAGRAPH_INDENT = "     "
Group = tuple[str, ast.LoanGroup]  # (phrase naming it, the group)
T = TypeVar("T")


class EightKEmitter:
    name = "8k"
    description = "The pool-description 8-K regenerated from the deal, in the seed's wording"
    media_type = "text/plain"
    extension = ".txt"

    def emit(self, filing: ast.CompiledFiling) -> str:
        return regenerate(filing)


def regenerate(filing: ast.CompiledFiling) -> str:
    parts = [cover_page(filing.cover), "<PAGE>"]
    default = ast.Item("2", "Acquisition or Disposition of Assets")
    item = filing.items[0] if filing.items else default
    parts.append(f"Item {item.number}.   {item.title}.\n")
    if filing.deal is not None:
        parts.extend(description(filing.deal, filing.cover, filing.footnotes))
    parts.append(signature_block(filing.signature, filing.cover))
    return "\n".join(parts).rstrip() + "\n"


# ------------------------------------------------------------------ layout
def centred(text: str) -> str:
    return text.center(WIDTH).rstrip()


def paragraph(text: str) -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=PARAGRAPH_INDENT, break_on_hyphens=False,
        break_long_words=False,
    ) + "\n"


def list_item(number_: int, text: str) -> str:
    return textwrap.fill(
        text, WIDTH, initial_indent=f"{PARAGRAPH_INDENT}{number_}.   ",
        subsequent_indent=" " * 10, break_on_hyphens=False, break_long_words=False,
    ) + "\n"


def footnote_block(notes: Sequence[tuple[str, str]]) -> str:
    lines = ["--------", ""]
    for mark, text in notes:
        lines.append(textwrap.fill(text, WIDTH, initial_indent=f"{mark:<5}",
                                   subsequent_indent=" " * 5, break_on_hyphens=False,
                                   break_long_words=False))
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------- the cover
def cover_page(cover: ast.Cover) -> str:
    lines = [
        "SECURITIES AND EXCHANGE COMMISSION".center(WIDTH).rstrip(),
        centred("Washington, D.C. 20549"), "", centred("--------------"), "",
        centred(f"FORM {cover.form_type or '8-K'}"), "", centred("CURRENT REPORT"), "",
        centred("Pursuant to Section 13 or 15(d) of the"),
        centred("Securities Exchange Act of 1934"), "",
    ]
    if cover.date_of_report is not None:
        lines += [centred(f"Date of Report: {date(cover.date_of_report)}"),
                  centred("(Date of earliest event reported)"), ""]
    if cover.registrant:
        lines.append(centred(cover.registrant))
    if cover.registrant_role:
        lines.append(centred(f"({cover.registrant_role})"))
    if cover.issuer:
        lines.append(centred(f"(Issuer in Respect of the {cover.issuer})"))
    lines += [centred("(Exact name of registrant as specified in charter)"), ""]
    columns = [cover.state_of_incorporation or "", cover.commission_file_number or "",
               cover.irs_employer_id or ""]
    if any(columns):
        lines.append(f"   {columns[0]:<29}{columns[1]:<30}{columns[2]}".rstrip())
        lines += ["  (State or other juris-       (Commission                 (I.R.S. Employer",
                  " diction of organization)       File Nos.)                Identification No.)",
                  ""]
    address = cover.address
    if address is not None and address.street and address.city and address.state:
        street = f"{address.street}, {address.city}, {address.state}"
        lines.append(f"{street:<62}{address.zip or ''}".rstrip())
        lines += ["   (Address of principal executive offices)                 (Zip Code)", ""]
    if cover.phone:
        lines += [f"Registrant's Telephone Number, including area code: {cover.phone}", ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------- the description
def groups_of(deal: ast.Deal) -> list[Group]:
    found: list[Group] = [(f"pool {pool.id} mortgage loans", pool) for pool in deal.pools]
    if deal.all_loans is not None:
        found.append(("all mortgage loans", deal.all_loans))
    return found


def group_list(phrases: Sequence[str], article: str = "the ", conjunction: str = "and") -> str:
    """"the pool I mortgage loans, the pool II mortgage loans and all mortgage loans"."""
    named = [phrase if phrase.startswith("all ") else article + phrase for phrase in phrases]
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + f" {conjunction} " + named[-1]


def value_list(values: Sequence[str]) -> str:
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + " and " + values[-1]


def must(value: T | None) -> T:
    """A value the caller has already seen is there (see `having`)."""
    assert value is not None
    return value


def shared_or_each(values: list[str]) -> str:
    """One figure when every group has the same ("nor more than $1,000,000"), else each."""
    unique = list(dict.fromkeys(values))
    return unique[0] if len(unique) == 1 else value_list(values)


def having(groups: Sequence[Group], *getters: Callable[[ast.LoanGroup], Any]) -> list[Group]:
    return [g for g in groups if all(get(g[1]) is not None for get in getters)]


def description(
    deal: ast.Deal, cover: ast.Cover, footnotes: Sequence[ast.Footnote]
) -> Iterator[str]:
    depositor = deal.depositor or ast.Depositor()
    if depositor.name or cover.registrant:
        yield centred((depositor.name or cover.registrant or "").upper())
    if deal.title:
        yield centred(deal.title)
        yield centred("-" * len(deal.title))
    yield ""
    if deal.date is not None:
        yield centred(date(deal.date)) + "\n"
    mark = "(1)" if deal.prospectus_date is not None else ""
    yield " DETAILED DESCRIPTION OF THE MORTGAGE LOAN POOL AND THE MORTGAGED PROPERTIES" + mark
    yield " " + "-" * 78 + "\n"
    marks = {pointer: f.mark for f in footnotes for pointer in f.references}
    paragraphs = [
        transfer_paragraph(deal),
        statistics_paragraph(deal),
        balances_paragraph(deal, marks),
        documentation_paragraph(deal),
    ]
    for text in paragraphs:
        if text:
            yield paragraph(text)
    yield from collateral_paragraphs(deal)
    for pool in deal.pools:
        text = premium_discount_paragraph(pool)
        if text:
            yield paragraph(text)
    notes = []
    if deal.prospectus_date is not None:
        notes.append(("1", _footnote_text(footnotes, "1") or (
            "Terms used herein and not otherwise defined have the meaning assigned thereto in "
            f"the Prospectus dated {date(deal.prospectus_date)} (consisting of a prospectus "
            "supplement and a core prospectus), relating to the "
            f"{deal.title or 'REMIC Pass-Through Certificates'}.")))
    second = _footnote_text(footnotes, "2")
    if second and any(g.primary_residence_min_pct is not None for g in deal.pools[:1]):
        notes.append(("2", second))
    if notes:
        yield footnote_block(notes)
    yield "<PAGE>\n"
    for text in class_paragraphs(deal):
        yield paragraph(text)
    if any(c.subordination_level_pct is not None for c in deal.classes):
        yield footnote_block([("*", _footnote_text(footnotes, "*") or (
            "Equal to the initial principal balance thereof divided by the aggregate "
            "scheduled principal balance of all mortgage loans."))])
        yield "<PAGE>\n"


def _footnote_text(footnotes: Sequence[ast.Footnote], mark: str) -> str | None:
    return next((f.text for f in footnotes if f.mark == mark), None)


def _due(deal: ast.Deal) -> str:
    cutoff = date(deal.cutoff_date) if deal.cutoff_date else ""
    return (f"(after deducting principal payments due on or before {cutoff}) "
            f"as of {cutoff}")


def transfer_paragraph(deal: ast.Deal) -> str:
    sentences = []
    depositor = deal.depositor or ast.Depositor()
    if (deal.transfer_date and depositor.name and depositor.abbreviation and deal.cutoff_date
            and deal.aggregate_balance is not None):
        sentences.append(
            f"On {date(deal.transfer_date)}, {depositor.name} (\"{depositor.abbreviation}\") "
            "transferred to the Trustee mortgage loans with an aggregate scheduled principal "
            f"balance outstanding {_due(deal)} of {money(deal.aggregate_balance)}.")
    defined = [p for p in deal.pools if p.original_term_years and p.original_term_years.min
               is not None and p.original_term_years.max is not None and p.balance is not None]
    if defined and deal.cutoff_date:
        clauses = []
        for index, pool in enumerate(defined):
            term = pool.original_term_years
            assert term is not None and pool.balance is not None
            opening = "The" if index == 0 else "the"
            clauses.append(
                f"{opening} mortgage loans that have original maturities of at least {term.min} "
                f"but not more than {term.max} years, the \"pool {pool.id} mortgage loans\", "
                f"have an aggregate scheduled principal balance outstanding {_due(deal)} of "
                f"{money(pool.balance)}")
        sentences.append(value_list(clauses) + ".")
    sentences.append(
        "The mortgage loans were delivered in exchange for the certificates, authenticated "
        "by the Trustee, evidencing 100% of the regular interests in the Trust.")
    if deal.paying_agent and depositor.abbreviation:
        sentences.append(
            f"Distributions on the certificates will be made by {deal.paying_agent}, as paying "
            "agent, by wire transfer or by such other means as the person entitled thereto and "
            f"{depositor.abbreviation} shall agree.")
    if deal.optional_repurchase_threshold is not None and depositor.abbreviation:
        sentences.append(
            f"{depositor.abbreviation} may repurchase all mortgage loans remaining in the "
            "mortgage loan pool pursuant to the pooling agreement if at the time of repurchase "
            "the aggregate scheduled principal balance of such mortgage loans is equal to or "
            f"less than {money(deal.optional_repurchase_threshold)}.")
    groups = groups_of(deal)
    if groups:
        sentences.append(
            "Information below is provided with respect to "
            f"{group_list([g[0] for g in groups], conjunction='and/or')} included in the "
            "mortgage loan pool as indicated.")
    return " ".join(sentences)


def _respectively(
    deal: ast.Deal, opening: str, middle: str, get: Callable[[ast.LoanGroup], Any],
    show: Callable[[Any], str],
) -> str | None:
    groups = having(groups_of(deal), get)
    if not groups:
        return None
    values = value_list([show(get(g[1])) for g in groups])
    return (f"{opening} {group_list([g[0] for g in groups])} {middle} {values}, "
            "respectively.")


def _months(value: Decimal) -> str:
    return f"{number(value)} months"


def statistics_paragraph(deal: ast.Deal) -> str:
    sentences: list[str] = []
    cutoff = f"as of {date(deal.cutoff_date)}" if deal.cutoff_date else None
    all_loans = deal.all_loans
    counted = [p for p in deal.pools if p.loan_count is not None]
    if all_loans is not None and all_loans.loan_count is not None and counted and cutoff:
        parts = value_list([f"{p.loan_count} pool {p.id} mortgage loans" for p in counted])
        sentences.append(f"The total number of all mortgage loans {cutoff} was "
                         f"{all_loans.loan_count}, consisting of {parts}.")
    if cutoff:
        rates = _respectively(
            deal, "The weighted average interest rates on",
            f"(in each case, before deduction of the servicing fee) {cutoff} were",
            lambda g: g.wac_pct, percent)
        remaining = _respectively(
            deal, "The weighted average remaining terms to stated maturity of",
            f"{cutoff} were", lambda g: g.wa_remaining_term_months, _months)
        sentences += [s for s in (rates, remaining) if s]
    if all_loans is not None and all_loans.original_term_years is not None:
        term = all_loans.original_term_years
        if term.min is not None and term.max is not None:
            sentences.append(f"All mortgage loans have original maturities of at least "
                             f"{term.min} but no more than {term.max} years.")
    window = having(groups_of(deal), lambda g: g.originated_not_before,
                    lambda g: g.originated_not_after)
    if window:
        before = value_list([date(must(g[1].originated_not_before)) for g in window])
        after = shared_or_each([date(must(g[1].originated_not_after)) for g in window])
        sentences.append(f"None of {group_list([g[0] for g in window])} were originated prior "
                         f"to {before}, respectively, or after {after}.")
    if cutoff:
        original = _respectively(
            deal, "The weighted average original terms to stated maturity of",
            f"{cutoff} were", lambda g: g.wa_original_term_months, _months)
        if original:
            sentences.append(original)
    return " ".join(sentences)


def balances_paragraph(deal: ast.Deal, marks: dict[str, str]) -> str:
    sentences: list[str] = []
    groups = groups_of(deal)
    maturity = having(groups, lambda g: g.latest_maturity)
    if maturity:
        dates = value_list([date(must(g[1].latest_maturity)) for g in maturity])
        sentences.append(
            f"None of {group_list([g[0] for g in maturity])} have scheduled maturities later "
            f"than {dates}, respectively.")
    bounded = having(groups, lambda g: g.original_balance_min, lambda g: g.original_balance_max)
    if bounded:
        mins = value_list([money(must(g[1].original_balance_min)) for g in bounded])
        high = shared_or_each([money(must(g[1].original_balance_max)) for g in bounded])
        sentences.append(
            f"Each of {group_list([g[0] for g in bounded])} had an original principal balance "
            f"of not less than {mins}, respectively, nor more than {high}.")
    over = having(groups, lambda g: g.ltv_over_80_balance, lambda g: g.max_ltv_pct)
    if over and deal.cutoff_date:
        names = [g[0] for g in over]
        amounts = value_list([money(must(g[1].ltv_over_80_balance)) for g in over])
        cap = shared_or_each([percent(must(g[1].max_ltv_pct)) for g in over])
        sentences.append(
            f"{_capital(group_list(names, article=''))} having aggregate scheduled principal "
            f"balances of {amounts}, respectively, as of {date(deal.cutoff_date)}, had "
            "loan-to-value ratios at origination in excess of 80%, but no "
            f"{group_list(names, article='', conjunction='or')} had loan-to-value ratios in "
            f"excess of {cap}.")
    if deal.cutoff_date:
        ltv = _respectively(deal, "The weighted average loan-to-value ratios at origination of",
                            f"as of {date(deal.cutoff_date)} were", lambda g: g.wa_ltv_pct,
                            percent)
        if ltv:
            sentences.append(ltv)
    zipped = having(groups, lambda g: g.max_zip_balance)
    if zipped:
        sentences.append(
            f"No more than {value_list([money(must(g[1].max_zip_balance)) for g in zipped])}, "
            f"respectively, of {group_list([g[0] for g in zipped])} are secured by Mortgaged "
            "Properties located in any one zip code.")
    occupied = having(groups, lambda g: g.primary_residence_min_pct)
    if occupied and deal.occupancy_determined_by:
        bases = {id(p): f"/deal/pools/{i}" for i, p in enumerate(deal.pools)}
        values = [
            percent(must(g[1].primary_residence_min_pct))
            + _mark(marks, bases.get(id(g[1]), "/deal/all_loans") + "/primary_residence_min_pct")
            for g in occupied
        ]
        sentences.append(
            f"At least {value_list(values)}, respectively, of "
            f"{group_list([g[0] for g in occupied])} are secured by mortgaged properties "
            f"determined by {deal.occupancy_determined_by} to be the primary residence of the "
            "borrower (\"homeowner\").")
        sentences.append(
            "The sole basis for such determination is either (a) a representation by the "
            "homeowner at origination of the mortgage loan that the underlying property will be "
            "used for a period of at least 6 months every year or that he intends to use the "
            "underlying property as his or her primary residence, or (b) that the address of "
            "the underlying property is the homeowner's mailing address as reflected in the "
            "originator's records.")
    investment = [g for g in groups if g[1].investment_property_pct == 0]
    if investment:
        sentences.append(
            f"None of {group_list([g[0] for g in investment], conjunction='or')} are secured "
            "by investment properties.")
    return " ".join(sentences)


def _mark(marks: dict[str, str], pointer: str) -> str:
    """A footnote mark printed after a figure: "98%(2)"."""
    mark = marks.get(pointer)
    return f"({mark})" if mark and mark.isdigit() else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def documentation_paragraph(deal: ast.Deal) -> str:
    specs: list[tuple[str, Callable[[ast.LoanGroup], Decimal | None], str]] = [
        ("At least", lambda g: g.full_documentation_min_pct,
         "will be mortgage loans originated using loan underwriting policies which require, "
         "among other things, proof of income and liquid assets and telephone verification of "
         "employment, or are refinanced mortgage loans originated using alternative or "
         "streamlined underwriting policies."),
        ("No more than", lambda g: g.reduced_documentation_max_pct,
         "will be mortgage loans originated using a loan underwriting policy, which among "
         "other things, requires verification of employment and may require proof of liquid "
         "assets, but does not require verification of income as stated on the loan "
         "application."),
        ("No more than", lambda g: g.streamlined_refinance_max_pct,
         "will be refinanced mortgage loans originated using alternative or streamlined "
         "underwriting policies."),
    ]
    sentences = []
    for opening, get, ending in specs:
        groups = having(groups_of(deal), get)
        if groups:
            values = value_list([percent(must(get(g[1]))) for g in groups])
            sentences.append(f"{opening} {values}, respectively, of "
                             f"{group_list([g[0] for g in groups])} {ending}")
    if sentences:
        sentences.append("See \"Mortgage loan underwriting\" in the Prospectus.")
    return " ".join(sentences)


def collateral_paragraphs(deal: ast.Deal) -> Iterator[str]:
    intro = ""
    if deal.all_loans is not None and deal.all_loans.pmi_required_over_80_ltv:
        intro = ("All of the mortgage loans which had loan-to-value ratios greater than 80% at "
                 "origination had primary mortgage insurance as of such date.")
    pools = [(f"pool {p.id} mortgage loans", p) for p in deal.pools
             if p.additional_collateral is not None]
    items = []
    specs: list[tuple[str, str, Callable[[ast.AdditionalCollateral], Any],
                      Callable[[Any], str]]] = [
        ("the numbers of", "are", lambda c: c.loan_count, number),
        ("the aggregate scheduled principal balances of", "are", lambda c: c.balance, money),
        ("the weighted average loan-to-value ratios of",
         ", taking into account the loanable value of the pledged additional collateral, are",
         lambda c: c.wa_ltv_with_collateral_pct, percent),
        ("the weighted average loan-to-value ratios of",
         ", without taking into account the loanable value of the pledged additional "
         "collateral, are", lambda c: c.wa_ltv_without_collateral_pct, percent),
    ]
    names = [name for name, _ in pools]
    for opening, verb, get, show in specs:
        if pools and all(get(must(p.additional_collateral)) is not None for _, p in pools):
            values = value_list([show(get(must(p.additional_collateral))) for _, p in pools])
            joiner = "" if verb.startswith(",") else " "
            items.append(f"{opening} such {group_list(names, article='')}{joiner}{verb} "
                         f"{values}, respectively")
    if items:
        intro = (intro + " " if intro else "") + (
            f"In the case of the {group_list(names, article='')} for which additional "
            "collateral was pledged, taken as groups:")
    if intro:
        yield paragraph(intro)
    for index, item in enumerate(items, start=1):
        ending = "." if index == len(items) else ("; and" if index == len(items) - 1 else ";")
        yield list_item(index, item + ending)


def premium_discount_paragraph(pool: ast.LoanGroup) -> str:
    split = pool.premium_discount
    if split is None:
        return ""
    name = f"pool {pool.id}"
    sentences = []
    if split.net_rate_threshold_pct is not None:
        threshold = percent(split.net_rate_threshold_pct)
        sentences.append(f"Pool {pool.id} premium loans will consist of {name} mortgage loans "
                         f"with net loan rates greater than or equal to {threshold}.")
        sentences.append(f"Pool {pool.id} discount loans will consist of {name} mortgage loans "
                         f"with net loan rates less than {threshold}.")
    parts = [(subset, getattr(split, subset)) for subset in ("premium", "discount")]
    parts = [(subset, stats) for subset, stats in parts if stats is not None]
    specs: list[tuple[str, str, Callable[[ast.SubsetStatistics], Any],
                      Callable[[Any], str]]] = [
        ("The aggregate scheduled principal balances outstanding as of the cut-off date of",
         " were", lambda s: s.balance, money),
        ("The weighted average interest rates of", ", as of the cut-off date, were",
         lambda s: s.wac_pct, percent),
        ("The weighted average remaining terms to stated maturity of",
         ", as of the cut-off date, were", lambda s: s.wa_remaining_term_months, _months),
    ]
    for opening, middle, get, show in specs:
        present = [(subset, stats) for subset, stats in parts if get(stats) is not None]
        if not present:
            continue
        names = group_list([f"{name} {subset} loans" for subset, _ in present])
        values = value_list([show(get(stats)) for _, stats in present])
        sentences.append(f"{opening} {names}{middle} {values}, respectively.")
    return " ".join(sentences)


def class_paragraphs(deal: ast.Deal) -> Iterator[str]:
    limits = deal.loss_limits
    if limits is not None and limits.as_of is not None:
        for title, value in (("special hazard", limits.special_hazard), ("fraud", limits.fraud),
                             ("bankruptcy", limits.bankruptcy)):
            if value is not None:
                yield (f"The {title} loss limit as of {date(limits.as_of)} was "
                       f"{money(value)}.")
    for certificate in deal.classes:
        if certificate.initial_balance is not None and certificate.as_of is not None:
            yield (f"The aggregate initial principal balance of the class {certificate.name} "
                   f"certificates as of {date(certificate.as_of)} was "
                   f"{money(certificate.initial_balance)}.")
    for certificate in deal.classes:
        if certificate.subordination_level_pct is not None:
            yield (f"The class {certificate.name} subordination level is "
                   f"{percent(certificate.subordination_level_pct)}.*")


# ---------------------------------------------------------------- signature
def signature_block(signature: ast.Signature | None, cover: ast.Cover) -> str:
    indent = " " * 44
    lines = ["", centred("SIGNATURES"), "",
             paragraph("Pursuant to the requirements of the Securities Exchange Act of 1934, the "
                       "registrant has duly caused this report to be signed on its behalf by "
                       "the undersigned thereunto duly authorized."),
             ]
    signature = signature or ast.Signature()
    registrant = signature.registrant or cover.registrant
    if registrant:
        lines += [indent + registrant, indent + "(Registrant)", ""]
    if signature.signer:
        lines += [f"{indent}By: /s/ {signature.signer}", indent + "   " + "-" * 25,
                  indent + "        " + signature.signer]
    if signature.title:
        lines.append(indent + "        " + signature.title)
    if signature.date is not None:
        lines += ["", "", f"Dated: {date(signature.date)}"]
    return "\n".join(lines)
