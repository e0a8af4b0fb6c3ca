"""Diagnostics: what every phase reports, with positions in the original filing.

A diagnostic is data (code, severity, message, labelled spans, notes, help);
rendering it is separate, so the same diagnostic is shown as a line of text on
a terminal, as a JSON line, or inside the compiled JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from dealc.compiler.codes import CODES, severity_of
from dealc.compiler.codes import Severity as Severity  # re-exported: it is used with diagnostics
from dealc.compiler.span import Span

if TYPE_CHECKING:
    from dealc.compiler.source import Source


@attrs.frozen
class Label:
    """A span with a short text saying what is there."""

    span: Span
    text: str = ""


def _known_code(instance: object, attribute: object, value: str) -> None:
    if value not in CODES:
        raise ValueError(f"diagnostic code {value!r} is not documented in dealc.compiler.codes")


def _tabled_severity(instance: Diagnostic, attribute: object, value: Severity) -> None:
    tabled = severity_of(instance.code)
    if value is not tabled and not (value is Severity.ERROR and tabled is Severity.WARNING):
        article = "an" if tabled is Severity.ERROR else "a"
        raise ValueError(f"{instance.code} is {article} {tabled.value}, not a {value.value} "
                         "(dealc.compiler.codes)")


@attrs.frozen
class Diagnostic:
    code: str = attrs.field(validator=_known_code)
    severity: Severity = attrs.field(validator=_tabled_severity)
    message: str
    primary: Label | None = None
    secondary: tuple[Label, ...] = ()
    notes: tuple[str, ...] = ()
    help: str | None = None

    def with_severity(self, severity: Severity) -> Diagnostic:
        return attrs.evolve(self, severity=severity)

    def sort_key(self) -> tuple[int, int, str]:
        start = self.primary.span.start if self.primary else -1
        end = self.primary.span.end if self.primary else -1
        return (start, end, self.code)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for diagnostic in diagnostics if diagnostic.severity is severity)


def span_json(span: Span, source: Source) -> dict[str, Any]:
    """A span as the JSON contract writes positions: 1-based, with the text read."""
    line, column = source.position(span.start)
    end_line, end_column = source.position(span.end)
    return {
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": source.text[span.start : span.end],
    }


def to_json(diagnostic: Diagnostic, source: Source) -> dict[str, Any]:
    """The machine-readable form, used by ``--diagnostics-format json`` and the JSON output."""

    def label(value: Label) -> dict[str, Any]:
        return {"label": value.text, **span_json(value.span, source)}

    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "file": source.path,
        "primary": label(diagnostic.primary) if diagnostic.primary else None,
        "secondary": [label(item) for item in diagnostic.secondary],
        "notes": list(diagnostic.notes),
        "help": diagnostic.help,
    }
