"""`dealc coverage`: how much of a corpus dealc understands, and what to teach it first.

Every filing found (files, folders, glob patterns: `batch.discover`) is
compiled in this process, one at a time, within a size limit; one that cannot
be read, is too large or breaks the compiler is counted and named, never a
crash.  For each filing: sentences recognised and facts read.  The sentences
not recognised are grouped by *shape*, their text with every value replaced
by its kind (DATE, MONEY, PERCENT, COUNT, POOL, CLASS, found with the core
grammar's own terminals) and footnote marks after values dropped, so that the
same wording in many filings is one line of the analyst's to-do list, the
largest group first.  Each group says which core rule its wording is nearest
to (a word-by-word alignment, `align`) and where the parse stopped.

`dealc grammar draft` (`dealc.compiler.driver.draft`) builds on the same
alignment to write rules for the largest groups.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
from lark import Lark
from lark.grammar import NonTerminal, Rule, Terminal
from lark.lexer import Pattern

from dealc.compiler import compile_bytes, dialects, extensions, regex_safety
from dealc.compiler.ast import CompiledFiling
from dealc.compiler.driver import batch
from dealc.compiler.lower import local
from dealc.compiler.pipeline import Options
from dealc.compiler.render import escape
from dealc.compiler.vocabulary import FIELDS, Kind
from dealc.emitters.formatting import plural

# ------------------------------------------------------------------------- shapes
# Unit kinds: WORD (a word or a punctuation mark) and the kinds of values.
WORD = "WORD"
VALUE_KINDS = ("DATE", "MONEY", "PERCENT", "COUNT", "MONTHS", "GROUP", "CLASS")
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and|or)|and/or|and|or|,)\s*", re.IGNORECASE)
_WORD = r"[^\W_]+(?:[.'\u2019&/-][^\W_]+)*|[^\w\s]"


@attrs.frozen
class Unit:
    """A word, a punctuation mark, or a value (a list of values of one kind) of a sentence."""

    kind: str
    text: str  # as printed (a list: from its first value to its last)
    start: int  # offsets in the sentence's text
    end: int
    display: str  # in the shape: the kind's name ("DATE"), "the POOL mortgage loans"
    count: int = 1  # values in a list
    marked: bool = False  # a footnote mark follows it
    gap_end: int = 0  # where the text after it (and its mark) resumes


@attrs.frozen
class Scanner:
    """The value shapes of a dialect's core grammar, as one regular expression."""

    pattern: re.Pattern[str]
    pool_id: re.Pattern[str]


@functools.cache
def scanner(lark: Lark) -> Scanner:
    """Built from the core's terminals (DATE, MONEY, PERCENT, NUMBER, POOL_ID, ...), so a
    value is what the grammar would read as one."""
    def term(name: str) -> str:
        return f"(?:{lark.get_terminal(name).pattern.to_regexp()})"

    number = r"(?<![\w.,$])" + term("NUMBER")
    group = (rf"(?<!\w)(?:(?i:the|such)[ ])?{term('POOL_ID')}[ ]"
             rf"(?:{term('MORTGAGE_LOANS')}|{term('SUBSET_LOANS')})|(?<!\w){term('ALL_LOANS')}")
    parts = [
        ("DATE", r"(?<!\w)" + term("DATE")),
        ("MONEY", term("MONEY")),
        ("GROUP", group),
        ("CLASS", r"(?:(?<=class )|(?<=Class )|(?<=CLASS ))" + term("CLASS_NAME")),
        ("MONTHS", number + r"[ ](?i:months)(?!\w)"),
        ("PERCENT", r"(?<![\w.,$])" + term("PERCENT")),
        ("COUNT", number),
        ("MARK", term("FOOTNOTE_REF")),
        ("WORD", _WORD),
    ]
    master = "|".join(f"(?P<{name}>{regex})" for name, regex in parts)
    return Scanner(re.compile(master), re.compile(term("POOL_ID")))


