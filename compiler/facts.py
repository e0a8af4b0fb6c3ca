"""The fact store: every assertion of a filing, reconciled.

A fact stated twice with the same value is one fact read in two places
(provenance keeps both); stated twice with different values it is a
conflict, reported with both places.  Text facts compare without regard to
case or spacing, and the form printed in running text is preferred to a
heading's capitals.  Qualifiers that restate the cut-off date ("as of
February 1, 2003") are checked against it once everything is read.
"""

from __future__ import annotations

import attrs

from dealc.compiler.codes import severity_of
from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.lower import Assertion, Key
from dealc.compiler.span import Span, Spans
from dealc.compiler.values import Value


@attrs.define
class Fact:
    value: Value
    span: Span
    field: str
    also: Spans = attrs.field(factory=Spans)  # where it is restated


@attrs.define
class FootnoteReference:
    mark: str
    key: Key
    span: Span


@attrs.define
class FactStore:
    facts: dict[Key, Fact] = attrs.field(factory=dict)
    pool_order: list[str] = attrs.field(factory=list)
    class_order: list[str] = attrs.field(factory=list)
    qualifiers: list[Assertion] = attrs.field(factory=list)
    footnote_references: list[FootnoteReference] = attrs.field(factory=list)
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    pointers: dict[Key, str] = attrs.field(factory=dict)  # `dealc.compiler.build.pointer`'s
    _first_labels: dict[Key, tuple[Span, tuple[Label, ...]]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False)

    def add(self, assertion: Assertion, conflict_code: str = "E104") -> None:
        self._register(assertion.key)
        if assertion.footnote is not None:
            self.footnote_references.append(
                FootnoteReference(assertion.footnote, assertion.key,
                                  assertion.footnote_span or assertion.span)
            )
        if assertion.restates:
            self.qualifiers.append(assertion)
            return
        existing = self.facts.get(assertion.key)
        if existing is None:
            self.facts[assertion.key] = Fact(assertion.value, assertion.span, assertion.field)
            return
        if _same(existing.value, assertion.value):
            if _prefer(assertion.value, existing.value):
                existing.also.insert_first(existing.span)
                existing.value, existing.span = assertion.value, assertion.span
            else:
                existing.also.append(assertion.span)
            return
        severity = severity_of(conflict_code)
        self.diagnostics.append(
            Diagnostic(
                code=conflict_code,
                severity=severity,
                message=f"'{assertion.field}' is stated as {_show(assertion.value)} here "
                f"and as {_show(existing.value)} before",
                primary=Label(assertion.span, _show(assertion.value)),
                secondary=self._first_stated(assertion.key, existing),
                notes=_CONFLICT_NOTES[severity is Severity.WARNING],
            )
        )

    def _first_stated(self, key: Key, fact: Fact) -> tuple[Label, ...]:
        """The label of a fact's first statement, made once for all its conflicts (a long
        filing can contradict one fact a hundred thousand times), and again only if the
        statement kept changes."""
        made = self._first_labels.get(key)
        if made is None or made[0] is not fact.span:
            made = (fact.span, (Label(fact.span, f"first stated as {_show(fact.value)}"),))
            self._first_labels[key] = made
        return made[1]

    def _register(self, key: Key) -> None:
        if key[:2] == ("deal", "pools") and key[2] not in self.pool_order:
            self.pool_order.append(key[2])
        elif key[:2] == ("deal", "classes") and key[2] not in self.class_order:
            self.class_order.append(key[2])

    def finish(self) -> None:
        """Check the qualifiers against the fact they restate (the field table's
        ``restated_by``: the cut-off date)."""
        for qualifier in self.qualifiers:
            cutoff = self.facts.get(qualifier.key)
            if cutoff is None:
                self.facts[qualifier.key] = Fact(qualifier.value, qualifier.span, qualifier.field)
            elif cutoff.value == qualifier.value:
                cutoff.also.append(qualifier.span)
            else:
                self.diagnostics.append(
                    Diagnostic(
                        code="W105",
                        severity=Severity.WARNING,
                        message=f"a figure is stated as of {_show(qualifier.value)}, "
                        f"not as of the cut-off date {_show(cutoff.value)}",
                        primary=Label(qualifier.span, "stated as of this date"),
                        secondary=(Label(cutoff.span, "the cut-off date"),),
                        notes=("dealc records statistics as of the cut-off date; "
                               "this date is kept only in this diagnostic",),
                    )
                )
        self.qualifiers.clear()


# A conflict's note by whether the code is a warning (one note for all conflicts).
_CONFLICT_NOTES = {
    True: ("one fact cannot have two values; the first is kept",),
    False: ("one fact cannot have two values; both are reported",),
}


def _normal(value: Value) -> object:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def _same(a: Value, b: Value) -> bool:
    return type(a) is type(b) and _normal(a) == _normal(b)


def _prefer(new: Value, old: Value) -> bool:
    """Prefer running text's "Citicorp ..., Inc." to a heading's capitals."""
    return isinstance(new, str) and isinstance(old, str) and old.isupper() and not new.isupper()


def _show(value: Value) -> str:
    if isinstance(value, str):
        return repr(value)
    return str(value)
