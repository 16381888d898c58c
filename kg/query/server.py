"""A read-only SPARQL 1.1 Protocol endpoint on the standard library's HTTP server.

``/sparql`` answers GET (``?query=``) and POST (form-encoded ``query=`` or an
``application/sparql-query`` body) with content negotiation: SPARQL results
as JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE graphs as Turtle, N-Triples,
JSON-LD or RDF/XML.  Updates are refused with 403.  Each query runs on a
worker thread with a time limit (503 when exceeded; the worker is then
interrupted: :class:`QueryInterrupted` is raised in it as soon as it runs
Python code again -- at once for rdflib, at the next result row for
Oxigraph) and results are cut at a row limit (the response
then carries ``X-KG-Truncated``).  A store target (:class:`kg.query.store.LiveStore`)
is asked for its current state at each query, so writes by other processes
show up without a restart.  ``/`` serves an HTML page: the ``kg viz``
page given as ``index_html`` (:func:`kg.query.viz_page.viz_page`, rendered once
at start-up), else a small index.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import html
import itertools
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.errors import GraphError, QueryError
from kg.query.results import to_csv, to_json, to_rdf, to_tsv, to_xml
from kg.query.sparql import QueryResult, run_query

__all__ = ["SparqlEndpoint", "make_server", "negotiate", "ROW_TYPES", "GRAPH_TYPES", "index_page"]

#: media type -> result format, for SELECT and ASK (first is the default)
ROW_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: media type -> result format, for CONSTRUCT and DESCRIBE (first is the default)
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: short names accepted in a ``format=`` / ``output=`` parameter (as SPARQLWrapper sends)
SHORT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
               "ttl": "turtle", "n3": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
               "jsonld": "jsonld", "json-ld": "jsonld", "rdf+xml": "xml"}
ROW_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples",
               "jsonld": "application/ld+json", "xml": "application/rdf+xml"}
MAX_BODY = 1 << 20


class HttpError(Exception):
    """An error answer: status code and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None, graph: bool, short: str | None = None) -> str:
    """The result format for an Accept header (or a ``format=`` short name)."""
    table = GRAPH_TYPES if graph else ROW_TYPES
    offered = set(table.values())
    if short:
        name = SHORT_NAMES.get(short.lower())
        if name in offered:
            return name
    default = next(iter(table.values()))
    if not accept:
        return default
    ranges = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranges.append((-quality, index, fields[0].lower()))
    for negative_q, _, media in sorted(ranges):
        if negative_q >= 0:
            continue
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    kinds = ", ".join(dict.fromkeys(table))
    raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                    f"cannot answer with {accept}; this query's results come as: {kinds}")


def render(result: QueryResult, fmt: str) -> tuple[str, str]:
    """(media type, body) for a result in ``fmt``."""
    if result.is_graph:
        return GRAPH_MEDIA[fmt], to_rdf(result, fmt)
    writer = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}[fmt]
    return ROW_MEDIA[fmt], writer(result)


def index_page(title: str, extra: str = "") -> str:
    """A minimal HTML index linking to the endpoint."""
    example = "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } LIMIT 20"
    from urllib.parse import quote

    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>kg · {html.escape(title)}</title></head>
