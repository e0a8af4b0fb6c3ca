"""Phase 5, check: the deal's type system.

Each check is a small named rule with its own diagnostic code, registered
with `@rule`.  A rule reads the built AST and reports a `Diagnostic` whose
primary span is the figure it questions and whose secondary spans are every
other figure involved, with the arithmetic in a note.  Comparisons are made
at the precision the filing prints (`dealc.compiler.precision`).  To add a
check: write a function of a `CheckContext` that yields diagnostics,
decorate it with `@rule(code, name)`, document the code in
docs/diagnostics.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_UP, Decimal

import attrs

from dealc.compiler import ast
from dealc.compiler.codes import severity_of
from dealc.compiler.diagnostics import Diagnostic, Label
from dealc.compiler.precision import Interval, half_unit, total, weighted_average
from dealc.compiler.span import Span

CheckFunction = Callable[["CheckContext"], Iterable[Diagnostic]]


@attrs.frozen
class Rule:
    code: str
    name: str
    doc: str
    function: CheckFunction


RULES: list[Rule] = []


def rule(code: str, name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under a diagnostic code."""

    def register(function: CheckFunction) -> CheckFunction:
        RULES.append(Rule(code, name, (function.__doc__ or "").strip(), function))
        return function

    return register


@attrs.frozen
class CheckContext:
    """The deal under check, and where each of its facts was read."""

    deal: ast.Deal
    cover: ast.Cover
    signature: ast.Signature | None
    spans: dict[str, Span]

    def groups(self) -> Iterator[tuple[str, str, ast.LoanGroup]]:
        """(pointer, name, group) for every pool and for all loans."""
        for index, pool in enumerate(self.deal.pools):
            yield f"/deal/pools/{index}", f"pool {pool.id}", pool
        if self.deal.all_loans is not None:
            yield "/deal/all_loans", "all mortgage loans", self.deal.all_loans

    def label(self, pointer: str, text: str) -> Label | None:
        span = self.spans.get(pointer)
        return Label(span, text) if span is not None else None

    def diagnostic(
        self,
        code: str,
        message: str,
        primary: tuple[str, str],
        secondary: Iterable[tuple[str, str]] = (),
        notes: Iterable[str] = (),
        help: str | None = None,
    ) -> Diagnostic:
        severity = severity_of(code)
        labels = [self.label(pointer, text) for pointer, text in secondary]
        return Diagnostic(
            code=code,
            severity=severity,
            message=message,
            primary=self.label(*primary),
            secondary=tuple(label for label in labels if label is not None),
            notes=tuple(notes),
            help=help,
        )


def run(context: CheckContext) -> list[Diagnostic]:
    """Every registered check over one deal."""
    found: list[Diagnostic] = []
    for registered in RULES:
        found.extend(registered.function(context))
    return found


# ------------------------------------------------------------------ formatting
def show(value: Decimal | int) -> str:
    """A figure as a reader writes it: 757,241,656.27; 6.298."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,f}"


def show_interval(computed: Interval, places: Decimal) -> str:
    """A recomputed value to one more place than the figure it is compared with."""
    exponent = places.as_tuple().exponent
    assert isinstance(exponent, int)
    quantum = Decimal(1).scaleb(exponent - 1)
    middle = computed.middle.quantize(quantum)
    spread = ((computed.high - computed.low) / 2).quantize(quantum, rounding=ROUND_UP)
    return f"{show(middle)} (\u00b1{show(spread)})" if spread else show(middle)


def tolerance_note(printed: Decimal) -> str:
    return f"{show(printed)} stands for {show(printed)} \u00b1 {show(half_unit(printed))}"


# ---------------------------------------------------------------------- sums
def _sum_of_parts(
    context: CheckContext,
    code: str,
    message: str,
    whole: tuple[str, str, Decimal | None],
    parts: list[tuple[str, str, Decimal | None]],
) -> Iterator[Diagnostic]:
    """Report amounts that do not add up to the amount they make up."""
    pointer, label, stated = whole
    values = [value for _, _, value in parts]
    if stated is None or not values or None in values:
        return
    amounts = [value for value in values if value is not None]
    if total([Interval.amount(a) for a in amounts]).meets(Interval.amount(stated)):
        return
    yield context.diagnostic(
        code, message, (pointer, label),
        [(part_pointer, part_label) for part_pointer, part_label, _ in parts],
        [f"{' + '.join(show(a) for a in amounts)} = {show(sum(amounts, Decimal(0)))}, "
         f"the filing says {show(stated)}"],
    )


@rule("E201", "pool balances add up to the aggregate balance")
def pool_balances(context: CheckContext) -> Iterator[Diagnostic]:
    """The pools' balances sum to the aggregate balance of the transfer."""
    deal = context.deal
    yield from _sum_of_parts(
        context, "E201", "pool balances do not add up to the aggregate balance",
        ("/deal/aggregate_balance", "aggregate balance", deal.aggregate_balance),
        [(f"/deal/pools/{i}/balance", f"pool {p.id}", p.balance) for i, p in enumerate(deal.pools)],
    )


