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

`writing` gives the same for content written a piece at a time (an emitter's
output as it is made, never held whole): the new content takes the name only
once every piece is written; an exception on the way removes the temporary
file and leaves the old content, or no file, under the name.

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
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

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
    with writing(path, durable) as output:
        output.write(data)


class Output:
    """An output being written: text goes out as UTF-8, bytes as they are.

    A write that fails is kept in `failure`, so that a caller can tell it from an
    error of whatever was making the content (an emitter's bug, say).
    """

    __slots__ = ("_handle", "failure")

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.failure: OSError | None = None

    def write(self, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            self._handle.write(data)
        except OSError as error:
            self.failure = error
            raise


@contextlib.contextmanager
def writing(path: Path | str, durable: bool = False) -> Iterator[Output]:
    """An `Output` for ``path``, written as `write` writes (``durable`` too).  The new
    content replaces the old when the block ends; an exception in it removes the
    temporary file.  Standard output, a device or a pipe get each piece as it comes."""
    if str(path) == "-":
        yield Output(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    info = _existing(target)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder, not a file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(target, "wb") as handle:  # a device or a pipe: written, not replaced
            yield Output(handle)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    with _replacing(target, mode, durable) as handle:
        yield Output(handle)


def _existing(target: Path) -> os.stat_result | None:
    """What is at ``target`` now, if anything."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def _replacing(target: Path, mode: int, durable: bool) -> Iterator[BinaryIO]:
    """A temporary file beside ``target``, renamed over it when the block ends; removed
    instead when the block (or the rename) raises."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX,
                                             suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
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
