"""Grammar extensions: analysts' `.lark` files that teach dealc new wording.

An extension imports the core's rules and terminals by name
(``%import pool (sentence, deal_date)``, ``%import terminals (DATE)``),
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
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import attrs
from lark import Lark
from lark.exceptions import LarkError
from lark.lexer import TerminalDef

from dealc.compiler import dialects, tables
from dealc.compiler.dialects import Dialect
from dealc.compiler.lazy import LazyPattern
from dealc.compiler.parse import (
    GRAMMAR_PACKAGE,
    lark_options,
    package_grammar_text,
    parser,
)

ENTRY_POINT_GROUP = "dealc.grammars"
_IMPORT = LazyPattern(r"^%import[ \t]+([\w.]+)[ \t]*\(([^)]*)\)[ \t]*$", re.MULTILINE)
_IGNORE_SPACE = '%ignore " "'


@attrs.frozen
class Extension:
    """An extension's text and where it came from (a path, or an entry point)."""

    origin: str
    text: str
    # Compile with its %override statements even where no "// dealc: allow-override NAME"
    # allows them: for `dealc grammar check`, which compiles with an extension as written
    # to report what it loses (E308).
    overrides_allowed: bool = False

    @classmethod
    def from_path(cls, path: Path) -> Extension:
        """The file's text; OSError when unreadable, ExtensionError when not UTF-8."""
        return cls(str(path), _utf8(path.read_bytes(), str(path)))


class ExtensionError(Exception):
    """An extension that cannot be found, read, or safely used (one line, with its place)."""