@rule("E202", "pool loan counts add up to the number of all loans")
def loan_counts(context: CheckContext) -> Iterator[Diagnostic]:
    """The pools' loan counts sum to the number of all mortgage loans."""
    deal = context.deal
    counts = [pool.loan_count for pool in deal.pools]
    whole = deal.all_loans.loan_count if deal.all_loans else None
    if whole is None or not counts or None in counts:
        return
    parts = [c for c in counts if c is not None]
    if sum(parts) == whole:
        return
    yield context.diagnostic(
        "E202",
        "pool loan counts do not add up to the number of all mortgage loans",
        ("/deal/all_loans/loan_count", "all mortgage loans"),
        [(f"/deal/pools/{i}/loan_count", f"pool {p.id}") for i, p in enumerate(deal.pools)],
        [f"{' + '.join(show(c) for c in parts)} = {show(sum(parts))}, "
         f"the filing says {show(whole)}"],
    )


_AVERAGES = (
    ("wac_pct", "weighted average interest rate"),
    ("wa_remaining_term_months", "weighted average remaining term"),
    ("wa_original_term_months", "weighted average original term"),
    ("wa_ltv_pct", "weighted average loan-to-value ratio"),
)


@rule("E203", "all-loans averages are the balance-weighted averages of the pools'")
def all_loans_averages(context: CheckContext) -> Iterator[Diagnostic]:
    """Each all-loans weighted average (rate, remaining and original term, LTV) is the
    pools' figures weighted by their balances."""
    deal = context.deal
    if deal.all_loans is None or not deal.pools:
        return
    for field, title in _AVERAGES:
        stated = getattr(deal.all_loans, field)
        values = [getattr(pool, field) for pool in deal.pools]
        weights = [pool.balance for pool in deal.pools if pool.balance is not None]
        if stated is None or None in values or len(weights) != len(values):
            continue
        pairs = [(Interval.amount(w), Interval.printed(v)) for w, v in zip(weights, values,
                                                                          strict=True)]
        computed = weighted_average(pairs)
        if computed.meets(Interval.printed(stated)):
            continue
        terms = " + ".join(f"{show(w)} \u00d7 {show(v)}" for w, v in zip(weights, values,
                                                                           strict=True))
        yield context.diagnostic(
            "E203",
            f"the all-loans {title} is not the balance-weighted average of the pools'",
            (f"/deal/all_loans/{field}", "all mortgage loans"),
            [(f"/deal/pools/{i}/{field}", f"pool {p.id}") for i, p in enumerate(deal.pools)]
            + [(f"/deal/pools/{i}/balance", f"pool {p.id} balance")
               for i, p in enumerate(deal.pools)],
            [f"({terms}) / {show(sum(weights, Decimal(0)))} = "
             f"{show_interval(computed, stated)}, the filing says {show(stated)}",
             tolerance_note(stated)],
        )


