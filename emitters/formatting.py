"""Figures written the way the filings print them: $549,864,882.81, 6.298%, February 1, 2003."""

from __future__ import annotations

import datetime
from decimal import Decimal


def plural(number: int, noun: str) -> str:
    """ "1 error", "2 errors", "0 warnings", "232,650 warnings"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def money(value: Decimal) -> str:
    return f"${value:,f}"


def percent(value: Decimal) -> str:
    return f"{value:f}%"


def number(value: Decimal | int) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def date(value: datetime.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"
