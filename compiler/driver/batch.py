"""Compiling a whole archive: many inputs, worker processes, a manifest that accounts for all.

Every input found ends up as exactly one manifest line, whatever happens to
it: ``ok`` (compiled, no errors), ``errors`` (compiled, with errors: the
output is still written), ``refused`` (over the size limit), ``unreadable``,
``timeout`` (over ``--timeout``: its worker was stopped and replaced),
``failed`` (an internal error, or its worker died: the run goes on), or any
of these with ``"reused": true`` when an earlier run already compiled the
same bytes with the same dealc and the same options.

What a run promises (docs/guarantees.md says it in full): outputs are written
atomically and never replace an input; the manifest is a journal, a line
flushed as each input finishes (and synced in groups), so a killed run loses
no finished work; one run at a time writes to an output folder or store.

Where the time goes: each worker compiles, emits and writes its inputs; the
parent only hands out inputs, journals lines and, for the store, inserts the
rows its workers made.  Workers are forked after `_warm` has done what every
one of them would otherwise do for its first input.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from dealc.compiler.driver import outputs
from dealc.compiler.driver.journal import Journal, JournalBusy
from dealc.compiler.driver.manifest import Line, Status
from dealc.compiler.driver.settings import Settings as Settings  # where it was, for callers
from dealc.compiler.driver.settings import has_magic as has_magic
from dealc.compiler.driver.settings import magic, version

if TYPE_CHECKING:
    from dealc.compiler.ast import CompiledFiling
    from dealc.compiler.driver.store import Rows
    from dealc.emitters import Emitter

SUFFIXES = frozenset({".txt", ".htm", ".html", ".nc", ".sgml"})
MANIFEST = "manifest.jsonl"


class UsageProblem(Exception):
    """A batch that cannot run as asked, found before anything is compiled."""


@attrs.frozen
class Job:
    input: str  # the path as found
    relative: str  # its path relative to what was named (posix, with its suffix)
    output: str | None = None  # its output, relative to the output folder (None: the store)


# ------------------------------------------------------------------ discovery
def discover(arguments: Iterable[str]) -> list[Job]:
    """The inputs named by files, folders (searched recursively) and glob patterns.

    Links are followed, each folder once (a link back to a folder already
    searched, a loop, is not searched again); every file path met is an input,
    a broken link too (it will be reported unreadable).
    """
    jobs: dict[str, Job] = {}
    for argument in arguments:
        path = Path(argument)
        found: list[tuple[Path, str]]
        if path.is_dir():
            found = [(file, relative) for file, relative in _walk(path)
                     if Path(relative).suffix.lower() in SUFFIXES]
        elif has_magic(argument):
            base, pattern = _split_glob(argument)
            found = [(file, relative) for file, relative in _walk(base)
                     if pattern.fullmatch(relative)]
        else:
            found = [(path, path.name)]
        for file, relative in found:
            jobs.setdefault(str(file), Job(str(file), relative))
    return sorted(jobs.values(), key=lambda job: job.input)


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Files below ``root`` with their relative posix paths, following each folder once."""
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        try:
            info = os.stat(folder)
        except OSError:
            return
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                yield from visit(path, f"{prefix}{entry.name}/")
            else:
                yield path, f"{prefix}{entry.name}"

    yield from visit(root, "")


def _split_glob(argument: str) -> tuple[Path, re.Pattern[str]]:
    parts = Path(argument).parts
    literal = 0
    while literal < len(parts) and not magic(parts[literal]):
        literal += 1
    base = Path(*parts[:literal]) if literal else Path(".")
    expression = ""
    for index, part in enumerate(parts[literal:]):
        last = index == len(parts) - literal - 1
        if part == "**":
            expression += "(?:[^/]+/)*" if not last else ".*"
        else:
            expression += _translate(part) + ("" if last else "/")
    return base, re.compile(expression)


def _translate(part: str) -> str:
    """One glob path component as a regular expression (``*`` and ``?`` stay in the
    component; names starting with a dot match only a pattern that does)."""
    out = "" if part.startswith(".") else r"(?!\.)"
    index = 0
    while index < len(part):
        character = part[index]
        if character == "*":
            out += "[^/]*"
        elif character == "?":
            out += "[^/]"
        elif character == "[" and part.find("]", index + 2) != -1:
            end = part.find("]", index + 2)
            inside = part[index + 1:end]
            inside = "^" + inside[1:] if inside.startswith("!") else inside
            out += "[" + inside.replace("\\", "\\\\") + "]"
            index = end
        else:
            out += re.escape(character)
        index += 1
    return out


