"""Token text to typed values, exactly as printed.

Money and rates become `Decimal` from their printed digits (never a float):
``$225,000.00`` is ``Decimal("225000.00")`` and keeps its two decimals.
A value that has the shape of its kind but no meaning (``February 30, 2003``)
raises `ValueError` with a message for the diagnostic.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from dealc.compiler.vocabulary import Kind

MONTHS = {  # by name and by abbreviation
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})")

Value = Decimal | datetime.date | int | str | bool


def parse_decimal(text: str) -> Decimal:
    cleaned = text.replace("$", "").replace("%", "").replace(",", "").replace(" ", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None


def parse_date(text: str) -> datetime.date:
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date")
    month = MONTHS.get(match.group(1).lower())
    if month is None:
        raise ValueError(f"{match.group(1)!r} is not a month")
    try:
        return datetime.date(int(match.group(3)), month, int(match.group(2)))
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid date ({error})") from None


def parse_integer(text: str) -> int:
    value = parse_decimal(text)
    if value != value.to_integral_value() or "." in text:
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


def convert(kind: Kind, text: str) -> Value:
    """The value of a token of a field of the given kind."""
    if kind in (Kind.MONEY, Kind.PERCENT, Kind.MONTHS):
        return parse_decimal(text)
    if kind is Kind.DATE:
        return parse_date(text)
    if kind in (Kind.COUNT, Kind.YEARS):
        return parse_integer(text)
    if kind is Kind.NONE_IS_ZERO:
        return Decimal(0)
    if kind is Kind.STATED_TRUE:
        return True
    return " ".join(text.split())


def format_decimal(value: Decimal) -> str:
    """A decimal's printed digits, never in exponent notation."""
    return format(value, "f")
