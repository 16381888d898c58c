"""Executors: results in task order, tasks read lazily with a bounded window."""

import pytest

from kg.errors import BuildError
from kg.executors import InProcess, WorkerProcesses, _windowed, make_executor


def square(x):
    return x * x


def slow_first(x):
    import time

    time.sleep(0.3 if x == 0 else 0)
    return x


def test_in_process_runs_tasks_in_order():
    assert list(InProcess().imap(square, [(i,) for i in range(5)])) == [0, 1, 4, 9, 16]


def test_worker_processes_give_results_in_task_order():
    pool = WorkerProcesses(2)
    try:
        assert list(pool.imap(slow_first, ((i,) for i in range(8)))) == list(range(8))
    finally:
        pool.close()


def test_the_window_bounds_tasks_in_flight():
    from concurrent.futures import Future

    submitted, yielded = [], []

    def submit(task):
        submitted.append(task)
        future = Future()
        future.set_result(task)
        return future

    def tasks():
        for i in range(20):
            # never more than `window` tasks read ahead of the results handed out
            assert len(submitted) - len(yielded) <= 3
            yield i

    for result in _windowed(submit, tasks(), window=3):
        yielded.append(result)
    assert yielded == list(range(20))


def test_make_executor_chooses_by_workers_and_tasks():
    assert isinstance(make_executor(1), InProcess)
    assert isinstance(make_executor(4, tasks=1), InProcess)  # one task: no pool to start
    pool = make_executor(2, tasks=10)
    try:
        assert isinstance(pool, WorkerProcesses) and pool.workers == 2
    finally:
        pool.close()
    with pytest.raises(BuildError, match="--workers 0"):
        make_executor(0)
