"""Hypothesis strategies: deals that are consistent by construction.

A deal is drawn the way a depositor's figures come about: loans first, then
each aggregate computed from its parts and printed at the filing's
precision (rates to 3 decimals, terms to 2, LTVs to 1, subordination levels
to 12).  So every check must pass on it, and the 8-K emitter must be able to
write it in words the grammar reads back.  Optional facts are present or
absent a sentence at a time.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import strategies as st

from dealc.compiler import ast

ROMAN = ("I", "II", "III", "IV")
PAYING_AGENTS = ("U.S. Bank National Association", "Citibank, N.A.", "State Street Bank",
                 "The Bank Of New York")
THREE, TWO, ONE = Decimal("0.001"), Decimal("0.01"), Decimal("0.1")


def rounded(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def weighted(pairs: list[tuple[Decimal, Decimal]], places: Decimal) -> Decimal:
    total = sum((w for w, _ in pairs), Decimal(0))
    return rounded(sum((w * v for w, v in pairs), Decimal(0)) / total, places)


def money_cents(draw: st.DrawFn, low: int, high: int) -> Decimal:
    return Decimal(draw(st.integers(low * 100, high * 100))) / 100


def percent(draw: st.DrawFn, low: int, high: int, places: Decimal) -> Decimal:
    steps = int(1 / places)
    return Decimal(draw(st.integers(low * steps, high * steps))) * places


def shares(draw: st.DrawFn, balance: Decimal, options: dict[str, bool]) -> dict[str, Any]:
    """The concentration and share figures of a group, each sentence on or off."""
    def maybe(option: str, low: int, high: int) -> Decimal | None:
        return Decimal(draw(st.integers(low, high))) if options[option] else None

    return {
        "max_zip_balance": maybe("zip", 1, int(balance) // 50 + 1),
        "primary_residence_min_pct": maybe("occupancy", 80, 100),
        "full_documentation_min_pct": maybe("documentation", 50, 100),
        "reduced_documentation_max_pct": maybe("documentation", 0, 50),
        "streamlined_refinance_max_pct": maybe("documentation", 0, 100),
    }


@st.composite
def pools(draw: st.DrawFn, index: int, cutoff: datetime.date, options: dict[str, bool]
          ) -> ast.LoanGroup:
    pool_id = ROMAN[index]
    low_years = draw(st.integers(1, 29))
    high_years = draw(st.integers(low_years, 30))
    original = rounded(Decimal(draw(st.integers(low_years * 1200, high_years * 1200))) / 100, TWO)
    if options["premium_discount"]:
        premium = Decimal(draw(st.integers(5_000_000, 900_000_000)))
        discount = Decimal(draw(st.integers(1_000, 50_000_000)))
        balance = (premium + discount + Decimal(draw(st.integers(-49, 49))) / 100).quantize(TWO)
        rates = (percent(draw, 5, 9, THREE), percent(draw, 4, 6, THREE))
        terms = [rounded(max(original - Decimal(draw(st.integers(0, 3000))) / 100, Decimal(1)),
                         TWO) for _ in range(2)]
        split = ast.PremiumDiscount(
            percent(draw, 4, 7, THREE),
            ast.SubsetStatistics(premium, rates[0], terms[0]),
            ast.SubsetStatistics(discount, rates[1], terms[1]),
        )
        wac = weighted([(premium, rates[0]), (discount, rates[1])], THREE)
        remaining = weighted([(premium, terms[0]), (discount, terms[1])], TWO)
    else:
        balance = money_cents(draw, 5_000_000, 900_000_000)
        split = None
        wac = percent(draw, 4, 10, THREE)
        remaining = rounded(max(original - Decimal(draw(st.integers(0, 3000))) / 100,
                                Decimal(1)), TWO)
    largest = Decimal(draw(st.integers(400, 2000))) * 1000
    count = int(balance / largest) + 1 + draw(st.integers(0, 3000))
    max_ltv = Decimal(draw(st.integers(80, 100)))
    collateral = None
    if options["collateral"]:
        with_ltv = percent(draw, 50, 80, ONE)
        collateral = ast.AdditionalCollateral(
            draw(st.integers(1, min(count, 50))),
            Decimal(draw(st.integers(10_000, int(balance) // 10 + 10_000))),
            with_ltv, with_ltv + percent(draw, 0, 20, ONE))
    return ast.LoanGroup(
        id=pool_id,
        balance=balance,
        loan_count=count,
        original_term_years=ast.Range(low_years, high_years),
        wac_pct=wac,
        wa_remaining_term_months=remaining,
        wa_original_term_months=original,
        originated_not_before=cutoff.replace(year=cutoff.year - draw(st.integers(1, 5))),
        originated_not_after=cutoff,
        latest_maturity=cutoff.replace(year=cutoff.year + high_years),
        original_balance_min=Decimal(draw(st.integers(10, 99))) * 1000,
        original_balance_max=largest,
        ltv_over_80_balance=(Decimal(draw(st.integers(0, int(balance) // 20)))
                             if options["ltv"] else None),
        max_ltv_pct=max_ltv if options["ltv"] else None,
        wa_ltv_pct=percent(draw, 30, int(max_ltv) - 1, ONE),
        **shares(draw, balance, options),
        investment_property_pct=Decimal(0) if options["investment"] else None,
        additional_collateral=collateral,
        premium_discount=split,
    )


@st.composite
def filings(draw: st.DrawFn) -> ast.CompiledFiling:
    """A compiled-looking filing whose deal is consistent by construction."""
    year = draw(st.integers(1996, 2008))
    cutoff = datetime.date(year, draw(st.integers(1, 12)), 1)
    transfer = cutoff + datetime.timedelta(days=draw(st.integers(5, 40)))
    series = f"{year}-{draw(st.integers(1, 20))}"
    title = f"REMIC Pass-Through Certificates, Series {series}"
    options = {name: draw(st.booleans()) for name in (
        "premium_discount", "collateral", "ltv", "zip", "occupancy", "documentation",
        "investment", "loss_limits", "subordination", "pmi")}
    count = draw(st.integers(1, 4))
    groups = [draw(pools(i, cutoff, options)) for i in range(count)]
    aggregate = sum((g.balance for g in groups if g.balance is not None), Decimal(0))

    def average(field: str, places: Decimal) -> Decimal:
        return weighted([(g.balance, getattr(g, field)) for g in groups], places)  # type: ignore[misc]

    all_loans = ast.LoanGroup(
        id="all",
        balance=aggregate,
        loan_count=sum(g.loan_count or 0 for g in groups),
        original_term_years=ast.Range(
            min(g.original_term_years.min for g in groups),  # type: ignore[union-attr,type-var]
            max(g.original_term_years.max for g in groups)),  # type: ignore[union-attr,type-var]
        wac_pct=average("wac_pct", THREE),
        wa_remaining_term_months=average("wa_remaining_term_months", TWO),
        wa_original_term_months=average("wa_original_term_months", TWO),
        wa_ltv_pct=average("wa_ltv_pct", ONE),
        **shares(draw, aggregate, options),
        pmi_required_over_80_ltv=True if options["pmi"] else None,
    )
    class_count = draw(st.integers(1, 12))
    names = ["A"] + [f"B-{i}" for i in range(1, class_count)]
    juniors = [Decimal(draw(st.integers(1_000, max(int(aggregate) // 100, 1_001))))
               for _ in names[1:]]
    senior = aggregate - sum(juniors, Decimal(0))
    balances = [senior.quantize(TWO)] + [j.quantize(TWO) for j in juniors]
    classes = []
    for index, name in enumerate(names):
        junior_total = sum(balances[index + 1 :], Decimal(0))
        level = None
        if options["subordination"] and index < len(names) - 1:
            level = rounded(junior_total / aggregate * 100, Decimal("0.000000000001"))
        classes.append(ast.CertificateClass(name, balances[index], cutoff, level))
    limit = (aggregate / 100).quantize(TWO, rounding=ROUND_DOWN)
    deal = ast.Deal(
        title=title,
        series=series,
        date=transfer,
        prospectus_date=transfer - datetime.timedelta(days=draw(st.integers(1, 10))),
        depositor=ast.Depositor("Citicorp Mortgage Securities, Inc.", "CMSI"),
        transfer_date=transfer,
        cutoff_date=cutoff,
        aggregate_balance=aggregate,
        paying_agent=draw(st.sampled_from(PAYING_AGENTS)),
        optional_repurchase_threshold=(aggregate / 10).quantize(TWO, rounding=ROUND_DOWN),
        occupancy_determined_by="CitiMortgage, Inc." if options["occupancy"] else None,
        pools=tuple(groups),
        all_loans=all_loans,
        loss_limits=ast.LossLimits(cutoff, limit, limit, min(Decimal("225000.00"), limit))
        if options["loss_limits"] else None,
        classes=tuple(classes),
    )
    cover = ast.Cover(
        form_type="8-K", date_of_report=transfer, registrant="CITICORP MORTGAGE SECURITIES, INC.",
        registrant_role="Packager and Servicer", issuer=title, series=series,
        state_of_incorporation="Delaware", commission_file_number="333-72082",
        irs_employer_id="13-3408717",
        address=ast.Address("12855 North Outer Forty Drive", "St. Louis", "Missouri", "63141"),
        phone="(314) 851-6305",
    )
    return ast.CompiledFiling(
        source=ast.SourceInfo("generated.txt", "0" * 64),
        kind="pool_description",
        cover=cover,
        items=(ast.Item("2", "Acquisition or Disposition of Assets"),),
        deal=deal,
        footnotes=(),
        signature=ast.Signature("CITICORP MORTGAGE SECURITIES, INC.", "Howard Darmstadter",
                                "Assistant Secretary", transfer),
        diagnostics=(),
    )