@rule("E204", "premium and discount balances add up to the pool balance")
def premium_discount_balances(context: CheckContext) -> Iterator[Diagnostic]:
    """A pool's premium and discount loans' balances sum to its balance, to the dollar."""
    for index, pool in enumerate(context.deal.pools):
        split = pool.premium_discount
        if split is None or split.premium is None or split.discount is None:
            continue
        premium, discount = split.premium.balance, split.discount.balance
        if premium is None or discount is None or pool.balance is None:
            continue
        computed = Interval.amount(premium) + Interval.amount(discount)
        if computed.meets(Interval.amount(pool.balance)):
            continue
        base = f"/deal/pools/{index}"
        yield context.diagnostic(
            "E204",
            f"pool {pool.id}'s premium and discount balances do not add up to its balance",
            (f"{base}/balance", f"pool {pool.id}"),
            [(f"{base}/premium_discount/premium/balance", "premium loans"),
             (f"{base}/premium_discount/discount/balance", "discount loans")],
            [f"{show(premium)} + {show(discount)} = {show(premium + discount)}, "
             f"the filing says {show(pool.balance)}"],
        )


@rule("E205", "premium and discount averages average to the pool's")
def premium_discount_averages(context: CheckContext) -> Iterator[Diagnostic]:
    """A pool's rate and remaining term are its premium and discount loans' figures
    weighted by their balances."""
    for index, pool in enumerate(context.deal.pools):
        split = pool.premium_discount
        if split is None or split.premium is None or split.discount is None:
            continue
        parts = (split.premium, split.discount)
        base = f"/deal/pools/{index}"
        for field, title in _AVERAGES[:2]:
            stated = getattr(pool, field)
            values = [getattr(part, field) for part in parts]
            weights = [part.balance for part in parts if part.balance is not None]
            if stated is None or None in values or len(weights) != len(values):
                continue
            pairs = [(Interval.amount(w), Interval.printed(v))
                     for w, v in zip(weights, values, strict=True)]
            computed = weighted_average(pairs)
            if computed.meets(Interval.printed(stated)):
                continue
            yield context.diagnostic(
                "E205",
                f"pool {pool.id}'s {title} is not the average of its premium and discount loans'",
                (f"{base}/{field}", f"pool {pool.id}"),
                [(f"{base}/premium_discount/premium/{field}", "premium loans"),
                 (f"{base}/premium_discount/discount/{field}", "discount loans"),
                 (f"{base}/premium_discount/premium/balance", "premium balance"),
                 (f"{base}/premium_discount/discount/balance", "discount balance")],
                [f"weighted by balance: {show_interval(computed, stated)}, "
                 f"the filing says {show(stated)}", tolerance_note(stated)],
            )


@rule("E206", "class balances add up to the aggregate balance")
def class_balances(context: CheckContext) -> Iterator[Diagnostic]:
    """The certificate classes' initial balances sum to the aggregate loan balance."""
    deal = context.deal
    yield from _sum_of_parts(
        context, "E206", "class balances do not add up to the aggregate balance",
        ("/deal/aggregate_balance", "aggregate balance", deal.aggregate_balance),
        [(f"/deal/classes/{i}/initial_balance", f"class {c.name}", c.initial_balance)
         for i, c in enumerate(deal.classes)],
    )


