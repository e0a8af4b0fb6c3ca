"""Every diagnostic code dealc can emit: its severity and its one-line title.

`docs/diagnostics.md` documents each of these; a test keeps the two in step,
and `Diagnostic` refuses a code that is not listed here, or a severity other
than the table's (an error is allowed where the table says warning: that is
``--strict`` or ``--Werror`` at work).  Codes by hundred: 0xx reading the
input, 1xx layout and parsing, 2xx semantic checks, 3xx grammar extensions
(`dealc grammar check`).  The letter of a code repeats its severity for the
reader; the table, not the letter, is what dealc goes by.
"""

from __future__ import annotations

import enum

import attrs


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@attrs.frozen
class Code:
    code: str
    severity: Severity
    title: str


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

TABLE: tuple[Code, ...] = (
    Code("W001", W, "the input is not UTF-8 and was read as Windows-1252"),
    Code("W002", W, "the input contains NUL bytes"),
    Code("E101", E, "the filing ends before it is complete"),
    Code("W102", W, "a sentence was not recognised"),
    Code("W103", W, "a cover-page value is malformed"),
    Code("E104", E, "two statements of the same fact disagree"),
    Code("W105", W, "a figure is stated as of a date other than the cut-off date"),
    Code("E106", E, "a value in a recognised sentence is malformed"),
    Code("W110", W, "the cover page gives two different values for one field"),
    Code("W113", W, "a cover-page month is misprinted and read as the nearest month"),
    Code("N114", N, "a cover-page field holds a placeholder, not a value"),
    Code("E201", E, "pool balances do not add up to the aggregate balance"),
    Code("E202", E, "pool loan counts do not add up to the number of all loans"),
    Code("E203", E, "an all-loans average is not the balance-weighted average of the pools'"),
    Code("E204", E, "premium and discount balances do not add up to the pool balance"),
    Code("E205", E, "a pool's average is not the average of its premium and discount loans'"),
    Code("E206", E, "class balances do not add up to the aggregate balance"),
    Code("E207", E, "a subordination level is not the junior classes' share of the aggregate"),
    Code("W208", W, "the optional repurchase threshold is not the clean-up call share of the "
                    "aggregate balance"),
    Code("E209", E, "dates are out of order"),
    Code("E210", E, "a bound does not hold"),
    Code("E211", E, "terms disagree"),
    Code("W212", W, "a balance is stated as of a date other than the cut-off date"),
    Code("E301", E, "a grammar extension does not build"),
    Code("E302", E, "an alias names no semantic action"),
    Code("E303", E, "a field is given operands it cannot take"),
    Code("E304", E, "a terminal collides with the core's"),
    Code("E305", E, "a grammar extension makes an LALR conflict"),
    Code("E306", E, "a pattern can take exponential time"),
    Code("E307", E, "a grammar extension overrides the core's wording"),
    Code("E308", E, "a grammar extension loses or changes a fact of a shipped filing"),
    Code("E309", E, "a sentence rule does not end with its full stop"),
    Code("W310", W, "a terminal of a grammar extension is shadowed by another"),
    Code("N107", N, "dealc does not compile the body of this kind of 8-K"),
    Code("E108", E, "a 'respectively' sentence has more or fewer values than groups"),
)

CODES: dict[str, str] = {entry.code: entry.title for entry in TABLE}
SEVERITIES: dict[str, Severity] = {entry.code: entry.severity for entry in TABLE}


def severity_of(code: str) -> Severity:
    """The severity a diagnostic of this code has (KeyError for an unknown code)."""
    return SEVERITIES[code]
