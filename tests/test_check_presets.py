"""Check presets: what W208 and E207 assume about a depositor's habits, and nothing more.

The defaults are today's assumptions (a 10% clean-up call, classes printed senior to
junior); a dialect may set another share, none, or no printed order.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from random import Random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealc.compiler import ast
from dealc.compiler.checks import CheckContext, CheckPresets, run
from dealc.compiler.diagnostics import Diagnostic

from .strategies import filings

UNORDERED = CheckPresets(classes_senior_first=False)


def checked(filing: ast.CompiledFiling, deal: ast.Deal | None = None,
            presets: CheckPresets | None = None) -> list[Diagnostic]:
    deal = deal if deal is not None else filing.deal
    assert deal is not None
    if presets is None:
        return run(CheckContext(deal, filing.cover, filing.signature, {}))
    return run(CheckContext(deal, filing.cover, filing.signature, {}, presets))


def codes(found: list[Diagnostic]) -> set[str]:
    return {d.code for d in found}


def with_threshold(deal: ast.Deal, share: str) -> ast.Deal:
    assert deal.aggregate_balance is not None
    threshold = (deal.aggregate_balance * Decimal(share) / 100).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN)
    return attrs.evolve(deal, optional_repurchase_threshold=threshold)


def junior_first(deal: ast.Deal) -> ast.Deal:
    return attrs.evolve(deal, classes=deal.classes[::-1])


def with_level(deal: ast.Deal, name: str, level: str) -> ast.Deal:
    return attrs.evolve(deal, classes=tuple(
        attrs.evolve(c, subordination_level_pct=Decimal(level)) if c.name == name else c
        for c in deal.classes))


# ------------------------------------------------------------------- defaults
def test_the_defaults_are_todays_assumptions(seed: ast.CompiledFiling) -> None:
    assert CheckPresets() == CheckPresets(clean_up_call_pct=Decimal(10),
                                          classes_senior_first=True)
    assert seed.deal is not None
    assert CheckContext(seed.deal, seed.cover, seed.signature, {}).presets == CheckPresets()
    assert checked(seed) == checked(seed, presets=CheckPresets()) == []


@pytest.mark.parametrize("share", ["0", "-5", "100.01", "NaN"])
def test_a_share_is_a_percentage(share: str) -> None:
    with pytest.raises(ValueError, match="clean-up call share"):
        CheckPresets(clean_up_call_pct=Decimal(share))


# ----------------------------------------------------------------------- W208
def test_w208_checks_the_default_share(seed: ast.CompiledFiling) -> None:
    assert seed.deal is not None
    [warning] = [d for d in checked(seed, with_threshold(seed.deal, "5")) if d.code == "W208"]
    assert warning.message == (
        "the optional repurchase threshold is not 10% of the aggregate balance")


def test_no_share_no_w208(seed: ast.CompiledFiling) -> None:
    assert seed.deal is not None
    unknown = CheckPresets(clean_up_call_pct=None)
    for share in ("5", "10", "12.5"):
        assert "W208" not in codes(checked(seed, with_threshold(seed.deal, share), unknown))


def test_w208_checks_the_presets_share(seed: ast.CompiledFiling) -> None:
    assert seed.deal is not None
    five = CheckPresets(clean_up_call_pct=Decimal(5))
    assert "W208" not in codes(checked(seed, with_threshold(seed.deal, "5"), five))
    [warning] = [d for d in checked(seed, presets=five) if d.code == "W208"]  # the seed's 10%
    assert warning.message == (
        "the optional repurchase threshold is not 5% of the aggregate balance")
    assert warning.notes == ("5% of 757,241,656.27 is 37,862,082.81 (cents truncated), "
                             "the filing says 75,724,165.62",)


def test_a_fractional_share(seed: ast.CompiledFiling) -> None:
    assert seed.deal is not None
    share = CheckPresets(clean_up_call_pct=Decimal("7.5"))
    assert "W208" not in codes(checked(seed, with_threshold(seed.deal, "7.5"), share))
    assert "W208" in codes(checked(seed, with_threshold(seed.deal, "7.6"), share))


# ----------------------------------------------------------------------- E207
def test_e207_assumes_senior_first_by_default(seed: ast.CompiledFiling) -> None:
    assert seed.deal is not None
    assert "E207" in codes(checked(seed, junior_first(seed.deal)))


def test_without_a_printed_order_the_order_does_not_matter(seed: ast.CompiledFiling) -> None:
    assert seed.deal is not None
    deal = seed.deal
    for classes in (deal.classes, deal.classes[::-1], deal.classes[3:] + deal.classes[:3]):
        assert checked(seed, attrs.evolve(deal, classes=classes), UNORDERED) == []


def test_without_a_printed_order_a_wrong_level_is_still_caught(
    seed: ast.CompiledFiling,
) -> None:
    """B-2's level from 0.700128449895% to 0.800128449895% (tests/mutations.py), in any order:
    the classes with lower levels and B-6 (no level) make at most 0.7001...%."""
    assert seed.deal is not None
    wrong = with_level(seed.deal, "B-2", "0.800128449895")
    for deal in (wrong, junior_first(wrong)):
        [error] = [d for d in checked(seed, deal, UNORDERED) if d.code == "E207"]
        assert error.message == ("class B-2's subordination level is not the junior classes' "
                                 "share of the aggregate balance")
        assert error.notes[0].startswith("classes B-3, B-4, B-5: 4,165,000.00 / 757,241,656.27")
        assert error.notes[1] == (
            "the classes are ranked by their levels, not by the filing's order; with classes "
            "B-6, whose rank is unknown, at most 0.7001284498947%")


def test_without_a_printed_order_a_level_too_low_is_caught(seed: ast.CompiledFiling) -> None:
    """A's level below the share of the classes printed with lower levels."""
    assert seed.deal is not None
    wrong = junior_first(with_level(seed.deal, "A", "1.950127919560"))
    assert "E207" in codes(checked(seed, wrong, UNORDERED))


def test_a_level_too_high_for_every_order_is_caught(seed: ast.CompiledFiling) -> None:
    """More than every other class together: wrong whatever the order."""
    assert seed.deal is not None
    wrong = junior_first(with_level(seed.deal, "B-5", "3.000000000000"))
    assert "E207" in codes(checked(seed, wrong, UNORDERED))


@given(filings(), st.randoms(use_true_random=False))
def test_generated_deals_in_any_order_pass_without_a_printed_order(
    filing: ast.CompiledFiling, rng: Random
) -> None:
    """No false alarm: a consistent deal, its classes in any order, passes every check."""
    assert filing.deal is not None
    classes = list(filing.deal.classes)
    rng.shuffle(classes)
    deal = attrs.evolve(filing.deal, classes=tuple(classes))
    assert checked(filing, deal, UNORDERED) == []
    assert checked(filing, deal, CheckPresets(None, False)) == []
