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
from collections.abc import Iterator

from dealc.compiler.driver.batch import Result, Settings, Task, UsageProblem, compile_one

CONNECT_SECONDS = 10


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
) -> Iterator[Result]:
    """Each task's result, as the tasks finish."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
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
        futures = [client.submit(function, task, pure=False) for task in tasks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
