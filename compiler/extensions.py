"""Grammar extensions: analysts' `.lark` files that teach dealc new wording.

An extension imports the core's rules and terminals by name
(``%import pool (sentence, transfer_date)``, ``%import terminals (DATE)``),
adds sentences with ``%extend sentence: ... -> facts``, and aliases each to
a semantic action of the vocabulary.  Extensions are grammar text only:
finding and loading one never runs code.  They come from ``--grammar``
options, from a project's configuration (``[tool.dealc] grammars = [...]`` in
a ``pyproject.toml``, or ``grammars = [...]`` in a ``dealc.toml``, found from
the working folder upwards), and from installed distributions that name a
``.lark`` file in the entry point group ``dealc.grammars``.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import tomllib
from pathlib import Path

import attrs
from lark import Lark
from lark.load_grammar import FromPackageLoader

from dealc.compiler import tables
from dealc.compiler.parse import (
    GRAMMAR_PACKAGE,
    POOL_GRAMMAR,
    package_grammar_text,
    parser,
    plugins,
)

ENTRY_POINT_GROUP = "dealc.grammars"
_IMPORT = re.compile(r"^%import[ \t]+([\w.]+)[ \t]*\(([^)]*)\)[ \t]*$", re.MULTILINE)
_IGNORE_SPACE = '%ignore " "'


@attrs.frozen
class Extension:
    """An extension's text and where it came from (a path, or an entry point)."""

    origin: str
    text: str

    @classmethod
    def from_path(cls, path: Path) -> Extension:
        return cls(str(path), path.read_text(encoding="utf-8"))


class ExtensionError(Exception):
    """An extension that cannot be found or read."""


def combined_text(extensions: tuple[Extension, ...]) -> str:
    """One grammar from several extensions: their imports merged, their rules in order.

    Each extension imports what it needs from the core; the same name imported
    by two extensions must be imported once, so ``%import`` lines are merged
    per module.  ``%ignore " "`` (which is not imported) is added once.
    """
    imports: dict[str, list[str]] = {}
    bodies = []
    for extension in extensions:
        for module, names in _IMPORT.findall(extension.text):
            merged = imports.setdefault(module, [])
            merged.extend(n.strip() for n in names.split(",") if n.strip() not in merged)
        body = _IMPORT.sub("", extension.text)
        bodies.append("\n".join(line for line in body.splitlines()
                                if line.strip() != _IGNORE_SPACE))
    if "pool" not in imports or "start" not in imports["pool"]:
        imports.setdefault("pool", []).insert(0, "start")
    header = [f"%import {module} ({', '.join(dict.fromkeys(names))})"
              for module, names in imports.items()]
    return "\n".join([*header, _IGNORE_SPACE, *bodies]) + "\n"


def build(extensions: tuple[Extension, ...], debug: bool = False, cache: bool = True) -> Lark:
    """The pool grammar with the extensions added (tables from the private cache when
    ``cache``)."""
    text = combined_text(extensions)
    found = plugins()

    def construct() -> Lark:
        return Lark(
            text,
            parser="lalr",
            lexer="contextual",
            import_paths=[FromPackageLoader(GRAMMAR_PACKAGE, ("",))],
            debug=debug,
            maybe_placeholders=False,
            start="start",
            _plugins=found,
        )

    if not cache or debug:
        return construct()
    name = tables.key("extended", text, package_grammar_text(), plugins=found)
    return tables.load_or_build(name, construct, found)


@functools.lru_cache(maxsize=16)
def pool_parser(extensions: tuple[Extension, ...]) -> Lark:
    """The parser for a set of extensions, built once per process (and cached on disk)."""
    return parser(POOL_GRAMMAR) if not extensions else build(extensions)


# ------------------------------------------------------------------- discovery
def from_paths(paths: list[Path]) -> tuple[Extension, ...]:
    found = []
    for path in paths:
        try:
            found.append(Extension.from_path(path))
        except OSError as error:
            raise ExtensionError(f"cannot read grammar extension {path}: "
                                 f"{error.strerror or error}") from error
    return tuple(found)


def configured(start: Path) -> tuple[Extension, ...]:
    """Extensions named by the nearest dealc.toml or pyproject.toml [tool.dealc]."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in ("dealc.toml", "pyproject.toml"):
            config = folder / name
            if not config.is_file():
                continue
            try:
                data = tomllib.loads(config.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise ExtensionError(f"cannot read {config}: {error}") from error
            table = data if name == "dealc.toml" else data.get("tool", {}).get("dealc")
            if table is None:
                continue
            grammars = table.get("grammars", [])
            if not isinstance(grammars, list) or not all(isinstance(g, str) for g in grammars):
                raise ExtensionError(f"{config}: 'grammars' must be a list of paths")
            return from_paths([folder / g for g in grammars])
    return ()


def _may_have_installed() -> bool:
    """Does any installed distribution declare the group?  A quick look at the
    ``entry_points.txt`` files on sys.path, so that a start without extensions
    does not import importlib.metadata (~35 ms); importlib.metadata does the
    real lookup when there may be one."""
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


def installed() -> tuple[Extension, ...]:
    """Extensions of installed distributions (entry point group dealc.grammars).

    An entry point's value is the path of a ``.lark`` file inside its
    distribution; it is read as a file, never imported.
    """
    if not _may_have_installed():
        return ()
    from importlib.metadata import entry_points

    found = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = entry.dist
        if dist is None:
            raise ExtensionError(f"grammar extension {entry.name!r} has no distribution")
        path = Path(str(dist.locate_file(entry.value)))
        try:
            found.append(Extension(f"{entry.name} ({path})", path.read_text(encoding="utf-8")))
        except OSError as error:
            raise ExtensionError(f"grammar extension {entry.name!r}: cannot read {path}: "
                                 f"{error.strerror or error}") from error
    return tuple(found)
