"""The embedded store: compiled filings in SQLite, keyed by the input's sha256.

Tables: ``filings`` (one row per input, compiled or not), ``pools`` (one row
per pool, and one whose ``pool_id`` is ``all`` for the all-loans figures),
``classes``, ``facts`` (every fact with its provenance) and ``diagnostics``.
Money and rates are stored as TEXT with their printed digits (exact; use
``CAST(x AS REAL)`` for arithmetic that may round).  Storing a filing again
replaces its rows, so re-runs update rather than duplicate.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from dealc.compiler.facts_table import unit_of
from dealc.compiler.plain import resolve
from dealc.emitters.json_emitter import dumps

POOL_COLUMNS = (
    "balance", "loan_count", "wac_pct", "wa_remaining_term_months", "wa_original_term_months",
    "originated_not_before", "originated_not_after", "latest_maturity", "original_balance_min",
    "original_balance_max", "ltv_over_80_balance", "max_ltv_pct", "wa_ltv_pct",
    "max_zip_balance", "primary_residence_min_pct", "full_documentation_min_pct",
    "reduced_documentation_max_pct", "streamlined_refinance_max_pct", "investment_property_pct",
    "pmi_required_over_80_ltv",
)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS filings (
    sha256 TEXT PRIMARY KEY, input TEXT NOT NULL, status TEXT NOT NULL, kind TEXT,
    errors INTEGER, warnings INTEGER, dealc_version TEXT,
    form_type TEXT, date_of_report TEXT, registrant TEXT, commission_file_number TEXT,
    title TEXT, series TEXT, cutoff_date TEXT, transfer_date TEXT, aggregate_balance TEXT,
    document TEXT
);
CREATE TABLE IF NOT EXISTS pools (
    sha256 TEXT NOT NULL REFERENCES filings(sha256), pool_id TEXT NOT NULL, position INTEGER,
    {", ".join(f"{c} TEXT" for c in POOL_COLUMNS)},
    term_min_years INTEGER, term_max_years INTEGER,
    PRIMARY KEY (sha256, pool_id)
);
CREATE TABLE IF NOT EXISTS classes (
    sha256 TEXT NOT NULL REFERENCES filings(sha256), name TEXT NOT NULL, position INTEGER,
    initial_balance TEXT, as_of TEXT, subordination_level_pct TEXT,
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


def _text(value: Any) -> Any:
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)), "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def store(database: Path, lines: list[dict[str, Any]]) -> None:
    """Write every compiled input of a run (manifest lines with their documents)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(database)
    try:
        with connection:
            connection.executescript(SCHEMA)
            for line in lines:
                _store_one(connection, line)
    finally:
        connection.close()


def _store_one(connection: sqlite3.Connection, line: dict[str, Any]) -> None:
    key = line.get("sha256") or f"unread:{line['input']}"
    for table in ("diagnostics", "facts", "classes", "pools", "filings"):
        connection.execute(f"DELETE FROM {table} WHERE sha256 = ?", (key,))
    document = line.get("document")
    if document is None:
        if line.get("reused"):
            return  # stored by the run that compiled it
        connection.execute(
            "INSERT INTO filings (sha256, input, status, kind, errors, warnings, dealc_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, line["input"], line["status"], line.get("kind"), line.get("errors"),
             line.get("warnings"), line.get("dealc_version")))
        return
    cover, deal = document["cover"], document["deal"] or {}
    connection.execute(
        "INSERT INTO filings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (key, line["input"], line["status"], document["kind"], line["errors"], line["warnings"],
         line["dealc_version"], cover.get("form_type"), cover.get("date_of_report"),
         cover.get("registrant"), cover.get("commission_file_number"), deal.get("title"),
         deal.get("series"), deal.get("cutoff_date"), deal.get("transfer_date"),
         _text(deal.get("aggregate_balance")), dumps(document)))
    groups: list[tuple[str, int | None, dict[str, Any]]] = [
        (p["id"], i, p) for i, p in enumerate(deal.get("pools", []))]
    if deal.get("all_loans"):
        groups.append(("all", None, deal["all_loans"]))
    for pool_id, position, group in groups:
        term = group.get("original_term_years") or {}
        connection.execute(
            f"INSERT INTO pools VALUES ({', '.join('?' * (len(POOL_COLUMNS) + 5))})",
            (key, pool_id, position, *(_text(group.get(c)) for c in POOL_COLUMNS),
             term.get("min"), term.get("max")))
    for position, certificate in enumerate(deal.get("classes", [])):
        connection.execute(
            "INSERT INTO classes VALUES (?,?,?,?,?,?)",
            (key, certificate["name"], position, _text(certificate.get("initial_balance")),
             certificate.get("as_of"), _text(certificate.get("subordination_level_pct"))))
    for pointer, location in document["provenance"].items():
        connection.execute(
            "INSERT INTO facts VALUES (?,?,?,?,?,?,?)",
            (key, pointer, _text(resolve(document, pointer)), unit_of(pointer), location["line"],
             location["column"], location["text"]))
    for diagnostic in document["diagnostics"]:
        primary = diagnostic.get("primary") or {}
        connection.execute(
            "INSERT INTO diagnostics VALUES (?,?,?,?,?,?)",
            (key, diagnostic["code"], diagnostic["severity"], diagnostic["message"],
             primary.get("line"), primary.get("column")))
