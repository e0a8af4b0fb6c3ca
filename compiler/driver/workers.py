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

Each worker is kept ``ahead`` jobs deep (the one it runs and the next ones,
sent on its pipe), so that it never waits for the parent between two jobs.
A worker runs its jobs in the order they were sent, so the first job of its
queue is the one it runs: the one that times out or dies with it.  The jobs
queued behind that one had not started; they go to the next free worker,
never reported as failed.  Results come back in the order they finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

import attrs

J = TypeVar("J")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
AHEAD = 2  # jobs sent to a worker at a time: the one it runs, and the next
_DONE = object()  # no job left to send


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
    gc.freeze()  # what the parent built is never garbage: not scanned, nor copied on write
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
    queue: deque[Any] = attrs.Factory(deque)  # jobs sent, in order: the first is running
    started: float = 0.0  # when the first job of the queue started, as the parent saw it


class Pool:
    """``size`` worker processes running ``function`` (which must not raise)."""

    def __init__(self, function: Callable[[Any], Any], size: int,
                 timeout: float | None = None, ahead: int = AHEAD) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._context: Any = multiprocessing.get_context(
            "fork" if "fork" in methods else "spawn")
        self._function = function
        self._timeout = timeout
        self._ahead = max(ahead, 1)
        self._again: deque[Any] = deque()  # jobs a lost worker had queued, not started
        self._workers = [self._start() for _ in range(max(size, 1))]

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self._function,
                                                              os.getpid()), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def run(self, jobs: Iterable[J], idle: Callable[[], None] | None = None
            ) -> Iterator[Outcome[J]]:
        """Run every job; yield each outcome as it comes.  ``idle`` is called whenever the
        pool is about to wait for a worker (no outcome is ready): the caller's moment to
        finish, in one go, what it did with the outcomes since the last call."""
        pending = iter(jobs)
        while True:
            self._feed(pending)
            busy = [worker for worker in self._workers if worker.queue]
            if not busy:
                return
            yield from self._collect(busy, idle)

    def _feed(self, pending: Iterator[Any]) -> None:
        """Top up every worker's queue: first the jobs a lost worker left, then new ones."""
        for index in range(len(self._workers)):
            while len(self._workers[index].queue) < self._ahead:
                job = self._again.popleft() if self._again else next(pending, _DONE)
                if job is _DONE:
                    return
                if not self._send(index, job):
                    break

    def _send(self, index: int, job: Any) -> bool:
        """Queue a job on a worker.  A worker found dead while idle is replaced and the job
        sent to its replacement; one found dead while busy is collected with its running
        job, and this job waits for the next free worker."""
        worker = self._workers[index]
        try:
            worker.connection.send(job)
        except OSError:
            if worker.queue:
                self._again.appendleft(job)
                return False
            _kill(worker)
            worker = self._workers[index] = self._start()
            worker.connection.send(job)
        if not worker.queue:
            worker.started = time.monotonic()
        worker.queue.append(job)
        return True

    def _collect(self, busy: list[_Worker], idle: Callable[[], None] | None
                 ) -> Iterator[Outcome[Any]]:
        watched = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = wait(watched, timeout=0)
        if not ready:
            if idle is not None:
                idle()
            wait_for = None
            if self._timeout is not None:
                deadline = min(w.started for w in busy) + self._timeout
                wait_for = max(0.0, deadline - time.monotonic())
            ready = wait(watched, timeout=wait_for)
        for index, worker in enumerate(list(self._workers)):
            if not worker.queue:
                continue
            if worker.connection in ready:
                try:
                    result = worker.connection.recv()
                except (EOFError, OSError):
                    yield self._replace(index, died=self._how_it_died(worker))
                    continue
                yield Outcome(worker.queue.popleft(), result)
                worker.started = time.monotonic()  # the next one starts now
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
        """Kill the worker and start another; its running job is lost, its queued jobs
        go to the next free worker."""
        worker = self._workers[index]
        _kill(worker)
        self._workers[index] = self._start()
        running = worker.queue.popleft()
        self._again.extendleft(reversed(worker.queue))
        return Outcome(running, timed_out=timed_out, died=died)

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
