"""Diagnostics rendered the way rustc renders them: header, location, the source
lines with carets under the exact text, labels, notes, help.

    error[E201]: pool balances do not add up to the aggregate balance
      --> cmsi-2003-2.txt:62:47
       |
    62 | February 1, 2003) as of February 1, 2003 of $757,241,656.27. The mortgage loans
       |                                             ^^^^^^^^^^^^^^^ aggregate balance
    ...
    66 | 2003) as of February 1, 2003 of $549,864,882.81 and the mortgage loans that have
       |                                 --------------- pool I
       = note: 549,864,882.81 + ... = 757,241,656.27, the filing says ...

The primary span is underlined with ``^``, secondary spans with ``-``.  Colour
is added only when ``color`` is true (the CLI asks for it on a terminal).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import click

from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.source import Source

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "green"}


@attrs.frozen
class _Mark:
    line: int
    start: int  # 0-based column
    end: int  # exclusive
    label: str
    primary: bool


def render(diagnostic: Diagnostic, source: Source, color: bool = False) -> str:
    """The full, multi-line rendering of one diagnostic."""

    def paint(text: str, **style: object) -> str:
        return click.style(text, **style) if color else text  # type: ignore[arg-type]

    tint = _SEVERITY_COLOUR[diagnostic.severity]
    lines = [
        paint(f"{diagnostic.severity.value}[{diagnostic.code}]", fg=tint, bold=True)
        + paint(f": {diagnostic.message}", bold=True)
    ]
    labels = ([diagnostic.primary] if diagnostic.primary else []) + list(diagnostic.secondary)
    marks = [m for i, label in enumerate(labels) for m in _marks(label, source, i == 0
                                                                  and diagnostic.primary)]
    width = len(str(max((m.line for m in marks), default=1)))
    gutter = " " * width
    if diagnostic.primary is not None:
        line, column = source.position(diagnostic.primary.span.start)
        lines.append(f"{gutter}{paint('-->', fg='blue', bold=True)} {source.name}:{line}:{column}")
    if marks:
        lines.append(paint(f"{gutter} |", fg="blue", bold=True))
        lines.extend(_snippet(marks, source, width, paint, tint))
    equals = paint("=", fg="blue", bold=True)
    for note in diagnostic.notes:
        lines.append(f"{gutter} {equals} {paint('note', bold=True)}: {note}")
    if diagnostic.help:
        lines.append(f"{gutter} {equals} {paint('help', bold=True)}: {diagnostic.help}")
    return "\n".join(lines)


def _marks(label: Label, source: Source, primary: object) -> list[_Mark]:
    start_line, start_column = source.position(label.span.start)
    end_line, end_column = source.position(max(label.span.end, label.span.start))
    if end_line == start_line or (end_line == start_line + 1 and end_column == 1):
        if end_line != start_line:
            end_column = len(source.line_text(start_line)) + 1
        end = max(end_column - 1, start_column)
        return [_Mark(start_line, start_column - 1, end, label.text, bool(primary))]
    first_end = len(source.line_text(start_line))
    return [
        _Mark(start_line, start_column - 1, max(first_end, start_column), "", bool(primary)),
        _Mark(end_line, 0, max(end_column - 1, 1), label.text, bool(primary)),
    ]


def _snippet(
    marks: list[_Mark], source: Source, width: int, paint: Callable[..., str], tint: str
) -> list[str]:
    out: list[str] = []
    by_line: dict[int, list[_Mark]] = {}
    for mark in marks:
        by_line.setdefault(mark.line, []).append(mark)
    shown = sorted(by_line)
    bar = paint(" |", fg="blue", bold=True)
    previous: int | None = None
    for line in shown:
        if previous is not None and line - previous == 2:
            out.append(_source_line(previous + 1, source, width, paint))
        elif previous is not None and line - previous > 2:
            out.append(paint("...", fg="blue", bold=True))
        out.append(_source_line(line, source, width, paint))
        line_marks = sorted(by_line[line], key=lambda m: (m.start, not m.primary))
        underline = [" "] * max(m.end for m in line_marks)
        # Longer marks first, so a mark nested in another stays visible.
        for mark in sorted(line_marks, key=lambda m: m.start - m.end):
            for column in range(mark.start, mark.end):
                underline[column] = "^" if mark.primary else "-"
        rendered = "".join(underline)
        rightmost = max(line_marks, key=lambda m: m.start)
        text = paint(rendered, fg=tint if any(m.primary for m in line_marks) else "blue",
                     bold=True)
        first = f"{' ' * width}{bar} {text}"
        if rightmost.label:
            first += " " + paint(rightmost.label, fg=tint if rightmost.primary else "blue",
                                 bold=True)
        out.append(first.rstrip())
        others = [m for m in line_marks if m is not rightmost and m.label]
        for mark in sorted(others, key=lambda m: -m.start):
            pending = [m for m in others if m.start < mark.start or m is mark]
            connector = [" "] * (mark.start + 1)
            for m in pending:
                connector[m.start] = "|"
            out.append(f"{' ' * width}{bar} {''.join(connector)}".rstrip())
            label_row = [" "] * mark.start
            for m in pending:
                if m is not mark:
                    label_row[m.start] = "|"
            out.append(f"{' ' * width}{bar} {''.join(label_row)}{mark.label}")
        previous = line
    return out


def _source_line(line: int, source: Source, width: int, paint: Callable[..., str]) -> str:
    number = paint(f"{line:>{width}} |", fg="blue", bold=True)
    text = source.line_text(line).replace("\t", " ").replace("\x00", " ")
    return f"{number} {text}".rstrip()