# ------------------------------------------------------------------ planning
def plan(jobs: list[Job], settings: Settings, extension: str,
         companions: Iterable[str] = ()) -> list[Job]:
    """Give each job its output; refuse a run that would overwrite an input.

    Two inputs that would write the same output (``x.txt`` and ``x.htm``) keep
    their suffixes in the output's name (``x.txt.json``, ``x.htm.json``).
    """
    if settings.to_store:
        planned = jobs
        written = [Path(settings.output), manifest_path(settings)]
    else:
        plain = Counter(_without_suffix(job.relative) + extension for job in jobs)
        planned = [attrs.evolve(job, output=(
            _without_suffix(job.relative) + extension
            if plain[_without_suffix(job.relative) + extension] == 1
            else job.relative + extension)) for job in jobs]
        taken = Counter(job.output for job in planned)
        clashes = sorted(name for name, n in taken.items() if n > 1 and name is not None)
        if clashes:
            raise UsageProblem(f"several inputs would write {clashes[0]}; "
                               "compile them into separate folders")
        folder = Path(settings.output)
        written = [folder / str(job.output) for job in planned]
        written += [folder / MANIFEST, *(folder / name for name in companions)]
    _refuse_overwriting_inputs(planned, written)
    return planned


def _without_suffix(relative: str) -> str:
    path = Path(relative)
    return path.with_suffix("").as_posix() if path.suffix else relative


def _refuse_overwriting_inputs(jobs: list[Job], written: list[Path]) -> None:
    identities: dict[tuple[int, int], str] = {}
    resolved: dict[str, str] = {}
    for job in jobs:
        resolved[os.path.realpath(job.input)] = job.input
        try:
            info = os.stat(job.input)
        except OSError:
            continue
        identities[(info.st_dev, info.st_ino)] = job.input
    for path in written:
        clash = resolved.get(os.path.realpath(path))
        if clash is None:
            try:
                info = os.stat(path)
            except OSError:
                continue
            clash = identities.get((info.st_dev, info.st_ino))
        if clash is not None:
            raise UsageProblem(f"the output {path} would replace the input {clash}; "
                               "choose another output")


def manifest_path(settings: Settings) -> Path:
    if settings.to_store:
        database = Path(settings.output)
        return database.with_name(database.name + ".manifest.jsonl")
    return Path(settings.output) / MANIFEST


# ------------------------------------------------------------------ one input
Task = tuple[Job, Line | None]  # a job, and its line from an earlier run (a reuse candidate)
Result = tuple[Line, "Rows | None"]  # its line, and its filing's rows for the store


def _line(job: Job, settings: Settings, status: Status, **fields: Any) -> Line:
    return Line(input=job.input, status=status, options_key=settings.reuse_key,
                dealc_version=version(), **fields)


