"""The ``dealc`` command line.

Exit status: 0 compiled without errors (warnings allowed unless --Werror);
1 compiled with errors (the output is still written); 2 usage error or
unreadable input; 3 internal error, which is a bug in dealc.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

import click

# What every compile needs; the rest is imported by the command, or the path, that uses
# it (a cold start pays for every module imported here).
from dealc.compiler import compile_bytes, dialects
from dealc.compiler.diagnostics import Severity, count
from dealc.compiler.driver import outputs
from dealc.compiler.driver.settings import DEFAULT_TIMEOUT, STORE_TARGET, Settings, has_magic
from dealc.emitters.formatting import plural

if TYPE_CHECKING:
    from dealc.compiler.ast import CompiledFiling
    from dealc.compiler.diagnostics import Diagnostic
    from dealc.compiler.driver.batch import Job
    from dealc.compiler.driver.manifest import Line
    from dealc.compiler.extensions import Extension
    from dealc.emitters import Emitter, StreamingEmitter

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
REPORT_BUGS = "please report it, with this message and the input file, to the dealc issue tracker"
MAX_DIAGNOSTICS = 20  # per code, in the terminal's rendering of one input's diagnostics
# The built-in formats whose output lists every diagnostic.
KEEPS_DIAGNOSTICS = frozenset({"json", "markdown", "html"})
PROGRESS_SECONDS = 0.1  # how often a batch's progress bar is redrawn, at most


def escape(text: str) -> str:
    """Text made safe for a terminal (`dealc.compiler.render.escape`, imported when used)."""
    from dealc.compiler.render import escape as escaped

    return escaped(text)


class Shown(NamedTuple):
    """How one input's diagnostics are shown on stderr."""

    format: str = "text"  # "text" (rendered) or "json" (one line each, all of them)
    limit: int = MAX_DIAGNOSTICS  # rendered per code, then a count; 0: all
    where: str = ""  # where every diagnostic can be found, said when some are not shown


# Options that several commands share.
grammar_option = click.option(
    "--grammar", "grammars", multiple=True, type=click.Path(path_type=Path),
    help="A grammar extension (.lark); repeatable.",
)
dialect_option = click.option(
    "--dialect", default=None, metavar="NAME",
    help="The issuer's wording to read the body with (see 'dealc dialects'); "
    "default: found from each filing.")


class _Group(click.Group):
    """The command group, with click's own usage errors said the way dealc says its own
    ("dealc: error: ...", exit 2) rather than click's "Error: ..."."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        try:
            return super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(error.ctx.get_usage(), err=True)
                command = error.ctx.command_path
                click.echo(f"Try '{command} --help' for help.", err=True)
            click.echo(escape(f"dealc: error: {error.format_message()}"), err=True)
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            click.echo("dealc: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as error:
            click.echo(escape(f"dealc: error: {error.format_message()}"), err=True)
            sys.exit(error.exit_code)


class _FormatOption(click.Option):
    """--to, whose help lists the formats installed (looked up only when help is shown)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from dealc.emitters import names

        record = super().get_help_record(ctx)
        if record is None:
            return None
        formats = ", ".join([*names(), "sqlite"])
        return record[0], record[1].replace("{formats}", formats)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dealc", prog_name="dealc")
def main() -> None:
    """Compile SEC Form 8-K mortgage-pool disclosures into typed, checked deal data."""


@main.command("compile")
@click.argument("inputs", nargs=-1, required=True, type=str)
@click.option("--to", "target", default="json", show_default=True, cls=_FormatOption,
              help="Output format: one of {formats} (sqlite: the embedded store).")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="Output file (default: stdout); a folder for several inputs; the database for sqlite.",
)
@click.option("--strict", is_flag=True, help="Unrecognised sentences are errors.")
@grammar_option
@dialect_option
@click.option("--Werror", "werror", is_flag=True, help="Warnings are errors.")
@click.option(
    "--diagnostics-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How diagnostics are written to stderr.",
)
@click.option("--max-diagnostics", "max_diagnostics", type=click.IntRange(min=0),
              default=MAX_DIAGNOSTICS, show_default=True,
              help="Render at most this many diagnostics of each code on stderr, then how "
              "many more there are (0: all).  --diagnostics-format json lists every one, "
              "and so do the json, markdown and html outputs.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for several inputs (default: the number of cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where a batch runs: a local process pool, or Dask.")
