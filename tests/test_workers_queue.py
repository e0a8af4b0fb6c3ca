"""The worker pool keeps each worker a job ahead and still loses no job.

A worker is sent its next job before it finishes the one it runs, so the jobs
queued on a worker that times out or dies had not started: they must run on
another worker, never be reported timed out or failed, and every job must
come back exactly once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

from dealc.compiler.driver.workers import Outcome, Pool

Job = tuple[str, float]


def work(job: Job) -> float:
    """A job's value, after sleeping (``sleep``) or after killing its worker (``die``)."""
    kind, value = job
    if kind == "sleep":
        time.sleep(value)
    elif kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return value


def outcomes(pool: Pool, jobs: list[Job]) -> dict[Job, Outcome[Job]]:
    found: dict[Job, Outcome[Job]] = {}
    for outcome in pool.run(jobs):
        assert outcome.job not in found, "a job came back twice"
        found[outcome.job] = outcome
    assert sorted(found) == sorted(jobs), "a job was lost"
    return found


def test_every_job_comes_back_once() -> None:
    jobs: list[Job] = [("value", float(index)) for index in range(60)]
    with Pool(work, 2) as pool:
        found = outcomes(pool, jobs)
    assert all(found[job].result == job[1] for job in jobs)


def test_jobs_queued_behind_one_that_times_out_run_on_its_replacement() -> None:
    slow: Job = ("sleep", 60.0)
    jobs: list[Job] = [slow, ("value", 1.0), ("value", 2.0), ("value", 3.0)]
    with Pool(work, 1, timeout=0.5, ahead=3) as pool:
        found = outcomes(pool, jobs)
    assert found[slow].timed_out and found[slow].result is None
    for job in jobs[1:]:
        assert found[job].result == job[1] and not found[job].timed_out
        assert found[job].died is None


def test_jobs_queued_behind_one_whose_worker_dies_run_on_its_replacement() -> None:
    fatal: Job = ("die", 0.0)
    jobs: list[Job] = [("value", 1.0), fatal, ("value", 2.0), ("value", 3.0)]
    with Pool(work, 1) as pool:
        found = outcomes(pool, jobs)
    assert "SIGKILL" in str(found[fatal].died)
    for job in jobs:
        if job != fatal:
            assert found[job].result == job[1] and found[job].died is None


def test_the_time_limit_counts_from_when_a_queued_job_starts() -> None:
    # Five jobs of 0.5 s on one worker take 2.5 s in all, more than the limit of 2 s,
    # but each takes far less: none times out however long it waited in the queue.
    jobs: list[Job] = [("sleep", 0.5 + index / 1000) for index in range(5)]
    with Pool(work, 1, timeout=2.0) as pool:
        found = outcomes(pool, jobs)
    assert not any(outcome.timed_out for outcome in found.values())


def test_a_worker_that_died_idle_is_replaced() -> None:
    with Pool(work, 2) as pool:
        outcomes(pool, [("value", 1.0)])
        for child in multiprocessing.active_children():
            child.kill()
            child.join(timeout=10)
        jobs: list[Job] = [("value", float(index)) for index in range(10)]
        found = outcomes(pool, jobs)
    assert all(found[job].result == job[1] for job in jobs)


def test_idle_is_called_only_before_waiting() -> None:
    calls: list[int] = []
    seen: list[Outcome[Job]] = []
    jobs: list[Job] = [("sleep", 0.05) for _ in range(8)]
    with Pool(work, 2) as pool:
        for outcome in pool.run(jobs, idle=lambda: calls.append(len(seen))):
            seen.append(outcome)
    assert len(seen) == len(jobs)
    # Called at least once with nothing yet collected; never more often than the pool waits.
    assert calls and calls[0] == 0 and len(calls) <= len(jobs) + 1
