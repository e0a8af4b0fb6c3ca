"""Parse tables kept between runs, in a folder only the user can write.

Building the LALR tables of the pool grammar takes about a quarter of a
second, so they are kept on disk.  Lark's own ``cache=True`` writes pickles
to the shared temporary folder under names anyone can predict, and reads
whatever it finds there: whoever can write to ``/tmp`` could make the next
``dealc compile`` run their code.  dealc therefore keeps its tables in a
private folder and loads a file only when:

- the folder is a real folder (not a link), owned by the user who runs dealc,
  and neither its group nor others may write to it or enter it (mode 0700);
- the file is a regular file (opened without following links), owned by that
  user, writable by nobody else;
- its name is the digest of everything the tables depend on (the grammar
  files' text, the extension text, Lark's and Python's versions, the parser
  plugins), so a changed grammar never loads stale tables.

Anything else (a shared or foreign folder, a file that fails those checks or
does not load) means the tables are built in memory, as if there were no
cache; the reason is kept in `last_refusal`.  Files
are written to a temporary name and renamed, so a reader never sees half a
file.  ``DEALC_CACHE_DIR`` names another folder (the same checks apply);
``DEALC_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lark import Lark

FORMAT = "dealc-tables-1"
last_refusal: str | None = None
_EXCLUDED_OPTIONS = ("_plugins", "import_paths", "source_path")


def folder() -> Path | None:
    """The private cache folder, created if missing; None when it is not safe to use."""
    global last_refusal
    configured = os.environ.get("DEALC_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        path = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "dealc"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError as error:
        last_refusal = f"cannot use {path}: {error.strerror or error}"
        return None
    problem = _unsafe_folder(info)
    if problem:
        last_refusal = f"not using {path} for parse tables: {problem}"
        return None
    return path


def _unsafe_folder(info: os.stat_result) -> str | None:
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder (a link or a file)"
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if info.st_mode & 0o077:
        return f"others may use it (mode {stat.S_IMODE(info.st_mode):o}; it must be 700)"
    return None


def _unsafe_file(info: os.stat_result) -> str | None:
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if info.st_mode & 0o022:
        return "others may write to it"
    return None


def key(*parts: str, plugins: dict[str, Any]) -> str:
    """The digest that names a set of tables."""
    import lark

    digest = hashlib.sha256()
    for part in (FORMAT, lark.__version__, sys.version, ",".join(sorted(plugins)), *parts):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def load_or_build(name: str, build: Callable[[], Lark], plugins: dict[str, Any]) -> Lark:
    """The tables named ``name`` from the private folder, else built (and stored there)."""
    place = folder()
    if place is None:
        return build()
    path = place / f"{name}.tables"
    loaded = _load(path, plugins)
    if loaded is not None:
        return loaded
    lark = build()
    _store(lark, place, path)
    return lark


def _load(path: Path, plugins: dict[str, Any]) -> Lark | None:
    global last_refusal
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # missing (or a link): build
    with os.fdopen(descriptor, "rb") as handle:
        problem = _unsafe_file(os.fstat(handle.fileno()))
        if problem:
            last_refusal = f"not loading parse tables from {path}: {problem}"
            return None
        if handle.readline().rstrip(b"\n") != FORMAT.encode():
            return None
        try:
            lark: Lark = Lark.__new__(Lark)
            lark._load(handle, _plugins=plugins)
        except Exception:  # a damaged file: build again and replace it
            return None
        return lark


def _store(lark: Lark, place: Path, path: Path) -> None:
    try:
        descriptor, temporary = tempfile.mkstemp(dir=place, prefix=".tables-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(FORMAT.encode() + b"\n")
            lark.save(handle, exclude_options=_EXCLUDED_OPTIONS)
        os.replace(temporary, path)
    except Exception:  # a full disk or a read-only folder: the run goes on without a cache
        with contextlib.suppress(OSError):
            os.unlink(temporary)