@rule("E207", "subordination levels are the junior classes over the aggregate balance")
def subordination_levels(context: CheckContext) -> Iterator[Diagnostic]:
    """A class's subordination level is the balance of the classes after it (junior to
    it, in the filing's order) over the aggregate balance, computed exactly or from the
    level printed for the class above it less that class's share."""
    deal = context.deal
    aggregate = deal.aggregate_balance
    balances = [c.initial_balance for c in deal.classes]
    if aggregate is None or not aggregate or None in balances:
        return
    hundred = Decimal(100)
    whole = Interval.amount(aggregate)
    for index, certificate in enumerate(deal.classes):
        stated = certificate.subordination_level_pct
        if stated is None:
            continue
        junior = [b for b in balances[index + 1 :] if b is not None]
        computed = (total([Interval.amount(b) for b in junior]) / whole).scale(hundred)
        if computed.meets(Interval.printed(stated)):
            continue
        # Filings also derive a level from the level printed for the class above it,
        # less that class's share: then it carries that printed level's rounding too.
        above = deal.classes[index - 1].subordination_level_pct if index else None
        own = certificate.initial_balance
        if above is not None and own is not None:
            share = (Interval.amount(own) / whole).scale(hundred)
            if (Interval.printed(above) - share).meets(Interval.printed(stated)):
                continue
        names = ", ".join(c.name for c in deal.classes[index + 1 :]) or "none"
        yield context.diagnostic(
            "E207",
            f"class {certificate.name}'s subordination level is not the junior classes' "
            "share of the aggregate balance",
            (f"/deal/classes/{index}/subordination_level_pct", f"class {certificate.name}"),
            [(f"/deal/classes/{j}/initial_balance", f"class {deal.classes[j].name}")
             for j in range(index + 1, len(deal.classes))]
            + [("/deal/aggregate_balance", "aggregate balance")],
            [f"classes {names}: {show(sum(junior, Decimal(0)))} / {show(aggregate)} = "
             f"{show_interval(computed, stated)}%, the filing says {show(stated)}%"],
        )


@rule("W208", "the optional repurchase threshold is 10% of the aggregate balance")
def repurchase_threshold(context: CheckContext) -> Iterator[Diagnostic]:
    """The depositor's clean-up call: 10% of the aggregate balance, cents truncated.
    (A warning: a deal may set another share.)"""
    deal = context.deal
    threshold, aggregate = deal.optional_repurchase_threshold, deal.aggregate_balance
    if threshold is None or aggregate is None:
        return
    expected = (aggregate / 10).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if threshold == expected:
        return
    yield context.diagnostic(
        "W208",
        "the optional repurchase threshold is not 10% of the aggregate balance",
        ("/deal/optional_repurchase_threshold", "threshold"),
        [("/deal/aggregate_balance", "aggregate balance")],
        [f"10% of {show(aggregate)} is {show(expected)} (cents truncated), "
         f"the filing says {show(threshold)}"],
    )


# --------------------------------------------------------------------- dates
def _add_years(day: datetime.date, years: int) -> datetime.date:
    year = day.year + years
    if year > datetime.MAXYEAR:
        return datetime.date.max  # an absurd term: E210 and E211 say so
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


@rule("E209", "dates are in order")
def dates_in_order(context: CheckContext) -> Iterator[Diagnostic]:
    """Origination window before the cut-off date, cut-off before transfer before the
    report, prospectus before transfer, report before signature, and no maturity later
    than the cut-off date plus the longest original term."""
    deal, cover, signature = context.deal, context.cover, context.signature
    pairs: list[tuple[str, datetime.date | None, str, datetime.date | None, str]] = []
    for base, name, group in context.groups():
        pairs.append((f"{base}/originated_not_before", group.originated_not_before,
                      f"{base}/originated_not_after", group.originated_not_after,
                      f"{name}: the origination window opens after it closes"))
        pairs.append((f"{base}/originated_not_after", group.originated_not_after,
                      "/deal/cutoff_date", deal.cutoff_date,
                      f"{name}: loans originated after the cut-off date"))
        term = group.original_term_years
        if group.latest_maturity and deal.cutoff_date and term and term.max is not None:
            limit = _add_years(deal.cutoff_date, term.max)
            if group.latest_maturity > limit:
                yield context.diagnostic(
                    "E209",
                    f"{name}: the latest maturity is later than the cut-off date plus the "
                    "longest original term",
                    (f"{base}/latest_maturity", "latest maturity"),
                    [("/deal/cutoff_date", "cut-off date"),
                     (f"{base}/original_term_years/max", "longest original term")],
                    [f"{deal.cutoff_date.isoformat()} + {term.max} years = "
                     f"{limit.isoformat()}, the filing says "
                     f"{group.latest_maturity.isoformat()}"],
                )
    pairs += [
        ("/deal/cutoff_date", deal.cutoff_date, "/deal/transfer_date", deal.transfer_date,
         "the cut-off date is after the transfer"),
        ("/deal/prospectus_date", deal.prospectus_date, "/deal/transfer_date",
         deal.transfer_date, "the prospectus is dated after the transfer"),
        ("/deal/transfer_date", deal.transfer_date, "/cover/date_of_report",
         cover.date_of_report, "the transfer is after the date of report"),
        ("/cover/date_of_report", cover.date_of_report, "/signature/date",
         signature.date if signature else None, "the report is signed before its date"),
        ("/deal/date", deal.date, "/signature/date", signature.date if signature else None,
         "the description is dated after it was signed"),
    ]
    for first, early, second, late, message in pairs:
        if early is None or late is None or early <= late:
            continue
        yield context.diagnostic(
            "E209",
            message,
            (first, _DATE_NAMES.get(first.rsplit("/", 1)[-1], "this date")),
            [(second, _DATE_NAMES.get(second.rsplit("/", 1)[-1], "that date"))],
            [f"{early.isoformat()} is after {late.isoformat()}"],
        )