def units(text: str, scan: Scanner) -> tuple[Unit, ...]:
    """A sentence as units: values (lists merged) with their kinds, marks dropped."""
    found: list[Unit] = []
    for match in scan.pattern.finditer(text):
        kind = match.lastgroup or WORD
        start, end = match.start(), match.end()
        if kind == "MARK":
            if found and (found[-1].kind != WORD or found[-1].text == "."):
                found[-1] = attrs.evolve(found[-1], marked=True, gap_end=end)
                continue
            kind = WORD
        found.append(Unit(kind, match.group(), start, end, _display(kind, match.group(), scan),
                          gap_end=end))
    return tuple(_merge_lists(found, text))


def _display(kind: str, text: str, scan: Scanner) -> str:
    if kind == WORD:
        return text
    if kind == "GROUP":
        return scan.pool_id.sub("POOL", text)
    if kind == "MONTHS":
        return "COUNT " + text.split()[-1]
    return kind


def _merge_lists(found: list[Unit], text: str) -> Iterator[Unit]:
    """Values of one kind joined by ``,``/``and``/``or`` become one unit (a list)."""
    index = 0
    while index < len(found):
        unit = found[index]
        index += 1
        if unit.kind == WORD:
            yield unit
            continue
        while True:
            follow = _next_value(found, index)
            if follow is None or found[follow].kind != unit.kind:
                break
            between = text[unit.gap_end : found[follow].start]
            if not _LIST_SEPARATOR.fullmatch(between):
                break
            other = found[follow]
            unit = attrs.evolve(unit, text=text[unit.start : other.end], end=other.end,
                                display=unit.display + between + other.display,
                                count=unit.count + 1, marked=other.marked,
                                gap_end=other.gap_end)
            index = follow + 1
        yield unit


def _next_value(found: list[Unit], index: int) -> int | None:
    """The index of the next value unit, if only separator words stand before it."""
    for position in range(index, min(index + 3, len(found))):
        if found[position].kind != WORD:
            return position
    return None


def shape(sentence: Sequence[Unit], text: str) -> str:
    """The sentence with its values replaced by their kinds, its spacing kept."""
    pieces: list[str] = []
    resume = sentence[0].start if sentence else 0
    for unit in sentence:
        pieces.append(text[resume : unit.start])
        pieces.append(unit.display)
        resume = unit.gap_end
    return "".join(pieces).strip()


# ---------------------------------------------------------------------- templates
TEXT = "TEXT"  # a text field (a name): any words
OPAQUE = "OPAQUE"  # a part of a rule the alignment cannot see into
_VALUE_TERMINALS = {"DATE": "DATE", "MONEY": "MONEY", "PERCENT": "PERCENT", "NUMBER": "COUNT"}
_FIELD_KINDS = {Kind.MONEY: "MONEY", Kind.PERCENT: "PERCENT", Kind.DATE: "DATE",
                Kind.COUNT: "COUNT", Kind.MONTHS: "MONTHS", Kind.YEARS: "COUNT"}
_STRUCTURE = {"group_list": ("GROUP", True), "group_ref": ("GROUP", False),
              "class_ref": ("CLASS", False)}
_SKIPPED = frozenset({"FOOTNOTE_REF"})  # marks: dropped from shapes


@attrs.frozen
class TUnit:
    """A unit of a core rule: a word, a value slot (of a field rule), a text slot."""

    kind: str  # WORD, a value kind, TEXT or OPAQUE
    text: str  # a word's text, case folded
    element: int  # the index of the element (terminal or rule) it belongs to
    many: bool = False  # a slot that takes a list


@attrs.frozen
class Element:
    """One symbol of a core sentence rule, and how a drafted rule may write it."""

    role: str  # "literal", "slot" or "opaque"
    name: str  # the terminal's or rule's name
    emit: str  # a terminal's name or "literal"i, a rule's name
    module: str | None = None  # where a draft imports it from (pool, terminals); None: not
    shown: str = ""  # as the nearest rule is displayed


