"""Compiling a whole archive: many inputs, a process pool, one manifest that accounts for all.

Every input found ends up as exactly one manifest line, whatever happens to
it: ``ok`` (compiled, no errors), ``errors`` (compiled, with errors: the
output is still written), ``refused`` (over the size limit), ``unreadable``,
``failed`` (an internal error, a bug: the run goes on), or any of these with
``"reused": true`` when a previous run already compiled the same bytes with
the same dealc version.  Outputs are written atomically; the manifest is
written last, sorted by input, so a run is deterministic.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from dealc.compiler.extensions import Extension

SUFFIXES = frozenset({".txt", ".htm", ".html", ".nc", ".sgml"})
MANIFEST = "manifest.jsonl"


@attrs.frozen
class Job:
    input: str  # the path as found
    relative: str  # where its output goes, relative to the output folder (posix, no suffix)


@attrs.frozen
class Settings:
    target: str
    output: str  # a folder, or the database file for the sqlite store
    strict: bool = False
    werror: bool = False
    extensions: tuple[Extension, ...] = ()
    max_bytes: int = 50 * 1024 * 1024
    force: bool = False


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def discover(arguments: Iterable[str]) -> list[Job]:
    """The inputs named by files, folders (searched recursively) and glob patterns."""
    jobs: dict[str, Job] = {}
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = [(p, p.relative_to(path)) for p in sorted(path.rglob("*"))
                     if p.is_file() and p.suffix.lower() in SUFFIXES]
        elif glob.has_magic(argument):
            base = _glob_base(argument)
            found = [(Path(p), Path(p).relative_to(base)) for p in
                     sorted(glob.glob(argument, recursive=True)) if Path(p).is_file()]
        else:
            found = [(path, Path(path.name))]
        for file, relative in found:
            key = str(file)
            jobs.setdefault(key, Job(key, relative.with_suffix("").as_posix()))
    return sorted(jobs.values(), key=lambda job: job.input)


def _write_atomically(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    temporary.replace(path)


def compile_one(job: Job, settings: Settings, previous: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    """Compile one input to its output; never raises.  Returns its manifest line."""
    from dealc.compiler import __version__, compile_bytes
    from dealc.compiler.diagnostics import Severity
    from dealc.compiler.pipeline import Options
    from dealc.emitters import EmitError, load

    started = time.perf_counter()
    line: dict[str, Any] = {"input": job.input, "sha256": None, "status": None, "kind": None,
                            "errors": 0, "warnings": 0, "output": None, "seconds": 0.0,
                            "codes": {}, "dealc_version": __version__}

    def done(status: str, **extra: Any) -> dict[str, Any]:
        line.update(status=status, seconds=round(time.perf_counter() - started, 4), **extra)
        return line

    try:
        size = os.path.getsize(job.input)
        if size > settings.max_bytes:
            return done("refused", errors=1, message=f"{size} bytes is over the limit of "
                        f"{settings.max_bytes} bytes (--max-size)")
        with open(job.input, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return done("unreadable", errors=1, message=str(error.strerror or error))
    line["sha256"] = hashlib.sha256(data).hexdigest()
    if (previous is not None and not settings.force and previous.get("sha256") == line["sha256"]
            and previous.get("dealc_version") == __version__
            and previous.get("status") in ("ok", "errors")
            and (settings.target == "sqlite" or (previous.get("output") and (
                Path(settings.output) / previous["output"]).exists()))):
        return {**previous, "reused": True}
    try:
        filing = compile_bytes(data, job.input, Options(strict=settings.strict,
                                                        extensions=settings.extensions))
        errors = sum(d.severity is Severity.ERROR for d in filing.diagnostics)
        warnings = sum(d.severity is Severity.WARNING for d in filing.diagnostics)
        line.update(kind=filing.kind, errors=errors, warnings=warnings,
                    codes=dict(sorted(Counter(d.code for d in filing.diagnostics).items())))
        failing = errors or (settings.werror and warnings)
        if settings.target == "sqlite":
            from dealc.compiler.plain import document

            line["document"] = document(filing)  # stored by the parent, in one transaction
            return done("errors" if failing else "ok")
        emitter = load(settings.target)
        try:
            rendered = emitter.emit(filing)
        except EmitError as error:
            return done("errors", errors=errors + 1, message=str(error))
        output = f"{job.relative}{emitter.extension}"
        _write_atomically(Path(settings.output) / output, rendered)
        companions = getattr(emitter, "companions", None)
        if callable(companions):
            for name, content in companions().items():
                target = Path(settings.output) / name
                if not target.exists():
                    _write_atomically(target, content)
        return done("errors" if failing else "ok", output=output)
    except Exception as error:  # a bug in dealc: recorded, and the run goes on
        return done("failed", errors=1, message=f"internal error: {type(error).__name__}: "
                    f"{error}", traceback=traceback.format_exc(limit=8))


def previous_manifest(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    found = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and "input" in entry:
            found[entry["input"]] = entry
    return found


def manifest_path(settings: Settings) -> Path:
    if settings.target == "sqlite":
        database = Path(settings.output)
        return database.with_name(database.name + ".manifest.jsonl")
    return Path(settings.output) / MANIFEST


def _warm_grammar_cache(settings: Settings) -> None:
    """Build the parsers once here, so Lark's on-disk cache exists before the workers
    start: Lark writes it without a rename, and workers must only ever read it."""
    from dealc.compiler.extensions import pool_parser
    from dealc.compiler.parse import COVER_GRAMMAR, SIGNATURE_GRAMMAR, parser

    pool_parser(settings.extensions)
    parser(COVER_GRAMMAR)
    parser(SIGNATURE_GRAMMAR)


def run(jobs: list[Job], settings: Settings, workers: int, engine: str = "local",
        scheduler: str | None = None,
        progress: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Compile every job; write the manifest (and the store); return the manifest lines."""
    manifest = manifest_path(settings)
    previous = previous_manifest(manifest)
    pairs = [(job, previous.get(job.input)) for job in jobs]
    _warm_grammar_cache(settings)
    if engine == "dask":
        from dealc.compiler.distributed import run_on_dask

        results = run_on_dask(pairs, settings, workers, scheduler, progress)
    elif workers <= 1 or len(jobs) <= 1:
        results = []
        for job, earlier in pairs:
            results.append(compile_one(job, settings, earlier))
            if progress:
                progress(results[-1])
    else:
        from concurrent.futures import ProcessPoolExecutor

        results = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(compile_one, job, settings, earlier) for job, earlier in pairs]
            for future in futures:
                results.append(future.result())
                if progress:
                    progress(results[-1])
    results.sort(key=lambda entry: entry["input"])
    if settings.target == "sqlite":
        from dealc.emitters.sqlite_store import store

        store(Path(settings.output), results)
    lines = [{k: v for k, v in entry.items() if k != "document"} for entry in results]
    manifest.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(manifest, "".join(json.dumps(line, sort_keys=True) + "\n"
                                        for line in lines))
    return lines


def summary(lines: list[dict[str, Any]]) -> list[str]:
    """What a person wants to know at the end of a run."""
    statuses = Counter(line["status"] for line in lines)
    kinds = Counter(line["kind"] or "none" for line in lines)
    reused = sum(1 for line in lines if line.get("reused"))
    codes: Counter[str] = Counter()
    for line in lines:
        codes.update(line.get("codes") or {})
    slowest = sorted(lines, key=lambda line: -line["seconds"])[:5]
    text = [f"{len(lines)} inputs: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
            + (f" ({reused} reused from the previous run)" if reused else "")]
    text.append("kinds: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    if codes:
        text.append("most frequent diagnostics: " + ", ".join(
            f"{code} x{n}" for code, n in codes.most_common(5)))
    text.append("slowest: " + ", ".join(f"{Path(line['input']).name} {line['seconds']:.3f}s"
                                        for line in slowest))
    return text
