"""Where per-document work runs: in this process, in worker processes, or on a Dask cluster.

An executor maps a module-level function over tasks (read lazily, a few
per worker in flight) and yields the results **in task order** (whatever
order they finish in), so what a build writes does not depend on where or in
what order the work ran.  Tasks are
batches of documents; each worker process loads the pipeline once and keeps
it (:mod:`kg.corpus` caches it per process).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from collections import deque
from typing import Callable, Iterable, Iterator

from kg.errors import BuildError

__all__ = ["InProcess", "WorkerProcesses", "DaskCluster", "make_executor", "default_workers"]

#: Tasks in flight per worker: enough to keep every worker busy, few enough that
#: the documents of pending tasks do not pile up in memory.
WINDOW = 3


def _windowed(submit: Callable, tasks: Iterable, window: int) -> Iterator:
    """Submit ``tasks`` (read lazily) keeping at most ``window`` in flight; yield
    their results in task order."""
    pending: deque = deque()
    tasks = iter(tasks)
    try:
        for task in tasks:
            pending.append(submit(task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class InProcess:
    """Runs every task here, one after another."""

    workers = 1

    def imap(self, function: Callable, tasks: Iterable) -> Iterator:
        for task in tasks:
            yield function(*task)

    def close(self) -> None:
        pass


class WorkerProcesses:
    """A pool of ``workers`` fresh Python processes (started with ``spawn``, so no
    model or thread state is inherited); results come back in task order."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_quiet_worker)

    def imap(self, function: Callable, tasks: Iterable) -> Iterator:
        return _windowed(lambda task: self._pool.submit(function, *task), tasks, WINDOW * self.workers)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, which stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class DaskCluster:
    """Tasks run on a ``dask.distributed`` cluster at ``address`` (``tcp://HOST:PORT``).

    The workers need kg installed (the same version); the build's options,
    alias rules included, travel with the tasks."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError as exc:
            raise BuildError("--scheduler needs dask.distributed; install it with "
                                "`pip install 'dask[distributed]'`") from exc
        try:
            self._client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BuildError(f"cannot reach the Dask scheduler at {address} ({exc}); start one with "
                                f"`dask scheduler` and workers with `dask worker {address}`") from exc
        self.workers = max(1, sum(w.get("nthreads", 1) for w in
                                  self._client.scheduler_info().get("workers", {}).values()))

    def imap(self, function: Callable, tasks: Iterable) -> Iterator:
        return _windowed(lambda task: self._client.submit(function, *task, pure=False), tasks,
                         WINDOW * self.workers)

    def close(self) -> None:
        self._client.close()


def make_executor(workers: int | None = None, scheduler: str | None = None, tasks: int = 0):
    """The executor for a build: a Dask cluster if ``scheduler`` is given, else
    ``workers`` processes (default: the machine's cores), or this process when one
    worker is asked for or there are fewer than two tasks to share."""
    if scheduler:
        return DaskCluster(scheduler)
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise BuildError(f"--workers {workers}: give 1 or more worker processes")
    workers = min(workers, tasks) if tasks else workers
    return WorkerProcesses(workers) if workers > 1 else InProcess()
