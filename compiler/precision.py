"""Printed precision: a printed figure stands for an interval, and checks compare intervals.

A weighted average printed as ``6.200`` means some value in [6.1995, 6.2005]:
half a unit in its last printed place.  A figure recomputed from other
printed figures carries their rounding too.  So every check evaluates its
arithmetic on intervals (`Interval`) and a printed figure agrees with its
recomputation when their intervals meet.  Nothing is tuned per check: the
real filing is clean because its figures are consistent to the digits they
print, and a changed digit is caught because it moves the figure by a whole
unit of its last place, twice the room the rounding allows.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import attrs

ZERO = Decimal(0)


def half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last printed place: 0.0005 for 6.298, 0.5 for 12,084,855."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "printed figures are finite"
    return Decimal(5).scaleb(exponent - 1)


@attrs.frozen
class Interval:
    low: Decimal
    high: Decimal

    @classmethod
    def printed(cls, value: Decimal) -> Interval:
        """What a printed figure stands for."""
        half = half_unit(value)
        return cls(value - half, value + half)

    @classmethod
    def amount(cls, value: Decimal) -> Interval:
        """A money amount: exact when printed to the cent, else rounded to its last place."""
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent <= -2:
            return cls(value, value)
        return cls.printed(value)

    @classmethod
    def exact(cls, value: Decimal | int) -> Interval:
        value = Decimal(value)
        return cls(value, value)

    @property
    def middle(self) -> Decimal:
        return (self.low + self.high) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def __mul__(self, other: Interval) -> Interval:
        products = (self.low * other.low, self.low * other.high,
                    self.high * other.low, self.high * other.high)
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.low <= 0 <= other.high:
            raise ZeroDivisionError("dividing by an interval that holds zero")
        quotients = (self.low / other.low, self.low / other.high,
                     self.high / other.low, self.high / other.high)
        return Interval(min(quotients), max(quotients))

    def scale(self, factor: Decimal) -> Interval:
        return Interval(self.low * factor, self.high * factor) if factor >= 0 else Interval(
            self.high * factor, self.low * factor
        )

    def meets(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


def total(intervals: list[Interval]) -> Interval:
    result = Interval.exact(0)
    for interval in intervals:
        result = result + interval
    return result


def weighted_average(pairs: list[tuple[Interval, Interval]]) -> Interval:
    """The range of sum(w * v) / sum(w) over weights and values in their intervals.

    The average rises with every value, so its least is at the values' lows
    and its most at their highs; over the weights its extremes lie at corners
    of their box, which are enumerated (a deal has a handful of pools).
    """
    if not pairs:
        raise ValueError("an average of nothing")
    lows = [value.low for _, value in pairs]
    highs = [value.high for _, value in pairs]
    if len(pairs) > 10:  # never in a real deal; a looser bound, still sound
        weights = total([weight for weight, _ in pairs])
        return Interval(
            total([w * Interval.exact(v) for (w, _), v in zip(pairs, lows, strict=True)]).low
            / weights.high,
            total([w * Interval.exact(v) for (w, _), v in zip(pairs, highs, strict=True)]).high
            / weights.low,
        )
    corners = list(itertools.product(*[(weight.low, weight.high) for weight, _ in pairs]))
    return Interval(
        min(_mean(corner, lows) for corner in corners),
        max(_mean(corner, highs) for corner in corners),
    )


def _mean(weights: tuple[Decimal, ...], values: list[Decimal]) -> Decimal:
    return sum((w * v for w, v in zip(weights, values, strict=True)), ZERO) / sum(weights, ZERO)