<body style="font-family: 'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif; max-width: 50em; margin: 2em auto">
<h1>kg SPARQL endpoint</h1>
<p>Serving <code>{html.escape(title)}</code>. The read-only SPARQL 1.1 endpoint is at
<a href="/sparql"><code>/sparql</code></a> (GET or POST; kg's prefixes are predeclared).</p>
<p>Try: <a href="/sparql?query={quote(example)}"><code>{html.escape(example)}</code></a></p>
{extra}
</body></html>
"""


class QueryInterrupted(BaseException):
    """Raised inside a worker thread whose query ran past the time limit (a
    BaseException, like KeyboardInterrupt, so that no ``except Exception``
    in a query engine swallows it)."""


def interrupt(thread_id: int) -> bool:
    """Raise :class:`QueryInterrupted` in the thread ``thread_id`` at its next
    Python instruction; False if there is no such thread."""
    done = ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                      ctypes.py_object(QueryInterrupted))
    return done == 1


class SparqlEndpoint:
    """Runs read-only queries on a store with a time limit and a result limit."""

    def __init__(self, target, title: str = "graph", timeout: float = 30.0,
                 limit: int | None = 10000, index_html: str | None = None, workers: int = 4):
        self.target = target
        self.title = title
        self.timeout = timeout
        self.limit = limit
        self.index_html = index_html or index_page(title, extra=(
            "<p>No graph page here: <code>kg serve</code> draws the <code>kg viz</code> page "
            "of what it serves at start-up; <code>kg viz GRAPH -o page.html</code> writes it.</p>"))
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers,
                                                          thread_name_prefix="kg-sparql")
        self._threads: dict[int, int] = {}  # job -> the thread running it
        self._claims: dict[int, str] = {}  # job -> who ended it first: "worker" or "interrupter"
        self._jobs = itertools.count()
        #: queries interrupted after the time limit (for tests and logs)
        self.interrupted = 0

    def _run(self, job: int, text: str):
        """Run one query on a worker thread; None if it was interrupted.

        The worker and :meth:`answer` race to claim the job (an atomic
        ``dict.setdefault``).  If the interrupter wins, the worker does not
        leave this function before the exception has arrived, so it can never
        hit the pool's own code."""
        delivered = False
        try:
            self._threads[job] = threading.get_ident()
            try:
                return self._query(text)
            except QueryInterrupted:
                delivered = True
                raise
            finally:
                if not delivered and self._claims.setdefault(job, "worker") == "interrupter":
                    deadline = time.monotonic() + 5.0
                    while time.monotonic() < deadline:  # the exception is on its way
                        time.sleep(0.001)
        except QueryInterrupted:
            return None
        finally:
            self._threads.pop(job, None)
            self._claims.pop(job, None)

    def _query(self, text: str) -> QueryResult:
        """Run ``text`` on the target; a target with ``current()`` (a
        :class:`kg.query.store.LiveStore`) gives the store's latest state, and a
        read failure while a writer swapped files is retried once on a fresh view."""
        current = getattr(self.target, "current", None)
        if current is None:
            return run_query(self.target, text, self.limit)
        try:
            return run_query(current(), text, self.limit)
        except QueryError as exc:
            if "query failed" not in str(exc):
                raise
            return run_query(current(force=True), text, self.limit)

    def _interrupt(self, job: int, future) -> None:
        if future.cancel():  # still queued: it will not run
            return
        if self._claims.setdefault(job, "interrupter") != "interrupter":
            return  # the worker finished first
        thread = self._threads.get(job)
        while thread is None and not future.done():  # started a moment ago
            time.sleep(0.0005)
            thread = self._threads.get(job)
        if thread is None:  # it ended meanwhile: nothing to stop, nothing to keep
            self._claims.pop(job, None)
        elif interrupt(thread):
            self.interrupted += 1

    def answer(self, text: str) -> QueryResult:
        job = next(self._jobs)
        future = self.pool.submit(self._run, job, text)
        try:
            return future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            self._interrupt(job, future)
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE,
                            f"query ran longer than the {self.timeout:g} s limit (--timeout); "
                            f"narrow it or add LIMIT") from None
        except GraphError as exc:  # the store cannot be opened now
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "SPARQL Update" in str(exc) else HTTPStatus.BAD_REQUEST
            raise HttpError(status, str(exc)) from None

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


READ_ONLY = ("this endpoint is read-only: SPARQL Update is refused; change the graph with "
             "`kg build`/`kg store`, or load it into a writable store with `kg load`")


class SparqlHandler(BaseHTTPRequestHandler):
    """HTTP handler: ``/`` (HTML page) and ``/sparql`` (SPARQL 1.1 Protocol)."""

    endpoint: SparqlEndpoint
    server_version = "kg-sparql"
    quiet = False

    def log_message(self, format, *args):  # noqa: A002 (BaseHTTPRequestHandler's name)
        if not self.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, media: str, body: str, headers: dict | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, exc: HttpError) -> None:
        self._send(exc.status, "text/plain", f"Error {int(exc.status)}: {exc}\n")

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            if url.path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, "text/html", self.endpoint.index_html)
            elif url.path == "/sparql":
                self._sparql(params)
            else:
                raise HttpError(HTTPStatus.NOT_FOUND, f"no page {url.path}; the endpoint is /sparql")
        except HttpError as exc:
            self._error(exc)

    do_HEAD = do_GET

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        try:
            if url.path != "/sparql":
                raise HttpError(HTTPStatus.NOT_FOUND, f"no page {url.path}; the endpoint is /sparql")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"request body of {length} bytes is over the {MAX_BODY} byte limit")
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = parse_qs(url.query, keep_blank_values=True)
            if media == "application/sparql-update":
                raise HttpError(HTTPStatus.FORBIDDEN, READ_ONLY)
            if media == "application/sparql-query":
                params["query"] = [body]
            elif media in ("application/x-www-form-urlencoded", ""):
                for key, values in parse_qs(body, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            else:
                raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                f"cannot read a {media} body; send application/sparql-query "
                                f"or form-encoded query=")
            self._sparql(params)
        except HttpError as exc:
            self._error(exc)

    def _sparql(self, params: dict) -> None:
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, READ_ONLY)
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            raise HttpError(HTTPStatus.BAD_REQUEST,
                            "give exactly one query: /sparql?query=SELECT... (URL-encoded)")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise HttpError(HTTPStatus.BAD_REQUEST,
                            "default-graph-uri/named-graph-uri are not supported; use GRAPH in the query")
        result = self.endpoint.answer(queries[0])
        short = (params.get("format") or params.get("output") or [None])[0]
        fmt = negotiate(self.headers.get("Accept"), result.is_graph, short)
        media, body = render(result, fmt)
        headers = {"X-KG-Truncated": f"limit {self.endpoint.limit}"} if result.truncated else {}
        self._send(HTTPStatus.OK, media, body, headers)


def make_server(endpoint: SparqlEndpoint, host: str = "127.0.0.1", port: int = 7878,
                quiet: bool = False) -> ThreadingHTTPServer:
    """A threading HTTP server for ``endpoint`` (port 0 picks a free port)."""
    handler = type("BoundSparqlHandler", (SparqlHandler,), {"endpoint": endpoint, "quiet": quiet})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise QueryError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                         f"pick another --port") from exc
    server.daemon_threads = True
    return server
