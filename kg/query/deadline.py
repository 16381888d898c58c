"""Run one query under a time limit (``kg query --timeout``).

Neither engine can be stopped mid-query from inside (Oxigraph's joins run in
Rust), so the query runs in a forked child process that inherits the loaded
graph; past the limit the child is killed and a :class:`QueryError` says so.
The child sends back what the command prints, so nothing half-rendered
reaches the user.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, TypeVar

from kg.errors import KgError, QueryError

__all__ = ["run_with_deadline"]

T = TypeVar("T")


def _child(conn, work: Callable[[], T]) -> None:
    try:
        conn.send(("ok", work()))
    except KgError as exc:
        conn.send(("error", exc))
    except BaseException as exc:  # noqa: BLE001 - reported in the parent as one line
        conn.send(("error", QueryError(f"the query failed: {type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def run_with_deadline(work: Callable[[], T], seconds: float | None, what: str = "the query") -> T:
    """``work()``, run in a forked process stopped after ``seconds`` (``None``:
    in this process, no limit)."""
    if not seconds or not hasattr(os, "fork"):
        return work()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, work), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise QueryError(f"{what} ran past --timeout {seconds:g} s and was stopped; narrow it "
                             f"(LIMIT, fewer patterns) or raise --timeout")
        try:
            status, value = receive.recv()
        except EOFError:
            raise QueryError(f"{what} stopped its process (exit code {process.exitcode}); "
                             "narrow it or check the graph") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if status == "error":
        raise value
    return value
