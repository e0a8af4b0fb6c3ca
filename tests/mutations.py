"""Named changes to the seed filing that each break one consistency of the deal.

Shared by the snapshot tests of the diagnostic rendering and by the examples
in docs/diagnostics.md (a test checks that they agree).
"""

from __future__ import annotations

# code -> (text in the seed, replacement): the smallest plausible typo that the check catches.
EXAMPLES: dict[str, tuple[str, str]] = {
    "E201": ("$549,864,882.81", "$549,864,883.81"),
    "E202": ("1175 pool I", "1176 pool I"),
    "E203": ("5.942% and 6.200%", "5.942% and 6.300%"),
    "E204": ("$537,928,669", "$537,928,679"),
    "E205": ("were 6.310% and 5.776%", "were 6.410% and 5.776%"),
    "E206": ("$740,959,992.00", "$740,959,993.00"),
    "E207": ("0.700128449895%", "0.800128449895%"),
    "W208": ("$75,724,165.62", "$75,724,165.63"),
    "E209": ("On February 24, 2003,", "On January 24, 2003,"),
    "E210": ("$2,125,618 and", "$2,125,618,000 and"),
    "E211": ("at least 10 but no\nmore than 30 years", "at least 10 but no\nmore than 40 years"),
    "W212": ("class B-2 certificates as of\nFebruary 1, 2003",
             "class B-2 certificates as of\nFebruary 1, 2002"),
}

# Changes that make the parse and lowering phases report.
PARSE_EXAMPLES: dict[str, tuple[str, str]] = {
    "W102": ("as indicated.\n", "as indicated. The servicer will remit monthly.\n"),
    "W103": ("Date of Report: February 24, 2003", "Date of Report: February 30, 2003"),
    "E104": ("less than 5.750%.", "less than 5.700%."),
    "W105": ("mortgage loans as of February 1, 2003 were 64.1%",
             "mortgage loans as of February 1, 2002 were 64.1%"),
    "E106": ("was 1620,", "was 1620.5,"),
    "E108": ("were 6.298%, 5.942% and 6.200%,", "were 6.298% and 5.942%,"),
    "W110": ("(314) 851-6305", "(314) 851-6305\nFacsimile: (314) 851-9999"),
    "W113": ("Date of Report: February 24, 2003", "Date of Report: Febuary 24, 2003"),
    "N114": ("13-3408717", "Applied For"),
}