@attrs.frozen
class Template:
    """A core sentence rule as units to align a sentence with."""

    index: int
    action: str
    elements: tuple[Element, ...]
    units: tuple[TUnit, ...]

    @property
    def opaque(self) -> bool:
        return any(e.role == "opaque" for e in self.elements)

    @property
    def words(self) -> int:
        return sum(1 for u in self.units if u.kind == WORD)

    def describe(self) -> str:
        """As `dealc explain` names a rule: its action, then its parts."""
        parts = [e.shown for e in self.elements]
        return f"{self.action}: {' '.join(parts[:9])}" + (" ..." if len(parts) > 9 else "")


@functools.cache
def templates(lark: Lark) -> tuple[Template, ...]:
    """The sentence rules of a core grammar (alternatives the same but for a footnote
    mark counted once)."""
    by_origin: dict[str, list[Rule]] = {}
    for rule in lark.rules:
        by_origin.setdefault(local(rule.origin.name), []).append(rule)
    named = _named_terminals()
    found: dict[tuple[str, tuple[str, ...]], Template] = {}
    for rule in by_origin.get("sentence", []):
        action = local(str(rule.alias)) if rule.alias else "sentence"
        elements: list[Element] = []
        tunits: list[TUnit] = []
        for symbol in rule.expansion:
            if local(symbol.name) in _SKIPPED:
                continue
            element, inner = _element(symbol, lark, by_origin, named, len(elements))
            elements.append(element)
            tunits.extend(inner)
        key = (action, tuple(e.name for e in elements))
        found.setdefault(key, Template(len(found), action, tuple(elements), tuple(tunits)))
    return tuple(found.values())


def _named_terminals() -> dict[str, bool]:
    """Terminals the grammars define by name: True for the value terminals of
    terminals.lark (POOL_ID, COMPANY, ...), False for phrases."""
    names: dict[str, bool] = {}
    definition = re.compile(r"^([A-Z_][A-Z_0-9]*)(?:\.\d+)?[ \t]*:", re.MULTILINE)
    root = resources.files(dialects.GRAMMAR_PACKAGE)
    for dialect in dialects.available().values():
        text = dialect.file(Path(dialect.grammar).name).read_text(encoding="utf-8")
        names.update((name, False) for name in definition.findall(text))
    terminals = root.joinpath("terminals.lark").read_text(encoding="utf-8")
    names.update((name, name != "RESPECTIVELY") for name in definition.findall(terminals))
    return names


def _element(symbol: Any, lark: Lark, by_origin: dict[str, list[Rule]],
             named: dict[str, bool], index: int) -> tuple[Element, list[TUnit]]:
    name = local(symbol.name)
    if isinstance(symbol, Terminal):
        return _terminal_element(symbol.name, lark, named, index)
    if name in _STRUCTURE:
        kind, many = _STRUCTURE[name]
        return Element("slot", name, name, "pool", name), [TUnit(kind, "", index, many)]
    inner = _field_units(name, lark, by_origin) if name in FIELDS else None
    if inner is not None:
        return (Element("slot", name, name, "pool", name),
                [TUnit(kind, text, index, many) for kind, text, many in inner])
    # A nested statement, a repetition: its words help find the nearest rule, but a
    # draft cannot bind through it.
    seen: set[str] = set()
    shown = "(...)*" if "_star_" in name else "(...)+" if "_plus_" in name else name
    return (Element("opaque", name, name, shown=shown),
            [TUnit(kind, text, index, many) for kind, text, many
             in _expanded(symbol.name, lark, by_origin, named, seen)])


