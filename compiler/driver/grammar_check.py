"""`dealc grammar check`: an extension's errors, as diagnostics in the `.lark` file.

It builds the core grammar with the extension (in Lark's debug mode, so that
LALR conflicts Lark would resolve silently are seen), then checks what the
vocabulary demands of the extension's rules: every alias names a semantic
action or a field, each field is given operands its kind can take and stands
in a sentence whose action can place it, and no terminal the extension
defines duplicates the core's (the core's must be imported by name).

Before anything is built, what an extension may not do is looked for in its
text (`dealc.compiler.extensions.problems`): an import of anything but dealc's
grammars, definitions nested too deep, a pattern that can take exponential
time (E306), an ``%override`` of the core's not marked as meant (E307).  After
it builds, the filings dealc ships are compiled with and without it, and every
fact it loses or changes is an error (E308): an extension adds wording, it does
not take the core's away.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from lark import Lark
from lark.exceptions import GrammarError, UnexpectedInput
from lark.grammar import NonTerminal, Rule, Terminal

from dealc.compiler import extensions
from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.lower import local
from dealc.compiler.parse import captured_lark_warnings, lark_options
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
    try:
        with captured_lark_warnings() as warnings:
            lark = Lark(_buildable(text), start="start",
                        **lark_options(extensions.search_paths(), debug=True))
    except UnexpectedInput as error:
        line, column = getattr(error, "line", 1), getattr(error, "column", 1)
        found.append(_error("E301", "the grammar extension is not valid Lark",
                            _at(source, line, column), "the grammar stops making sense here",
                            notes=(str(error).strip().splitlines()[0],)))
        return sorted(found, key=Diagnostic.sort_key)
    except GrammarError as error:
        found.append(_grammar_error(source, error))
        return sorted(found, key=Diagnostic.sort_key)
    except Exception as error:  # the user's grammar (RecursionError, ...): never a crash
        message = (str(error).strip().splitlines() or [type(error).__name__])[0]
        found.append(_error("E301", f"the grammar extension does not build: {message}",
                            _first_statement(source), "here",
                            notes=(f"Lark stopped with {type(error).__name__}",)))
        return sorted(found, key=Diagnostic.sort_key)
    composed = extensions.terminal_problems(text, lark.terminals)
    found.extend(_from_problem(problem) for problem in composed)
    found.extend(_conflicts(source, warnings))
    found.extend(_operands(source, lark))
    found.extend(_collisions(source, lark))
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


def _grammar_error(source: Source, error: GrammarError) -> Diagnostic:
    message = str(error).strip()
    first = message.splitlines()[0]
    if "Reduce/Reduce collision" in message:
        rules = re.findall(r"- <(\w+) :", message)
        ours = [r for r in rules if "__" not in r] or rules
        involved = sorted(line.strip() for line in message.splitlines()[1:]
                          if line.strip().startswith("- <"))
        # Point at the rule whose first use comes last: the alternative just added.
        latest = max((_find(source, local(name)) for name in ours), key=lambda span: span.start)
        return _error("E305", first.rstrip(": "), latest,
                      "in this rule", notes=("the rules that could both end here: "
                                             + "; ".join(involved),),
                      help="two rules read the same words as different things; open one "
                      "with distinct words or a terminal that looks ahead")
    names = re.findall(r"'([A-Za-z_][\w]*)'|\b(?:rule|terminal): ?([A-Za-z_]\w*)", first)
    flat = [n for pair in names for n in pair if n]
    span = _find(source, local(flat[0])) if flat else Span(0, 0)
    return _error("E301", f"the grammar extension does not build: {first}", span,
                  "here", notes=("Lark's message, with core names prefixed 'pool__' when "
                                 "they are not imported by name",))


def _unknown_actions(source: Source) -> Iterator[Diagnostic]:
    known = set(ACTIONS) | set(FIELDS)
    for match in _ALIAS.finditer(source.text):
        name = match.group(1)
        if name in known:
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


def _conflicts(source: Source, warnings: list[str]) -> Iterator[Diagnostic]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for index, message in enumerate(warnings):
        if "conflict" not in message.lower():
            continue
        rule = warnings[index + 1].strip(" *") if index + 1 < len(warnings) else ""
        origin = re.match(r"<(\w+)", rule)
        terminal = re.search(r"terminal (\w+)", message)
        key = (local(terminal.group(1)) if terminal else "a terminal",
               local(origin.group(1)) if origin else "")
        grouped.setdefault(key, []).append(rule)
    for (terminal_name, origin_name), rules in grouped.items():
        yield _error(
            "E305",
            f"an LALR conflict on {terminal_name}: Lark would shift and a sentence may fail "
            "to parse",
            _find(source, origin_name) if origin_name else Span(0, 0),
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
