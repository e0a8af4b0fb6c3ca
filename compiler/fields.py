"""The field table's vocabulary: what a deal field declares, and how to read the table.

The table itself is `dealc.compiler.ast`: every fact field of the AST is declared
there once with `fact` (a leaf: a value the filing states) or `record` (a nested
node whose leaves are facts, such as a group's range of original terms), and
carries in its attrs metadata everything that differs from field to field: its
value kind, the grammar rule that states it, its XBRL concept, its labels in the
reports, its store column, the bounds E209 and E210 check, whether it is the date
its node's facts are stated as of (``instant``) and whether the all-loans value is
the pools' balance-weighted average.  The cover and the signature are declared the
same way.  Everything else (the vocabulary grammars speak, the XBRL concepts and
contexts, the report rows, the store's columns, the checks' bounds and pointers)
is read from it through the functions here: adding a fact is a `fact(...)` in the
AST and a rule in the grammar.

This module does not import the AST (the AST imports it), so its readers take the
root class (`walk(ast.LoanGroup)`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import attrs


class Scope(enum.Enum):
    DOCUMENT = "document"  # the cover, the deal, the signature
    GROUP = "group"  # a loan group: a pool, all loans, or a pool's premium/discount loans
    CLASS = "class"  # a certificate class


class Kind(enum.Enum):
    """How a field's tokens become a value."""

    MONEY = "money"  # $1,000,000.00 -> Decimal("1000000.00")
    PERCENT = "percent"  # 6.298% -> Decimal("6.298")
    DATE = "date"  # February 1, 2003 -> date(2003, 2, 1)
    COUNT = "count"  # 1620 -> 1620
    MONTHS = "months"  # 357.43 months -> Decimal("357.43")
    YEARS = "years"  # 30 years -> 30
    TEXT = "text"  # the words as printed
    NONE_IS_ZERO = "none is zero"  # "None of ... are secured by investment properties" -> 0
    STATED_TRUE = "stated true"  # a sentence that asserts a condition -> True


# The XBRL item type of each kind's values (names as in dealc.emitters.xbrl_concepts).
XBRL_TYPES: dict[Kind, str] = {
    Kind.MONEY: "monetary", Kind.PERCENT: "percent", Kind.NONE_IS_ZERO: "percent",
    Kind.MONTHS: "decimal", Kind.COUNT: "integer", Kind.YEARS: "integer", Kind.DATE: "date",
    Kind.TEXT: "string", Kind.STATED_TRUE: "boolean",
}

# The premium and discount loans of a pool: where a group's `subsets` facts are repeated.
SUBSETS = ("premium", "discount")


@attrs.frozen
class Part:
    """A composite token split by a regular expression's named groups."""

    pattern: re.Pattern[str]
    paths: dict[str, tuple[str, ...]]


# "REMIC Pass-Through Certificates, Series 2003-2": the series in a title.
SERIES = re.compile(r".*?Series (?P<series>[0-9]{4}-[0-9A-Za-z]+)")


# ------------------------------------------------------------------ bounds (E210)
@attrs.frozen
class Percentage:
    """The value lies between 0 and 100, as printed; ``note`` may name ``{field}``, ``{value}``."""

    message: str = "{name}: a percentage outside 0 to 100"
    note: str | None = "{field} is {value}%"


@attrs.frozen
class AtMost:
    """The value is at most another fact, beyond the rounding both carry.

    ``whole`` is a path relative to the scope the check runs in (the loan group, the
    pool, the class, the deal), or an absolute JSON pointer when it starts with "/".
    ``{name}`` in a label or the message is the scope's name ("pool I"), ``{subset}``
    the premium or discount loans.  ``pools_only``: for the pools, not all loans.
    """

    whole: str
    label: str
    whole_label: str
    message: str
    pools_only: bool = False


@attrs.frozen
class NotAfter:
    """A date no later than another (E209); ``later`` as `AtMost.whole`."""

    later: str
    message: str


Bound = Percentage | AtMost | NotAfter


@attrs.frozen
class Concept:
    """The fact's XBRL concept: its name in the taxonomy and its English label."""

    name: str
    label: str
    after: str | None = None  # listed right after this field's concept (a later addition)