@click.option("--scheduler", default=None, help="A Dask scheduler's address (--engine dask).")
@click.option("--force", is_flag=True, help="Compile again what a previous run already did.")
@click.option("--max-size", "max_size", type=click.FloatRange(min=0), default=50.0,
              show_default=True, help="Refuse inputs over this many megabytes.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT, show_default=True,
              help="In a batch, stop compiling an input after this many seconds (its status "
              "is then 'timeout') and go on with the others.")
def compile_command(
    inputs: tuple[str, ...],
    target: str,
    output: Path | None,
    strict: bool,
    grammars: tuple[Path, ...],
    werror: bool,
    diagnostics_format: str,
    max_diagnostics: int,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    force: bool,
    max_size: float,
    timeout: float,
    dialect: str | None,
) -> None:
    """Compile filings to the deal in the chosen format.

    One input writes to -o FILE or stdout (also -o -).  Several inputs, a folder
    or a glob pattern compile every filing found to -o FOLDER (one output per
    input, at its path relative to the folder given, and manifest.jsonl).
    """
    batch = (len(inputs) > 1 or target == STORE_TARGET
             or any(Path(i).is_dir() or has_magic(i) for i in inputs))
    if target != STORE_TARGET:
        _emitter(target)  # an unknown format is a usage error before anything else
    settings = Settings(target=target, output=str(output) if output is not None else "-",
                        strict=strict, werror=werror, extensions=_extensions(grammars),
                        max_bytes=int(max_size * 1024 * 1024), force=force, timeout=timeout,
                        dialect=dialect)
    _check_dialect(dialect)
    if not batch:
        where = ("every one is in the output" if target in KEEPS_DIAGNOSTICS
                 else "--diagnostics-format json lists every one")
        _compile_single(Path(inputs[0]), settings,
                        Shown(diagnostics_format, max_diagnostics, where))
    if output is None:
        _usage("several inputs need -o FOLDER (or -o DATABASE with --to sqlite)")
    _compile_batch(list(inputs), settings, jobs or os.cpu_count() or 1, engine, scheduler)


def _compile_single(path: Path, settings: Settings, shown: Shown) -> NoReturn:
    """One filing to one output (a file, or standard output), its diagnostics on stderr.
    An emitter that can stream writes its output as it makes it (never held whole)."""
    from dealc.emitters import StreamingEmitter

    emitter = _emitter(settings.target)
    output = Path(settings.output)
    _check_single_output(path, output, emitter)
    filing = _compile_file(path, settings)
    streaming = emitter if isinstance(emitter, StreamingEmitter) else None
    rendered = b"" if streaming is not None else _emit(filing, emitter, settings.target, shown)
    _report(filing, shown)
    try:
        if streaming is None:
            outputs.write(output, rendered)
        else:
            with outputs.writing(output) as out:
                _emit_to(filing, streaming, out, settings.target)
        companions = getattr(emitter, "companions", None)
        if callable(companions) and settings.output == "-":
            names = ", ".join(companions())
            click.echo(f"dealc: note: this {settings.target} output refers to {names}, which "
                       "are written beside it only with -o FILE", err=True)
        elif callable(companions):
            for name, content in companions().items():
                outputs.write(output.parent / name, content)
    except (OSError, outputs.OutputError) as error:
        _usage(f"cannot write {output}: {getattr(error, 'strerror', None) or error}")
    sys.exit(_status(filing, settings.werror))


def _compile_file(path: Path, settings: Settings) -> CompiledFiling:
    """Read and compile one input; usage errors for what cannot be read."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            _usage(f"{path} is {size} bytes, over the limit of {settings.max_bytes} bytes "
                   "(--max-size)")
        data = path.read_bytes()
    except OSError as error:
        _usage(f"cannot read {path}: {error.strerror or error}")
    try:
        return compile_bytes(data, str(path), settings.compile_options())
    except Exception:
        _internal_error(f"while compiling {path}: a bug in dealc;", REPORT_BUGS)


def _emit(filing: CompiledFiling, emitter: Emitter, target: str, shown: Shown) -> str | bytes:
    """The emitter's rendering (see `_emit_failed` for its errors)."""
    try:
        return emitter.emit(filing)
    except Exception as error:
        _emit_failed(error, filing, emitter, target, shown)


