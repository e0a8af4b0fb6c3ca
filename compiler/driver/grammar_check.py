"""`dealc grammar check`: an extension's errors, as diagnostics in the `.lark` file.

It builds the core grammar with the extension and finds its LALR conflicts from
Lark's own analysis of the item sets (`dealc.compiler.lalr`: shift/reduce ones,
which Lark would resolve silently, and reduce/reduce ones, which it refuses),
then checks what the vocabulary demands of the extension's rules: every alias
names a semantic action or a field, each field is given operands its kind can
take and stands in a sentence whose action can place it, and no terminal the
extension defines duplicates the core's (the core's must be imported by name).

Before anything is built, what an extension may not do is looked for in its
text (`dealc.compiler.extensions.problems`): an import of anything but dealc's
grammars, definitions nested too deep, a pattern that can take exponential
time (E306), an ``%override`` of the core's not marked as meant (E307).  After
it builds, the filings dealc ships are compiled with and without it, and every
fact it loses or changes is an error (E308): an extension adds wording, it does
not take the core's away.

Lark's messages are never read: where a grammar does not build, the place is found
from the extension's statements (a name used but neither defined nor imported, an
import of a name the module lacks, a name defined twice) or from the position a
syntax error carries; otherwise Lark's message is quoted as a note.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from lark import Lark
from lark.exceptions import UnexpectedInput
from lark.grammar import NonTerminal, Rule, Terminal
from lark.lexer import TerminalDef

from dealc.compiler import extensions, lalr, regex_safety
from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.lower import local
from dealc.compiler.parse import lark_options
from dealc.compiler.source import Source
from dealc.compiler.span import Span
from dealc.compiler.vocabulary import ACTIONS, FIELDS, KIND_TOKENS, Scope

_ALIAS = re.compile(r"->[ \t]*([A-Za-z_][A-Za-z_0-9]*)")
_DEFINITION = re.compile(r"^([A-Z_][A-Z_0-9]*)(?:\.\d+)?[ \t]*:", re.MULTILINE)
_IMPORT_NAMES = re.compile(r"^%import[ \t]+([\w.]+)[ \t]*\(([^)]*)\)", re.MULTILINE)


def check(source: Source) -> list[Diagnostic]:
    """Every problem of one extension file, in the order of the file."""
    text = source.text
    found = list(_unknown_actions(source))
    static = extensions.problems(text)
    found.extend(_from_problem(problem) for problem in static)
    if any(problem.code == "E301" for problem in static):
        return sorted(found, key=Diagnostic.sort_key)  # not built: Lark would fail, or hang
    options = lark_options(extensions.search_paths())
    try:
        compiled = lalr.compile_grammar(_buildable(text), options["import_paths"],
                                        source=source.path or "<string>")
        conflicts = lalr.conflicts(compiled.rules, compiled.start)
    except Exception as error:  # the user's grammar (GrammarError, RecursionError, ...)
        found.extend(_unbuildable(source, error))
        return sorted(found, key=Diagnostic.sort_key)
    found.extend(_conflicts(source, conflicts))
    if any(conflict.kind is lalr.Kind.REDUCE_REDUCE for conflict in conflicts):
        return sorted(found, key=Diagnostic.sort_key)  # Lark refuses to build it
    try:
        lark = Lark(compiled.grammar, start="start", **options)
    except Exception as error:  # what only building the parser finds (a lexer's LexError)
        found.extend(_unbuildable(source, error, compiled.terminals))
        return sorted(found, key=Diagnostic.sort_key)
    composed = extensions.terminal_problems(text, lark.terminals)
    found.extend(_from_problem(problem) for problem in composed)
    found.extend(_operands(source, lark))
    found.extend(_collisions(source, lark))
    found.extend(_full_stops(source, lark))
    found.extend(_shadowed(source, lark))
    if all(d.code == "E307" for d in found if d.severity is Severity.ERROR):
        # Only a grammar safe to run is run, and one whose errors do not already say
        # why facts are lost (an %override meant or not: what it loses is worth seeing).
        found.extend(_lost_facts(source, lark))
    return sorted(found, key=Diagnostic.sort_key)


def check_file(path: Path) -> tuple[Source, list[Diagnostic]]:
    """`check` on a file as read from disk: a file that is not UTF-8 is an E301 at its
    first bad byte (read as UTF-8 with replacement characters), not an exception.
    OSError when it cannot be read."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        source = Source.from_text(data.decode("utf-8", errors="replace"), path=str(path))
        offset = len(data[: error.start].decode("utf-8", errors="replace"))
        return source, [_error(
            "E301", "the grammar extension is not UTF-8", Span(offset, offset + 1),
            f"byte 0x{data[error.start]:02x}", notes=("Lark grammars are read as UTF-8",),
            help="save the file as UTF-8")]
    source = Source.from_text(text, path=str(path))
    return source, check(source)


def _from_problem(problem: extensions.Problem) -> Diagnostic:
    return _error(problem.code, problem.message, Span(problem.start, problem.end),
                  problem.label, notes=problem.notes, help=problem.help)


