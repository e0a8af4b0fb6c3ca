"""Running a batch on a Dask cluster (``--engine dask``): the same jobs, the same outputs.

Each job runs `dealc.compiler.driver.batch.compile_one` on a worker, exactly as the
local worker processes run it, so outputs and manifest are identical.
Without a scheduler address a local cluster of worker processes is started.
Dask is in the ``dask`` extra, not in dealc's core install.  Dask restarts a
worker that dies and retries its job; ``--timeout`` is not enforced here (a
Dask worker cannot be stopped in the middle of one job).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from dealc.compiler.driver.batch import Result, Settings, Task, UsageProblem, compile_one

CONNECT_SECONDS = 10
AHEAD = 2  # tasks submitted per thread of the cluster: the one it runs, and the next


def available() -> bool:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def run_on_dask(
    tasks: list[Task],
    settings: Settings,
    workers: int,
    scheduler: str | None,
    idle: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """Each task's result, as the tasks finish; ``idle`` is called whenever none is ready
    (as `dealc.compiler.driver.workers.Pool.run` calls it)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise UsageProblem("--engine dask needs the dask extra: "
                           "python -m pip install 'dealc[dask]'") from error
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
    try:
        client = Client(scheduler or cluster, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        if cluster is not None:
            cluster.close()
        raise UsageProblem(f"cannot reach the Dask scheduler {scheduler}: {error}") from error
    try:
        function = functools.partial(compile_one, settings=settings)
        yield from _as_finished(client, function, tasks, _window(client, workers), idle)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _window(client: Any, workers: int) -> int:
    """How many tasks to keep submitted: enough to keep every thread of the cluster busy,
    few enough that the scheduler holds a bounded amount of work and of results."""
    try:
        threads = sum(int(count) for count in client.nthreads().values())
    except (OSError, TimeoutError, TypeError, AttributeError, ValueError):
        threads = 0
    return AHEAD * max(threads, workers, 1)


def _as_finished(client: Any, function: Any, tasks: list[Task], window: int,
                 idle: Callable[[], None] | None) -> Iterator[Result]:
    """Each task's result as it finishes, with at most ``window`` submitted at a time; a
    result's future is released as soon as it is read, so the cluster does not keep every
    result (a whole document when the run goes to the store) until the run ends."""
    from dask.distributed import as_completed

    pending = iter(tasks)
    running = as_completed([client.submit(function, task, pure=False)
                            for task in itertools.islice(pending, window)])
    for future in running:
        result: Result = future.result()
        future.release()
        for task in itertools.islice(pending, 1):
            running.add(client.submit(function, task, pure=False))
        yield result
        if idle is not None and not running.has_ready():
            idle()