def _expanded(full_name: str, lark: Lark, by_origin: dict[str, list[Rule]],
              named: dict[str, bool], seen: set[str]) -> list[tuple[str, str, bool]]:
    """A rule's first alternative as units, nested rules expanded (each once)."""
    seen.add(full_name)
    rules = [r for r in lark.rules if r.origin.name == full_name]
    found: list[tuple[str, str, bool]] = []
    for symbol in rules[0].expansion if rules else ():
        name = local(symbol.name)
        if isinstance(symbol, Terminal):
            words = _terminal_words(symbol.name, lark, named)
            found.extend([(OPAQUE, "", False)] if words is None
                         else [(WORD, w, False) for w in words])
        elif name in _STRUCTURE:
            found.append((*_STRUCTURE[name][:1], "", _STRUCTURE[name][1]))
        elif name in FIELDS and (inner := _field_units(name, lark, by_origin)) is not None:
            found.extend(inner)
        elif symbol.name not in seen:
            found.extend(_expanded(symbol.name, lark, by_origin, named, seen))
    return found


def _terminal_words(full_name: str, lark: Lark, named: dict[str, bool]) -> list[str] | None:
    """The words (case folded) a phrase terminal stands for; None for a value terminal."""
    pattern = lark.get_terminal(full_name).pattern
    name = full_name if full_name.startswith("__ANON") else local(full_name)
    text = _phrase(pattern)
    if text is None or named.get(name) or (pattern.type != "str" and name not in named):
        return None
    return [u.text.casefold() for u in units(text, scanner(lark))]


def _terminal_element(full_name: str, lark: Lark, named: dict[str, bool],
                      index: int) -> tuple[Element, list[TUnit]]:
    name = full_name if full_name.startswith("__ANON") else local(full_name)
    words = _terminal_words(full_name, lark, named)
    if words is None:
        return Element("opaque", name, name, shown=name), [TUnit(OPAQUE, "", index)]
    if name in named:  # a draft imports it by name from pool, which has them all
        element = Element("literal", name, name, "pool", name)
    else:
        pattern = lark.get_terminal(full_name).pattern
        text = str(pattern.value)
        element = Element("literal", name, literal(text, "i" in pattern.flags), None,
                          literal(text if len(text) <= 30 else text[:27] + "...", False))
    return element, [TUnit(WORD, word, index) for word in words]


def _field_units(name: str, lark: Lark,
                 by_origin: dict[str, list[Rule]]) -> list[tuple[str, str, bool]] | None:
    """A field rule as units: its value (a list or one), and any words it holds ("as of")."""
    field = FIELDS[name]
    if field.kind is Kind.TEXT:
        return [(TEXT, "", False)]
    kind = _FIELD_KINDS.get(field.kind)
    if kind is None:
        return None  # a field stated by words (none is zero, stated true)
    shapes: set[tuple[tuple[str, str, bool], ...]] = set()
    for rule in by_origin.get(name, []):
        found: list[tuple[str, str, bool]] = []
        for symbol in rule.expansion:
            symbol_name = local(symbol.name)
            if isinstance(symbol, Terminal) and symbol_name in _VALUE_TERMINALS:
                found.append((_VALUE_TERMINALS[symbol_name], "", False))
            elif isinstance(symbol, NonTerminal) and symbol_name.endswith("_list"):
                found.append((kind, "", True))
            elif isinstance(symbol, Terminal) and symbol.filter_out:
                text = _phrase(lark.get_terminal(symbol.name).pattern)
                found.extend((WORD, w.casefold(), False) for w in re.findall(_WORD, text or ""))
            else:
                return None
        shapes.add(tuple(found))
    return list(shapes.pop()) if len(shapes) == 1 else None


def _phrase(pattern: Pattern) -> str | None:
    """The words a terminal stands for: its string, or the plainest text its pattern takes."""
    return str(pattern.value) if pattern.type == "str" else regex_example(pattern.to_regexp())


