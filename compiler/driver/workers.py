"""Worker processes that a batch can lose without losing the batch.

`concurrent.futures.ProcessPoolExecutor` gives up on every job when one
worker dies (``BrokenProcessPool``), cannot stop one job that runs too long,
and leaves its workers blocked when the parent is killed.  This pool keeps
one pipe per worker and watches each worker's process, so that:

- a job that runs past its time limit has its worker killed and replaced,
  and is reported as timed out;
- a worker that dies (killed by the OOM killer, a crash in a C extension)
  is replaced, and its job is reported as failed;
- a worker dies with its parent (``PR_SET_PDEATHSIG`` on Linux, and an
  end-of-file on its pipe everywhere), so a killed run leaves no orphans;
- stopping the pool (Ctrl-C, an error) kills every worker.

Jobs are handed out one at a time to whichever worker is free, and results
come back in the order they finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

import attrs

J = TypeVar("J")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


@attrs.frozen
class Outcome(Generic[J]):
    """What became of a job: its result, or why there is none."""

    job: J
    result: Any = None
    timed_out: bool = False
    died: str | None = None  # how the worker died, when it did


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _serve(connection: Connection, function: Callable[[Any], Any], parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            os._exit(0)  # the parent has gone
        connection.send(function(job))


@attrs.define
class _Worker:
    process: BaseProcess
    connection: Connection
    job: Any = None
    started: float = 0.0
    busy: bool = False


class Pool:
    """``size`` worker processes running ``function`` (which must not raise)."""

    def __init__(self, function: Callable[[Any], Any], size: int,
                 timeout: float | None = None) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._context: Any = multiprocessing.get_context(
            "fork" if "fork" in methods else "spawn")
        self._function = function
        self._timeout = timeout
        self._workers = [self._start() for _ in range(max(size, 1))]

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self._function,
                                                              os.getpid()), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def run(self, jobs: Iterable[J]) -> Iterator[Outcome[J]]:
        """Run every job; yield each outcome as it comes."""
        pending = iter(jobs)
        exhausted = False
        while True:
            for worker in self._workers:
                if not worker.busy and not exhausted:
                    try:
                        job = next(pending)
                    except StopIteration:
                        exhausted = True
                        break
                    worker.connection.send(job)
                    worker.job, worker.started, worker.busy = job, time.monotonic(), True
            busy = [worker for worker in self._workers if worker.busy]
            if not busy:
                return
            yield from self._collect(busy)

    def _collect(self, busy: list[_Worker]) -> Iterator[Outcome[Any]]:
        now = time.monotonic()
        wait_for = None
        if self._timeout is not None:
            wait_for = max(0.0, min(w.started + self._timeout for w in busy) - now)
        ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
                     timeout=wait_for)
        for index, worker in enumerate(list(self._workers)):
            if not worker.busy:
                continue
            if worker.connection in ready:
                try:
                    result = worker.connection.recv()
                except (EOFError, OSError):
                    yield self._replace(index, died=self._how_it_died(worker))
                    continue
                worker.busy = False
                yield Outcome(worker.job, result)
            elif worker.process.sentinel in ready:
                yield self._replace(index, died=self._how_it_died(worker))
            elif (self._timeout is not None
                  and time.monotonic() - worker.started >= self._timeout):
                yield self._replace(index, timed_out=True)

    def _how_it_died(self, worker: _Worker) -> str:
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                return f"the worker process was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"the worker process was killed by signal {-code}"
        return f"the worker process exited with status {code}"

    def _replace(self, index: int, timed_out: bool = False, died: str | None = None
                 ) -> Outcome[Any]:
        worker = self._workers[index]
        _kill(worker)
        self._workers[index] = self._start()
        return Outcome(worker.job, timed_out=timed_out, died=died)

    def close(self) -> None:
        """Stop every worker, busy or not."""
        for worker in self._workers:
            _kill(worker)
        self._workers = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(Exception):
        worker.connection.close()
    if worker.process.is_alive():
        with contextlib.suppress(Exception):
            worker.process.kill()
    worker.process.join(timeout=5)
