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

Text from the filing never reaches the terminal raw: a control character
(C0 but tab, DEL, C1), a bidirectional formatting character (U+061C, U+200E,
U+200F, U+202A to U+202E, U+2066 to U+2069) or a lone surrogate is shown as
``\\u{1b}`` (its code point in hex, as rustc writes it), in the source lines,
the message, labels, notes and help alike (`escape`).  Carets and underlines
cover the escaped text.  In source lines a tab is shown as one space, and so
is a NUL in an HTML or EDGAR container (where it may be the padding of a
decoded character reference).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs
import click

from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.source import Source

_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{{{ord(match.group()):x}}}"


def escape(text: str) -> str:
    """``text`` safe to print on a terminal: each unsafe character written as ``\\u{1b}``.

    Unsafe are the C0 controls but tab, DEL, the C1 controls, the
    bidirectional formatting characters and lone surrogates: what could move
    the cursor, recolour or retitle the terminal, reorder what is shown, or
    fail to encode.
    """
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


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
        + paint(f": {escape(diagnostic.message)}", bold=True)
    ]
    labels = ([diagnostic.primary] if diagnostic.primary else []) + list(diagnostic.secondary)
    marks = [m for i, label in enumerate(labels) for m in _marks(label, source, i == 0
                                                                  and diagnostic.primary)]
    width = len(str(max((m.line for m in marks), default=1)))
    gutter = " " * width
    if diagnostic.primary is not None:
        line, column = source.position(diagnostic.primary.span.start)
        arrow = paint("-->", fg="blue", bold=True)
        lines.append(f"{gutter}{arrow} {escape(source.name)}:{line}:{column}")
    if marks:
        lines.append(paint(f"{gutter} |", fg="blue", bold=True))
        lines.extend(_snippet(marks, source, width, paint, tint))
    equals = paint("=", fg="blue", bold=True)
    for note in diagnostic.notes:
        lines.append(f"{gutter} {equals} {paint('note', bold=True)}: {escape(note)}")
    if diagnostic.help:
        lines.append(f"{gutter} {equals} {paint('help', bold=True)}: {escape(diagnostic.help)}")
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
        columns = _columns(source.line_text(line), source)
        line_marks = sorted((_shown(mark, columns) for mark in by_line[line]),
                            key=lambda m: (m.start, not m.primary))
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


def _shown_text(text: str, source: Source) -> str:
    """A source line as shown: tabs as spaces, unsafe characters escaped.

    A NUL is a space where it may be the padding of a decoded HTML reference
    (a container other than plain text), else escaped as the input byte it is.
    """
    text = text.replace("\t", " ")
    if source.container != "text":
        text = text.replace("\x00", " ")
    return escape(text)


def _columns(text: str, source: Source) -> list[int]:
    """Where each character of a source line starts once shown, and where the line ends.

    Characters are one column wide except the escaped ones; a column past the
    end of the line stays one column wide.
    """
    if not _UNSAFE.search(text):
        return list(range(len(text) + 1))
    starts = [0]
    for character in text:
        starts.append(starts[-1] + len(_shown_text(character, source)))
    return starts


def _shown(mark: _Mark, columns: list[int]) -> _Mark:
    """A mark in the columns of the shown line, so carets cover escaped text."""

    def column(index: int) -> int:
        last = len(columns) - 1
        return columns[index] if index <= last else columns[last] + index - last

    label = escape(mark.label)
    start, end = column(mark.start), column(mark.end)
    if (start, end, label) == (mark.start, mark.end, mark.label):
        return mark
    return attrs.evolve(mark, start=start, end=end, label=label)


def _source_line(line: int, source: Source, width: int, paint: Callable[..., str]) -> str:
    number = paint(f"{line:>{width}} |", fg="blue", bold=True)
    text = _shown_text(source.line_text(line), source)
    return f"{number} {text}".rstrip()