def _emit_to(filing: CompiledFiling, emitter: StreamingEmitter, out: outputs.Output,
             target: str) -> None:
    """The emitter's rendering written to ``out`` as it is made, the diagnostics already
    shown.  A failed write goes on to the caller, as when the rendering is written whole."""
    try:
        emitter.emit_to(filing, out)
    except Exception as error:
        if error is out.failure:
            raise
        _emit_failed(error, filing, emitter, target, None)


def _emit_failed(error: Exception, filing: CompiledFiling, emitter: Emitter, target: str,
                 shown: Shown | None) -> NoReturn:
    """An emitter that refuses the deal is an error (exit 1), one that breaks is a bug, in
    dealc or in the plugin that provides it (exit 3).  ``shown``: how to show the
    diagnostics, None when they are shown already."""
    from dealc.emitters import EmitError

    if isinstance(error, EmitError):
        if shown is not None:
            _report(filing, shown._replace(where="--diagnostics-format json lists every one"))
        click.echo(escape(f"dealc: error: {filing.source.path} cannot be written as {target}: "
                          f"{error}"), err=True)
        sys.exit(EXIT_ERRORS)
    module = type(emitter).__module__
    if module.startswith("dealc."):
        _internal_error(f"in the {target} emitter: a bug in dealc;", REPORT_BUGS)
    _internal_error(f"in the {target} emitter ({module}): a bug in that plugin;",
                    "please report it to the plugin's authors, with this message")


def _emitter(target: str) -> Emitter:
    from dealc.emitters import EmitterError, load

    try:
        return load(target)
    except EmitterError as error:
        _usage(str(error))


def _check_single_output(path: Path, output: Path, emitter: Emitter) -> None:
    """The usage errors a single compile's output would meet, found before compiling."""
    if str(output) == "-":
        return
    written = [output]
    companions = getattr(emitter, "companions", None)
    if callable(companions):
        written += [output.parent / name for name in companions()]
    for target in written:
        if outputs.same_file(target, path):
            _usage(f"the output {target} would replace the input {path}; choose another output")
    try:
        outputs.check_writable(output)
    except outputs.OutputError as error:
        _usage(str(error))


# ------------------------------------------------------------------ batches
def _compile_batch(inputs: list[str], settings: Settings, workers: int, engine: str,
                   scheduler: str | None) -> NoReturn:
    """Every input found, compiled; a summary on stderr; exit 0 only if every one is ok."""
    from dealc.compiler.driver.manifest import Status

    _check_engine(engine)
    jobs = _planned(inputs, settings)
    lines = _run_batch(jobs, settings, workers, engine, scheduler)
    _report_batch(lines)
    sys.exit(EXIT_OK if all(line.status is Status.OK for line in lines) else EXIT_ERRORS)


def _check_engine(engine: str) -> None:
    """Dask is an extra: its absence is a usage error before any work."""
    if engine == "dask":
        from dealc.compiler.driver.distributed import available

        if not available():
            _usage("--engine dask needs the dask extra: python -m pip install 'dealc[dask]'")


def _planned(inputs: list[str], settings: Settings) -> list[Job]:
    """The jobs found, each with its output; usage errors for none found, for outputs that
    would collide or replace an input, and for an output that cannot be written."""
    from dealc.compiler.driver import batch

    jobs = batch.discover(inputs)
    if not jobs:
        _usage("no filings found in " + ", ".join(inputs))
    try:
        if settings.to_store:
            planned = batch.plan(jobs, settings, "")
            outputs.check_writable(Path(settings.output))
            return planned
        emitter = _emitter(settings.target)
        companions = getattr(emitter, "companions", None)
        names = list(companions()) if callable(companions) else []
        planned = batch.plan(jobs, settings, emitter.extension, names)
        outputs.check_writable(Path(settings.output), folder=True)
        return planned
    except (batch.UsageProblem, outputs.OutputError) as error:
        _usage(str(error))


