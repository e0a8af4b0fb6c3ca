"""Phase 1, source: bytes to a decoded `Source` with its identity and a line index.

The line index is the root of the source map: every later phase speaks of
absolute character offsets into `Source.text`, and only diagnostics and
provenance turn those into 1-based (line, column) pairs, here.
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Sequence
from pathlib import Path

import attrs

from dealc.compiler.containers import EdgarHeader, unwrap
from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.span import Span


@attrs.frozen
class Source:
    """A filing's text as dealc reads it, with where it came from."""

    text: str
    path: str
    sha256: str
    line_starts: Sequence[int] = attrs.field(repr=False, eq=False)  # an array: 4 bytes a line
    container: str = "text"  # "text", "edgar" (full submission) or "html"
    edgar: EdgarHeader | None = None

    @classmethod
    def from_text(cls, text: str, path: str = "<text>", sha256: str | None = None) -> Source:
        digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        unwrapped = unwrap(text)
        return cls(text=unwrapped.text, path=path, sha256=digest,
                   line_starts=_line_starts(unwrapped.text), container=unwrapped.container,
                   edgar=unwrapped.header)

    @property
    def name(self) -> str:
        """The file name diagnostics show: the path as the user gave it, so that it can be
        opened from where they are (and matches the JSON diagnostics)."""
        return self.path

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an absolute offset."""
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self.line_starts
        line_index = bisect.bisect_right(starts, offset) - 1
        return line_index + 1, offset - starts[line_index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def snippet(self, span: Span) -> str:
        return self.text[span.start : span.end]


def _line_starts(text: str) -> array[int]:
    starts = array("i", [0])  # offsets below 2**31: inputs are limited far below
    find = text.find
    index = find("\n")
    while index != -1:
        starts.append(index + 1)
        index = find("\n", index + 1)
    return starts


def decode(data: bytes, path: str) -> tuple[Source, list[Diagnostic]]:
    """Decode a filing's bytes: UTF-8, else cp1252 (old EDGAR text) with a warning.

    NUL bytes in the input are reported (W002): layout skips them, so they
    would otherwise pass without a word.

    Line endings are normalised to ``\\n`` so that columns count characters of
    the line as a reader sees it.  Container formats (EDGAR full submissions,
    HTML with ``<PRE>``) are unwrapped in place (`dealc.compiler.containers`).
    """
    diagnostics: list[Diagnostic] = []
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("cp1252", errors="replace")
        diagnostics.append(
            Diagnostic(
                code="W001",
                severity=Severity.WARNING,
                message="the input is not valid UTF-8; it was read as Windows-1252",
                primary=None,
                notes=(f"the first byte that is not UTF-8 is at byte offset {error.start}",),
            )
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = Source.from_text(text, path=path, sha256=digest)
    # Counted in the input, before unwrapping: dealc's own padding of decoded
    # HTML references is NUL too, and layout drops both alike.
    nuls = data.count(0)
    if nuls:
        diagnostics.append(_nul_warning(data, text, nuls))
    return source, diagnostics


def _nul_warning(data: bytes, text: str, nuls: int) -> Diagnostic:
    first = text.find("\x00")  # same character offset in the unwrapped text
    return Diagnostic(
        code="W002",
        severity=Severity.WARNING,
        message=f"the input contains {nuls} NUL byte{'s' if nuls != 1 else ''}",
        primary=Label(Span(first, first + 1), "the first NUL byte") if first >= 0 else None,
        notes=(f"the first NUL byte is at byte offset {data.find(0)}; "
               "dealc reads past NUL bytes as if they were not there",),
        help="a NUL has no place in an 8-K: the file may be damaged or not text",
    )


def read_file(path: Path) -> tuple[Source, list[Diagnostic]]:
    """Read and decode a file; OSError propagates for the caller to report."""
    return decode(path.read_bytes(), str(path))


__all__ = ["Source", "decode", "read_file"]
