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
import functools
from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_UP, Decimal

import attrs

from dealc.compiler import ast, fields
from dealc.compiler.codes import severity_of
from dealc.compiler.diagnostics import Diagnostic, Label
from dealc.compiler.fields import AtMost, NotAfter, Percentage, Scope
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
class CheckPresets:
    """What the checks assume about how a depositor drafts its deals: a dialect's presets.

    The defaults are the assumptions dealc has always made; a dialect (the folder of one
    issuer's wording) may set others.

    - ``clean_up_call_pct``: the optional repurchase (clean-up call) threshold as a
      percentage of the aggregate balance, cents truncated (W208).  ``None``: the dialect
      knows no share, and W208 is not checked.
    - ``classes_senior_first``: the filing prints its certificate classes senior to junior,
      so a class's junior classes are those after it (E207).  ``False``: no order is assumed;
      E207 ranks the classes by their printed subordination levels instead (see
      `subordination_levels`).
    """

    clean_up_call_pct: Decimal | None = Decimal(10)
    classes_senior_first: bool = True

    def __attrs_post_init__(self) -> None:
        share = self.clean_up_call_pct
        if share is not None and not (share.is_finite() and 0 < share <= 100):
            raise ValueError(f"a clean-up call share is over 0% and at most 100%, not {share}%")


@attrs.frozen
class CheckContext:
    """The deal under check, where each of its facts was read, and the presets that apply."""

    deal: ast.Deal
    cover: ast.Cover
    signature: ast.Signature | None
    spans: dict[str, Span]
    presets: CheckPresets = CheckPresets()

    def value_at(self, pointer: str) -> object:
        """The value a pointer such as ``/deal/pools/0/balance`` names; None where a step of
        it is absent (no signature, no additional collateral, no pool 5)."""
        root, steps = _steps(pointer)
        value: object = (self.deal if root == "deal" else self.cover if root == "cover"
                         else self.signature)
        for step in steps:
            if value is None:
                return None
            if isinstance(step, int):
                assert isinstance(value, tuple)
                value = value[step] if step < len(value) else None
            else:
                value = getattr(value, step)
        return value

    def groups(self) -> Iterator[tuple[str, str, ast.LoanGroup]]:
        """(pointer, name, group) for every pool and for all loans."""
        for index, pool in enumerate(self.deal.pools):
            yield fields.pool(index), f"pool {pool.id}", pool
        if self.deal.all_loans is not None:
            yield fields.ALL_LOANS, "all mortgage loans", self.deal.all_loans

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


@functools.lru_cache(maxsize=1024)
def _steps(pointer: str) -> tuple[str, tuple[str | int, ...]]:
    """A pointer's root and its steps, numbers as ints: read once, not at every check."""
    root, *steps = pointer.strip("/").split("/")
    if root not in ("deal", "cover", "signature"):
        raise KeyError(root)
    return root, tuple(int(step) if step.isdigit() else step for step in steps)


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
        (_AGGREGATE.pointer(""), "aggregate balance", deal.aggregate_balance),
        [(_BALANCE.pointer(fields.pool(i)), f"pool {p.id}", p.balance)
         for i, p in enumerate(deal.pools)],
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
        (_LOAN_COUNT.pointer(fields.ALL_LOANS), "all mortgage loans"),
        [(_LOAN_COUNT.pointer(fields.pool(i)), f"pool {p.id}") for i, p in enumerate(deal.pools)],
        [f"{' + '.join(show(c) for c in parts)} = {show(sum(parts))}, "
         f"the filing says {show(whole)}"],
    )


def _group(relative: str) -> fields.Entry:
    """A loan group fact of the field table (`dealc.compiler.ast`), by its path."""
    return fields.find(ast.LoanGroup, Scope.GROUP, relative)


def _class(relative: str) -> fields.Entry:
    """A certificate class fact of the field table, by its path."""
    return fields.find(ast.CertificateClass, Scope.CLASS, relative)