_DATE_NAMES = {
    "originated_not_before": "earliest origination",
    "originated_not_after": "latest origination",
    "cutoff_date": "cut-off date",
    "transfer_date": "transfer date",
    "prospectus_date": "prospectus date",
    "date_of_report": "date of report",
    "date": "date",
}


@rule("W212", "balances are stated as of the cut-off date")
def as_of_dates(context: CheckContext) -> Iterator[Diagnostic]:
    """Class balances and loss limits are stated as of the cut-off date."""
    deal = context.deal
    if deal.cutoff_date is None:
        return
    stated = [(f"/deal/classes/{i}/as_of", c.as_of, f"class {c.name}'s balance is")
              for i, c in enumerate(deal.classes)]
    if deal.loss_limits is not None:
        stated.append(("/deal/loss_limits/as_of", deal.loss_limits.as_of, "the loss limits are"))
    for pointer, day, name in stated:
        if day is None or day == deal.cutoff_date:
            continue
        yield context.diagnostic(
            "W212",
            f"{name} stated as of {day.isoformat()}, not as of the cut-off date",
            (pointer, "stated as of this date"),
            [("/deal/cutoff_date", "cut-off date")],
            [f"the cut-off date is {deal.cutoff_date.isoformat()}"],
        )


# -------------------------------------------------------------------- bounds
_PERCENT_FIELDS = (
    "wac_pct", "max_ltv_pct", "wa_ltv_pct", "primary_residence_min_pct",
    "full_documentation_min_pct", "reduced_documentation_max_pct",
    "streamlined_refinance_max_pct", "investment_property_pct",
)


def _bound(
    context: CheckContext, part: tuple[str, Decimal | int | None, str],
    whole: tuple[str, Decimal | int | None, str], message: str,
) -> Iterator[Diagnostic]:
    """Report ``part`` > ``whole``, beyond the rounding both carry."""
    (part_pointer, part_value, part_name) = part
    (whole_pointer, whole_value, whole_name) = whole
    if part_value is None or whole_value is None:
        return
    low = Interval.printed(Decimal(part_value)) if isinstance(part_value, Decimal) else (
        Interval.exact(part_value))
    high = Interval.printed(Decimal(whole_value)) if isinstance(whole_value, Decimal) else (
        Interval.exact(whole_value))
    if low.low <= high.high:
        return
    yield context.diagnostic(
        "E210",
        message,
        (part_pointer, part_name),
        [(whole_pointer, whole_name)],
        [f"{show(part_value)} > {show(whole_value)}"],
    )


