"""Writing what the user asked for, and nothing else.

Every output dealc writes goes through `write`:

- ``-`` is standard output;
- a regular file (or a name not yet taken) is written atomically: to a
  temporary file in the same folder, then renamed over the name, so a reader
  (or a run killed half-way) sees the old content or the new, never a part;
  a file that existed keeps its permission bits;
- a symbolic link is written through: its target gets the new content and
  the link stays a link;
- anything else that exists (a device such as ``/dev/null``, a named pipe) is
  opened and written in place, never replaced by a regular file.

`check_writable` finds, before any work, the usage errors a write would meet
later (a folder where a file is wanted, a file where a folder is wanted, a
folder that cannot be written to).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

TEMPORARY_PREFIX = ".dealc-"
TEMPORARY_SUFFIX = ".tmp"


class OutputError(Exception):
    """An output that cannot be written where the user asked: a usage error."""


def write(path: Path | str, content: str | bytes, durable: bool = False) -> None:
    """Write ``content`` to ``path`` as described in the module's docstring.  ``durable``:
    sync the new content before the rename and the folder after it, so that it survives
    the machine going down.  The compacted manifest is written so, once per run; outputs
    are not (docs/guarantees.md): a sync per output would make each worker wait for the
    disk once per input."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder, not a file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(target, "wb") as handle:  # a device or a pipe: written, not replaced
            handle.write(data)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX,
                                             suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), mode)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, target)
        if durable:
            _sync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _sync_folder(folder: Path) -> None:
    """Sync a folder's entries (a rename in it), where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some systems refuse to sync a folder
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path, folder: bool = False) -> None:
    """Raise `OutputError` if ``path`` (a file, or a folder when ``folder``) cannot be
    written, without writing it: found before compiling, not after."""
    if str(path) == "-":
        if folder:
            raise OutputError("several outputs cannot all go to standard output")
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.exists():
        if folder and not target.is_dir():
            raise OutputError(f"{path} is not a folder")
        if not folder and target.is_dir():
            raise OutputError(f"{path} is a folder; name a file (or give several inputs to "
                              "compile into a folder)")
        if not folder and not target.is_file():
            return  # a device or a pipe: opened when written
    existing = target if folder and target.is_dir() else target.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{path} cannot be created: {existing} is a file, not a folder")
    _probe(existing, path)


def _probe(folder: Path, wanted: Path) -> None:
    """Can a file be created in ``folder``?  Tried for real: permission bits say nothing
    to root, nor about a read-only file system."""
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX,
                                            suffix=TEMPORARY_SUFFIX)
    except OSError as error:
        raise OutputError(f"{wanted} cannot be written: {folder}: "
                          f"{error.strerror or error}") from error
    os.close(descriptor)
    os.unlink(name)


def same_file(a: Path, b: Path) -> bool:
    """Do two paths name the same file (through links, or by the same resolved path)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files a killed run left behind in ``folder`` (recursively)."""
    if not folder.is_dir():
        return
    for candidate in folder.rglob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
        with contextlib.suppress(OSError):
            if candidate.is_file() and not candidate.is_symlink():
                candidate.unlink()
