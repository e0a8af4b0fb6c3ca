"""The embedded store: compiled filings in SQLite, keyed by the bytes' sha256.

Tables: ``filings`` (one row per distinct content compiled), ``inputs`` (one
row per input path: identical bytes under two paths are one filing and two
inputs; inputs that were not compiled, such as refused or unreadable ones,
are here too), ``pools`` (one row per pool, and one whose ``pool_id`` is
``all`` for the all-loans figures), ``classes``, ``facts`` (every fact with
its provenance) and ``diagnostics``.  Money and rates are stored as TEXT with
their printed digits (exact; use ``CAST(x AS REAL)`` for arithmetic that may
round).

Guarantees: each input is stored in one transaction as soon as it finishes,
so a run that is killed leaves every finished filing whole and nothing half
stored; storing the same filing again with the same options changes nothing;
a forced re-run replaces the filing's rows.  A file that is not a dealc store
is never written to.

A filing's rows are made by `rows` where it was compiled (a worker process),
so that the one process that writes the store only inserts them, one filing
at a time, and lets go of them once committed.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from dealc.compiler import ast
from dealc.compiler.facts_table import unit_of
from dealc.compiler.fields import Scope, placed, walk
from dealc.compiler.plain import resolve
from dealc.emitters.json_emitter import dumps

SCHEMA_VERSION = 2
_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The named file cannot be used as a dealc store: a usage error."""


# The pools' and classes' columns come from the field table (`dealc.compiler.ast`): a fact
# declared with ``column=True`` is a TEXT column named after it; one with a column name of
# its own (the range of original terms) an INTEGER column after those.
_GROUP_FACTS = tuple(walk(ast.LoanGroup, Scope.GROUP))
_POOL_TEXT = tuple(entry for entry in _GROUP_FACTS if entry.fact.column is True)
_POOL_INTEGER = tuple(entry for entry in _GROUP_FACTS if isinstance(entry.fact.column, str))
_CLASS_TEXT = tuple(entry for entry in walk(ast.CertificateClass, Scope.CLASS)
                    if entry.fact.column is True)
POOL_COLUMNS = tuple(entry.name for entry in _POOL_TEXT)
_POOL_INTEGER_COLUMNS = tuple(str(entry.fact.column) for entry in _POOL_INTEGER)
CLASS_COLUMNS = tuple(entry.name for entry in _CLASS_TEXT)
# The `filings` table's columns of the cover's and the deal's facts, from the field table.
_FILING_TEXT = tuple(placed(
    (entry for node, name in ((ast.Cover, "cover"), (ast.Deal, "deal"))
     for entry in walk(node, Scope.DOCUMENT, (name,)) if entry.fact.column is True),
    lambda entry: entry.name, lambda entry: entry.fact.column_after))
FILING_COLUMNS = tuple(entry.name for entry in _FILING_TEXT)


def _wrapped(declarations: tuple[str, ...], width: int = 92) -> str:
    """Column declarations on indented lines of at most ``width`` characters, as the
    `filings` table was first written (SQLite keeps the statement's text)."""
    lines: list[str] = []
    for declaration in declarations:
        if lines and len(lines[-1]) + len(declaration) + 2 <= width:
            lines[-1] += f" {declaration},"
        else:
            lines.append(f"    {declaration},")
    return "\n".join(lines)


_FILING_DECLARATIONS = _wrapped(tuple(f"{c} TEXT" for c in FILING_COLUMNS))

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS filings (
    sha256 TEXT PRIMARY KEY, status TEXT NOT NULL, kind TEXT,
    errors INTEGER, warnings INTEGER, dealc_version TEXT, options_key TEXT,
{_FILING_DECLARATIONS}
    document TEXT
);
CREATE TABLE IF NOT EXISTS inputs (
    input TEXT PRIMARY KEY, sha256 TEXT, status TEXT NOT NULL, message TEXT
);
CREATE INDEX IF NOT EXISTS inputs_by_filing ON inputs (sha256);
CREATE TABLE IF NOT EXISTS pools (
    sha256 TEXT NOT NULL REFERENCES filings(sha256), pool_id TEXT NOT NULL, position INTEGER,
    {", ".join(f"{c} TEXT" for c in POOL_COLUMNS)},
    {", ".join(f"{c} INTEGER" for c in _POOL_INTEGER_COLUMNS)},
    PRIMARY KEY (sha256, pool_id)
);
CREATE TABLE IF NOT EXISTS classes (
    sha256 TEXT NOT NULL REFERENCES filings(sha256), name TEXT NOT NULL, position INTEGER,
    {", ".join(f"{c} TEXT" for c in CLASS_COLUMNS)},
    PRIMARY KEY (sha256, name)
);
CREATE TABLE IF NOT EXISTS facts (
    sha256 TEXT NOT NULL REFERENCES filings(sha256), pointer TEXT NOT NULL, value TEXT,
    unit TEXT, line INTEGER, column INTEGER, text TEXT,
    PRIMARY KEY (sha256, pointer)
);
CREATE TABLE IF NOT EXISTS diagnostics (
    sha256 TEXT NOT NULL REFERENCES filings(sha256), code TEXT, severity TEXT, message TEXT,
    line INTEGER, column INTEGER
);
CREATE INDEX IF NOT EXISTS diagnostics_by_filing ON diagnostics (sha256);
"""


def _at(node: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a path of a JSON node (None where a step is absent)."""
    value: Any = node
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def _text(value: Any) -> Any:
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)), "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class Store:
    """An open store; opening it checks the file, so a bad one is found before any work."""

    def __init__(self, database: Path) -> None:
        self.path = database
        _check_file(database)
        database.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = sqlite3.connect(database, isolation_level=None)
            self._prepare()
        except sqlite3.Error as error:
            raise StoreError(f"{database} cannot be used as a dealc store: {error}") from error

    def _prepare(self) -> None:
        connection = self._connection
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and tables:
            raise StoreError(f"{self.path} is an SQLite database that dealc did not make "
                             "(or an older dealc's store); name a new file")
        if version not in (0, SCHEMA_VERSION):
            raise StoreError(f"{self.path} is a dealc store of schema {version}; this dealc "
                             f"writes schema {SCHEMA_VERSION}; name a new file")
        if version == 0:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{SCHEMA}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")

    def stored(self, options_key: str) -> set[str]:
        """The contents already stored with these options."""
        return {row[0] for row in self._connection.execute(
            "SELECT sha256 FROM filings WHERE options_key = ?", (options_key,))}

    def put(self, line: dict[str, Any], rows: Rows | None) -> None:
        """Store one input (its manifest line, and its filing's `rows` if it was compiled
        now) in one transaction."""
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            if rows is not None:
                _insert(connection, rows)
            connection.execute(
                "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?)",
                (line["input"], line.get("sha256"), line["status"], line.get("message")))
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()