@rule("E210", "bounds hold")
def bounds(context: CheckContext) -> Iterator[Diagnostic]:
    """Percentages between 0 and 100; minimum <= maximum; weighted LTV <= maximum LTV;
    LTV counting additional collateral <= LTV without it; a part <= its whole (balances
    and counts of subsets, pools, classes, limits <= the aggregate); the average loan
    balance <= the largest original balance."""
    deal = context.deal
    hundred = Decimal(100)
    for base, name, group in context.groups():
        for field in _PERCENT_FIELDS:
            value = getattr(group, field)
            if value is not None and not 0 <= value <= hundred:
                yield context.diagnostic(
                    "E210", f"{name}: a percentage outside 0 to 100",
                    (f"{base}/{field}", f"{show(value)}%"), [],
                    [f"{field} is {show(value)}%"])
        term = group.original_term_years
        if term is not None:
            yield from _bound(context,
                              (f"{base}/original_term_years/min", term.min, "shortest term"),
                              (f"{base}/original_term_years/max", term.max, "longest term"),
                              f"{name}: the shortest original term is longer than the longest")
        yield from _bound(context,
                          (f"{base}/original_balance_min", group.original_balance_min, "min"),
                          (f"{base}/original_balance_max", group.original_balance_max, "max"),
                          f"{name}: the smallest original balance exceeds the largest")
        yield from _bound(context, (f"{base}/wa_ltv_pct", group.wa_ltv_pct, "weighted LTV"),
                          (f"{base}/max_ltv_pct", group.max_ltv_pct, "maximum LTV"),
                          f"{name}: the weighted average LTV exceeds the maximum LTV")
        for field, title in (("ltv_over_80_balance", "balance over 80% LTV"),
                             ("max_zip_balance", "largest zip-code concentration")):
            yield from _bound(context, (f"{base}/{field}", getattr(group, field), title),
                              (f"{base}/balance", group.balance, "balance"),
                              f"{name}: the {title} exceeds the balance")
        collateral = group.additional_collateral
        if collateral is not None:
            for field in ("wa_ltv_with_collateral_pct", "wa_ltv_without_collateral_pct"):
                value = getattr(collateral, field)
                if value is not None and not 0 <= value <= hundred:
                    yield context.diagnostic(
                        "E210", f"{name}: a percentage outside 0 to 100",
                        (f"{base}/additional_collateral/{field}", f"{show(value)}%"), [],
                        [f"{field} is {show(value)}%"])
            yield from _bound(
                context,
                (f"{base}/additional_collateral/balance", collateral.balance, "with collateral"),
                (f"{base}/balance", group.balance, "balance"),
                f"{name}: loans with additional collateral exceed the balance")
            yield from _bound(
                context,
                (f"{base}/additional_collateral/loan_count", collateral.loan_count, "count"),
                (f"{base}/loan_count", group.loan_count, "loans"),
                f"{name}: more loans with additional collateral than loans")
            yield from _bound(
                context,
                (f"{base}/additional_collateral/wa_ltv_with_collateral_pct",
                 collateral.wa_ltv_with_collateral_pct, "counting the collateral"),
                (f"{base}/additional_collateral/wa_ltv_without_collateral_pct",
                 collateral.wa_ltv_without_collateral_pct, "without it"),
                f"{name}: the LTV counting additional collateral exceeds the LTV without it")
        split = group.premium_discount
        for subset in ("premium", "discount"):
            stats = getattr(split, subset) if split is not None else None
            if stats is not None:
                yield from _bound(
                    context,
                    (f"{base}/premium_discount/{subset}/balance", stats.balance,
                     f"{subset} loans"),
                    (f"{base}/balance", group.balance, "balance"),
                    f"{name}: the {subset} loans' balance exceeds the pool's")
        if group.balance is not None and group.loan_count and group.original_balance_max:
            average = group.balance / group.loan_count
            if average > group.original_balance_max:
                yield context.diagnostic(
                    "E210", f"{name}: the average loan balance exceeds the largest original "
                    "balance", (f"{base}/balance", "balance"),
                    [(f"{base}/loan_count", "loans"),
                     (f"{base}/original_balance_max", "largest original balance")],
                    [f"{show(group.balance)} / {show(group.loan_count)} = "
                     f"{show(average.quantize(Decimal('0.01')))}"])
    all_loans = deal.all_loans
    for index, pool in enumerate(deal.pools):
        yield from _bound(context, (f"/deal/pools/{index}/balance", pool.balance, "pool"),
                          ("/deal/aggregate_balance", deal.aggregate_balance, "aggregate"),
                          f"pool {pool.id}'s balance exceeds the aggregate balance")
        yield from _bound(context, (f"/deal/pools/{index}/loan_count", pool.loan_count, "pool"),
                          ("/deal/all_loans/loan_count",
                           all_loans.loan_count if all_loans else None, "all loans"),
                          f"pool {pool.id} has more loans than the whole deal")
    for index, certificate in enumerate(deal.classes):
        pointer = f"/deal/classes/{index}"
        yield from _bound(context, (f"{pointer}/initial_balance", certificate.initial_balance,
                                    f"class {certificate.name}"),
                          ("/deal/aggregate_balance", deal.aggregate_balance, "aggregate"),
                          f"class {certificate.name}'s balance exceeds the aggregate balance")
        level = certificate.subordination_level_pct
        if level is not None and not 0 <= level <= hundred:
            yield context.diagnostic("E210", "a subordination level outside 0 to 100",
                                     (f"{pointer}/subordination_level_pct", f"{show(level)}%"))
    limits = deal.loss_limits
    others = [("/deal/optional_repurchase_threshold", deal.optional_repurchase_threshold,
               "repurchase threshold")]
    if limits is not None:
        others += [(f"/deal/loss_limits/{f}", getattr(limits, f), f"{f.replace('_', ' ')} limit")
                   for f in ("special_hazard", "fraud", "bankruptcy")]
    for pointer, value, title in others:
        yield from _bound(context, (pointer, value, title),
                          ("/deal/aggregate_balance", deal.aggregate_balance, "aggregate"),
                          f"the {title} exceeds the aggregate balance")