@attrs.frozen
class Fact:
    """What one field of the table declares (see `fact`)."""

    kind: Kind
    doc: str
    rule: str | None = None  # the grammar rule; None: the field's name
    grammar: bool = True  # False: no rule states the field alone (a part of another's value)
    label: str | None = None  # its row in the Markdown and HTML reports
    html_label: str | None = None  # the HTML report's, where it differs
    subset_label: tuple[str, str] | None = None  # its premium/discount column: (HTML, Markdown)
    concept: Concept | None = None
    # A column of the store's `pools` or `classes` table: True, a TEXT column named after
    # the field; a name, an INTEGER column of that name (the range of original terms).
    column: bool | str = False
    column_after: str | None = None  # its column right after this field's (the `filings` table)
    bounds: tuple[Bound, ...] = ()
    subset_bounds: tuple[Bound, ...] = ()  # on each premium/discount subset's value
    # Set (to its name in E203's and E205's messages): the all-loans value is the pools'
    # balance-weighted average, and a pool's its premium and discount loans' (``subsets``).
    weighted: str | None = None
    subsets: bool = False  # premium and discount loans state it too
    noun: str | None = None  # its name in the checks' messages and labels
    order: int = 0  # its rank among the document's rows in the reports (stable sort)
    markdown: bool = True  # False: the Markdown report has no row of its own for it
    optional_row: bool = False  # the Markdown report shows its row only where it is stated
    after: str | None = None  # shown in the reports right after this field (by its name)
    # A list (the cover's co-registrants): its entries' fields, () for plain strings;
    # XBRL writes it as one string, an entry per line and its fields joined by tabs.
    listed: tuple[str, ...] | None = None
    entry: type | None = None  # the node of each of a list's entries (None: strings)
    more: str | None = None  # the list field holding further values printed beside it
    keep: bool = True  # False: a statement of a whole node, only its parts are kept
    instant: bool = False  # the date its node's facts are stated as of (XBRL's instant)
    # The vocabulary's further settings (`dealc.compiler.vocabulary.Field`).
    parts: tuple[Part, ...] = ()  # parts of the value that set other facts
    also: tuple[tuple[str, ...], ...] = ()  # other paths the same statement sets
    restated_by: tuple[tuple[str, str], ...] = ()  # (rule, doc) of qualifiers restating it


@attrs.frozen
class Record:
    """A nested node of facts, with the facts of a shared node class named here."""

    label: str | None = None  # one report row for the whole node (a range: "30 to 30")
    parts: dict[str, Fact] = attrs.field(factory=dict)
    statement: Fact | None = None  # a rule stating the whole node, its parts setting its facts


_FACT = FACT_KEY = "dealc.fact"
_RECORD = RECORD_KEY = "dealc.record"


def fact(
    kind: Kind,
    type_: type,
    doc: str,
    **settings: Any,
) -> Any:
    """A nullable field of the table that must hold ``type_`` when set."""
    return attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(type_)),
        metadata={_FACT: Fact(kind, doc, **settings)},
    )


def spec(kind: Kind, doc: str, **settings: Any) -> Fact:
    """A fact's declaration without an attrs field: a part of a shared node (`record`)."""
    return Fact(kind, doc, **settings)


def listing(doc: str, entry: type | None = None, **settings: Any) -> Any:
    """A list field of the table (empty: nothing stated) of ``entry`` nodes, or of strings."""
    listed = tuple(field.name for field in attrs.fields(entry)) if entry is not None else ()
    return attrs.field(default=(), metadata={
        _FACT: Fact(Kind.TEXT, doc, grammar=False, listed=listed, entry=entry, **settings)})


def record(type_: type, label: str | None = None, statement: Fact | None = None,
           **parts: Fact) -> Any:
    """A nullable nested node whose fields are facts (declared here or in its class)."""
    return attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(type_)),
        metadata={_RECORD: Record(label, parts, statement)},
    )


# ------------------------------------------------------------------ reading the table
@attrs.frozen
class Entry:
    """One fact of the table: its path below its scope's node, and its declaration."""

    path: tuple[str, ...]
    fact: Fact
    scope: Scope

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def rule(self) -> str | None:
        """The grammar rule that states it (None: no rule of its own)."""
        if not self.fact.grammar:
            return None
        return self.fact.rule or self.name

    @property
    def relative(self) -> str:
        """Its path as a relative JSON pointer: ``additional_collateral/balance``."""
        return "/".join(self.path)

    def pointer(self, base: str) -> str:
        """Its JSON pointer below a node's: ``pointer("/deal/pools/3")`` ->
        ``/deal/pools/3/balance``; a document fact's pointer is absolute."""
        if self.scope is Scope.DOCUMENT:
            return "/" + self.relative
        return f"{base}/{self.relative}"

    def subset_pointer(self, base: str, subset: str) -> str:
        """Its JSON pointer in a pool's premium or discount loans."""
        return f"{base}/{subset_path(subset)}/{self.relative}"

    def get(self, node: object) -> Any:
        """Its value in a node of its scope (None where a step is absent)."""
        value: Any = node
        for step in self.path:
            if value is None:
                return None
            value = getattr(value, step)
        return value

    @property
    def label(self) -> str | None:
        return self.fact.label

    @property
    def html_label(self) -> str | None:
        return self.fact.html_label or self.fact.label