def literal(text: str, case_insensitive: bool = True) -> str:
    """A Lark string literal for ``text``."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"' + ("i" if case_insensitive else "")


def regex_example(pattern: str) -> str | None:
    """The plainest text a phrase pattern matches (``/but[ ]no[t]?[ ]more[ ]than/`` gives
    "but not more than"); None for a pattern that is not a phrase."""
    try:
        parsed = regex_safety.parser().parse(pattern, 0)
    except (ImportError, re.error, RecursionError, ValueError, TypeError, OverflowError):
        return None
    return regex_safety.example(parsed, phrase=True)


def core_parser(dialect: str | None) -> Lark:
    """The dialect's core pool parser (no extensions): the rules a sentence is compared with."""
    chosen = dialects.named(dialect) if dialect else dialects.default()
    return extensions.pool_parser((), chosen)


# ---------------------------------------------------------------------- alignment
@attrs.frozen
class Step:
    """One step of an alignment: a sentence unit with a rule unit, or one left over."""

    op: str  # "pair", "skip_s" (a sentence unit the rule lacks), "skip_t", "text"
    s: int  # the sentence unit (the first, for "text"); -1 for skip_t
    t: int  # the rule unit; -1 for skip_s
    length: int = 1  # sentence units a text slot takes
    exact: bool = True


@attrs.frozen
class Alignment:
    template: Template
    cost: float
    edits: int  # words changed, added or left out
    steps: tuple[Step, ...]


_TEXT_WORD = 0.25  # what each word a text slot takes costs: a name, not the rule's wording
_MAX_TEXT = 16  # words a text slot may take
_NEAREST_UNITS = 200  # the start of a longer sentence is enough to find its nearest rule


def _pair_cost(unit: Unit, other: TUnit, strict: bool) -> tuple[float, bool]:
    """What pairing a sentence unit with a rule unit costs, and whether it is exact."""
    wrong = math.inf if strict else 2.0
    if other.kind == WORD:
        if unit.text.casefold() == other.text:
            return 0.0, True
        return (1.0, False) if unit.kind == WORD else (wrong, False)
    if other.kind in (TEXT, OPAQUE):
        return (wrong if other.kind == TEXT else (math.inf if strict else 1.0)), False
    fits = unit.kind == other.kind and (unit.count == 1 or other.many)
    return (0.0, True) if fits else (wrong, False)


def _skip_cost(kind: str, strict: bool) -> float:
    if kind == WORD:
        return 1.0
    if kind == OPAQUE:
        return math.inf if strict else 1.0
    return math.inf if strict else 2.0