def _run_batch(jobs: list[Job], settings: Settings, workers: int, engine: str,
               scheduler: str | None) -> list[Line]:
    """Run the jobs.  Ctrl-C and SIGTERM stop the run (exit 130) with the journal holding
    what finished."""
    import signal

    from dealc.compiler.driver import batch

    previous_handler = signal.signal(signal.SIGTERM, _terminated)
    try:
        with _progress(len(jobs)) as advance:
            return batch.run(jobs, settings, workers, engine, scheduler, progress=advance)
    except batch.UsageProblem as error:
        _usage(str(error))
    except KeyboardInterrupt:
        click.echo(f"dealc: interrupted; what finished is in {batch.manifest_path(settings)}, "
                   "and a re-run goes on from there", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[Line], None] | None]:
    """A progress bar on a terminal, none elsewhere.  It is redrawn as inputs finish, at
    most every PROGRESS_SECONDS, never by a thread of its own: worker processes are
    forked during the run, and a fork must not copy a lock another thread holds."""
    if not sys.stderr.isatty():
        yield None
        return
    import time

    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, auto_refresh=False, console=Console(stderr=True)) as bar:
        task = bar.add_task("compiling", total=total)
        drawn = time.monotonic()

        def advance(_line: Line) -> None:
            nonlocal drawn
            bar.advance(task)
            if time.monotonic() - drawn >= PROGRESS_SECONDS:
                bar.refresh()
                drawn = time.monotonic()

        yield advance


def _report_batch(lines: list[Line]) -> None:
    """The run's summary, then each input that was not compiled and why."""
    from dealc.compiler.driver import batch

    for text in batch.summary(lines):
        click.echo(escape(f"dealc: {text}"), err=True)
    for line in lines:
        if not line.status.compiled:
            click.echo(escape(f"dealc: {line.input}: {line.status}: {line.message or ''}"),
                       err=True)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _check_dialect(name: str | None) -> None:
    if name is not None:
        try:
            dialects.named(name)
        except dialects.DialectError as error:
            _usage(str(error))


@main.command("dialects")
def dialects_command() -> None:
    """List the dialects: the issuers' wordings dealc reads."""
    for dialect in dialects.available().values():
        mark = " (default)" if dialect.default else ""
        click.echo(f"{dialect.name}{mark}\t{dialect.description}")


@main.command("emitters")
def emitters_command() -> None:
    """List the installed emitters."""
    from dealc.emitters import EmitterError, load, names

    for name in names():
        try:
            emitter = load(name)
        except EmitterError as error:
            click.echo(f"{name}\t(failed to load: {error})")
            continue
        click.echo(f"{name}\t{emitter.extension}\t{emitter.description}")


def _extensions(grammars: tuple[Path, ...]) -> tuple[Extension, ...]:
    """--grammar files, then the project's configured ones, then installed ones."""
    from dealc.compiler import extensions

    try:
        found = (*extensions.from_paths(list(grammars)), *extensions.configured(Path.cwd()),
                 *extensions.installed())
    except extensions.ExtensionError as error:
        _usage(str(error))
    unique: dict[str, Extension] = {}
    for extension in found:
        unique.setdefault(extension.text, extension)
    chosen = tuple(unique.values())
    if chosen:
        try:
            extensions.validate(chosen)
        except extensions.ExtensionError as error:
            _usage(str(error))
        except Exception as error:  # a broken extension is the user's, not dealc's
            origins = ", ".join(e.origin for e in chosen)
            _usage(f"the grammar extensions ({origins}) do not build: "
                   f"{str(error).splitlines()[0]}; run 'dealc grammar check' on each")
    return chosen


@main.group("grammar")
def grammar_group() -> None:
    """Work with grammar extensions."""


@grammar_group.command("check")
@click.argument("extension", type=click.Path(path_type=Path))
def grammar_check_command(extension: Path) -> None:
    """Report an extension's errors and LALR conflicts, with positions in the file."""
    from dealc.compiler.driver.grammar_check import check
    from dealc.compiler.render import render
    from dealc.compiler.source import Source

    try:
        text = extension.read_text(encoding="utf-8")
    except OSError as error:
        _usage(f"cannot read {extension}: {error.strerror or error}")
    except UnicodeDecodeError as error:
        _usage(f"{extension} is not UTF-8 text (byte {error.start} is "
               f"{error.object[error.start]:#04x}); save the extension as UTF-8")
    source = Source.from_text(text, path=str(extension))
    found = check(source)
    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    for diagnostic in found:
        click.echo(render(diagnostic, source, color=color) + "\n", err=True, color=color)
    errors = count(found, Severity.ERROR)
    warnings = count(found, Severity.WARNING)
    summary = (plural(errors, "error") + (f", {plural(warnings, 'warning')}" if warnings else "")
               if found else "ok")
    click.echo(escape(f"dealc: {extension}: {summary}"), err=bool(found))
    sys.exit(EXIT_ERRORS if errors else EXIT_OK)