def _check_file(database: Path) -> None:
    if database.is_dir():
        raise StoreError(f"{database} is a folder; name the database file")
    try:
        with open(database, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"cannot read {database}: {error.strerror or error}") from error
    if head and head != _SQLITE_HEADER:
        raise StoreError(f"{database} is not an SQLite database; name a new file (dealc "
                         "never writes into a file it did not make)")


class Rows(NamedTuple):
    """A compiled filing's rows, one tuple per row of each table."""

    sha256: str
    filing: tuple[Any, ...]
    pools: list[tuple[Any, ...]]
    classes: list[tuple[Any, ...]]
    facts: list[tuple[Any, ...]]
    diagnostics: list[tuple[Any, ...]]


def rows(line: dict[str, Any], document: dict[str, Any]) -> Rows:
    """The rows of a compiled filing (its manifest line and plain document)."""
    key = line["sha256"]
    deal = document["deal"] or {}
    return Rows(key, _filing_row(key, line, document), _pool_rows(key, deal),
                _class_rows(key, deal), _fact_rows(key, document),
                _diagnostic_rows(key, document))


def _filing_row(key: str, line: dict[str, Any], document: dict[str, Any]) -> tuple[Any, ...]:
    return (key, line["status"], document["kind"], line["errors"], line["warnings"],
            line["dealc_version"], line.get("options_key"),
            *(_text(_at(document, entry.path)) for entry in _FILING_TEXT), dumps(document))


def _pool_rows(key: str, deal: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per pool, in order, then the all-loans figures as pool ``all``."""
    groups: list[tuple[str, int | None, dict[str, Any]]] = [
        (p["id"], i, p) for i, p in enumerate(deal.get("pools", []))]
    if deal.get("all_loans"):
        groups.append(("all", None, deal["all_loans"]))
    return [(key, pool_id, position, *(_text(_at(group, e.path)) for e in _POOL_TEXT),
             *(_at(group, e.path) for e in _POOL_INTEGER))
            for pool_id, position, group in groups]


def _class_rows(key: str, deal: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(key, certificate["name"], position,
             *(_text(_at(certificate, e.path)) for e in _CLASS_TEXT))
            for position, certificate in enumerate(deal.get("classes", []))]


def _fact_rows(key: str, document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(key, pointer, _text(resolve(document, pointer)), unit_of(pointer),
             location["line"], location["column"], location["text"])
            for pointer, location in document["provenance"].items()]


def _diagnostic_rows(key: str, document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(key, d["code"], d["severity"], d["message"], *_place(d.get("primary")))
            for d in document["diagnostics"]]


def _place(label: dict[str, Any] | None) -> tuple[Any, Any]:
    """A diagnostic's line and column (None, None when it has no place)."""
    return ((label or {}).get("line"), (label or {}).get("column"))


def _insert(connection: sqlite3.Connection, rows: Rows) -> None:
    """Replace the filing's rows with these (inside the caller's transaction)."""
    for table in ("diagnostics", "facts", "classes", "pools", "filings"):
        connection.execute(f"DELETE FROM {table} WHERE sha256 = ?", (rows.sha256,))
    connection.execute(_INSERT["filings"], rows.filing)
    for table in ("pools", "classes", "facts", "diagnostics"):
        connection.executemany(_INSERT[table], getattr(rows, table))


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


_INSERT = {
    "filings": f"INSERT INTO filings VALUES ({_placeholders(len(_FILING_TEXT) + 8)})",
    "pools": f"INSERT INTO pools VALUES ({_placeholders(len(_POOL_TEXT + _POOL_INTEGER) + 3)})",
    "classes": f"INSERT INTO classes VALUES ({_placeholders(len(_CLASS_TEXT) + 3)})",
    "facts": f"INSERT INTO facts VALUES ({_placeholders(7)})",
    "diagnostics": f"INSERT INTO diagnostics VALUES ({_placeholders(6)})",
}
