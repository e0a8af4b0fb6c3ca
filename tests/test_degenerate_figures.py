"""Figures a filing may print but no average can be taken of (zeros) never crash a compile."""

from __future__ import annotations

import re

import pytest

from dealc.compiler import compile_text

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
MONEY = sorted(set(re.findall(r"\$[0-9][0-9,]*\.[0-9]{2}", TEXT)))
PERCENT = sorted(set(re.findall(r"[0-9]+\.[0-9]+%", TEXT)))


@pytest.mark.parametrize("figure", MONEY[:40])
def test_a_zero_amount_is_checked_not_crashed_on(figure: str) -> None:
    filing = compile_text(TEXT.replace(figure, "$0.00"), path="zero.txt")
    assert filing.deal is not None  # compiled; the checks say what no longer adds up


def test_every_amount_zero() -> None:
    text = TEXT
    for figure in MONEY:
        text = text.replace(figure, "$0.00")
    filing = compile_text(text, path="zeros.txt")
    assert filing.deal is not None and filing.deal.aggregate_balance == 0


def test_every_rate_zero() -> None:
    text = TEXT
    for figure in PERCENT:
        text = text.replace(figure, "0.000%")
    filing = compile_text(text, path="zero-rates.txt")
    assert filing.deal is not None