@grammar_group.command("draft")
@click.argument("inputs", nargs=-1, required=True, type=str)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="The extension to write (.lark; - is stdout).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Draft a rule for this many of the largest groups.")
@grammar_option
@dialect_option
@click.option("--max-size", "max_size", type=click.FloatRange(min=0), default=50.0,
              show_default=True, help="Skip inputs over this many megabytes.")
def grammar_draft_command(inputs: tuple[str, ...], output: Path, top: int,
                          grammars: tuple[Path, ...], dialect: str | None,
                          max_size: float) -> None:
    """Draft an extension for the wording of the filings dealc does not recognise."""
    from dealc.compiler.driver.batch import discover
    from dealc.compiler.driver.draft import draft
    from dealc.compiler.pipeline import Options

    extensions_ = _extensions(grammars)
    _check_dialect(dialect)
    named = [Path(job.input) for job in discover(inputs)]
    if not named:
        _usage("no filings found in " + ", ".join(inputs))
    for path in [*named, *grammars] if str(output) != "-" else []:
        if outputs.same_file(output, path):
            _usage(f"the output {output} would replace the input {path}; choose another output")
    try:
        outputs.check_writable(output)
        result = draft(inputs, Options(extensions=extensions_, dialect=dialect),
                       int(max_size * 1024 * 1024), top, str(output))
        outputs.write(output, result.text)
    except (OSError, outputs.OutputError) as error:
        _usage(f"cannot write {output}: {getattr(error, 'strerror', None) or error}")
    except Exception:
        _internal_error("while drafting an extension: a bug in dealc;", REPORT_BUGS)
    click.echo(escape(f"dealc: {output}: {len(result.rules)} rules for the largest groups of "
                      f"{plural(result.filings, 'filing')}: "
                      f"{result.active} bound, {len(result.rules) - result.active} "
                      "placeholders"), err=True)


@grammar_group.command("vocabulary")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
def grammar_vocabulary_command(output_format: str) -> None:
    """List every rule and terminal an extension may import: its module, the %import
    line, its field, and an example of what it matches."""
    import json

    from dealc.compiler.driver.grammar_vocabulary import entries, markdown, render_text

    found = entries()
    if output_format == "json":
        click.echo(json.dumps([entry.as_json() for entry in found], indent=2))
    elif output_format == "markdown":
        click.echo(markdown(found), nl=False)
    else:
        click.echo("".join(escape(line) + "\n" for line in render_text(found).splitlines()),
                   nl=False)


@main.command("explain")
@click.argument("path", type=click.Path(path_type=Path))
@grammar_option
@dialect_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def explain_command(path: Path, grammars: tuple[Path, ...], dialect: str | None,
                    output_format: str) -> None:
    """Sentence by sentence: the rule and facts that read it, or why none did.

    Exits 1 when the filing has no sentence to explain (empty, binary, another kind).
    """
    import json

    from dealc.compiler.driver.explain import explain, render_text
    from dealc.compiler.extensions import pool_parser
    from dealc.compiler.pipeline import Options

    extensions_ = _extensions(grammars)
    _check_dialect(dialect)
    try:
        data = path.read_bytes()
    except OSError as error:
        _usage(f"cannot read {path}: {error.strerror or error}")
    try:
        filing = compile_bytes(data, str(path), Options(extensions=extensions_, dialect=dialect))
        used = dialects.named(filing.dialect) if filing.dialect else None
        report = explain(filing, pool_parser(extensions_, used))
    except Exception:
        _internal_error(f"while explaining {path}: a bug in dealc;", REPORT_BUGS)
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    # Nothing to explain is not "all recognised": the analyst expected sentences.
    sys.exit(EXIT_ERRORS if report.get("empty") else EXIT_OK)


@main.command("coverage")
@click.argument("inputs", nargs=-1, required=True, type=str)
@grammar_option
@dialect_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--max-size", "max_size", type=click.FloatRange(min=0), default=50.0,
              show_default=True, help="Skip inputs over this many megabytes.")
