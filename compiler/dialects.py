"""Dialects: how one depositor words its filings, kept in a folder of its own.

A dialect is a folder with a ``dialect.toml`` that
names its pool-description grammar, the signs that tell a filing is written
that way (registrant names, phrases), and the presets the checks use (the
clean-up call share, the order classes are printed in).  The Python of the
compiler knows no depositor: it finds the dialects, picks the one whose signs
a filing shows (or the one ``--dialect`` names, or the default one), and
uses what its folder says.

dealc ships its dialects in ``dealc/grammar/``; an installed distribution adds
one by naming its folder in the entry point group ``dealc.grammars`` (the
group that also carries grammar extensions, which name a ``.lark`` file).
The folder is read as files, never imported: a dialect cannot run code.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

GRAMMAR_PACKAGE = "dealc.grammar"
DIALECT_FILE = "dialect.toml"
ENTRY_POINT_GROUP = "dealc.grammars"


class DialectError(Exception):
    """A dialect that cannot be found, or whose dialect.toml is malformed."""


@attrs.frozen
class Dialect:
    name: str
    description: str
    folder: str  # the folder: within dealc.grammar, or an absolute path (an installed one)
    grammar: str  # the pool-description grammar: a path within dealc.grammar, or absolute
    default: bool
    registrants: tuple[re.Pattern[str], ...]
    wording: tuple[re.Pattern[str], ...]
    clean_up_call_pct: Decimal | None
    classes_senior_first: bool

    @property
    def installed(self) -> bool:
        """Does it come from another distribution (a folder on disk) rather than dealc's?"""
        return os.path.isabs(self.folder)

    def file(self, name: str) -> Traversable:
        """A file of the dialect's folder (its templates, say)."""
        if self.installed:
            return Path(self.folder, name)
        return resources.files(GRAMMAR_PACKAGE).joinpath(self.folder, name)

    def score(self, text: str) -> int:
        """How many of this dialect's signs the text shows (registrants count double)."""
        return (2 * sum(1 for sign in self.registrants if sign.search(text))
                + sum(1 for sign in self.wording if sign.search(text)))


def _patterns(values: object, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DialectError(f"{where} must be a list of regular expressions")
    try:
        return tuple(re.compile(value, re.IGNORECASE) for value in values)
    except re.error as error:
        raise DialectError(f"{where}: {error}") from error


def _load(folder: str, text: str) -> Dialect:
    where = (f"{folder}/{DIALECT_FILE}" if os.path.isabs(folder)
             else f"{GRAMMAR_PACKAGE}/{folder}/{DIALECT_FILE}")
    try:
        data = tomllib.loads(text)
        signs, checks = data.get("signs", {}), data.get("checks", {})
        share = checks.get("clean_up_call_pct")
        return Dialect(
            name=str(data["name"]), description=str(data.get("description", "")),
            folder=folder, grammar=f"{folder}/{data['grammar']}",
            default=bool(data.get("default", False)),
            registrants=_patterns(signs.get("registrants", []), f"{where}: signs.registrants"),
            wording=_patterns(signs.get("wording", []), f"{where}: signs.wording"),
            clean_up_call_pct=None if share is None else Decimal(str(share)),
            classes_senior_first=bool(checks.get("classes_senior_first", False)))
    except (tomllib.TOMLDecodeError, KeyError, ArithmeticError) as error:
        raise DialectError(f"{where}: {error}") from error


@functools.cache
def available() -> dict[str, Dialect]:
    """The dialects shipped in dealc.grammar, then the installed ones, by name (a shipped
    dialect keeps its name)."""
    found: dict[str, Dialect] = {}
    for entry in sorted(resources.files(GRAMMAR_PACKAGE).iterdir(), key=lambda e: e.name):
        config = entry.joinpath(DIALECT_FILE)
        if entry.is_dir() and config.is_file():
            dialect = _load(entry.name, config.read_text(encoding="utf-8"))
            found[dialect.name] = dialect
    for _name, path in installed_entries():
        config = path / DIALECT_FILE
        if path.is_dir() and config.is_file():
            try:
                dialect = _load(str(path.resolve()), config.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise DialectError(f"cannot read {config}: {error}") from error
            found.setdefault(dialect.name, dialect)
    return found


def may_have_installed() -> bool:
    """Does any installed distribution declare the group?  A quick look at the
    ``entry_points.txt`` files on sys.path, so that a start without extensions or
    installed dialects does not import importlib.metadata (~35 ms)."""
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                if not entry.name.endswith((".dist-info", ".egg-info")):
                    continue
                points = os.path.join(entry.path, "entry_points.txt")
                try:
                    with open(points, encoding="utf-8") as handle:
                        if ENTRY_POINT_GROUP in handle.read():
                            return True
                except OSError:
                    continue
    return False


def installed_entries() -> Iterator[tuple[str, Path]]:
    """The entry points of the group: each name, and the path its value names inside its
    distribution (a dialect's folder, or an extension's .lark file).  Nothing is imported."""
    if not may_have_installed():
        return
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = entry.dist
        if dist is None:
            raise DialectError(f"grammar entry point {entry.name!r} has no distribution")
        yield entry.name, Path(str(dist.locate_file(entry.value)))


def default() -> Dialect:
    """The dialect used when a filing shows no dialect's signs."""
    dialects = available()
    chosen = [d for d in dialects.values() if d.default] or list(dialects.values())
    if not chosen:
        raise DialectError(f"no dialect is installed in {GRAMMAR_PACKAGE}")
    return chosen[0]


def named(name: str) -> Dialect:
    try:
        return available()[name]
    except KeyError:
        known = ", ".join(sorted(available())) or "none"
        raise DialectError(f"no dialect named {name!r} (known: {known})") from None


def detect(text: str) -> Dialect:
    """The dialect whose signs the text shows most; the default one when none shows any.

    With one dialect installed the answer is that one whatever the text shows, so
    the text is not searched (its signs are case-blind patterns over the whole filing).
    """
    candidates = available()
    if len(candidates) == 1:
        return default()
    scored = [(dialect.score(text), dialect) for dialect in candidates.values()]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] > 0 and best[1] is not None else default()