def _first_statement(source: Source) -> Span:
    for line in range(1, len(source.line_starts) + 1):
        text = source.line_text(line)
        if text.strip() and not text.lstrip().startswith(("//", "#")):
            start = source.line_starts[line - 1] + len(text) - len(text.lstrip())
            return Span(start, start + len(text.strip()))
    return Span(0, 0)


def _buildable(text: str) -> str:
    """The extension as a whole grammar, lines unchanged: add what it may leave out."""
    imported = {name.strip() for module, names in _IMPORT_NAMES.findall(text)
                if module == "pool" for name in names.split(",")}
    extra = []
    if "start" not in imported:
        extra.append("%import pool (start)")
    if '%ignore " "' not in text:
        extra.append('%ignore " "')
    return text + "\n" + "\n".join(extra) + "\n"


def _at(source: Source, line: int, column: int, length: int = 1) -> Span:
    line = max(1, min(line, len(source.line_starts)))
    start = source.line_starts[line - 1] + max(column, 1) - 1
    return Span(start, min(start + length, len(source.text)))


def _find(source: Source, word: str) -> Span:
    """Where a name first stands in the file's rules (not in an import or a comment)."""
    fallback = None
    for match in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", source.text):
        line, _ = source.position(match.start())
        text = source.line_text(line).lstrip()
        span = Span(match.start(), match.end())
        if text.startswith("//"):
            continue
        if text.startswith("%import"):
            fallback = fallback or span
            continue
        return span
    return fallback or Span(0, 0)


def _error(code: str, message: str, span: Span, label: str, notes: tuple[str, ...] = (),
           help: str | None = None) -> Diagnostic:
    return Diagnostic(code=code, severity=Severity.ERROR, message=message,
                      primary=Label(span, label), notes=notes, help=help)


def _unbuildable(source: Source, error: BaseException,
                 terminals: Iterable[TerminalDef] = ()) -> list[Diagnostic]:
    """E301 for a grammar Lark does not build, placed without reading Lark's message: at
    the position a syntax error carries, else at each thing the extension's statements
    show to be wrong (a name, or a terminal of ``terminals`` the lexer refuses), else at
    its first statement with Lark's message quoted."""
    syntax = _syntax_error(error)
    if syntax is not None:
        line, column = getattr(syntax, "line", 1), getattr(syntax, "column", 1)
        return [_error("E301", "the grammar extension is not valid Lark",
                       _at(source, line, column), "the grammar stops making sense here",
                       notes=(f"Lark's message: {_first_line(error)}",))]
    placed = [*_unresolved(source), *_unlexable(source, terminals)]
    return placed or [_error(
        "E301", "the grammar extension does not build", _first_statement(source), "here",
        notes=(f"Lark stopped with {type(error).__name__}: {_first_line(error)}",))]