def _intact(path: Path) -> bool:
    """An earlier output worth reusing: a regular, non-empty file that can be read."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        with open(path, "rb") as handle:
            return bool(handle.read(1))
    except OSError:
        return False


def _reusable(previous: Line | None, sha256: str, job: Job, settings: Settings) -> bool:
    return (previous is not None and not settings.force and previous.sha256 == sha256
            and previous.options_key == settings.reuse_key and previous.status.compiled
            and previous.output == job.output
            and (settings.to_store or _intact(Path(settings.output) / str(job.output))))


def compile_one(task: Task, settings: Settings) -> Result:
    """Compile one input to its output; never raises.  Returns its manifest line, and the
    filing's rows when the run goes to the store (which the parent writes)."""
    job, previous = task
    started = time.perf_counter()

    def elapsed() -> float:
        return round(time.perf_counter() - started, 4)

    try:
        size = os.path.getsize(job.input)
        if size > settings.max_bytes:
            return _line(job, settings, Status.REFUSED, errors=1, seconds=elapsed(),
                         message=f"{size} bytes is over the limit of {settings.max_bytes} "
                         "bytes (--max-size)"), None
        with open(job.input, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _line(job, settings, Status.UNREADABLE, errors=1, seconds=elapsed(),
                     message=str(error.strerror or error)), None
    sha256 = hashlib.sha256(data).hexdigest()
    if _reusable(previous, sha256, job, settings):
        assert previous is not None
        return attrs.evolve(previous, reused=True), None
    try:
        return _compile_and_write(job, data, sha256, settings, elapsed)
    except Exception as error:  # a bug in dealc: recorded, and the run goes on
        return _line(job, settings, Status.FAILED, sha256=sha256, errors=1, seconds=elapsed(),
                     message=f"internal error: {type(error).__name__}: {error}",
                     traceback=traceback.format_exc(limit=8)), None


def _compile_and_write(job: Job, data: bytes, sha256: str, settings: Settings,
                       elapsed: Callable[[], float]) -> Result:
    from dealc.compiler import compile_bytes
    from dealc.compiler.diagnostics import Severity
    from dealc.emitters import EmitError, load

    filing = compile_bytes(data, job.input, settings.compile_options())
    errors = sum(d.severity is Severity.ERROR for d in filing.diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in filing.diagnostics)
    failing = errors or (settings.werror and warnings)
    fields: dict[str, Any] = {
        "sha256": sha256, "kind": filing.kind, "errors": errors, "warnings": warnings,
        "codes": dict(sorted(Counter(d.code for d in filing.diagnostics).items()))}
    status = Status.ERRORS if failing else Status.OK
    if settings.to_store:
        from dealc.compiler.driver.store import rows
        from dealc.compiler.plain import document

        line = _line(job, settings, status, **fields)
        made = rows(line.to_json(), document(filing))
        return attrs.evolve(line, seconds=elapsed()), made
    try:
        _emit(load(settings.target), filing, Path(settings.output) / str(job.output))
    except EmitError as error:
        fields["errors"] = errors + 1
        return _line(job, settings, Status.ERRORS, seconds=elapsed(), message=str(error),
                     **fields), None
    return _line(job, settings, status, output=job.output, seconds=elapsed(), **fields), None


def _emit(emitter: Emitter, filing: CompiledFiling, path: Path) -> None:
    """The emitter's output for the filing, written to ``path``: as it is made when the
    emitter can stream it (never held whole).  On `EmitError` the path is left as it was."""
    from dealc.emitters import StreamingEmitter

    if isinstance(emitter, StreamingEmitter):
        with outputs.writing(path) as out:
            emitter.emit_to(filing, out)
    else:
        outputs.write(path, emitter.emit(filing))


# ------------------------------------------------------------------ where results go
class _Sink(Protocol):
    """Where a run's results go besides the manifest: output files, or the store."""

    def candidates(self, previous: dict[str, Line]) -> dict[str, Line]: ...
    def accept(self, line: Line, rows: Rows | None) -> None: ...
    def finish(self) -> None: ...
    def close(self) -> None: ...


class _Folder:
    """Outputs are files the workers write; the parent adds the emitter's companions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        outputs.remove_stale_temporaries(Path(settings.output))

    def candidates(self, previous: dict[str, Line]) -> dict[str, Line]:
        return previous

    def accept(self, line: Line, rows: Rows | None) -> None:
        pass

    def finish(self) -> None:
        from dealc.emitters import load

        companions = getattr(load(self.settings.target), "companions", None)
        if callable(companions):
            for name, content in companions().items():
                outputs.write(Path(self.settings.output) / name, content)

    def close(self) -> None:
        pass


class _Store:
    """The SQLite store, written by the parent: one transaction per input as it finishes."""

    def __init__(self, settings: Settings) -> None:
        from dealc.compiler.driver.store import Store, StoreError

        try:
            self.store = Store(Path(settings.output))
        except StoreError as error:
            raise UsageProblem(str(error)) from error
        self.stored = self.store.stored(settings.reuse_key)

    def candidates(self, previous: dict[str, Line]) -> dict[str, Line]:
        return {key: line for key, line in previous.items() if line.sha256 in self.stored}

    def accept(self, line: Line, rows: Rows | None) -> None:
        self.store.put(line.to_json(), rows)

    def finish(self) -> None:
        pass

    def close(self) -> None:
        self.store.close()


# ------------------------------------------------------------------ the run
def _warm(settings: Settings) -> None:
    """Do here, once, what every worker would do before its first input: import the
    compiler and the emitter, build the parsers, look up dealc's version.  Workers forked
    afterwards start with all of it: without it, each worker's first input (and each
    replacement's) cost several times the next one."""
    import importlib

    from dealc.compiler import dialects
    from dealc.compiler.extensions import pool_parser
    from dealc.compiler.parse import SIGNATURE_GRAMMAR, parser

    for module in ("dealc.compiler.pipeline", "dealc.compiler.plain"):  # the phases; documents
        importlib.import_module(module)
    for dialect in dialects.available().values():
        pool_parser(settings.extensions, dialect)
    parser(SIGNATURE_GRAMMAR)
    if not settings.to_store:
        from dealc.emitters import load

        load(settings.target)
    version()


def _local(tasks: list[Task], settings: Settings, workers: int,
           idle: Callable[[], None]) -> Iterator[Result]:
    from dealc.compiler.driver.workers import Pool

    with Pool(functools.partial(compile_one, settings=settings), workers,
              settings.timeout) as pool:
        for outcome in pool.run(tasks, idle):
            if outcome.result is not None:
                yield outcome.result
            elif outcome.timed_out:
                yield _line(outcome.job[0], settings, Status.TIMEOUT, errors=1,
                            seconds=settings.timeout or 0.0,
                            message=f"not compiled within {settings.timeout:g} s (--timeout);"
                            " its worker was stopped"), None
            else:
                yield _line(outcome.job[0], settings, Status.FAILED, errors=1,
                            message=f"internal error: {outcome.died} while compiling this "
                            "input"), None


def run(jobs: list[Job], settings: Settings, workers: int, engine: str = "local",
        scheduler: str | None = None,
        progress: Callable[[Line], None] | None = None) -> list[Line]:
    """Compile every job (planned with `plan`); journal each line as it finishes; return
    this run's manifest lines, sorted by input.  KeyboardInterrupt stops the run with the
    journal (and the store) holding everything finished."""
    try:
        journal = Journal(manifest_path(settings))
    except (JournalBusy, OSError) as error:
        raise UsageProblem(str(error)) from error
    sink: _Sink | None = None
    try:
        sink = _Store(settings) if settings.to_store else _Folder(settings)
        previous = sink.candidates(journal.previous)
        tasks: list[Task] = [(job, previous.get(job.input)) for job in jobs]
        for line, rows in _results(tasks, settings, workers, engine, scheduler, journal.sync):
            sink.accept(line, rows)
            journal.append(line)
            if progress:
                progress(line)
        sink.finish()
    finally:
        if sink is not None:
            sink.close()
        journal.close()
    return [journal.lines[key] for key in sorted(journal.lines)]


def _results(tasks: list[Task], settings: Settings, workers: int, engine: str,
             scheduler: str | None, idle: Callable[[], None]) -> Iterator[Result]:
    """Each task's result as it finishes, from the engine asked for."""
    if engine == "dask":
        from dealc.compiler.driver.distributed import run_on_dask

        return run_on_dask(tasks, settings, workers, scheduler, idle)
    _warm(settings)
    return _local(tasks, settings, workers, idle)


def summary(lines: list[Line]) -> list[str]:
    """What a person wants to know at the end of a run."""
    statuses = Counter(line.status.value for line in lines)
    kinds = Counter(line.kind or "none" for line in lines)
    reused = sum(1 for line in lines if line.reused)
    codes: Counter[str] = Counter()
    for line in lines:
        codes.update(line.codes)
    slowest = sorted(lines, key=lambda line: -line.seconds)[:5]
    text = [f"{len(lines)} inputs: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
            + (f" ({reused} reused from the previous run)" if reused else "")]
    text.append("kinds: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    if codes:
        text.append("most frequent diagnostics: " + ", ".join(
            f"{code} x{n}" for code, n in codes.most_common(5)))
    if slowest:
        text.append("slowest: " + ", ".join(f"{Path(line.input).name} {line.seconds:.3f}s"
                                            for line in slowest))
    return text