def _deal(relative: str) -> fields.Entry:
    """A deal fact of the field table, by its path below the deal."""
    return fields.find(ast.Deal, Scope.DOCUMENT, f"deal/{relative}", ("deal",))


# The facts the checks' own arithmetic reads, with their pointers from the field table.
_GROUP_FACTS = tuple(fields.walk(ast.LoanGroup, Scope.GROUP))
_BALANCE = _group("balance")
_LOAN_COUNT = _group("loan_count")
_LARGEST = _group("original_balance_max")
_LATEST_MATURITY = _group("latest_maturity")
_TERM_MIN = _group("original_term_years/min")
_TERM_MAX = _group("original_term_years/max")
_ORIGINAL_TERM = _group("wa_original_term_months")
_REMAINING_TERM = _group("wa_remaining_term_months")
_INITIAL_BALANCE = _class("initial_balance")
_LEVEL = _class("subordination_level_pct")
_AGGREGATE = _deal("aggregate_balance")
_THRESHOLD = _deal("optional_repurchase_threshold")
# The dates facts are stated as of (`Fact.instant`): the deal's (the cut-off date), a
# class's and the loss limits'.
_INSTANTS = tuple(entry for entry in fields.walk(ast.Deal, Scope.DOCUMENT, ("deal",))
                  if entry.fact.instant)
_CUTOFF = next(entry for entry in _INSTANTS if len(entry.path) == 2)
_LOSS_LIMITS_AS_OF = next(entry for entry in _INSTANTS
                          if entry.path[1] == fields.node_field(ast.Deal, ast.LossLimits))
_CLASS_AS_OF = next(entry for entry in fields.walk(ast.CertificateClass, Scope.CLASS)
                    if entry.fact.instant)


def _date(entry: fields.Entry, node: object) -> datetime.date | None:
    """The date a fact of the table names in a node (its last step: the node holds it)."""
    value = getattr(node, entry.name)
    assert value is None or isinstance(value, datetime.date)
    return value
# The facts whose all-loans value is the pools' balance-weighted average (E203), and those
# of them the premium and discount loans state too (E205): from the field table.
_AVERAGES = tuple(entry for entry in _GROUP_FACTS if entry.fact.weighted)
_SUBSET_AVERAGES = tuple(entry for entry in _AVERAGES if entry.fact.subsets)


