"""Does a regular expression risk exponential backtracking?  A structural check.

Python's `re` backtracks: a repetition whose body can match the same text in
more than one way (``(x+)+``, ``(x+\\s?)+``, ``(a|aa)+``) tries every way of
cutting the text between its iterations before it gives up, 2^n of them for
n characters.  A grammar extension's terminal shaped so can make a compile
run for ever on an ordinary sentence.  This module looks at a pattern's
structure (Python's own regex parser), never at how long it takes to run:

- an unbounded (or long) repetition whose body, ignoring what may match
  nothing, is itself an unbounded repetition: ``(x+)+``, ``(x+\\s?)+``,
  ``((ab)+)+``;
- an unbounded (or long) repetition whose body can match a run of one
  character in two ways, or runs of two different lengths: ``(a|aa)+``,
  ``(?:a?a)+``, ``(\\d{1,3})+``, ``(.+\\.)+``.  (``(\\w|\\d)+`` is safe: Python
  reads a choice between single characters as one character set.)

Separated repetitions are fine (``(\\w+,)+``, ``(?:,[0-9]{3})*``): each
iteration must end in a character the inner repetition cannot take.
Possessive repetitions and atomic groups do not backtrack and are not
reported.

The same reading of a pattern's structure serves the grammar tools: whether a
character class holds a character (`in_class`), and a short text a pattern
matches (`example`), for ``dealc grammar check`` and ``dealc coverage``.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

_LIMIT = 10  # a repetition of at most this many iterations is not "long"
_LENGTH = 8  # runs of one character up to this length are examined
_MAXREPEAT: Any = None
_PARSER: Any = None

_CATEGORIES = {
    "DIGIT": re.compile(r"\d"), "NOT_DIGIT": re.compile(r"\D"),
    "SPACE": re.compile(r"\s"), "NOT_SPACE": re.compile(r"\S"),
    "WORD": re.compile(r"\w"), "NOT_WORD": re.compile(r"\W"),
    "LINEBREAK": re.compile(r"\n"), "NOT_LINEBREAK": re.compile(r"[^\n]"),
}
_SINGLE = frozenset({"LITERAL", "NOT_LITERAL", "IN", "ANY"})
_DEFAULT_CHARACTERS = "aAzZ09 \t\n_-.,;:'\"()/$%&*+"

HELP = ("make each repetition's body unambiguous: separate the repeated parts by a character "
        "the inner repetition cannot match (`(?:[A-Za-z,]+ )*[A-Za-z,]+`, not "
        "`([A-Za-z,]+\\s?)+`), or drop the inner or the outer quantifier")


def parser() -> Any:
    """Python's own regular-expression parser (``re._parser``), imported once."""
    global _PARSER, _MAXREPEAT
    if _PARSER is None:
        try:
            _PARSER = importlib.import_module("re._parser")
        except ImportError:  # pragma: no cover - Python before 3.11
            _PARSER = importlib.import_module("sre_parse")
        _MAXREPEAT = _PARSER.MAXREPEAT
    return _PARSER


