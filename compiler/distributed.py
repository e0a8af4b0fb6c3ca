"""Running a batch on a Dask cluster (``--engine dask``): the same jobs, the same outputs.

Each job runs `dealc.compiler.batch.compile_one` on a worker, exactly as the
local process pool runs it, so outputs and manifest are identical.  Without a
scheduler address a local cluster of worker processes is started.  Dask is in
the ``dask`` extra, not in dealc's core install.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dealc.compiler.batch import Job, Settings, compile_one


def run_on_dask(
    pairs: list[tuple[Job, dict[str, Any] | None]],
    settings: Settings,
    workers: int,
    scheduler: str | None,
    progress: Callable[[dict[str, Any]], None] | None,
) -> list[dict[str, Any]]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as error:  # pragma: no cover - depends on the install
        raise RuntimeError("--engine dask needs the dask extra: "
                           "python -m pip install 'dealc[dask]'") from error
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = [client.submit(compile_one, job, settings, earlier, pure=False)
                   for job, earlier in pairs]
        results: list[dict[str, Any]] = []
        for future in as_completed(futures):
            results.append(future.result())
            if progress:
                progress(results[-1])
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