def coverage_command(inputs: tuple[str, ...], grammars: tuple[Path, ...], dialect: str | None,
                     output_format: str, max_size: float) -> None:
    """How much of a corpus dealc understands; the wording it does not, grouped by shape."""
    import json

    from dealc.compiler.driver.coverage import as_data, render_text, survey
    from dealc.compiler.pipeline import Options

    extensions_ = _extensions(grammars)
    _check_dialect(dialect)
    try:
        report = survey(inputs, Options(extensions=extensions_, dialect=dialect),
                        int(max_size * 1024 * 1024))
    except Exception:
        _internal_error("while surveying coverage: a bug in dealc;", REPORT_BUGS)
    if not report.filings:
        _usage("no filings found in " + ", ".join(inputs))
    data = as_data(report)
    if output_format == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(data), nl=False)


def _internal_error(where: str, report: str) -> NoReturn:
    import traceback

    click.echo(f"dealc: internal error {where}", err=True)
    click.echo(report, err=True)
    click.echo(traceback.format_exc(), err=True)
    sys.exit(EXIT_INTERNAL)


def _usage(message: str) -> NoReturn:
    click.echo(f"dealc: error: {escape(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _report(filing: CompiledFiling, shown: Shown) -> None:
    """The filing's diagnostics on stderr, as ``shown`` asks."""
    if shown.format == "json":
        _report_json(filing)
    else:
        _report_text(filing, shown)


def _report_json(filing: CompiledFiling) -> None:
    """Every diagnostic, one JSON line each: for programs, so none is left out."""
    import json

    from dealc.compiler.diagnostics import to_json

    assert filing.text is not None
    for diagnostic in filing.diagnostics:
        click.echo(json.dumps(to_json(diagnostic, filing.text), sort_keys=True), err=True)


def _report_text(filing: CompiledFiling, shown: Shown) -> None:
    """Diagnostics rendered for a person: at most ``shown.limit`` of each code (a filing
    that repeats one unknown sentence can have hundreds of thousands), one line per code
    saying how many more there are, then the totals."""
    assert filing.text is not None
    if not filing.diagnostics:
        return  # nothing to say (nor the renderer to import)
    from dealc.compiler.render import render

    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    rendered, hidden = _limited(filing.diagnostics, shown.limit)
    for diagnostic in rendered:
        click.echo(render(diagnostic, filing.text, color=color) + "\n", err=True, color=color)
    for code, (severity, more) in sorted(hidden.items()):
        noun = f"{severity.value}{'' if more == 1 else 's'}"
        click.echo(escape(f"dealc: {filing.text.name}: {more:,} more {code} {noun} not shown "
                          f"(--max-diagnostics {shown.limit} shows the first {shown.limit} of "
                          f"each code, 0 shows all); {shown.where}"), err=True)
    counts = [plural(count(filing.diagnostics, severity), severity.value)
              for severity in (Severity.ERROR, Severity.WARNING)]
    click.echo(escape(f"dealc: {filing.text.name}: {', '.join(counts)}"), err=True)


def _limited(diagnostics: Sequence[Diagnostic], limit: int
             ) -> tuple[list[Diagnostic], dict[str, tuple[Severity, int]]]:
    """The first ``limit`` diagnostics of each code (all when ``limit`` is 0), in their
    order, and for each code with more, its severity and how many more."""
    if not limit:
        return list(diagnostics), {}
    seen: Counter[str] = Counter()
    rendered: list[Diagnostic] = []
    hidden: dict[str, tuple[Severity, int]] = {}
    for diagnostic in diagnostics:
        seen[diagnostic.code] += 1
        if seen[diagnostic.code] <= limit:
            rendered.append(diagnostic)
        else:
            severity, more = hidden.get(diagnostic.code, (diagnostic.severity, 0))
            hidden[diagnostic.code] = (severity, more + 1)
    return rendered, hidden


def _status(filing: CompiledFiling, werror: bool) -> int:
    severities = {diagnostic.severity for diagnostic in filing.diagnostics}
    if Severity.ERROR in severities or (werror and Severity.WARNING in severities):
        return EXIT_ERRORS
    return EXIT_OK


if __name__ == "__main__":  # python -m dealc.compiler.driver.cli
    main()