def subset_path(subset: str) -> str:
    """Where a pool's premium or discount loans are: ``premium_discount/premium``."""
    return f"{_SUBSET_NODE}/{subset}"


_SUBSET_NODE = "premium_discount"


def walk(cls: type, scope: Scope, prefix: tuple[str, ...] = (),
         statements: bool = False) -> Iterator[Entry]:
    """Every fact below an AST class, in declaration order, with its path; with
    ``statements``, a nested node's statement (`Record.statement`) before its facts."""
    for field in attrs.fields(cls):
        path = (*prefix, field.name)
        declared = field.metadata.get(_FACT)
        if declared is not None:
            yield Entry(path, declared, scope)
            continue
        nested = field.metadata.get(_RECORD)
        if nested is None:
            continue
        if statements and nested.statement is not None:
            yield Entry(path, nested.statement, scope)
        inner = node_class(field.validator)
        for sub in attrs.fields(inner):
            part = nested.parts.get(sub.name)
            if part is not None:
                yield Entry((*path, sub.name), part, scope)
        yield from (entry for entry in walk(inner, scope, path)
                    if entry.path[-1] not in nested.parts)


def record_of(cls: type, name: str) -> Record:
    """The declaration of a nested node."""
    nested: Record = attrs.fields_dict(cls)[name].metadata[_RECORD]
    return nested


def node_class(validator: Any) -> type:
    """The node class an optional instance_of validator requires."""
    inner = validator.validator if hasattr(validator, "validator") else validator
    node: type = inner.type
    return node


def nested_nodes(*roots: type) -> dict[str, type]:
    """The node class each nested field below the roots holds, by the field's name
    (``address`` -> `Address`): every field whose validator requires an attrs node."""
    found: dict[str, type] = {}
    pending = list(roots)
    while pending:
        cls = pending.pop(0)
        for field in attrs.fields(cls):
            inner = _validated(field.validator)
            if inner is not None and attrs.has(inner) and field.name not in found:
                found[field.name] = inner
                pending.append(inner)
    return found


def _validated(validator: Any) -> type | None:
    """The type an (optional) instance_of validator requires; None for other validators."""
    inner = getattr(validator, "validator", validator)
    required = getattr(inner, "type", None)
    return required if isinstance(required, type) else None


def find(cls: type, scope: Scope, relative: str, prefix: tuple[str, ...] = ()) -> Entry:
    """The fact at a path below a node class (``additional_collateral/balance``)."""
    for entry in walk(cls, scope, prefix):
        if entry.relative == relative:
            return entry
    raise KeyError(relative)


# ------------------------------------------------------------------ where the nodes are
ALL_LOANS = "/deal/all_loans"


def pool(index: int) -> str:
    """The JSON pointer of the pool at a position: ``/deal/pools/3``."""
    return f"/deal/pools/{index}"


def certificate_class(index: int) -> str:
    """The JSON pointer of the certificate class at a position: ``/deal/classes/0``."""
    return f"/deal/classes/{index}"


def node_field(cls: type, node: type) -> str:
    """The name of the field of ``cls`` that holds a ``node`` (``loss_limits``)."""
    for field in attrs.fields(cls):
        if field.metadata.get(_RECORD) is not None and node_class(field.validator) is node:
            name: str = field.name
            return name
    raise KeyError(node.__name__)


def report_order(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in the order the reports show them (declaration order, then `Fact.order`,
    each with an ``after`` setting moved right after the field it names)."""
    return placed(sorted(entries, key=lambda entry: entry.fact.order),
                  lambda entry: entry.name, lambda entry: entry.fact.after)


_T = TypeVar("_T")


def placed(items: Iterable[_T], name: Callable[[_T], str],
           after: Callable[[_T], str | None]) -> list[_T]:
    """Items in their order, each that names another (``after``) moved right after it."""
    ordered = list(items)
    result = [item for item in ordered if after(item) is None]
    for item in ordered:
        target = after(item)
        if target is not None:
            index = next(i for i, other in enumerate(result) if name(other) == target)
            result.insert(index + 1, item)
    return result
