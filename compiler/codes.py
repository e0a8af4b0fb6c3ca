"""Every diagnostic code dealc can emit, with its one-line title.

`docs/diagnostics.md` documents each of these; a test keeps the two in step,
and `Diagnostic` refuses a code that is not listed here.  Codes by hundred:
0xx reading the input, 1xx layout and parsing, 2xx semantic checks, 3xx grammar
extensions (`dealc grammar check`).
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "W001": "the input is not UTF-8 and was read as Windows-1252",
    "W002": "the input contains NUL bytes",
    "E101": "the filing ends before it is complete",
    "W102": "a sentence was not recognised",
    "W103": "a cover-page value is malformed",
    "E104": "two statements of the same fact disagree",
    "W105": "a figure is stated as of a date other than the cut-off date",
    "E106": "a value in a recognised sentence is malformed",
    "W110": "the cover page gives two different values for one field",
    "E201": "pool balances do not add up to the aggregate balance",
    "E202": "pool loan counts do not add up to the number of all loans",
    "E203": "an all-loans average is not the balance-weighted average of the pools'",
    "E204": "premium and discount balances do not add up to the pool balance",
    "E205": "a pool's average is not the average of its premium and discount loans'",
    "E206": "class balances do not add up to the aggregate balance",
    "E207": "a subordination level is not the junior classes' share of the aggregate",
    "W208": "the optional repurchase threshold is not 10% of the aggregate balance",
    "E209": "dates are out of order",
    "E210": "a bound does not hold",
    "E211": "terms disagree",
    "W212": "a balance is stated as of a date other than the cut-off date",
    "E301": "a grammar extension does not build",
    "E302": "an alias names no semantic action",
    "E303": "a field is given operands it cannot take",
    "E304": "a terminal collides with the core's",
    "E305": "a grammar extension makes an LALR conflict",
    "E306": "a pattern can take exponential time",
    "E307": "a grammar extension overrides the core's wording",
    "E308": "a grammar extension loses or changes a fact of a shipped filing",
    "N107": "dealc does not compile the body of this kind of 8-K",
    "E108": "a 'respectively' sentence has more or fewer values than groups",
}