# --------------------------------------------------------------------- terms
@rule("E211", "terms agree")
def terms(context: CheckContext) -> Iterator[Diagnostic]:
    """The all-loans range of original terms spans the pools' ranges; a weighted average
    original term lies within the group's range of original terms; the weighted average
    remaining term is not longer than the original."""
    deal = context.deal
    whole = deal.all_loans.original_term_years if deal.all_loans else None
    ranges = [pool.original_term_years for pool in deal.pools]
    if whole is not None and ranges and all(r is not None for r in ranges):
        mins = [r.min for r in ranges if r is not None and r.min is not None]
        maxes = [r.max for r in ranges if r is not None and r.max is not None]
        for end, stated, expected in (("min", whole.min, min(mins, default=None)),
                                      ("max", whole.max, max(maxes, default=None))):
            if stated is None or expected is None or stated == expected:
                continue
            yield context.diagnostic(
                "E211", f"the all-loans {'shortest' if end == 'min' else 'longest'} original "
                "term is not the pools'",
                (f"/deal/all_loans/original_term_years/{end}", f"{stated} years"),
                [(f"/deal/pools/{i}/original_term_years/{end}", f"pool {p.id}")
                 for i, p in enumerate(deal.pools)],
                [f"the pools' terms run from {min(mins)} to {max(maxes)} years"])
    for base, name, group in context.groups():
        original, remaining = group.wa_original_term_months, group.wa_remaining_term_months
        term = group.original_term_years
        if original is not None and term is not None and term.min is not None and (
            term.max is not None
        ):
            low, high = Decimal(term.min * 12), Decimal(term.max * 12)
            printed = Interval.printed(original)
            if printed.high < low or printed.low > high:
                yield context.diagnostic(
                    "E211", f"{name}: the weighted average original term is outside the "
                    "range of original terms",
                    (f"{base}/wa_original_term_months", f"{show(original)} months"),
                    [(f"{base}/original_term_years/min", f"{term.min} years"),
                     (f"{base}/original_term_years/max", f"{term.max} years")],
                    [f"{term.min} to {term.max} years is {show(low)} to {show(high)} months"])
        if original is not None and remaining is not None and (
            Interval.printed(remaining).low > Interval.printed(original).high
        ):
            yield context.diagnostic(
                "E211", f"{name}: the weighted average remaining term is longer than the "
                "original term",
                (f"{base}/wa_remaining_term_months", f"{show(remaining)} months"),
                [(f"{base}/wa_original_term_months", f"{show(original)} months")],
                [f"{show(remaining)} > {show(original)}"])