@rule("E203", "all-loans averages are the balance-weighted averages of the pools'")
def all_loans_averages(context: CheckContext) -> Iterator[Diagnostic]:
    """Each all-loans weighted average (rate, remaining and original term, LTV) is the
    pools' figures weighted by their balances."""
    deal = context.deal
    if deal.all_loans is None or not deal.pools:
        return
    for entry in _AVERAGES:
        stated, title = entry.get(deal.all_loans), entry.fact.weighted
        values = [entry.get(pool) for pool in deal.pools]
        weights = [pool.balance for pool in deal.pools if pool.balance is not None]
        if (stated is None or None in values or len(weights) != len(values)
                or not all(weight > 0 for weight in weights)):
            continue  # no weighted average of a zero balance
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
            (entry.pointer(fields.ALL_LOANS), "all mortgage loans"),
            [(entry.pointer(fields.pool(i)), f"pool {p.id}") for i, p in enumerate(deal.pools)]
            + [(_BALANCE.pointer(fields.pool(i)), f"pool {p.id} balance")
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
        base = fields.pool(index)
        yield context.diagnostic(
            "E204",
            f"pool {pool.id}'s premium and discount balances do not add up to its balance",
            (_BALANCE.pointer(base), f"pool {pool.id}"),
            [(_BALANCE.subset_pointer(base, subset), f"{subset} loans")
             for subset in fields.SUBSETS],
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
        base = fields.pool(index)
        for entry in _SUBSET_AVERAGES:
            stated, title = entry.get(pool), entry.fact.weighted
            values = [entry.get(part) for part in parts]
            weights = [part.balance for part in parts if part.balance is not None]
            if (stated is None or None in values or len(weights) != len(values)
                    or not all(weight > 0 for weight in weights)):
                continue  # no weighted average of a zero balance
            pairs = [(Interval.amount(w), Interval.printed(v))
                     for w, v in zip(weights, values, strict=True)]
            computed = weighted_average(pairs)
            if computed.meets(Interval.printed(stated)):
                continue
            yield context.diagnostic(
                "E205",
                f"pool {pool.id}'s {title} is not the average of its premium and discount loans'",
                (entry.pointer(base), f"pool {pool.id}"),
                [(entry.subset_pointer(base, subset), f"{subset} loans")
                 for subset in fields.SUBSETS]
                + [(_BALANCE.subset_pointer(base, subset), f"{subset} balance")
                   for subset in fields.SUBSETS],
                [f"weighted by balance: {show_interval(computed, stated)}, "
                 f"the filing says {show(stated)}", tolerance_note(stated)],
            )


@rule("E206", "class balances add up to the aggregate balance")
def class_balances(context: CheckContext) -> Iterator[Diagnostic]:
    """The certificate classes' initial balances sum to the aggregate loan balance."""
    deal = context.deal
    yield from _sum_of_parts(
        context, "E206", "class balances do not add up to the aggregate balance",
        (_AGGREGATE.pointer(""), "aggregate balance", deal.aggregate_balance),
        [(_INITIAL_BALANCE.pointer(fields.certificate_class(i)), f"class {c.name}",
          c.initial_balance)
         for i, c in enumerate(deal.classes)],
    )


@attrs.frozen
class _Ranks:
    """Which classes are junior to one class: surely, or perhaps (their rank is unknown);
    and the class just senior to it, if any."""

    junior: tuple[int, ...]
    unranked: tuple[int, ...]
    above: int | None


def _ranks_in_filing_order(classes: tuple[ast.CertificateClass, ...], index: int) -> _Ranks:
    """Classes printed senior to junior: those after a class are junior to it."""
    return _Ranks(tuple(range(index + 1, len(classes))), (), index - 1 if index else None)


def _ranks_by_level(classes: tuple[ast.CertificateClass, ...], index: int) -> _Ranks:
    """No printed order: a class whose printed level is lower (beyond rounding) is junior
    (listed senior first), higher is senior; a class with no level, or an indistinguishable
    one, is unranked."""
    level = classes[index].subordination_level_pct
    assert level is not None
    mine = Interval.printed(level)
    junior: list[int] = []
    unranked: list[int] = []
    above: tuple[Decimal, int] | None = None
    for other, certificate in enumerate(classes):
        if other == index:
            continue
        theirs = certificate.subordination_level_pct
        if theirs is not None and Interval.printed(theirs).high < mine.low:
            junior.append(other)
        elif theirs is not None and Interval.printed(theirs).low > mine.high:
            above = min(above, (theirs, other)) if above else (theirs, other)
        else:
            unranked.append(other)
    junior.sort(key=lambda other: -(classes[other].subordination_level_pct or 0))
    return _Ranks(tuple(junior), tuple(unranked), above[1] if above else None)


@rule("E207", "subordination levels are the junior classes over the aggregate balance")
def subordination_levels(context: CheckContext) -> Iterator[Diagnostic]:
    """A class's subordination level is the balance of the classes junior to it over the
    aggregate balance, computed exactly or from the level printed for the class just
    above it less that class's share.

    Which classes are junior: with the presets' ``classes_senior_first`` (the default),
    those after it in the filing's order.  Without it, the order is taken from the levels
    themselves: classes printed with a lower level are junior, with a higher one senior,
    and classes with no level (or one equal within rounding) may be either; the level must
    then lie between the share of the junior classes and the share of the junior and the
    unranked ones together (exact when every class has a distinct level)."""
    deal = context.deal
    aggregate = deal.aggregate_balance
    if aggregate is None or not aggregate or None in [c.initial_balance for c in deal.classes]:
        return
    ranks = _ranks_in_filing_order if context.presets.classes_senior_first else _ranks_by_level
    for index, certificate in enumerate(deal.classes):
        if certificate.subordination_level_pct is not None:
            yield from _subordination_level(context, index, ranks(deal.classes, index))


def _class_share(deal: ast.Deal, indices: Iterable[int]) -> Interval:
    """The classes' balances over the aggregate balance, in percent."""
    assert deal.aggregate_balance is not None
    balances = [deal.classes[j].initial_balance for j in indices]
    whole = Interval.amount(deal.aggregate_balance)
    return (total([Interval.amount(b) for b in balances if b is not None]) / whole).scale(
        Decimal(100))


def _subordination_level(context: CheckContext, index: int, ranks: _Ranks) -> Iterator[Diagnostic]:
    """Report one class's level if the classes junior to it do not make it up."""
    deal = context.deal
    certificate = deal.classes[index]
    stated, aggregate = certificate.subordination_level_pct, deal.aggregate_balance
    assert stated is not None and aggregate is not None
    computed = _class_share(deal, ranks.junior)
    at_most = _class_share(deal, ranks.junior + ranks.unranked)
    if Interval(computed.low, at_most.high).meets(Interval.printed(stated)):
        return
    # Filings also derive a level from the level printed for the class above it,
    # less that class's share: then it carries that printed level's rounding too.
    above = deal.classes[ranks.above].subordination_level_pct if ranks.above is not None else None
    own = certificate.initial_balance
    if above is not None and own is not None:
        share = (Interval.amount(own) / Interval.amount(aggregate)).scale(Decimal(100))
        between = Interval(Decimal(0), _class_share(deal, ranks.unranked).high)
        if (Interval.printed(above) - share - between).meets(Interval.printed(stated)):
            return
    yield context.diagnostic(
        "E207",
        f"class {certificate.name}'s subordination level is not the junior classes' "
        "share of the aggregate balance",
        (_LEVEL.pointer(fields.certificate_class(index)), f"class {certificate.name}"),
        [(_INITIAL_BALANCE.pointer(fields.certificate_class(j)), f"class {deal.classes[j].name}")
         for j in sorted(ranks.junior + ranks.unranked)]
        + [(_AGGREGATE.pointer(""), "aggregate balance")],
        _level_notes(context, index, ranks, (computed, at_most)),
    )


def _level_notes(
    context: CheckContext, index: int, ranks: _Ranks, shares: tuple[Interval, Interval]
) -> list[str]:
    """The arithmetic of E207: the junior classes' share (and, with classes not ranked,
    the most it could be) against the level printed."""
    deal, (computed, at_most) = context.deal, shares
    stated, aggregate = deal.classes[index].subordination_level_pct, deal.aggregate_balance
    assert stated is not None and aggregate is not None
    junior = [deal.classes[j].initial_balance or Decimal(0) for j in ranks.junior]
    names = ", ".join(deal.classes[j].name for j in ranks.junior) or "none"
    notes = [f"classes {names}: {show(sum(junior, Decimal(0)))} / {show(aggregate)} = "
             f"{show_interval(computed, stated)}%, the filing says {show(stated)}%"]
    if not context.presets.classes_senior_first:
        unranked = ", ".join(deal.classes[j].name for j in ranks.unranked)
        notes.append("the classes are ranked by their levels, not by the filing's order"
                     + (f"; with classes {unranked}, whose rank is unknown, at most "
                        f"{show_interval(at_most, stated)}%" if unranked else ""))
    return notes


@rule("W208", "the optional repurchase threshold is the clean-up call share of the aggregate")
def repurchase_threshold(context: CheckContext) -> Iterator[Diagnostic]:
    """The clean-up call: the presets' share of the aggregate balance (10% by default),
    cents truncated; not checked when the presets know no share.  (A warning: a deal may
    set another share.)"""
    deal, share = context.deal, context.presets.clean_up_call_pct
    threshold, aggregate = deal.optional_repurchase_threshold, deal.aggregate_balance
    if threshold is None or aggregate is None or share is None:
        return
    expected = (aggregate * (share / 100)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if threshold == expected:
        return
    yield context.diagnostic(
        "W208",
        f"the optional repurchase threshold is not {show(share)}% of the aggregate balance",
        (_THRESHOLD.pointer(""), "threshold"),
        [(_AGGREGATE.pointer(""), "aggregate balance")],
        [f"{show(share)}% of {show(aggregate)} is {show(expected)} (cents truncated), "
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
    cutoff = _date(_CUTOFF, context.deal)
    pairs: list[tuple[str, str, str]] = []  # (earlier, later, message)
    for base, name, group in context.groups():
        pairs += [(entry.pointer(base), _at(base, bound.later), bound.message.format(name=name))
                  for entry, bound in _GROUP_DATES]
        term = group.original_term_years
        if group.latest_maturity and cutoff and term and term.max is not None:
            limit = _add_years(cutoff, term.max)
            if group.latest_maturity > limit:
                yield context.diagnostic(
                    "E209",
                    f"{name}: the latest maturity is later than the cut-off date plus the "
                    "longest original term",
                    (_LATEST_MATURITY.pointer(base), "latest maturity"),
                    [(_CUTOFF.pointer(""), "cut-off date"),
                     (_TERM_MAX.pointer(base), "longest original term")],
                    [f"{cutoff.isoformat()} + {term.max} years = "
                     f"{limit.isoformat()}, the filing says "
                     f"{group.latest_maturity.isoformat()}"],
                )
    pairs += [(entry.pointer(""), bound.later, bound.message) for entry, bound in _DEAL_DATES]
    for first, second, message in pairs:
        early, late = context.value_at(first), context.value_at(second)
        if not isinstance(early, datetime.date) or not isinstance(late, datetime.date) or (
            early <= late
        ):
            continue
        yield context.diagnostic(
            "E209",
            message,
            (first, _DATE_NAMES.get(first.rsplit("/", 1)[-1], "this date")),
            [(second, _DATE_NAMES.get(second.rsplit("/", 1)[-1], "that date"))],
            [f"{early.isoformat()} is after {late.isoformat()}"],
        )


def _dates(entries: Iterable[fields.Entry]) -> tuple[tuple[fields.Entry, NotAfter], ...]:
    """The dates the field table says are no later than another (E209)."""
    return tuple((entry, bound) for entry in entries for bound in entry.fact.bounds
                 if isinstance(bound, NotAfter))


_DEAL_FACTS = tuple(fields.walk(ast.Deal, Scope.DOCUMENT, ("deal",)))
_COVER_FACTS = tuple(fields.walk(ast.Cover, Scope.DOCUMENT, ("cover",)))
_GROUP_DATES = _dates(_GROUP_FACTS)
_DEAL_DATES = _dates(_DEAL_FACTS + _COVER_FACTS)
# A date's name in E209's labels: the field table's nouns.
_DATE_NAMES = {entry.name: entry.fact.noun for entry in _GROUP_FACTS + _DEAL_FACTS + _COVER_FACTS
               if entry.fact.noun is not None}


@rule("W212", "balances are stated as of the cut-off date")
def stated_dates(context: CheckContext) -> Iterator[Diagnostic]:
    """Class balances and loss limits are stated as of the cut-off date (the instants of
    the field table: `Fact.instant`)."""
    deal = context.deal
    cutoff = _date(_CUTOFF, deal)
    if cutoff is None:
        return
    stated = [(_CLASS_AS_OF.pointer(fields.certificate_class(i)), _date(_CLASS_AS_OF, c),
               f"class {c.name}'s balance is") for i, c in enumerate(deal.classes)]
    if deal.loss_limits is not None:
        stated.append((_LOSS_LIMITS_AS_OF.pointer(""), _date(_LOSS_LIMITS_AS_OF, deal.loss_limits),
                       "the loss limits are"))
    for pointer, day, name in stated:
        if day is None or day == cutoff:
            continue
        yield context.diagnostic(
            "W212",
            f"{name} stated as of {day.isoformat()}, not as of the cut-off date",
            (pointer, "stated as of this date"),
            [(_CUTOFF.pointer(""), "cut-off date")],
            [f"the cut-off date is {cutoff.isoformat()}"],
        )


# -------------------------------------------------------------------- bounds
# E210 is a table of bounds.  Each row names its facts by a path relative to a scope (a
# loan group, a pool, a class, the deal), or by an absolute pointer when it starts with
# "/"; "{name}" in a message or label is the scope's name ("pool I", "class B-1").  A row
# whose fact the deal does not state (no additional collateral, no loss limits) is skipped.


def _figure(context: CheckContext, pointer: str) -> Decimal | int | None:
    value = context.value_at(pointer)
    if value is None or isinstance(value, Decimal | int):
        return value
    raise TypeError(f"{pointer} is not a figure: {value!r}")


def _interval(value: Decimal | int) -> Interval:
    """A printed figure's interval; a count is exact."""
    return Interval.printed(value) if isinstance(value, Decimal) else Interval.exact(value)


@attrs.frozen
class _AtMost:
    """``part`` <= ``whole``, beyond the rounding both carry."""

    part: str
    part_label: str
    whole: str
    whole_label: str
    message: str

    def check(self, context: CheckContext, base: str, name: str) -> Iterator[Diagnostic]:
        part, whole = _at(base, self.part), _at(base, self.whole)
        part_value, whole_value = _figure(context, part), _figure(context, whole)
        if part_value is None or whole_value is None:
            return
        if _interval(part_value).low <= _interval(whole_value).high:
            return
        yield context.diagnostic(
            "E210",
            self.message.format(name=name),
            (part, self.part_label.format(name=name)),
            [(whole, self.whole_label.format(name=name))],
            [f"{show(part_value)} > {show(whole_value)}"],
        )


@attrs.frozen
class _Percentage:
    """``path`` between 0 and 100, as printed; ``note`` may name the ``{field}``."""

    path: str
    message: str
    note: str | None = None

    def check(self, context: CheckContext, base: str, name: str) -> Iterator[Diagnostic]:
        pointer = _at(base, self.path)
        value = _figure(context, pointer)
        if value is None or 0 <= value <= 100:
            return
        field = pointer.rsplit("/", 1)[-1]
        yield context.diagnostic(
            "E210",
            self.message.format(name=name),
            (pointer, f"{show(value)}%"),
            notes=[self.note.format(field=field, value=show(value))] if self.note else [],
        )


def _at(base: str, path: str) -> str:
    return path if path.startswith("/") else f"{base}/{path}"


def _bound(path: str, declared: AtMost | Percentage, subset: str | None = None) -> _Bound:
    """A bound of the field table on the fact at ``path`` ("{subset}" filled in)."""
    def fill(text: str) -> str:
        return text.format(name="{name}", subset=subset) if subset else text

    if isinstance(declared, Percentage):
        return _Percentage(path, fill(declared.message), declared.note)
    return _AtMost(path, fill(declared.label), declared.whole, fill(declared.whole_label),
                   fill(declared.message))


_Bound = _AtMost | _Percentage


def _bounds(entries: Iterable[fields.Entry], pools: bool) -> tuple[_Bound, ...]:
    """The bounds the field table declares on facts of one scope (E210): those for every
    loan group, or (``pools``) those only for the pools; then each premium and discount
    subset's bounds."""
    found: list[_Bound] = []
    subset_bounds: list[_Bound] = []
    for entry in entries:
        path = entry.pointer("") if entry.scope is Scope.DOCUMENT else entry.relative
        found += [_bound(path, declared) for declared in _e210(entry.fact.bounds)
                  if (declared.pools_only if isinstance(declared, AtMost) else False) == pools]
        if not pools:
            subset_bounds += [
                _bound(f"{fields.subset_path(subset)}/{entry.relative}", declared, subset)
                for declared in _e210(entry.fact.subset_bounds) for subset in fields.SUBSETS]
    return (*found, *subset_bounds)


def _e210(declared: Iterable[fields.Bound]) -> list[AtMost | Percentage]:
    return [bound for bound in declared if not isinstance(bound, NotAfter)]


_GROUP_BOUNDS = _bounds(_GROUP_FACTS, pools=False)
_POOL_BOUNDS = _bounds(_GROUP_FACTS, pools=True)
_CLASS_BOUNDS = _bounds(fields.walk(ast.CertificateClass, Scope.CLASS), pools=False)
_DEAL_BOUNDS = _bounds(fields.walk(ast.Deal, Scope.DOCUMENT, ("deal",)), pools=False)


def _average_balance(
    context: CheckContext, base: str, name: str, group: ast.LoanGroup
) -> Iterator[Diagnostic]:
    """The average loan balance is at most the largest original balance."""
    balance, count, largest = group.balance, group.loan_count, group.original_balance_max
    if balance is None or not count or not largest or balance / count <= largest:
        return
    average = balance / count
    yield context.diagnostic(
        "E210", f"{name}: the average loan balance exceeds the largest original balance",
        (_BALANCE.pointer(base), "balance"),
        [(_LOAN_COUNT.pointer(base), "loans"),
         (_LARGEST.pointer(base), "largest original balance")],
        [f"{show(balance)} / {show(count)} = {show(average.quantize(Decimal('0.01')))}"])


def _scopes(deal: ast.Deal) -> Iterator[tuple[str, str, tuple[_AtMost | _Percentage, ...]]]:
    """(pointer, name, bounds) of every pool, class and the deal, after the loan groups."""
    for index, pool in enumerate(deal.pools):
        yield fields.pool(index), f"pool {pool.id}", _POOL_BOUNDS
    for index, certificate in enumerate(deal.classes):
        yield fields.certificate_class(index), f"class {certificate.name}", _CLASS_BOUNDS
    yield "/deal", "the deal", _DEAL_BOUNDS


@rule("E210", "bounds hold")
def bounds(context: CheckContext) -> Iterator[Diagnostic]:
    """Percentages between 0 and 100; minimum <= maximum; weighted LTV <= maximum LTV;
    LTV counting additional collateral <= LTV without it; a part <= its whole (balances
    and counts of subsets, pools, classes, limits <= the aggregate); the average loan
    balance <= the largest original balance."""
    for base, name, group in context.groups():
        for bound in _GROUP_BOUNDS:
            yield from bound.check(context, base, name)
        yield from _average_balance(context, base, name, group)
    for base, name, table in _scopes(context.deal):
        for bound in table:
            yield from bound.check(context, base, name)


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
        for end, stated, expected, extreme in (
                (_TERM_MIN, whole.min, min(mins, default=None), "shortest"),
                (_TERM_MAX, whole.max, max(maxes, default=None), "longest")):
            if stated is None or expected is None or stated == expected:
                continue
            yield context.diagnostic(
                "E211", f"the all-loans {extreme} original term is not the pools'",
                (end.pointer(fields.ALL_LOANS), f"{stated} years"),
                [(end.pointer(fields.pool(i)), f"pool {p.id}") for i, p in enumerate(deal.pools)],
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
                    (_ORIGINAL_TERM.pointer(base), f"{show(original)} months"),
                    [(_TERM_MIN.pointer(base), f"{term.min} years"),
                     (_TERM_MAX.pointer(base), f"{term.max} years")],
                    [f"{term.min} to {term.max} years is {show(low)} to {show(high)} months"])
        if original is not None and remaining is not None and (
            Interval.printed(remaining).low > Interval.printed(original).high
        ):
            yield context.diagnostic(
                "E211", f"{name}: the weighted average remaining term is longer than the "
                "original term",
                (_REMAINING_TERM.pointer(base), f"{show(remaining)} months"),
                [(_ORIGINAL_TERM.pointer(base), f"{show(original)} months")],
                [f"{show(remaining)} > {show(original)}"])
