"""One field table: the AST declares every deal field once, and the rest agrees.

The vocabulary, the XBRL concepts, the reports' rows (the cover's and the signature's
too), the store's columns, the checks' bounds, pointers and weighted averages, the XBRL
instants and the JSON schema's cover, deal and signature are derived from the table in
`dealc.compiler.ast` (read through `dealc.compiler.fields`); these tests prove what is
not derived agrees with it, and that no deal field name is spelled out by hand in more
production files than the table, the grammar and one more.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs

from dealc.compiler import ast, fields, vocabulary
from dealc.compiler.fields import Entry, Scope, walk
from dealc.emitters import json_schema

from .conftest import ROOT

TABLE: tuple[Entry, ...] = (
    *walk(ast.Deal, Scope.DOCUMENT, ("deal",)),
    *walk(ast.LoanGroup, Scope.GROUP),
    *walk(ast.CertificateClass, Scope.CLASS),
)

# The cover's and the signature's facts (read by `dealc.compiler.cover` and the signature
# grammar), with the statement of the whole address.
DOCUMENT: tuple[Entry, ...] = (
    *walk(ast.Cover, Scope.DOCUMENT, ("cover",), statements=True),
    *walk(ast.Signature, Scope.DOCUMENT, ("signature",)),
)

# The fields of these nodes that are structure, not facts: ids, the lists of pools and
# classes, all loans (a loan group), the premium and discount subsets, spans.
STRUCTURE = {"id", "name", "span", "pools", "all_loans", "classes", "premium", "discount"}


def _leaves(cls: type, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for field in attrs.fields(cls):
        if field.name in STRUCTURE:
            continue
        inner = fields.node_class(field.validator) if field.validator else None
        if isinstance(inner, type) and attrs.has(inner):
            found |= _leaves(inner, (*prefix, field.name))
        else:
            found.add((*prefix, field.name))
    return found


def test_every_fact_of_the_deal_is_in_the_table() -> None:
    declared = {entry.path for entry in TABLE}
    assert {("deal", *path) for path in _leaves(ast.Deal)} <= declared
    assert _leaves(ast.LoanGroup) <= declared
    assert _leaves(ast.CertificateClass) <= declared


def test_subset_facts_are_the_subset_node() -> None:
    subsets = [entry.name for entry in TABLE if entry.fact.subsets]
    assert subsets == [field.name for field in attrs.fields(ast.SubsetStatistics)]


def test_vocabulary_has_every_rule_of_the_table() -> None:
    for entry in TABLE + DOCUMENT:
        if entry.rule is not None:
            field = vocabulary.FIELDS[entry.rule]
            path = entry.path if entry.fact.keep else None
            assert (field.path, field.kind, field.scope) == (path, entry.fact.kind, entry.scope)


def test_every_vocabulary_field_is_in_the_table() -> None:
    rules = {entry.rule for entry in TABLE + DOCUMENT if entry.rule is not None} | {
        rule for entry in TABLE for rule, _ in entry.fact.restated_by}
    assert set(vocabulary.FIELDS) == rules


def test_every_fact_of_the_cover_and_signature_is_in_the_table() -> None:
    declared = {entry.path for entry in DOCUMENT}
    for root, cls in (("cover", ast.Cover), ("signature", ast.Signature)):
        assert {(root, *path) for path in _leaves(cls)} <= declared


def test_instants_and_store_columns_come_from_the_table() -> None:
    from dealc.compiler.driver import store
    from dealc.emitters import xbrl_concepts

    assert xbrl_concepts.INSTANTS == (("deal", "cutoff_date"), ("deal", "loss_limits", "as_of"),
                                      ("cover", "date_of_report"), ("signature", "date"))
    assert xbrl_concepts.SAME_AS == ((("balance",), ("deal", "aggregate_balance")),)
    assert store.FILING_COLUMNS == (
        "form_type", "date_of_report", "registrant", "commission_file_number", "title",
        "series", "cutoff_date", "transfer_date", "aggregate_balance")


def test_pointers_come_from_the_table() -> None:
    balance = fields.find(ast.LoanGroup, Scope.GROUP, "balance")
    assert balance.pointer(fields.pool(3)) == "/deal/pools/3/balance"
    assert balance.subset_pointer(fields.pool(0), "premium") == (
        "/deal/pools/0/premium_discount/premium/balance")
    cutoff = fields.find(ast.Deal, Scope.DOCUMENT, "deal/cutoff_date", ("deal",))
    assert cutoff.pointer(fields.pool(1)) == "/deal/cutoff_date"


# ------------------------------------------------------------------ the JSON schema
def test_shipped_schema_is_generated_from_the_table() -> None:
    """`python -m dealc.emitters.json_schema` regenerates it."""
    text = json_schema.shipped()
    assert json_schema.dumps(json_schema.generate(json.loads(text))) == text


def test_schema_generation_reads_the_table_not_the_file() -> None:
    schema = json.loads(json_schema.shipped())
    group = schema["$defs"]["loan_group"]["properties"]
    expected = group["max_zip_balance"]
    group["max_zip_balance"] = {"type": "string"}
    del schema["properties"]["deal"]["anyOf"][1]["properties"]["cutoff_date"]
    regenerated = json_schema.generate(schema)
    assert regenerated["$defs"]["loan_group"]["properties"]["max_zip_balance"] == expected
    assert "cutoff_date" in regenerated["properties"]["deal"]["anyOf"][1]["properties"]


def test_cover_and_signature_schema_read_the_table_not_the_file() -> None:
    shipped = json.loads(json_schema.shipped())
    schema = json.loads(json_schema.shipped())
    cover = schema["properties"]["cover"]["properties"]
    cover["date_of_report"] = {"type": "string"}
    cover["reporting_period"] = {"description": cover["reporting_period"]["description"]}
    cover["placeholders"]["items"] = {"type": "string"}
    del cover["address"]["anyOf"][1]["properties"]["zip"]
    del schema["properties"]["signature"]["anyOf"][1]["properties"]["date"]
    assert json_schema.generate(schema) == shipped


def _without_descriptions(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {key: _without_descriptions(value) for key, value in schema.items()
                if key != "description"}
    if isinstance(schema, list):
        return [_without_descriptions(value) for value in schema]
    return schema


def test_cover_and_signature_schema_need_only_the_descriptions_of_the_file() -> None:
    """Generated from nothing, the cover and the signature are the shipped ones but for
    the descriptions (prose kept from the file)."""
    shipped = json.loads(json_schema.shipped())
    schema = json.loads(json_schema.shipped())
    schema["properties"]["cover"] = {}
    schema["properties"]["signature"] = {}
    regenerated = json_schema.generate(schema)
    for part in ("cover", "signature"):
        assert json_schema.dumps(regenerated["properties"][part]) == json_schema.dumps(
            _without_descriptions(shipped["properties"][part]))



# ------------------------------------------------------------------ one place per name
PRODUCTION = ("compiler/**/*.py", "emitters/**/*.py", "grammar/**/*.lark", "grammar/**/*.toml")
GENERATED = ("emitters/taxonomy", "emitters/schema/deal.schema.json")
AT_MOST = 3  # the table, the grammar, and one more (a check or the 8-K templates)

# Plain words that name a field as much as anything else ("the balance", a signature's
# "date", a range's "max"): a file that says them need not mean the deal's field.
PLAIN_WORDS = {"balance", "date", "title", "series", "name", "min", "max", "fraud",
               "bankruptcy", "abbreviation", "special_hazard"}

# Names still spelled in more files, and why.  Keep this list short.
EXCEPTIONS: dict[str, str] = {
    # Named by a check's own arithmetic (in compiler/checks.py, through the table's entry
    # for its pointers) AND by the 8-K templates (grammar/cmsi/eightk.toml):
    "loan_count": "E202 adds the pools' counts; E210 the average balance",
    "original_balance_max": "E210: the average balance is at most the largest",
    "latest_maturity": "E209: the cut-off date plus the longest term",
    "wa_remaining_term_months": "E211: remaining term within the original",
    "wa_original_term_months": "E211: the original term within the range of terms",
    "initial_balance": "E206/E207: class balances and subordination",
    "subordination_level_pct": "E207: subordination levels",
    "optional_repurchase_threshold": "W208: the clean-up call",
    "aggregate_balance": "E201, E206, E207, W208: the total the parts add up to",
}


def _files() -> list[Path]:
    found = {path for pattern in PRODUCTION for path in ROOT.glob(pattern)}
    return sorted(path for path in found
                  if not any(path.relative_to(ROOT).as_posix().startswith(g) for g in GENERATED))


def _names() -> set[str]:
    names: set[str] = set()
    for entry in TABLE:
        names.add(entry.name)
        if entry.rule is not None:
            names.add(entry.rule)
        names |= {rule for rule, _ in entry.fact.restated_by}
    return names - PLAIN_WORDS


def spelled_in(name: str, texts: dict[Path, str]) -> list[str]:
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")
    return [path.relative_to(ROOT).as_posix() for path, text in texts.items()
            if pattern.search(text)]


def test_every_field_name_is_spelled_in_at_most_three_files() -> None:
    texts = {path: path.read_text(encoding="utf-8") for path in _files()}
    over = {}
    for name in sorted(_names()):
        where = spelled_in(name, texts)
        if len(where) > AT_MOST and name not in EXCEPTIONS:
            over[name] = where
    assert not over, over


def test_the_exceptions_are_still_needed() -> None:
    texts = {path: path.read_text(encoding="utf-8") for path in _files()}
    assert set(EXCEPTIONS) <= _names()
    settled = [name for name in EXCEPTIONS if len(spelled_in(name, texts)) <= AT_MOST]
    assert not settled, f"no longer exceptions: {settled}"