def _syntax_error(error: BaseException) -> UnexpectedInput | None:
    """The UnexpectedInput behind ``error``: Lark raises it, or a GrammarError from it,
    for a grammar it cannot read."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, UnexpectedInput):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _unresolved(source: Source) -> Iterator[Diagnostic]:
    """E301 for the names the extension's statements leave unresolved, each at its first
    place: an import of a name its module does not have, a name defined twice (or both
    defined and imported), a name used (or extended, overridden, ignored) that is
    neither defined nor imported."""
    statements = extensions.statements(source.text)
    search = extensions.search_paths()
    known: dict[str, str] = {"start": "imported"}  # name: how this file has it
    for statement in statements:
        if statement.kind == "import" and statement.module:
            available = _module_names(statement.module, search)
            for name, at in statement.references:
                if at >= statement.module_end and name not in available:
                    guess = difflib.get_close_matches(name, sorted(available), n=1)
                    yield _error(
                        "E301", f"the grammar extension does not build: '%import "
                        f"{statement.module}' names '{name}', which {statement.module} does "
                        "not define", Span(at, at + len(name)), "not in " + statement.module,
                        help=f"did you mean '{guess[0]}'?" if guess else None)
            known.update((name, f"imported on line {source.position(at)[0]}")
                         for name, at in statement.imported)
    for statement in statements:
        names = [(statement.name, statement.name_start)] if statement.kind == "define" else (
            statement.references if statement.kind == "declare" else [])
        for name, at in names:
            if name in known:
                yield _error(
                    "E301", f"the grammar extension does not build: '{name}' is defined "
                    f"twice (it is {known[name]})", Span(at, at + len(name)),
                    "defined again",
                    help=f"add alternatives to it with '%extend {name}: ...', or give "
                    "this definition a name of its own" if known[name].startswith("imported")
                    else "remove one of the definitions, or rename one")
            known.setdefault(name, f"defined on line {source.position(at)[0]}")
    reported: set[str] = set()
    for statement in statements:
        for name, at, owner in _uses(source.text, statement):
            if name in known or name in reported:
                continue
            reported.add(name)
            yield _error(
                "E301", f"the grammar extension does not build: {_kind(name)} '{name}' is "
                f"used but neither defined nor imported (in {owner})",
                Span(at, at + len(name)), "not defined",
                notes=("an extension uses the core's rules and terminals by importing them "
                       "by name: %import pool (NAME), %import terminals (NAME)",),
                help=_suggestion(name, known, search))


def _uses(text: str, statement: extensions.Statement) -> Iterator[tuple[str, int, str]]:
    """The names a statement needs defined: what it extends or overrides, what its
    definition or %ignore uses (not a template's own parameters); with whose use."""
    if statement.kind == "ignore":
        for name, at in statement.references:
            yield name, at, "%ignore"
        return
    if statement.kind not in ("define", "extend", "override") or not statement.name:
        return
    owner = f"{_kind(statement.name)} {statement.name}"
    if statement.kind != "define":
        yield statement.name, statement.name_start, f"%{statement.kind} {statement.name}"
    colon = text.find(":", statement.name_start)
    parameters = {name for name, at in statement.references if at < colon}  # name{a, b}:
    for name, at in statement.references:
        if at > colon and name not in parameters:
            yield name, at, owner


def _unlexable(source: Source, terminals: Iterable[TerminalDef]) -> Iterator[Diagnostic]:
    """E301 for a terminal the extension defines that Lark's lexer refuses (as Lark's
    BasicLexer checks each terminal): a pattern Python cannot compile, or one that can
    match nothing."""
    where = {s.name: s.name_start for s in extensions.statements(source.text)
             if s.kind in ("define", "override") and s.name}
    for terminal in terminals:
        if terminal.name not in where:
            continue
        span = Span(where[terminal.name], where[terminal.name] + len(terminal.name))
        try:
            re.compile(terminal.pattern.to_regexp())
        except re.error as error:
            yield _error("E301", f"the grammar extension does not build: terminal "
                         f"{terminal.name} is not a regular expression Python can compile",
                         span, "defined here",
                         notes=(f"Python's re: {error}",
                                f"as Lark puts it together: /{terminal.pattern.to_regexp()}/"))
            continue
        if terminal.pattern.min_width == 0:
            yield _error("E301", f"the grammar extension does not build: terminal "
                         f"{terminal.name} can match no text at all, which the lexer refuses",
                         span, "defined here",
                         notes=(f"as Lark puts it together: /{terminal.pattern.to_regexp()}/",),
                         help="make it match at least one character (+ rather than *)")


def _kind(name: str) -> str:
    return "terminal" if name.lstrip("_")[:1].isupper() else "rule"


def _suggestion(name: str, known: dict[str, str], search: tuple[str, ...]) -> str | None:
    """Where a name not defined may come from: the core's by that name, else a close one."""
    modules = sorted(extensions.grammar_modules(), key=lambda m: (m not in ("pool", "terminals"),
                                                                  m != "pool", m))
    for module in modules:
        if name in _module_names(module, search):
            return f"import the core's by name: %import {module} ({name})"
    guess = difflib.get_close_matches(name, sorted(known), n=1)
    if guess:
        return f"did you mean '{guess[0]}'? (it is {known[guess[0]]})"
    for module in modules:
        guess = difflib.get_close_matches(name, sorted(_module_names(module, search)), n=1)
        if guess:
            return f"did you mean the core's '{guess[0]}'? %import {module} ({guess[0]})"
    return None


@functools.cache
def _module_names(module: str, search: tuple[str, ...]) -> frozenset[str]:
    """The names a dealc grammar defines, declares or imports (what ``%import module
    (NAME)`` may name), the module found where Lark looks for it."""
    for place in lark_options(search)["import_paths"]:
        try:
            if isinstance(place, str):
                text = Path(place, f"{module}.lark").read_text(encoding="utf-8")
            else:
                _, text = place(None, f"{module}.lark")
        except OSError:
            continue
        names: set[str] = set()
        for statement in extensions.statements(text):
            if statement.kind == "define":
                names.add(statement.name)
            elif statement.kind == "import":
                names.update(name for name, _ in statement.imported)
            elif statement.kind == "declare":
                names.update(name for name, _ in statement.references)
        return frozenset(names)
    return frozenset()


def _unknown_actions(source: Source) -> Iterator[Diagnostic]:
    known = set(ACTIONS) | set(FIELDS)
    imports = {source.position(s.start)[0] for s in extensions.statements(source.text)
               if s.kind == "import"}  # "%import terminals.DATE -> D" names no action
    for match in _ALIAS.finditer(source.text):
        name = match.group(1)
        if name in known or source.position(match.start())[0] in imports:
            continue
        yield _error("E302", f"'-> {name}' names no semantic action or field",
                     Span(match.start(1), match.end(1)), "unknown action",
                     notes=("actions: " + ", ".join(sorted(ACTIONS)),),
                     help="see docs/extending.md for the vocabulary")


def _extension_rules(lark: Lark) -> list[Rule]:
    """The rules the extension added: the core's carry its namespace or are its own."""
    return [rule for rule in lark.rules
            if not rule.alias or "__" not in str(rule.alias)
            if "__" not in rule.origin.name.lstrip("_") and rule.origin.name != "start"
            and not str(rule.alias or "").startswith("pool__")]


def _operands(source: Source, lark: Lark) -> Iterator[Diagnostic]:
    rules = _extension_rules(lark)
    by_origin: dict[str, list[Rule]] = {}
    for rule in lark.rules:
        by_origin.setdefault(rule.origin.name, []).append(rule)
    for rule in rules:
        action = local(str(rule.alias)) if rule.alias else None
        origin = local(rule.origin.name)
        field = FIELDS.get(action or "") or FIELDS.get(origin)
        if field is not None and field.kind in KIND_TOKENS:
            for symbol in rule.expansion:
                if isinstance(symbol, Terminal) and not symbol.filter_out:
                    kind = local(symbol.name)
                    if kind not in KIND_TOKENS[field.kind] and kind != "FOOTNOTE_REF":
                        yield _error(
                            "E303", f"field '{field.rule}' ({field.kind.value}) cannot take "
                            f"a {kind} token", _find(source, origin), field.rule,
                            notes=(f"a {field.kind.value} field takes "
                                   + ", ".join(sorted(KIND_TOKENS[field.kind])),))
        if action not in ACTIONS or action == "narrative":
            continue
        names = {local(s.name) for s in rule.expansion if isinstance(s, NonTerminal)}
        names |= {local(s.name) for s in _inlined(rule, by_origin)}
        has_groups = bool(names & {"group_ref", "group_list"})
        for name in sorted(names):
            field = FIELDS.get(name)
            if field is None:
                continue
            if field.scope is Scope.GROUP and (action != "group_facts" or not has_groups):
                yield _error("E303", f"field '{name}' needs loan groups, and its sentence "
                             f"(-> {action}) names none", _find(source, name), name,
                             help="end the sentence in '-> group_facts' and name the groups "
                             "with group_list or group_ref")
            if field.scope is Scope.CLASS and (action != "class_facts"
                                               or "class_ref" not in names):
                yield _error("E303", f"field '{name}' needs a certificate class, and its "
                             f"sentence (-> {action}) names none", _find(source, name), name,
                             help="end the sentence in '-> class_facts' with a class_ref")


def _inlined(rule: Rule, by_origin: dict[str, list[Rule]]) -> Iterator[NonTerminal]:
    """Non-terminals reached through inlined (_underscore) rules of an alternative."""
    seen: set[str] = set()
    pending = [s for s in rule.expansion if isinstance(s, NonTerminal)
               and s.name.startswith("_")]
    while pending:
        symbol = pending.pop()
        if symbol.name in seen:
            continue
        seen.add(symbol.name)
        for inner in by_origin.get(symbol.name, []):
            for s in inner.expansion:
                if isinstance(s, NonTerminal):
                    yield s
                    if s.name.startswith("_"):
                        pending.append(s)


def _collisions(source: Source, lark: Lark) -> Iterator[Diagnostic]:
    from dealc.compiler.parse import POOL_GRAMMAR, parser

    core_terminals = [t for t in parser(POOL_GRAMMAR).terminals if not t.name.startswith("__")]
    core = {local(t.name) for t in core_terminals}
    core_patterns = {(t.pattern.type, t.pattern.value): local(t.name) for t in core_terminals}
    for match in _DEFINITION.finditer(source.text):
        name = match.group(1)
        span = Span(match.start(1), match.end(1))
        if name in core:
            yield _error("E304", f"terminal {name} is also the core's: this file defines "
                         "its own, which the core's rules do not use", span, "defined here",
                         help=f"import it instead: %import terminals ({name}) or "
                         f"%import pool ({name})")
            continue
        definition = next((t for t in lark.terminals if t.name == name), None)
        if definition is None:
            continue
        twin = core_patterns.get((definition.pattern.type, definition.pattern.value))
        if twin is not None:
            yield _error("E304", f"terminal {name} matches exactly what the core's {twin} "
                         "matches: the two collide in the lexer", span, "defined here",
                         help=f"import the core's instead: %import pool ({twin})")


def _conflicts(source: Source, conflicts: Iterable[lalr.Conflict]) -> Iterator[Diagnostic]:
    """E305 for each reduce/reduce conflict, and for each shift/reduce conflict once per
    terminal and rule (every item set where it happens, in one diagnostic)."""
    shifts: dict[tuple[str, str], list[str]] = {}
    for conflict in conflicts:
        if conflict.kind is lalr.Kind.REDUCE_REDUCE:
            origins = [rule.origin for rule in conflict.rules]
            ours = [origin for origin in origins if "__" not in origin] or origins
            # Point at the rule whose first use comes last: the alternative just added.
            latest = max((_find(source, local(origin)) for origin in ours),
                         key=lambda span: span.start)
            yield _error(
                "E305", f"an LALR conflict on {local(conflict.terminal)}: two rules could "
                f"both end before it ({conflict.kind.value}), and Lark does not build the "
                "grammar", latest, "in this rule",
                notes=("the rules that could both end here: "
                       + "; ".join(str(rule) for rule in conflict.rules),),
                help="two rules read the same words as different things; open one with "
                "distinct words or a terminal that looks ahead")
            continue
        for rule in conflict.rules:
            key = (local(conflict.terminal), local(rule.origin))
            shifts.setdefault(key, []).append(str(rule))
    for (terminal_name, origin_name), rules in sorted(shifts.items()):
        yield _error(
            "E305",
            f"an LALR conflict on {terminal_name}: Lark would shift and a sentence may fail "
            "to parse",
            _find(source, origin_name),
            "in this rule",
            notes=("the rules that could end here: " + "; ".join(rules),),
            help="two alternatives open with the same words and then differ only later; "
            "open one with a terminal that looks ahead for its distinctive words",
        )


# ------------------------------------------------------------------ lost facts
FILINGS_PACKAGE = "dealc.compiler"
_SHOWN = 5  # facts of one filing reported one by one; the rest in one more diagnostic


def shipped_filings() -> list[tuple[str, bytes]]:
    """The filings dealc ships, by name: the package's copies (``dealc/compiler/filings``),
    else, in a checkout, ``examples/*.txt`` and ``examples/grammars/*.txt``."""
    found: dict[str, bytes] = {}
    try:
        folder = resources.files(FILINGS_PACKAGE).joinpath("filings")
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if entry.name.endswith(".txt"):
                found[entry.name] = entry.read_bytes()
    except (OSError, ModuleNotFoundError):
        pass
    if not found:
        examples = Path(__file__).resolve().parent.parent / "examples"
        for path in sorted([*examples.glob("*.txt"), *examples.glob("grammars/*.txt")]):
            found[path.name] = path.read_bytes()
    return sorted(found.items())


Facts = dict[str, tuple[str, int, int, int]]  # pointer: value, line, column, offset


@functools.cache
def _baseline(name: str, data: bytes) -> tuple[Facts, tuple[Span, ...]]:
    """The facts of a shipped filing without extensions, and the sentences not read."""
    from dealc.compiler import compile_bytes

    filing = compile_bytes(data, name)
    return _facts(filing), tuple(item.span for item in filing.unrecognized)


def _facts(filing: object) -> Facts:
    from dealc.compiler.ast import CompiledFiling
    from dealc.compiler.facts_table import fact_rows

    assert isinstance(filing, CompiledFiling) and filing.text is not None
    starts = filing.text.line_starts
    return {row.pointer: (row.value, row.line, row.column,
                          starts[row.line - 1] + row.column - 1 if row.line else -1)
            for row in fact_rows(filing)}


def _lost_facts(source: Source, lark: Lark) -> Iterator[Diagnostic]:
    """E308: each fact of a shipped filing that the extension loses or changes."""
    from dealc.compiler import compile_bytes
    from dealc.compiler.pipeline import Options

    extension = extensions.Extension(source.path, source.text, overrides_allowed=True)
    statements = extensions.statements(source.text)
    ours = {s.name for s in statements if s.kind in ("define", "extend", "override")}
    patterns = {t.name: re.compile(t.pattern.to_regexp()) for t in lark.terminals
                if t.name in ours}  # safe to run: checked for E306 first
    for name, data in shipped_filings():
        before, unread = _baseline(name, data)
        try:
            filing = compile_bytes(data, name, Options(extensions=(extension,)))
        except Exception as error:  # e.g. an ExtensionError: reported, never a crash
            yield _error("E308", f"with the extension, {name} does not compile: "
                         f"{(str(error).splitlines() or [type(error).__name__])[0]}",
                         _first_rule(source, statements), "this extension")
            continue
        after = _facts(filing)
        # A fact now read from a sentence the core did not read is the new wording's.
        changed = [(pointer, value, after.get(pointer)) for pointer, value in before.items()
                   if pointer not in after or (after[pointer][0] != value[0]
                   and not any(s.start <= after[pointer][3] < s.end for s in unread))]
        for pointer, (value, line, column, offset), now in changed[:_SHOWN]:
            verb = "loses" if now is None else "changes"
            shown = "null (no longer read)" if now is None else now[0]
            span, label = _culprit(source, statements, patterns, filing, offset)
            yield _error(
                "E308", f"the extension {verb} a fact of {name}: {pointer}", span, label,
                notes=(f"without the extension: {pointer} = {value} ({name}:{line}:{column})",
                       f"with the extension: {pointer} = {shown}"),
                help="an extension adds wording; make its rules read only the new wording "
                "(more specific words, or a terminal that looks ahead)")
        if len(changed) > _SHOWN:
            rest = changed[_SHOWN:]
            span, label = _culprit(source, statements, patterns, filing, rest[0][1][3])
            yield _error(
                "E308", f"the extension loses or changes {len(rest)} more facts of {name}",
                span, label,
                notes=("also: " + ", ".join(f"{pointer} ({value[0]} -> "
                                            f"{'null' if now is None else now[0]})"
                                            for pointer, value, now in rest),))


def _culprit(source: Source, statements: list[extensions.Statement],
             patterns: dict[str, re.Pattern[str]], filing: object,
             offset: int) -> tuple[Span, str]:
    """Where the extension changed what was read at ``offset`` of a filing: the
    alternative that now reads its sentence, or that opens with a terminal matching
    it; else an ``%override`` or ``%ignore``; else the extension's first rule."""
    from dealc.compiler.ast import CompiledFiling

    assert isinstance(filing, CompiledFiling)
    record = next((r for r in filing.sentences if r.span.start <= offset < r.span.end), None)
    alternatives = [(start, alias, used) for statement in statements
                    for start, alias, used in statement.alternatives if start >= 0]
    if record is not None and record.action is not None:
        names = set(re.findall(r"\w+", record.rule.partition("(")[2])) if record.rule else set()
        for start, alias, used in alternatives:
            reached = used | {n for s in statements for n in _inlined_names(s, used)}
            if alias == record.action and names <= reached:
                return _line_from(source, start), "now reads the sentence that stated it"
    if record is not None:
        for start, _, used in alternatives:
            if any(patterns[n].match(record.text) for n in used if n in patterns):
                return _line_from(source, start), "takes the sentence that stated it"
    for statement in statements:
        if statement.kind in ("override", "ignore"):
            return (Span(statement.start, statement.start + len(statement.kind) + 1),
                    "changes how the core reads")
    return _first_rule(source, statements), "in this extension"


def _line_from(source: Source, start: int) -> Span:
    end = source.text.find("\n", start)
    return Span(start, len(source.text) if end < 0 else end)


def _first_rule(source: Source, statements: list[extensions.Statement]) -> Span:
    for statement in statements:
        if statement.kind in ("define", "extend", "override") and statement.name:
            return Span(statement.name_start, statement.name_start + len(statement.name))
    return _first_statement(source)


def _inlined_names(statement: extensions.Statement, used: set[str]) -> set[str]:
    """The names an alternative reaches through an _inlined rule it uses."""
    if statement.kind != "define" or statement.name not in used:
        return set()
    return {name for _, _, names in statement.alternatives for name in names}


# ------------------------------------------------------------- full stops (E309)
_STOPS = frozenset(".:;?!")
_REGEX_STOP = re.compile(r"""(?:\\[.?!:;]|\[[.:;?!]+\]|[!:;])(?:\\?["')\]])*\$?$""")


def _pattern_ends_with_stop(terminal: TerminalDef) -> bool:
    """Whether every match of the terminal ends with a sentence's full stop (or its ':',
    ';', '?', '!'), read from the pattern's end."""
    pattern = terminal.pattern
    if pattern.type == "str":
        return str(pattern.value).rstrip("\"')]")[-1:] in _STOPS
    text = pattern.to_regexp()
    while text.endswith(")") and not text.endswith("\\)"):
        text = text[:-1]
    return bool(_REGEX_STOP.search(text))


def _full_stops(source: Source, lark: Lark) -> Iterator[Diagnostic]:
    """E309: an alternative the extension adds to ``sentence`` that does not end with
    its full stop: it can read a sentence cut off by the end of the text (and hide the
    cut), or run on over the next sentence's words."""
    terminals = {t.name: t for t in lark.terminals}
    by_origin: dict[str, list[Rule]] = {}
    for rule in lark.rules:
        by_origin.setdefault(rule.origin.name, []).append(rule)

    def symbol_ends(name: str, seen: frozenset[str]) -> bool:
        if name in terminals:
            return _pattern_ends_with_stop(terminals[name])
        if name in seen:
            return True
        rules = by_origin.get(name, [])
        return bool(rules) and all(rule_ends([s.name for s in rule.expansion], seen | {name})
                                   for rule in rules)

    def rule_ends(names: list[str], seen: frozenset[str]) -> bool:
        while names and local(names[-1]) == "FOOTNOTE_REF":
            names = names[:-1]  # a footnote mark may stand after the full stop
        return bool(names) and symbol_ends(names[-1], seen)

    for statement in extensions.statements(source.text):
        if statement.kind != "extend" or local(statement.name) != "sentence":
            continue
        for number, (start, alias, _) in enumerate(statement.alternatives):
            if start < 0:
                continue
            following = [s for s, _, _ in statement.alternatives[number + 1:] if s >= 0]
            end = following[0] if following else _statement_end(source.text, start)
            tokens = _alternative_tokens(source.text[start:end])
            if _tokens_end(tokens, lambda name: symbol_ends(name, frozenset())):
                continue
            span = Span(start, start + len(source.text[start:end].rstrip().rstrip("|")
                                           .rstrip()))
            yield _error(
                "E309", "this sentence rule does not end with its full stop",
                _first_line_of(source, span), "does not end with '.'",
                notes=("dealc reads one sentence at a time; a rule whose last part is not "
                       "the full stop can read a sentence cut off by the end of the text, "
                       "or run on into the next one",),
                help="end the alternative with the sentence's \".\" (a literal, or a "
                f"terminal whose pattern ends in \\.) before '-> {alias or '...'}'")


def _first_line_of(source: Source, span: Span) -> Span:
    end = source.text.find("\n", span.start)
    return Span(span.start, span.end if end < 0 else min(span.end, end))


def _statement_end(text: str, start: int) -> int:
    """Where the statement running at ``start`` ends: at the next line that opens one."""
    match = re.compile(r"\n(?![ \t]*(?:\||\n|//))").search(text, start)
    return len(text) if match is None else match.start()


def _alternative_tokens(text: str) -> list[tuple[str, str]]:
    """An alternative's tokens (kind, text) up to its ``-> alias``."""
    found: list[tuple[str, str]] = []
    depth = 0
    for match in extensions._TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match.group()
        if kind in ("space", "newline", "comment"):
            continue
        if kind == "other" and value in "([":
            depth += 1
        elif kind == "other" and value in ")]":
            depth -= 1
        if value == ">" and found and found[-1][1] == "-":
            found.pop()
            break
        if value == "|" and kind == "other" and depth == 0:
            break
        found.append((kind, value))
    return found


def _tokens_end(tokens: list[tuple[str, str]], named: Callable[[str], bool]) -> bool:
    """Whether a sequence of an alternative's tokens always ends with a full stop."""
    if not tokens:
        return False
    kind, value = tokens[-1]
    if kind == "other" and value in ("?", "*", "+", "]"):
        if value == "]":
            start = _element_start(tokens, len(tokens))
            element = tokens[start + 1:-1]
        else:
            start = _element_start(tokens, len(tokens) - 1)
            element = tokens[start:-1]
        if value == "+":
            return _tokens_end(element, named) if element else False
        optional_ok = _is_mark(element) or _tokens_end(element, named)
        return optional_ok and _tokens_end(tokens[:start], named)
    if kind == "other" and value == ")":
        start = _element_start(tokens, len(tokens))
        inner = tokens[start + 1:-1]
        branches: list[list[tuple[str, str]]] = [[]]
        depth = 0
        for token in inner:
            if token[0] == "other" and token[1] in "([":
                depth += 1
            elif token[0] == "other" and token[1] in ")]":
                depth -= 1
            if depth == 0 and token == ("other", "|"):
                branches.append([])
            else:
                branches[-1].append(token)
        return all(_tokens_end(branch, named) for branch in branches)
    if _is_mark([tokens[-1]]):
        return _tokens_end(tokens[:-1], named)
    if kind == "string":
        return value.rstrip("i").strip('"').rstrip("\"')]\\")[-1:] in _STOPS
    if kind == "regex":
        body = value[1:value.rfind("/")]
        return bool(_REGEX_STOP.search(body.rstrip(")") if not body.endswith("\\)") else body))
    if kind == "name":
        return named(value.lstrip("?!"))
    return False


def _is_mark(tokens: list[tuple[str, str]]) -> bool:
    return len(tokens) == 1 and local(tokens[0][1]) == "FOOTNOTE_REF"


def _element_start(tokens: list[tuple[str, str]], end: int) -> int:
    """Where the element ending just before ``end`` (a name, a literal, or a bracket group
    ending at ``end - 1``) starts."""
    last = end - 1
    if last < 0:
        return 0
    if tokens[last] in (("other", ")"), ("other", "]")):
        depth = 0
        for index in range(last, -1, -1):
            value = tokens[index][1] if tokens[index][0] == "other" else ""
            if value in (")", "]"):
                depth += 1
            elif value in ("(", "["):
                depth -= 1
                if depth == 0:
                    return index
        return 0
    return last


# ------------------------------------------------------------ shadowing (W310)
def sample(terminal: TerminalDef, checked: bool = False) -> str | None:
    """A short text the terminal matches (its string; for a pattern, one made from its
    structure: `regex_safety.example`), or None.  ``checked``: only a text the pattern
    matches whole (a look-around may need the text around it)."""
    pattern = terminal.pattern
    if pattern.type == "str":
        return str(pattern.value)
    try:
        parsed = regex_safety.parser().parse(pattern.to_regexp())
    except Exception:  # a pattern only Lark reads
        return None
    made = regex_safety.example(parsed)
    if made is None or (checked and not re.fullmatch(pattern.to_regexp(), made)):
        return None
    return made


def _lexer_order(terminal: TerminalDef) -> tuple[int, int, int, str]:
    """The order in which Lark's lexer tries the terminals a state expects: the first
    that matches is taken."""
    return (-terminal.priority, -terminal.pattern.max_width, -len(terminal.pattern.value),
            terminal.name)


def _plain(name: str) -> str:
    """A terminal's name without the prefix Lark gives what it imports (pool___DATE)."""
    return re.sub(r"^(_?)[A-Za-z0-9]\w*?__(?=\w)", r"\1", name)


def _shown(terminal: TerminalDef) -> str:
    if _plain(terminal.name).startswith("__"):
        return repr(str(terminal.pattern.value)).replace("'", '"') if (
            terminal.pattern.type == "str") else f"/{terminal.pattern.value}/"
    return _plain(terminal.name)


def _shadowed(source: Source, lark: Lark) -> Iterator[Diagnostic]:
    """W310: a terminal the extension adds that the lexer never takes where it is expected,
    because a terminal it tries first (the core's, or another) matches there too.

    Each new terminal's own examples (its string, or a sample made from its pattern),
    alone and followed by an example of each terminal that can follow it, are lexed as
    Lark's contextual lexer lexes them in every parser state that expects the terminal."""
    from dealc.compiler.parse import POOL_GRAMMAR, parser

    def key(terminal: TerminalDef) -> tuple[str, str, tuple[str, ...]]:
        return (terminal.pattern.type, str(terminal.pattern.value),
                tuple(sorted(terminal.pattern.flags)))

    core = {key(t) for t in parser(POOL_GRAMMAR).terminals}
    terminals = {t.name: t for t in lark.terminals}
    new = [t for t in lark.terminals if key(t) not in core]
    if not new:
        return
    try:
        states = lark.parser.parser._parse_table.states
    except AttributeError:  # pragma: no cover - a parser without LALR tables
        return
    compiled: dict[str, re.Pattern[str]] = {}
    for terminal in lark.terminals:
        try:
            compiled[terminal.name] = re.compile(terminal.pattern.to_regexp())
        except re.error:  # pragma: no cover - E301 already
            continue
    follow = _follow_terminals(lark)
    ignore = set(getattr(getattr(lark, "lexer_conf", None), "ignore", ()))
    for terminal in new:
        own = sample(terminal)
        if own is None or terminal.name not in compiled:
            continue
        contexts = [own]
        for after in sorted(follow.get(terminal.name, ()))[:8]:
            tail = sample(terminals[after]) if after in terminals else None
            if tail is not None:
                contexts.extend((own + tail, own + " " + tail))
        reported = False
        for state in sorted(states):
            expected = states[state]
            if terminal.name not in expected or reported:
                continue
            order = sorted((terminals[name] for name in set(expected) | ignore
                            if name in terminals and name in compiled), key=_lexer_order)
            for text in contexts:
                if not compiled[terminal.name].match(text):
                    continue
                winner = next((t for t in order if compiled[t.name].match(text)), None)
                if winner is None or winner.name == terminal.name:
                    continue
                yield _shadow_diagnostic(source, terminal, winner, text)
                reported = True
                break


def _shadow_diagnostic(source: Source, terminal: TerminalDef, winner: TerminalDef,
                       text: str) -> Diagnostic:
    name = _shown(terminal)
    other = _shown(winner)
    span = _definition_span(source, terminal)
    shown_text = text if len(text) <= 60 else text[:57] + "..."
    whose = "the core's " if (_plain(winner.name) != winner.name
                              or winner.name in _core_names()) else ""
    if terminal.name.startswith("__"):
        advice = (f"name it as a terminal with a priority (NAME.2: {name}), or reword it so "
                  f"that {other} does not match it")
    else:
        advice = (f"give it a priority: '{terminal.name}.2: ...' makes the lexer try it "
                  f"before {other}; or, if it reads what {other} reads, use the core's "
                  f"(%import pool ({other}))")
    return Diagnostic(
        code="W310", severity=Severity.WARNING,
        message=f"terminal {name} is shadowed by {whose}{other}: where {name} is "
        "expected, the lexer takes the other first",
        primary=Label(span, "never taken here"),
        notes=(f"on {shown_text!r}, which {name} matches, the lexer takes {other}",
               "Lark's lexer tries the terminals a parser state expects by priority, then "
               "by the length of their patterns, and takes the first that matches"),
        help=advice)


@functools.cache
def _core_names() -> frozenset[str]:
    from dealc.compiler.parse import POOL_GRAMMAR, parser

    return frozenset(t.name for t in parser(POOL_GRAMMAR).terminals)


def _definition_span(source: Source, terminal: TerminalDef) -> Span:
    """Where the extension defines a terminal (or, for a literal of a rule, writes it)."""
    if not terminal.name.startswith("__"):
        for statement in extensions.statements(source.text):
            if statement.kind == "define" and statement.name.split(".")[0] == terminal.name:
                return Span(statement.name_start, statement.name_start + len(statement.name))
    if terminal.pattern.type == "str":
        literal = '"' + str(terminal.pattern.value).replace('"', '\\"') + '"'
        found = re.search(re.escape(literal), source.text, re.IGNORECASE)
        if found is not None:
            return Span(found.start(), found.end())
    return _find(source, terminal.name)


def _follow_terminals(lark: Lark) -> dict[str, set[str]]:
    """For each terminal, the terminals that can come right after it in some rule."""
    by_origin: dict[str, list[Rule]] = {}
    for rule in lark.rules:
        by_origin.setdefault(rule.origin.name, []).append(rule)

    @functools.cache
    def first(name: str) -> frozenset[str]:
        found: set[str] = set()
        pending, seen = [name], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            for rule in by_origin.get(current, []):
                if rule.expansion:
                    head = rule.expansion[0]
                    (found.add(head.name) if isinstance(head, Terminal)
                     else pending.append(head.name))
        return frozenset(found)

    follow: dict[str, set[str]] = {}
    ends: dict[str, set[str]] = {}  # rule -> terminals that may end it
    for rule in lark.rules:
        symbols = rule.expansion
        for index, symbol in enumerate(symbols[:-1]):
            after = symbols[index + 1]
            heads = {after.name} if isinstance(after, Terminal) else set(first(after.name))
            if isinstance(symbol, Terminal):
                follow.setdefault(symbol.name, set()).update(heads)
            else:
                ends.setdefault(symbol.name, set()).update(heads)
    for rule in lark.rules:  # a terminal that ends a rule is followed by what follows it
        if rule.expansion and isinstance(rule.expansion[-1], Terminal):
            follow.setdefault(rule.expansion[-1].name, set()).update(
                ends.get(rule.origin.name, set()))
    return follow
