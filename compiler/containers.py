"""Unwrapping the containers filings come in, keeping every character where it was.

EDGAR full-submission files wrap the 8-K in an SGML header and
``<DOCUMENT>``/``<TEXT>`` blocks; some filings are HTML with the text inside
``<PRE>``.  dealc does not cut the text out (that would move every line):
it *masks* what is not the filing's text, replacing each such character by a
space (line breaks stay), so the line and column of every character of the
8-K are those of the original file.  HTML character references inside the
text are decoded in place and padded to their original width with `PADDING`,
a character layout drops, so ``&quot;CMSI&quot;`` reads as ``"CMSI"``.
"""

from __future__ import annotations

import re

import attrs

from dealc.compiler.lazy import LazyPattern

PADDING = "\x00"  # fills the width of a decoded character reference; layout drops it
_DOCUMENT = LazyPattern(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.IGNORECASE | re.DOTALL)
_TYPE = LazyPattern(r"^<TYPE>[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)
_TEXT = LazyPattern(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.IGNORECASE | re.DOTALL)
_PRE = LazyPattern(r"<PRE>(.*?)(?:</PRE>|\Z)", re.IGNORECASE | re.DOTALL)
_NOT_A_LINE_BREAK = LazyPattern(r"[^\n]")
_TAG = LazyPattern(r"<(?!PAGE>)/?[A-Za-z][^<>\n]*>")
_ENTITY = LazyPattern(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HEADER_FIELDS = {
    "accession_number": r"ACCESSION NUMBER:\s*(\S+)",
    "form_type": r"CONFORMED SUBMISSION TYPE:\s*(\S+)",
    "filing_date": r"FILED AS OF DATE:\s*(\d{8})",
    "filer_cik": r"CENTRAL INDEX KEY:\s*(\d+)",
    "company": r"COMPANY CONFORMED NAME:\s*(.+?)\s*$",
}


@attrs.frozen
class EdgarHeader:
    """The facts of an EDGAR submission's SGML header."""

    accession_number: str | None
    form_type: str | None
    filing_date: str | None  # ISO
    filer_cik: str | None
    company: str | None


@attrs.frozen
class Unwrapped:
    text: str  # same length and line structure as the input
    container: str  # "text", "edgar" or "html"
    header: EdgarHeader | None = None


def _mask(text: str, keep: list[tuple[int, int]]) -> str:
    """Blank every character outside the ``keep`` ranges (in order, apart), line breaks excepted."""
    pieces = []
    position = 0
    for start, end in keep:
        pieces += [_NOT_A_LINE_BREAK.sub(" ", text[position:start]), text[start:end]]
        position = end
    pieces.append(_NOT_A_LINE_BREAK.sub(" ", text[position:]))
    return "".join(pieces)


def _strip_markup(text: str, start: int, end: int) -> str:
    """Tags blanked and character references decoded, within text[start:end], widths kept."""
    region = text[start:end]
    region = _TAG.sub(lambda m: " " * len(m.group()), region)

    import html  # only HTML containers need it

    def decode(match: re.Match[str]) -> str:
        value = html.unescape(match.group())
        if len(value) != 1:
            return match.group()
        return value + PADDING * (len(match.group()) - 1)

    region = _ENTITY.sub(decode, region)
    return text[:start] + region + text[end:]


def _header(text: str) -> EdgarHeader:
    header_end = text.find("<DOCUMENT>")
    head = text[: header_end if header_end >= 0 else len(text)]
    values = {}
    for field, pattern in _HEADER_FIELDS.items():
        match = re.search(pattern, head, re.MULTILINE)
        values[field] = match.group(1) if match else None
    if values["filing_date"]:
        day = values["filing_date"]
        values["filing_date"] = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    return EdgarHeader(**values)


def unwrap(text: str) -> Unwrapped:
    head = text[:4096].upper()
    if "<SEC-DOCUMENT>" in head or "<SEC-HEADER>" in head or "ACCESSION NUMBER:" in head:
        return _edgar(text)
    if "<PRE>" in head or "<HTML" in head:
        return _html(text, 0, len(text), "html")
    return Unwrapped(text, "text")


def _edgar(text: str) -> Unwrapped:
    header = _header(text)
    documents = list(_DOCUMENT.finditer(text))
    chosen = next((d for d in documents if (t := _TYPE.search(d.group(1)))
                   and t.group(1).upper().startswith("8-K")), documents[0] if documents else None)
    if chosen is None:
        return Unwrapped(_mask(text, []), "edgar", header)
    body = _TEXT.search(text, chosen.start(1), chosen.end(1))
    start, end = (body.start(1), body.end(1)) if body else (chosen.start(1), chosen.end(1))
    inner = text[start:end]
    if re.search(r"<PRE>|<HTML", inner[:4096], re.IGNORECASE):
        unwrapped = _html(text, start, end, "edgar")
        return attrs.evolve(unwrapped, header=header)
    return Unwrapped(_mask(text, [(start, end)]), "edgar", header)


def _html(text: str, start: int, end: int, container: str) -> Unwrapped:
    blocks = [(m.start(1), m.end(1)) for m in _PRE.finditer(text, start, end)]
    if not blocks:  # HTML without <PRE>: keep the text between the tags
        blocks = [(start, end)]
    masked = _mask(text, blocks)
    for block_start, block_end in blocks:
        masked = _strip_markup(masked, block_start, block_end)
    return Unwrapped(masked, container)
