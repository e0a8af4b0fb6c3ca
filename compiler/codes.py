"""Every diagnostic code dealc can emit, with its one-line title.

`docs/diagnostics.md` documents each of these; a test keeps the two in step,
and `Diagnostic` refuses a code that is not listed here.  Codes by hundred:
0xx reading the input, 1xx layout and parsing, 2xx semantic checks.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "W001": "the input is not UTF-8 and was read as Windows-1252",
    "E101": "the filing ends before it is complete",
    "W102": "a sentence was not recognised",
    "W103": "a cover-page value is malformed",
    "E104": "two statements of the same fact disagree",
    "W105": "a figure is stated as of a date other than the cut-off date",
    "E106": "a value in a recognised sentence is malformed",
    "W110": "the cover page gives two different values for one field",
    "N107": "dealc does not compile the body of this kind of 8-K",
    "E108": "a 'respectively' sentence has more or fewer values than groups",
}