def align(sentence: Sequence[Unit], template: Template, strict: bool) -> Alignment | None:
    """The cheapest alignment of a sentence's units with a rule's (an edit distance on
    words, values paired only with slots of their kind when ``strict``); None if none."""
    t = template.units
    n, m = len(sentence), len(t)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[Step | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def relax(i: int, j: int, value: float, step: Step) -> None:
        if value < cost[i][j]:
            cost[i][j], back[i][j] = value, step

    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == math.inf:
                continue
            if i < n:
                relax(i + 1, j, here + _skip_cost(sentence[i].kind, strict), Step("skip_s", i, -1))
            if j < m:
                relax(i, j + 1, here + _skip_cost(t[j].kind, strict), Step("skip_t", -1, j))
            if i < n and j < m:
                price, exact = _pair_cost(sentence[i], t[j], strict)
                relax(i + 1, j + 1, here + price, Step("pair", i, j, exact=exact))
            if j < m and t[j].kind == TEXT:
                for k in range(1, min(_MAX_TEXT, n - i) + 1):
                    if sentence[i + k - 1].kind != WORD:
                        break
                    relax(i + k, j + 1, here + _TEXT_WORD * k, Step("text", i, j, k))
    if cost[n][m] == math.inf:
        return None
    steps: list[Step] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        steps.append(step)
        i -= step.length if step.op in ("pair", "skip_s", "text") else 0
        j -= 1 if step.op != "skip_s" else 0
    steps.reverse()
    edits = sum(1 for s in steps if s.op in ("skip_s", "skip_t") or not s.exact)
    return Alignment(template, cost[n][m], edits, tuple(steps))


def _overlap(sentence: Sequence[Unit], template: Template) -> int:
    mine = Counter(u.text.casefold() if u.kind == WORD else u.kind for u in sentence)
    theirs = Counter(u.text if u.kind == WORD else u.kind for u in template.units)
    return sum((mine & theirs).values())


def nearest(sentence: Sequence[Unit], rules: Sequence[Template],
            candidates: int = 6) -> Alignment | None:
    """The core rule whose wording is nearest: the cheapest alignment among the rules
    that share the most words and value kinds with the sentence."""
    sentence = sentence[:_NEAREST_UNITS]
    ranked = sorted(rules, key=lambda r: (-_overlap(sentence, r), r.index))[:candidates]
    found = [a for a in (align(sentence, r, strict=False) for r in ranked) if a is not None]
    return min(found, key=lambda a: (a.cost, a.template.index), default=None)


# ------------------------------------------------------------------------ survey
@attrs.frozen
class Place:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@attrs.frozen
class Member:
    """One sentence not recognised."""

    place: Place
    text: str
    units: tuple[Unit, ...]
    shape: str
    stopped: Place | None
    stopped_text: str
    dialect: str | None


@attrs.frozen
class Group:
    """Sentences of one shape, in the order met."""

    shape: str
    members: tuple[Member, ...]
    nearest: Alignment | None

    @property
    def count(self) -> int:
        return len(self.members)


@attrs.frozen
class FilingCoverage:
    path: str
    status: str  # ok (compiled), refused (over the size limit), unreadable, failed
    kind: str | None = None
    sentences: int = 0
    recognised: int = 0
    facts: int = 0
    message: str | None = None


@attrs.frozen
class Report:
    filings: tuple[FilingCoverage, ...]
    groups: tuple[Group, ...]


def survey(arguments: Sequence[str], options: Options, max_bytes: int) -> Report:
    """Compile every filing named and gather what was and was not understood."""
    filings: list[FilingCoverage] = []
    members: list[Member] = []
    for job in batch.discover(arguments):
        coverage, found = _survey_one(job.input, options, max_bytes)
        filings.append(coverage)
        members.extend(found)
    return Report(tuple(filings), _groups(members))


def _survey_one(path: str, options: Options,
                max_bytes: int) -> tuple[FilingCoverage, list[Member]]:
    """One filing's coverage; what cannot be read or compiled is a status, not a crash."""
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            return FilingCoverage(path, "refused", message=f"{size} bytes, over the limit of "
                                  f"{max_bytes} bytes (--max-size)"), []
        data = Path(path).read_bytes()
    except OSError as error:
        return FilingCoverage(path, "unreadable", message=str(error.strerror or error)), []
    try:
        filing = compile_bytes(data, path, options)
        found = _members(filing)
    except Exception as error:  # a bug in dealc: counted and named, the survey goes on
        return FilingCoverage(path, "failed", message=f"internal error: {error!r}"), []
    recognised = sum(1 for s in filing.sentences if s.action is not None)
    facts = sum(1 for p in filing.provenance if not p.startswith(("/items/", "/footnotes/")))
    return FilingCoverage(path, "ok", filing.kind, len(filing.sentences), recognised,
                          facts), found


def _members(filing: CompiledFiling) -> list[Member]:
    source = filing.text
    if source is None or not filing.unrecognized:
        return []
    scan = scanner(core_parser(filing.dialect))
    found = []
    for item in filing.unrecognized:
        line, column = source.position(item.span.start)
        stopped, stopped_text = None, ""
        if item.stopped_at is not None:
            stopped = Place(filing.source.path, *source.position(item.stopped_at.start))
            end = min(item.stopped_at.start + 30, item.span.end)
            rest = source.text[item.stopped_at.start : end]
            stopped_text = " ".join(rest.split())
        sentence = units(item.text, scan)
        found.append(Member(Place(filing.source.path, line, column), item.text, sentence,
                            shape(sentence, item.text), stopped, stopped_text, filing.dialect))
    return found


def _groups(members: list[Member]) -> tuple[Group, ...]:
    """Members by shape, the largest group first (then by shape: deterministic)."""
    by_shape: dict[str, list[Member]] = {}
    for member in members:
        by_shape.setdefault(member.shape, []).append(member)
    ordered = sorted(by_shape.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(Group(text, tuple(group), _nearest_of(group[0])) for text, group in ordered)


def _nearest_of(member: Member) -> Alignment | None:
    return nearest(member.units, templates(core_parser(member.dialect)))


# ------------------------------------------------------------------------ output
def as_data(report: Report) -> dict[str, Any]:
    """The report as plain data (what ``--format json`` prints)."""
    compiled = [f for f in report.filings if f.status == "ok"]
    sentences = sum(f.sentences for f in compiled)
    recognised = sum(f.recognised for f in compiled)
    return {
        "filings": [attrs.asdict(f) | {"share_pct": _share(f.recognised, f.sentences)}
                    for f in report.filings],
        "total": {"filings": len(report.filings), "compiled": len(compiled),
                  "sentences": sentences, "recognised": recognised,
                  "share_pct": _share(recognised, sentences),
                  "facts": sum(f.facts for f in compiled),
                  "unrecognised": sentences - recognised, "groups": len(report.groups)},
        "groups": [_group_data(g) for g in report.groups],
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _group_data(group: Group) -> dict[str, Any]:
    first = group.members[0]
    return {
        "shape": group.shape,
        "count": group.count,
        "nearest_rule": group.nearest.template.describe() if group.nearest else None,
        "stopped_at": ({"place": str(first.stopped), "text": first.stopped_text}
                       if first.stopped else None),
        "examples": [str(m.place) for m in group.members[:2]],
    }


def render_text(data: dict[str, Any]) -> str:
    """The report to read: each filing, the totals, then the to-do list."""
    lines = [_filing_line(f) for f in data["filings"]]
    total = data["total"]
    lines.append("")
    lines.append(f"total: {plural(total['filings'], 'filing')} ({total['compiled']} compiled), "
                 f"{total['recognised']} of {total['sentences']} sentences recognised"
                 f"{_pct(total['share_pct'])}, {total['facts']} facts; "
                 f"{total['unrecognised']} not recognised, in {total['groups']} shapes")
    if data["groups"]:
        lines += ["", "not recognised, by shape (largest group first):"]
    for group in data["groups"]:
        lines.append("")
        lines.append(f"{group['count']:>5} x {group['shape']}")
        if group["nearest_rule"]:
            lines.append(f"        nearest rule: {group['nearest_rule']}")
        if group["stopped_at"]:
            stop = group["stopped_at"]
            lines.append(f"        the match stopped at {stop['place']} ({stop['text']!r})")
        lines.append("        e.g. " + ", ".join(group["examples"]))
    return "\n".join(escape(line) for line in lines) + "\n"


def _filing_line(filing: dict[str, Any]) -> str:
    if filing["status"] != "ok":
        return f"{filing['path']}: {filing['status']}: {filing['message']}"
    if not filing["sentences"]:
        return (f"{filing['path']}: no sentences (kind {filing['kind']}), "
                f"{plural(filing['facts'], 'fact')}")
    return (f"{filing['path']}: {filing['recognised']} of {filing['sentences']} sentences "
            f"recognised{_pct(filing['share_pct'])}, {plural(filing['facts'], 'fact')}")


def _pct(value: float | None) -> str:
    return f" ({value}%)" if value is not None else ""
