"""The worker processes that run ``kg serve``'s queries.

Neither engine can be stopped mid-query from outside (Oxigraph's joins run
in Rust without checks), so each query runs in one of a few worker
processes, each holding its own copy of the graph file (in memory) or its
own read-only view of the store (:class:`kg.query.store.LiveStore`).  A query
past its time limit has its process killed and a fresh one started in the
background (forked from a server process that has kg already imported), so
the worker is free again; a worker that dies any other way is replaced the
same way.  The worker also renders the answer, cut at the row limit and at
about ``max_bytes`` bytes, so no answer grows the server beyond that.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass, field, replace

from kg.errors import GraphError, KgError, QueryError, QueryRefused
from kg.query.limits import QueryLimits
from kg.query.results import to_csv, to_json, to_rdf, to_tsv, to_xml
from kg.query.sparql import QueryResult, run_query

__all__ = ["Source", "Settings", "Answer", "QueryPool", "render", "render_capped", "ROW_MEDIA", "GRAPH_MEDIA"]

ROW_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples",
               "jsonld": "application/ld+json", "xml": "application/rdf+xml"}
#: seconds a new worker may take to load the graph before it counts as failed
START_TIMEOUT = 600.0


@dataclass(frozen=True)
class Source:
    """What a worker opens: a graph ``file`` or a ``store`` directory."""

    file: str | None = None
    store: str | None = None

    def open(self):
        if self.store:
            from kg.query.store import LiveStore

            return LiveStore(self.store)
        from kg.query.sources import memory_store

        return memory_store(self.file)


@dataclass(frozen=True)
class Settings:
    """How answers are cut: ``limit`` rows and ``max_bytes`` bytes; the query limits."""

    limit: int | None = 10000
    max_bytes: int = 50_000_000
    limits: QueryLimits = field(default_factory=QueryLimits)


@dataclass
class Answer:
    """A rendered answer; ``truncated`` says which limit cut it (``""``: none)."""

    media: str
    body: bytes
    truncated: str = ""


def render(result: QueryResult, fmt: str) -> tuple[str, str]:
    """(media type, body) for a result in ``fmt``."""
    if result.is_graph:
        return GRAPH_MEDIA[fmt], to_rdf(result, fmt)
    writer = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}[fmt]
    return ROW_MEDIA[fmt], writer(result)


def render_capped(result: QueryResult, fmt: str, settings: Settings) -> Answer:
    """The rendered result, with rows dropped from the end until it fits
    ``settings.max_bytes``; the answer says which limit cut it."""
    media, body = render(result, fmt)
    data = body.encode("utf-8")
    while len(data) > settings.max_bytes and len(result) > 0 and result.form != "ASK":
        keep = min(len(result) - 1, int(len(result) * settings.max_bytes / len(data) * 0.9))
        result = replace(result, rows=result.rows[:keep], triples=result.triples[:keep],
                         truncated=True, truncated_by="bytes")
        media, body = render(result, fmt)
        data = body.encode("utf-8")
    note = ""
    if result.truncated_by == "bytes":
        note = f"max-bytes {settings.max_bytes}"
    elif result.truncated:
        note = f"limit {settings.limit}"
    return Answer(media, data, note)


def answer_query(target, text: str, fmt: str, settings: Settings) -> Answer:
    """Run and render one query; a store's latest state is asked for first, and a
    read failure while a writer swapped files is retried once on a fresh view."""
    def run(on):
        return run_query(on, text, settings.limit, limits=settings.limits, max_bytes=settings.max_bytes)

    current = getattr(target, "current", None)
    if current is None:
        return render_capped(run(target), fmt, settings)
    try:
        result = run(current())
    except QueryError as exc:
        if "query failed" not in str(exc):
            raise
        result = run(current(force=True))
    return render_capped(result, fmt, settings)


def _serve(conn, source: Source, settings: Settings) -> None:
    """A worker process: open the source, then answer (text, format) jobs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        target = source.open()
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server is gone
            return
        if job is None:
            return
        text, fmt = job
        try:
            reply = ("ok", answer_query(target, text, fmt, settings))
        except QueryRefused as exc:
            reply = ("refused", str(exc))
        except GraphError as exc:
            reply = ("unavailable", str(exc))
        except QueryError as exc:
            reply = ("bad", str(exc))
        except Exception as exc:  # noqa: BLE001 (reported to the client, the worker lives on)
            reply = ("failed", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


class _Worker:
    def __init__(self, process, conn):
        self.process, self.conn = process, conn

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``workers`` processes answering queries, each stopped after ``timeout`` s.

    :meth:`run` gives (status, payload): ``ok`` with an :class:`Answer`;
    ``bad``, ``refused``, ``unavailable`` or ``failed`` with a message from
    the worker; ``timeout`` (the worker was killed and is being replaced),
    ``crashed`` (it died) or ``busy`` (no worker free within ``wait`` s)."""

    def __init__(self, source: Source, settings: Settings | None = None, workers: int = 2,
                 timeout: float = 30.0, wait: float = 60.0):
        self.source, self.settings = source, settings or Settings()
        self.timeout, self.wait, self.size = timeout, wait, workers
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.query.workers", "rdflib", "pyoxigraph"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._workers: set[_Worker] = set()
        #: workers killed after a timeout or a crash (for tests and logs)
        self.replaced = 0
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.source, self.settings),
                                        name="kg-query-worker", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.add(worker)
        try:
            ready = parent.poll(START_TIMEOUT)
            status, message = parent.recv() if ready else ("failed", "it did not start in time")
        except (EOFError, OSError):
            status, message = "failed", f"it exited with code {process.exitcode}"
        if status != "ready":
            worker.stop()
            self._workers.discard(worker)
            raise GraphError(f"cannot start a query worker: {message}")
        return worker

    def _replace(self, worker: _Worker) -> None:
        self.replaced += 1
        threading.Thread(target=self._restart, args=(worker,), daemon=True,
                         name="kg-query-restart").start()

    def _restart(self, worker: _Worker) -> None:
        worker.stop()
        self._workers.discard(worker)
        delay = 0.2
        while not self._closed:
            try:
                self._idle.put(self._start())
                return
            except KgError:  # e.g. the store is being swapped: try again soon
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def run(self, text: str, fmt: str) -> tuple[str, object]:
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            return "busy", f"all {self.size} query workers stayed busy for {self.wait:g} s"
        try:
            worker.conn.send((text, fmt))
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                return "timeout", f"query ran longer than the {self.timeout:g} s limit (--timeout); " \
                                  f"it was stopped: narrow it or add LIMIT"
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return "crashed", "the query worker died on this query; it has been replaced"
        self._idle.put(worker)
        return status, payload

    def close(self) -> None:
        self._closed = True
        for worker in list(self._workers):
            worker.stop()
        self._workers.clear()
