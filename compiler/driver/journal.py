"""The manifest of a batch run, kept as a journal.

A line is appended and flushed to ``manifest.jsonl`` as each input finishes,
so a run that is killed (SIGKILL, Ctrl-C) leaves a manifest of everything it
finished, and the next run reuses that work.  Lines reach the disk itself
(``fdatasync``) in groups: `sync` is called whenever the run is about to wait
for its workers, so one call covers every line that finished meanwhile, and a
machine that goes down loses at most the lines of the inputs that finished
since the run last waited.  This is group commit, as databases do it: one sync
per wait rather than one per input, and the workers never wait for it.
Reading keeps the last line per input and ignores a line cut short by a
kill.  When a run ends, the journal is rewritten (atomically, and synced) as
one line per input, sorted by input: what an earlier run recorded for inputs
this run did not see is kept.

One run at a time may write a journal: the run holds an exclusive lock on a
lock file beside it (``flock``; the system releases it when the holder dies,
however it dies), and a second run into the same place is refused.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import IO

from dealc.compiler.driver.manifest import Line
from dealc.compiler.driver.outputs import write


class JournalBusy(Exception):
    """Another run holds the journal's lock."""


def read(path: Path) -> dict[str, Line]:
    """The last complete line for each input."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    found: dict[str, Line] = {}
    for raw in data.split(b"\n"):
        try:
            entry = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            continue  # a line cut short by a kill, or not ours
        line = Line.from_json(entry) if isinstance(entry, dict) else None
        if line is not None:
            found[line.input] = line
    return found


class Journal:
    """An open, locked journal: `append` as inputs finish, `close` to compact."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(path.with_name(f".{path.name}.lock"), "a")  # noqa: SIM115
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            self._lock.close()
            raise JournalBusy(f"another dealc run is writing {path}; wait for it to finish "
                              "or choose another output") from error
        self.previous = read(path)
        self._handle: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115
        if self._handle.tell() and not _ends_with_newline(path):
            self._handle.write("\n")  # after a line cut short by a kill
            self._handle.flush()
        self.lines: dict[str, Line] = {}
        self._unsynced = False

    def append(self, line: Line) -> None:
        """Record a finished input: written and flushed, so that it survives this process."""
        self.lines[line.input] = line
        self._handle.write(json.dumps(line.to_json(), sort_keys=True) + "\n")
        self._handle.flush()
        self._unsynced = True

    def sync(self) -> None:
        """Make every line appended so far survive the machine going down."""
        if self._unsynced:
            _datasync(self._handle.fileno())
            self._unsynced = False

    def close(self, compact: bool = True) -> None:
        """Rewrite as one sorted line per input (this run's, and earlier runs' for the
        inputs it did not see); then release the lock."""
        try:
            self.sync()
            self._handle.close()
            if compact:
                merged = {**self.previous, **self.lines}
                write(self.path, "".join(json.dumps(merged[key].to_json(), sort_keys=True)
                                         + "\n" for key in sorted(merged)), durable=True)
        finally:
            self._lock.close()


_datasync = getattr(os, "fdatasync", os.fsync)  # fdatasync: the data and the length, no times


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"