@functools.lru_cache(maxsize=1024)
def exponential(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` may take exponential time, or None when its structure is safe.

    A pattern Python cannot parse (or that nests too deep to look at) is not
    judged here: building the grammar reports it.
    """
    try:
        parsed = parser().parse(pattern, flags)
    except (re.error, RecursionError, ValueError, TypeError, OverflowError):
        return None
    try:
        reason = _nested(list(parsed))
        if reason is None:
            flags = parsed.state.flags
            reason = _ambiguous(list(parsed), bool(flags & re.IGNORECASE),
                                bool(flags & re.DOTALL))
    except RecursionError:
        return None
    return reason


def _ambiguous(items: list[tuple[Any, Any]], ignorecase: bool, dotall: bool) -> str | None:
    """A long repetition whose body matches a run of one character ambiguously."""
    for op, av in items:
        name = _name(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT") and _long(av[1]):
            body = list(av[2])
            if not all(_name(inner) in _SINGLE for inner, _ in body):
                for character in _candidates(body, ignorecase):
                    reason = _Runs(character, dotall).repeated(body, ignorecase)
                    if reason is not None:
                        return reason
        inner_ignorecase, inner_dotall = ignorecase, dotall
        if name == "SUBPATTERN":
            add, remove = av[1], av[2]
            inner_ignorecase = (ignorecase or bool(add & re.IGNORECASE)) and not (
                remove & re.IGNORECASE)
            inner_dotall = (dotall or bool(add & re.DOTALL)) and not remove & re.DOTALL
        for child in _children(name, av):
            reason = _ambiguous(child, inner_ignorecase, inner_dotall)
            if reason is not None:
                return reason
    return None


# ----------------------------------------------------------------- structure
def _name(op: Any) -> str:
    return str(getattr(op, "name", op))


def _long(maximum: int) -> bool:
    return bool(maximum == _MAXREPEAT or maximum > _LIMIT)


def _nested(items: list[tuple[Any, Any]]) -> str | None:
    """A long repetition whose only required part is an unbounded repetition."""
    for op, av in items:
        name = _name(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT") and _long(av[1]):
            required = [item for item in av[2] if _min_width(item) > 0]
            if len(required) == 1 and _unbounded(required[0]):
                return ("a repeated group's only required part is itself repeated without "
                        "bound, as in (x+)+: the text can be cut between the iterations in "
                        "exponentially many ways")
        found = next((f for f in map(_nested, _children(name, av)) if f is not None), None)
        if found is not None:
            return found
    return None


def _children(name: str, av: Any) -> Iterator[list[tuple[Any, Any]]]:
    if name == "SUBPATTERN":
        yield list(av[3])
    elif name == "BRANCH":
        yield from (list(branch) for branch in av[1])
    elif name in ("ASSERT", "ASSERT_NOT"):
        yield list(av[1])
    elif name == "GROUPREF_EXISTS":
        yield list(av[1])
        if av[2] is not None:
            yield list(av[2])
    elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        yield list(av[2])
    elif name == "ATOMIC_GROUP":
        yield list(av)


def _unbounded(item: tuple[Any, Any]) -> bool:
    op, av = item
    name = _name(op)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        return bool(av[1] == _MAXREPEAT)
    if name == "SUBPATTERN":
        required = [inner for inner in av[3] if _min_width(inner) > 0]
        return len(required) == 1 and _unbounded(required[0])
    return False


def _min_width(item: tuple[Any, Any]) -> int:
    op, av = item
    name = _name(op)
    if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
        return 1
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return int(av[0]) * sum(_min_width(inner) for inner in av[2]) if av[0] else 0
    if name == "SUBPATTERN":
        return sum(_min_width(inner) for inner in av[3])
    if name == "ATOMIC_GROUP":
        return sum(_min_width(inner) for inner in av)
    if name == "BRANCH":
        return min((sum(_min_width(inner) for inner in branch) for branch in av[1]), default=0)
    return 0


# ------------------------------------------------------- runs of one character
def _candidates(items: Iterable[tuple[Any, Any]], ignorecase: bool) -> list[str]:
    """Characters worth trying: those the pattern names, and a few of each kind."""
    found = dict.fromkeys(_DEFAULT_CHARACTERS)
    pending = list(items)
    while pending:
        op, av = pending.pop()
        name = _name(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            found[chr(av)] = None
        elif name == "IN":
            for inner_op, inner_av in av:
                inner = _name(inner_op)
                if inner == "LITERAL":
                    found[chr(inner_av)] = None
                elif inner == "RANGE":
                    low, high = inner_av
                    for code in (low, (low + high) // 2, high):
                        found[chr(code)] = None
        else:
            for child in _children(name, av):
                pending.extend(child)
    characters = list(found)
    if ignorecase:
        characters = list(dict.fromkeys(c.lower() for c in characters))
    return characters


def in_class(items: Iterable[tuple[Any, Any]], character: str,
             ignorecase: bool = False) -> bool:
    """Whether a parsed character class (the items of ``[...]``) holds ``character``, in
    either case with ``ignorecase``."""
    negate = False
    member = False
    for op, value in items:
        name = _name(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            member = member or _matches(chr(value), character, ignorecase)
        elif name == "RANGE":
            low, high = value
            member = member or any(low <= ord(v) <= high
                                   for v in _variants(character, ignorecase))
        elif name == "CATEGORY":
            key = _name(value).removeprefix("CATEGORY_")
            key = key.removeprefix("UNI_").removeprefix("LOC_")
            test = _CATEGORIES.get(key)
            member = member or (test is not None and _matches(test, character, ignorecase))
    return member != negate


def _variants(character: str, ignorecase: bool) -> set[str]:
    """The character, and with ``ignorecase`` its upper and lower case."""
    if ignorecase:
        return {character, character.upper(), character.lower()}
    return {character}


def _matches(test: re.Pattern[str] | str, character: str, ignorecase: bool) -> bool:
    """Whether a literal character (or a category's pattern) matches ``character``."""
    variants = _variants(character, ignorecase)
    if isinstance(test, str):
        return test in variants or (ignorecase and test.lower() in variants)
    return any(test.match(v) for v in variants)


Vector = tuple[int, ...]


class _Runs:
    """In how many ways (0, 1, or 2 for "several") each part matches c, cc, ccc, ..."""

    def __init__(self, character: str, dotall: bool) -> None:
        self.character = character
        self.dotall = dotall

    def repeated(self, body: list[tuple[Any, Any]], ignorecase: bool) -> str | None:
        """Why repeating ``body`` is ambiguous on runs of this character, if it is."""
        each = self.sequence(body, ignorecase)
        lengths = [k for k in range(1, _LENGTH + 1) if each[k]]
        if any(each[k] > 1 for k in lengths):
            return (f"a repeated group can match {self.character!r} (repeated) in more than "
                    "one way, as in (a|ab?)+: the text can be cut between the iterations in "
                    "exponentially many ways")
        if len(lengths) > 1:
            return (f"a repeated group can match runs of {self.character!r} of different "
                    f"lengths ({lengths[0]} and {lengths[1]}), as in (a|aa)+ or (a+)+: the "
                    "text can be cut between the iterations in exponentially many ways")
        return None

    @staticmethod
    def _unit(width: int, ways: int = 1) -> Vector:
        vector = [0] * (_LENGTH + 1)
        if width <= _LENGTH:
            vector[width] = min(ways, 2)
        return tuple(vector)

    @staticmethod
    def _add(a: Vector, b: Vector) -> Vector:
        return tuple(min(x + y, 2) for x, y in zip(a, b, strict=True))

    @staticmethod
    def _then(a: Vector, b: Vector) -> Vector:
        out = [0] * (_LENGTH + 1)
        for i, x in enumerate(a):
            if x:
                for j, y in enumerate(b[: _LENGTH + 1 - i]):
                    if y:
                        out[i + j] = min(out[i + j] + x * y, 2)
        return tuple(out)

    def sequence(self, items: Iterable[tuple[Any, Any]], ignorecase: bool) -> Vector:
        vector = self._unit(0)
        for item in items:
            vector = self._then(vector, self.item(item, ignorecase))
        return vector

    def item(self, item: tuple[Any, Any], ignorecase: bool) -> Vector:
        op, av = item
        name = _name(op)
        none = self._unit(_LENGTH + 1)
        if name == "LITERAL":
            return self._unit(1) if _matches(chr(av), self.character, ignorecase) else none
        if name == "NOT_LITERAL":
            return none if _matches(chr(av), self.character, ignorecase) else self._unit(1)
        if name == "ANY":
            return self._unit(1) if self.dotall or self.character != "\n" else none
        if name == "IN":
            return self._unit(1) if in_class(av, self.character, ignorecase) else none
        if name == "SUBPATTERN":
            _group, add, remove, body = av
            inner = (ignorecase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            saved = self.dotall
            self.dotall = (self.dotall or bool(add & re.DOTALL)) and not remove & re.DOTALL
            try:
                return self.sequence(body, inner)
            finally:
                self.dotall = saved
        if name == "BRANCH":
            total = none
            for branch in av[1]:
                total = self._add(total, self.sequence(branch, ignorecase))
            return total
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            return self._repeat(av, ignorecase)
        if name in ("ATOMIC_GROUP", "POSSESSIVE_REPEAT"):
            # No backtracking into it: one way at most, counted at its shortest length.
            atomic: Vector = self.sequence(av, ignorecase) if name == "ATOMIC_GROUP" else (
                self._repeat(av, ignorecase))
            width = next((k for k, ways in enumerate(atomic) if ways), _LENGTH + 1)
            return self._unit(width)
        if name in ("ASSERT", "ASSERT_NOT"):
            return self._unit(0)
        if name == "GROUPREF_EXISTS":
            total = self.sequence(av[1], ignorecase)
            other = self.sequence(av[2], ignorecase) if av[2] is not None else self._unit(0)
            return self._add(total, other)
        return self._unit(0)  # anchors, back references

    def _repeat(self, av: tuple[int, int, Any], ignorecase: bool) -> Vector:
        low, high, body = av
        each = self.sequence(body, ignorecase)
        nonempty = (0, *each[1:])
        total = self._unit(0) if low == 0 else self._unit(_LENGTH + 1)
        power = self._unit(0)
        iterations = min(high, low + _LENGTH + 1) if high != _MAXREPEAT else low + _LENGTH + 1
        for count in range(1, min(iterations, _LENGTH + low + 1) + 1):
            power = self._then(power, each if count <= low else nonempty)
            if count >= low:
                total = self._add(total, power)
            if not any(power):
                break
        return total


# ------------------------------------------------------------- example texts
SAMPLE_CHARACTERS = "AaZz05 .,-'&$%()/"
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def example(items: Iterable[tuple[Any, Any]], phrase: bool = False) -> str | None:
    """A short text a parsed pattern matches, made from its structure (the first branch
    of each choice; anchors and look-arounds add nothing), or None where none is made.

    Read as any text: a class gives the first of SAMPLE_CHARACTERS it holds, a wildcard
    "a" (or "b"), and a repetition its fewest iterations, one at least.  Read as a ``phrase``
    (the words a keyword pattern stands for): a class gives the first character it
    lists, an optional character is taken and an optional group left out, and a part
    that is not text (a wildcard, an atomic group), even one left out, gives None.
    """
    pieces: list[str] = []
    for op, av in items:
        piece = _piece(_name(op), av, phrase)
        if piece is None:
            return None
        pieces.append(piece)
    return "".join(pieces)


def _piece(name: str, av: Any, phrase: bool) -> str | None:
    """The text one element of a pattern adds to `example`'s."""
    if name == "LITERAL":
        return chr(av)
    if name == "IN" and phrase:
        return _listed(av)
    if name == "IN":
        return next((c for c in SAMPLE_CHARACTERS if in_class(av, c)), None)
    if name in _REPEATS:
        return _repeated(av, phrase)
    if name == "SUBPATTERN":
        return example(av[3], phrase)
    if name == "BRANCH":
        return example(av[1][0], phrase)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return ""
    if phrase:
        return None
    if name == "NOT_LITERAL":
        return "a" if av != ord("a") else "b"
    if name == "ANY":
        return "a"
    if name == "ATOMIC_GROUP":
        return example(av)
    return None


def _listed(items: Iterable[tuple[Any, Any]]) -> str | None:
    """The first character a class lists: its first literal, or its first range's lowest."""
    for op, av in items:
        name = _name(op)
        if name == "LITERAL":
            return chr(av)
        if name == "RANGE":
            return chr(av[0])
    return None


def _repeated(av: tuple[int, int, Any], phrase: bool) -> str | None:
    """A repetition's text: its body as often as `example` takes it."""
    low, high, body = av
    if phrase:
        single = len(body) == 1 and _name(body[0][0]) in ("LITERAL", "IN")
        times = low if low or not single else min(high, 1)
    else:
        times = max(low, 1) if high else 0
        if not times:
            return ""  # never taken: its body is not looked at
    inner = example(body, phrase)
    return None if inner is None else inner * times