def _utf8(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ExtensionError(f"{origin}:{line}:{column}: grammar extension is not UTF-8 "
                             f"(byte 0x{data[error.start]:02x}); save it as UTF-8") from error


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


def build(extensions: tuple[Extension, ...], debug: bool = False, cache: bool = True,
          dialect: Dialect | None = None) -> Lark:
    """A dialect's pool grammar (the default one's unless named) with the extensions
    added; tables from the private cache when ``cache``."""
    text = combined_text(extensions)
    options = lark_options(search_paths(dialect), debug=debug)
    found = options["_plugins"]

    def construct() -> Lark:
        return Lark(text, start="start", **options)

    _refuse(extensions)
    try:
        if not cache or debug:
            lark = construct()
        else:
            name = tables.key("extended", text, str(search_paths(dialect)),
                              package_grammar_text(), plugins=found)
            lark = tables.load_or_build(name, construct, found)
    except (LarkError, RecursionError) as error:
        origins = ", ".join(e.origin for e in extensions)
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExtensionError(f"{origins}: the grammar extension does not build: {message}; "
                             "run 'dealc grammar check' on it") from error
    for extension in extensions:
        found_problems = terminal_problems(extension.text, lark.terminals)
        if found_problems:
            raise ExtensionError(found_problems[0].line(extension))
    return lark


def search_paths(dialect: Dialect | None = None) -> tuple[str, ...]:
    """Where an extension's ``%import`` looks: the package's general grammars, then the
    dialect's folder (so ``%import pool (...)`` is the dialect's pool grammar)."""
    return ("", (dialect or dialects.default()).folder)


def validate(extensions: tuple[Extension, ...]) -> Lark | None:
    """Refuse extensions that are unsafe or take the core's wording away, before compiling.

    Raises ExtensionError (one line: ``file:line:col: error[CODE]: message``) for
    what ``dealc grammar check`` reports as E301 (an import of anything but
    dealc's grammars, definitions nested too deep, a grammar that does not
    build), E306 (a pattern that can take exponential time) and E307 (an
    ``%override`` of the core's without ``// dealc: allow-override NAME``).
    Returns the parser for the extensions (None without extensions): it is
    `pool_parser`'s, which refuses the same (a compile never runs such an
    extension), built once per process.
    """
    if not extensions:
        return None
    # With the dialect named, the cache key is the one the pipeline uses for a filing in
    # the default dialect: the parser is built once, not once here and once there.
    return pool_parser(extensions, dialects.default())


def _refuse(extensions: tuple[Extension, ...]) -> None:
    for extension in extensions:
        for problem in problems(extension.text):
            if problem.code == "E307" and extension.overrides_allowed:
                continue
            raise ExtensionError(problem.line(extension))


@functools.lru_cache(maxsize=16)
def pool_parser(extensions: tuple[Extension, ...], dialect: Dialect | None = None) -> Lark:
    """A dialect's pool parser (the default one's unless named) with a set of extensions,
    built once per process (and its tables cached on disk)."""
    chosen = dialect or dialects.default()
    return parser(chosen.grammar) if not extensions else build(extensions, dialect=chosen)


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
            except (OSError, ValueError) as error:  # unreadable, not UTF-8, not TOML
                raise ExtensionError(f"cannot read {config}: {error}") from error
            table = data if name == "dealc.toml" else data.get("tool", {}).get("dealc")
            if table is None:
                continue
            grammars = table.get("grammars", [])
            if not isinstance(grammars, list) or not all(isinstance(g, str) for g in grammars):
                raise ExtensionError(f"{config}: 'grammars' must be a list of paths")
            return from_paths([folder / g for g in grammars])
    return ()


def installed() -> tuple[Extension, ...]:
    """Extensions of installed distributions (entry point group dealc.grammars).

    An entry point's value is the path of a ``.lark`` file inside its
    distribution; it is read as a file, never imported.  (A value that names a
    folder is a dialect: `dealc.compiler.dialects`.)
    """
    found = []
    try:
        entries = list(dialects.installed_entries())
    except dialects.DialectError as error:
        raise ExtensionError(str(error)) from error
    for name, path in entries:
        if path.is_dir():
            continue  # a dialect's folder
        origin = f"{name} ({path})"
        try:
            found.append(Extension(origin, _utf8(path.read_bytes(), origin)))
        except OSError as error:
            raise ExtensionError(f"grammar extension {name!r}: cannot read {path}: "
                                 f"{error.strerror or error}") from error
    return tuple(found)


# ------------------------------------------------------- what an extension may do
MAX_DEPTH = 100  # definitions referring to definitions, this many deep at most
MAX_NESTING = 50  # brackets inside one definition, this many deep at most
_ALLOW_OVERRIDE = LazyPattern(r"^[ \t]*//[ \t]*dealc:[ \t]*allow-override[ \t]+([\w ,\t]+?)[ \t]*$")
_TOKEN = LazyPattern(
    r"""(?P<comment>//[^\n]*|\#[^\n]*)
      | (?P<string>"(?:\\.|[^"\\\n])*"i?)
      | (?P<regex>/(?!/)(?:\\/|\\\\|[^/])*?/[imslux]*)
      | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
      | (?P<newline>\n)
      | (?P<space>[ \t\r\f]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_IMPORT_HEAD = LazyPattern(r"%import[ \t]+([.\w]+)([ \t]*\()?")
_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


@attrs.frozen
class Problem:
    """What an extension may not do, at an offset of its text (the same as a diagnostic's)."""

    code: str
    message: str
    start: int
    end: int
    label: str
    notes: tuple[str, ...] = ()
    help: str | None = None

    def line(self, extension: Extension) -> str:
        """One line: ``origin:line:column: error[CODE]: message``."""
        text = extension.text
        line = text.count("\n", 0, self.start) + 1
        column = self.start - (text.rfind("\n", 0, self.start) + 1) + 1
        return f"{extension.origin}:{line}:{column}: error[{self.code}]: {self.message}"


@attrs.define
class Statement:
    """One statement of a .lark file: a definition, or a %directive."""

    start: int
    kind: str = ""  # "define", "import", "extend", "override", "ignore", "declare", ...
    name: str = ""  # the name defined, extended or overridden
    name_start: int = 0
    module: str = ""  # an %import's module, as written
    module_start: int = 0
    module_end: int = 0
    # The names an %import brings into this file (each name listed, or the alias after
    # "->"), with their offsets.
    imported: list[tuple[str, int]] = attrs.Factory(list)
    references: list[tuple[str, int]] = attrs.Factory(list)
    regexes: list[tuple[str, int, int]] = attrs.Factory(list)  # literal, start, end
    nesting: int = 0
    nesting_at: int = 0
    # Each alternative after the colon: where it starts, its alias, the names it uses.
    alternatives: list[tuple[int, str, set[str]]] = attrs.Factory(list)


def statements(text: str) -> list[Statement]:
    """The file's statements, read with Lark's lexical rules (comments, strings, /regex/)."""
    reading = _Reading(text)
    for match in _TOKEN.finditer(text):
        reading.token(match.lastgroup or "other", match.group(), match.start(), match.end())
    for statement in reading.found:
        if statement.kind == "import":
            _read_import(statement, text)
    return reading.found


@attrs.define
class _Reading:
    """Where the reading of a file's tokens stands: a token at the start of a line opens a
    statement (unless it is a "|" going on with the one before), and what a token adds to
    its statement depends on what came before it in the statement."""

    text: str
    found: list[Statement] = attrs.Factory(list)
    current: Statement | None = None
    at_line_start: bool = True
    after_colon: bool = False  # in a definition's body: alternatives are being read
    after_arrow: bool = False  # right after "->": an alias (or an %import's alias)
    depth: int = 0  # brackets open in the current statement

    def token(self, kind: str, value: str, start: int, end: int) -> None:
        """One token (``kind`` a group name of `_TOKEN`) at ``start:end`` of the text."""
        if kind == "newline":
            self.at_line_start = True
            return
        if kind in ("space", "comment"):
            return
        if (self.at_line_start and (start == 0 or self.text[start - 1] == "\n")
                and value != "|"):
            self._open(start)
        self.at_line_start = False
        current = self.current
        if current is None:  # pragma: no cover - the first token always opens one
            return
        if self._alternative(current, value, start):
            return
        if kind == "other":
            self._punctuation(current, value, start)
        elif kind == "name":
            self._name(current, value, start)
        else:  # a "string" or a /regex/
            if kind == "regex":
                current.regexes.append((value, start, end))
            self.after_arrow = False

    def _open(self, start: int) -> None:
        """A new statement: nothing of the one before carries over."""
        self.current = Statement(start)
        self.found.append(self.current)
        self.after_colon = self.after_arrow = False
        self.depth = 0

    def _alternative(self, current: Statement, value: str, start: int) -> bool:
        """In a definition's body, a "|" outside brackets starts an alternative (True: the
        token is read), and the token after it (or after the colon) is where it starts."""
        if not self.after_colon:
            return False
        if self.depth == 0 and value == "|":
            current.alternatives.append((-1, "", set()))
            return True
        if current.alternatives and current.alternatives[-1][0] < 0:
            current.alternatives[-1] = (start, "", set())
        return False

    def _punctuation(self, current: Statement, value: str, start: int) -> None:
        """One character: "->" before an alias, the colon that opens the body, "%" before a
        directive, brackets (how deep they nest is limited)."""
        self.after_arrow = value == ">" and self.text[start - 1 : start] == "-"
        if value == ":" and not self.after_colon:
            self.after_colon = True
            current.alternatives.append((-1, "", set()))
        if value == "%" and not current.kind and not self.after_colon:
            current.kind = "%"
        elif value in "([":
            self.depth += 1
            if self.depth > current.nesting:
                current.nesting, current.nesting_at = self.depth, start
        elif value in ")]":
            self.depth -= 1

    def _name(self, current: Statement, value: str, start: int) -> None:
        """A name: the directive after "%", the name a statement defines, or a name it
        uses (an alias after "->", or a reference)."""
        if current.kind == "%":
            current.kind = value
            return
        if not current.kind:
            current.kind = "define"
        if current.kind in ("define", "extend", "override") and not current.name:
            current.name, current.name_start = value, start
            return
        if self.after_arrow and current.alternatives:
            begin, _, names = current.alternatives[-1]
            current.alternatives[-1] = (begin, value, names)
        elif self.after_arrow and current.kind == "import":
            current.imported.append((value, start))  # %import module.NAME -> ALIAS
        elif not self.after_arrow:
            current.references.append((value, start))
            if current.alternatives:
                current.alternatives[-1][2].add(value.lstrip("?!"))
        self.after_arrow = False


def _read_import(statement: Statement, text: str) -> None:
    """An %import's module, where it is written, and the names it brings in: those listed
    (or aliased), or the one name of ``%import module.NAME``."""
    head = _IMPORT_HEAD.match(text, statement.start)
    if head is None:
        return  # Lark reports what it cannot read
    module = head.group(1)
    if not head.group(2) and "." in module.lstrip("."):
        module = module.rsplit(".", 1)[0]  # %import pool.WORD: one name of pool
    statement.module = module
    statement.module_start = head.start(1)
    statement.module_end = head.start(1) + len(module)
    if not statement.imported:  # not aliased: the names as the module calls them
        statement.imported = [(name, at) for name, at in statement.references
                              if at >= statement.module_end]


@functools.cache
def grammar_modules() -> frozenset[str]:
    """The modules an extension may import: dealc's own grammars (terminals, cover,
    signature, and each dialect's: pool)."""
    root = resources.files(GRAMMAR_PACKAGE)
    folders = [root, *(d.file(".") for d in dialects.available().values())]
    return frozenset(entry.name.removesuffix(".lark") for folder in folders
                     for entry in folder.iterdir() if entry.name.endswith(".lark"))


def problems(text: str) -> list[Problem]:
    """What an extension may not do, found without building it (so without the risks):

    E301 an ``%import`` of anything but dealc's grammars (a relative one, Lark's
    ``common``, a file), definitions nested more than MAX_DEPTH deep or brackets
    more than MAX_NESTING deep (Lark would take minutes, then fail); E306 a
    ``/regular expression/`` that can take exponential time; E307 an
    ``%override`` without ``// dealc: allow-override NAME`` on the line above.
    """
    from dealc.compiler.regex_safety import HELP as REGEX_HELP  # only extensions need it

    read = statements(text)
    found: list[Problem] = []
    modules = grammar_modules()
    for statement in read:
        if statement.kind == "import":
            module = statement.module
            if module and module not in modules:
                relative = module.startswith(".")
                found.append(Problem(
                    "E301",
                    f"'%import {statement.module}': "
                    + ("a relative import" if relative else "not one of dealc's grammars")
                    + "; an extension may import only from " + ", ".join(sorted(modules)),
                    statement.module_start, max(statement.module_end, statement.module_start + 1),
                    "not a dealc grammar",
                    help="import the core's rules and terminals by name: "
                    "%import pool (sentence) or %import terminals (DATE)"))
        if statement.nesting > MAX_NESTING:
            found.append(Problem(
                "E301", f"brackets nest {statement.nesting} deep in one definition (at most "
                f"{MAX_NESTING})", statement.nesting_at, statement.nesting_at + 1,
                "nested too deep", help="name the inner parts as rules or terminals"))
        for literal, start, end in statement.regexes:
            reason = _literal_hazard(literal)
            if reason is not None:
                found.append(Problem("E306", "a pattern can take exponential time", start, end,
                                     "this pattern", notes=(reason,), help=REGEX_HELP))
        if statement.kind == "override" and statement.name not in _allowed_overrides(
                text, statement.start):
            found.append(Problem(
                "E307", f"'%override {statement.name}' replaces the core's "
                f"{'terminal' if statement.name.lstrip('_').isupper() else 'rule'}: "
                "the wording it reads is no longer read", statement.name_start,
                statement.name_start + len(statement.name), "overrides the core's",
                notes=("an extension adds wording; it does not take the core's away",),
                help=f"add alternatives with '%extend {statement.name}: ...'; to replace it "
                f"on purpose, put '// dealc: allow-override {statement.name}' on the line "
                "above"))
    found.extend(_too_deep(read))
    return sorted(found, key=lambda problem: problem.start)


def _literal_hazard(literal: str) -> str | None:
    body, _, flags = literal[1:].rpartition("/")
    value = 0
    for flag in flags:
        value |= _REGEX_FLAGS.get(flag, 0)
    from dealc.compiler.regex_safety import exponential

    return exponential(body.replace("\\/", "/"), value)


def _allowed_overrides(text: str, start: int) -> set[str]:
    """Names an ``// dealc: allow-override NAME`` comment right above ``start`` allows."""
    allowed: set[str] = set()
    lines = text[:start].split("\n")[:-1]
    for line in reversed(lines):
        if not line.lstrip().startswith("//"):
            break
        match = _ALLOW_OVERRIDE.match(line)
        if match:
            allowed.update(name for name in re.split(r"[\s,]+", match.group(1)) if name)
    return allowed


def _too_deep(statements: list[Statement]) -> list[Problem]:
    """Definitions that refer to definitions more than MAX_DEPTH deep (a_0: a_1, a_1: a_2, ...)."""
    graph: dict[str, set[str]] = {}
    where: dict[str, int] = {}
    for statement in statements:
        if statement.kind in ("define", "extend", "override") and statement.name:
            name = statement.name.lstrip("?!")
            graph.setdefault(name, set()).update(r.lstrip("?!") for r, _ in statement.references)
            where.setdefault(name, statement.name_start)
    depth: dict[str, int] = {}
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done
    for root in graph:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(sorted(graph[root])))]
        while stack:  # iterative: a chain thousands deep must not exhaust the stack
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[node] = 2
                depth[node] = 1 + max((depth[c] for c in graph[node] if state.get(c) == 2),
                                      default=0)
            elif child in graph and child not in state:
                state[child] = 1
                stack.append((child, iter(sorted(graph[child]))))
    deepest = max(depth, key=lambda name: (depth[name], -where[name]), default=None)
    if deepest is None or depth[deepest] <= MAX_DEPTH:
        return []
    return [Problem("E301", f"definitions nest {depth[deepest]} deep from '{deepest}' (at most "
                    f"{MAX_DEPTH}): Lark would take minutes to build it, then fail",
                    where[deepest], where[deepest] + len(deepest), "the chain starts here",
                    help="write the wording in fewer, flatter rules")]


def terminal_problems(text: str, terminals: Iterable[TerminalDef]) -> list[Problem]:
    """E306 for a terminal the extension defines whose whole pattern (its parts put
    together, as Lark does) can take exponential time, unless one of its
    ``/literals/`` is already reported by `problems`."""
    from dealc.compiler.regex_safety import HELP as REGEX_HELP
    from dealc.compiler.regex_safety import exponential

    defined: dict[str, list[Statement]] = {}
    for statement in statements(text):
        if statement.kind in ("define", "extend", "override"):
            defined.setdefault(statement.name, []).append(statement)
    found = []
    for terminal in terminals:
        parts = defined.get(terminal.name)
        if not parts or terminal.pattern.type != "re":
            continue
        if any(_literal_hazard(literal) for part in parts for literal, _, _ in part.regexes):
            continue
        statement = parts[0]
        reason = exponential(terminal.pattern.to_regexp())
        if reason is not None:
            found.append(Problem(
                "E306", "a pattern can take exponential time", statement.name_start,
                statement.name_start + len(statement.name), f"{terminal.name}, put together",
                notes=(reason, f"{terminal.name} as Lark puts it together: "
                       f"/{terminal.pattern.to_regexp()}/"), help=REGEX_HELP))
    return found
