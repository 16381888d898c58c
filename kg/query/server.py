"""A read-only SPARQL 1.1 Protocol endpoint on the standard library's HTTP server.

``/sparql`` answers GET (``?query=``) and POST (form-encoded ``query=`` or an
``application/sparql-query`` body) with content negotiation: SPARQL results
as JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE graphs as Turtle, N-Triples,
JSON-LD or RDF/XML.  Updates, ``SERVICE`` and remote ``FROM`` are refused
with 403, queries over a limit (:mod:`kg.query.limits`) with 400, both
before any engine sees them.  Each query runs in a worker process
(:mod:`kg.query.workers`) that is killed and replaced when it passes the time
limit (503), and answers are cut at a row limit and a byte limit (the
response then carries ``X-KG-Truncated``).

Safe by default: no CORS header unless origins are given; the ``Host``
header must name this server (an IP address, ``localhost``, the bound name or
an allowed one: else 421, against DNS rebinding); an optional bearer token
(401 without it); idle connections are dropped after ``idle_timeout`` s.
``/`` serves an HTML page: the ``kg viz`` page given as ``index_html``
(rendered once at start-up), else a small index.
"""

from __future__ import annotations

import hmac
import html
import ipaddress
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.errors import QueryError, QueryRefused
from kg.query.limits import check_query
from kg.query.sparql import query_form
from kg.query.workers import GRAPH_MEDIA, ROW_MEDIA, Answer, QueryPool, Settings, Source, render

__all__ = ["SparqlEndpoint", "Access", "Source", "make_server", "negotiate", "ROW_TYPES", "GRAPH_TYPES",
           "index_page", "render", "ROW_MEDIA", "GRAPH_MEDIA"]

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


class SparqlEndpoint:
    """Runs read-only queries on ``source`` in worker processes, with a time
    limit per query and answers cut at ``limit`` rows and ``max_bytes`` bytes."""

    def __init__(self, source: Source, title: str = "graph", timeout: float = 30.0,
                 limit: int | None = 10000, index_html: str | None = None, workers: int = 2,
                 max_bytes: int = 50_000_000, limits=None, wait: float = 60.0):
        from kg.query.limits import QueryLimits

        self.title = title
        self.timeout = timeout
        self.limit = limit
        self.limits = limits or QueryLimits()
        self.index_html = index_html or index_page(title, extra=(
            "<p>No graph page here: <code>kg serve</code> draws the <code>kg viz</code> page "
            "of what it serves at start-up; <code>kg viz GRAPH -o page.html</code> writes it.</p>"))
        settings = Settings(limit=limit, max_bytes=max_bytes, limits=self.limits)
        self.pool = QueryPool(source, settings, workers=workers, timeout=timeout, wait=wait)

    def check(self, text: str) -> str:
        """The query's form, once it passed the limits (HttpError 400/403 else)."""
        try:
            form = query_form(text)
            check_query(text, self.limits)
        except QueryRefused as exc:
            raise HttpError(HTTPStatus.FORBIDDEN, str(exc)) from None
        except QueryError as exc:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(exc)) from None
        return form

    def answer(self, text: str, fmt: str) -> Answer:
        status, payload = self.pool.run(text, fmt)
        if status == "ok":
            return payload
        code = {"bad": HTTPStatus.BAD_REQUEST, "refused": HTTPStatus.FORBIDDEN,
                "failed": HTTPStatus.INTERNAL_SERVER_ERROR, "crashed": HTTPStatus.INTERNAL_SERVER_ERROR,
                }.get(status, HTTPStatus.SERVICE_UNAVAILABLE)  # timeout, busy, unavailable
        raise HttpError(code, payload)

    def close(self) -> None:
        self.pool.close()


READ_ONLY = ("this endpoint is read-only: SPARQL Update is refused; change the graph with "
             "`kg build`/`kg store`, or load it into a writable store with `kg load`")
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Access:
    """Who may use the endpoint: browser origins for CORS (``*``: any), extra
    ``Host`` names (``*``: any), a bearer token (None: no token needed)."""

    cors: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    token: str | None = None

    def host_allowed(self, header: str | None) -> bool:
        if header is None or "*" in self.hosts:
            return True  # HTTP/1.0 clients may send none; browsers always do
        name = header.strip().lower()
        if name.startswith("["):
            name = name[1:name.find("]")] if "]" in name else name
        elif name.count(":") == 1:
            name = name.split(":")[0]
        name = name.rstrip(".")
        try:
            ipaddress.ip_address(name)
            return True  # an address cannot be rebound to another host's
        except ValueError:
            return name in LOCAL_NAMES or name in self.hosts

    def origin_header(self, origin: str | None) -> str | None:
        if "*" in self.cors:
            return "*"
        return origin if origin and origin in self.cors else None


class SparqlHandler(BaseHTTPRequestHandler):
    """HTTP handler: ``/`` (HTML page) and ``/sparql`` (SPARQL 1.1 Protocol)."""

    endpoint: SparqlEndpoint
    access: Access = Access()
    server_version = "kg-sparql"
    quiet = False
    timeout = 30.0  # seconds a connection may stay idle (socket timeout)

    def log_message(self, format, *args):  # noqa: A002 (BaseHTTPRequestHandler's name)
        if not self.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, media: str, body: str | bytes, headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        allowed = self.access.origin_header(self.headers.get("Origin"))
        if allowed:
            self.send_header("Access-Control-Allow-Origin", allowed)
            self.send_header("Access-Control-Expose-Headers", "X-KG-Truncated")
        if self.access.cors:
            self.send_header("Vary", "Origin")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, exc: HttpError) -> None:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == HTTPStatus.UNAUTHORIZED else None
        self._send(exc.status, "text/plain", f"Error {int(exc.status)}: {exc}\n", headers)

    def _check_host(self) -> None:
        """421 for a Host header that names another server (DNS rebinding)."""
        host = self.headers.get("Host")
        if not self.access.host_allowed(host):
            raise HttpError(HTTPStatus.MISDIRECTED_REQUEST,
                            f"Host {host!r} is not this server's name; start kg serve with "
                            f"--allow-host NAME to answer it")

    def _guard(self, params: dict) -> None:
        """421 for a foreign Host header, 401 without the token (when one is set)."""
        self._check_host()
        token = self.access.token
        if token is None:
            return
        given = self.headers.get("Authorization") or ""
        given = given[7:].strip() if given[:7].lower() == "bearer " else (params.get("access_token") or [""])[0]
        if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            raise HttpError(HTTPStatus.UNAUTHORIZED,
                            "this endpoint needs its token: send 'Authorization: Bearer TOKEN'")

    def do_OPTIONS(self):  # noqa: N802 (http.server's naming): CORS preflight
        try:
            self._check_host()  # preflights carry no token
        except HttpError as exc:
            return self._error(exc)
        headers = {}
        if self.access.origin_header(self.headers.get("Origin")):
            headers = {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                       "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type",
                       "Access-Control-Max-Age": "600"}
        self._send(HTTPStatus.NO_CONTENT, "text/plain", b"", headers)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            self._guard(params)
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
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            self._guard(params)
            if url.path != "/sparql":
                raise HttpError(HTTPStatus.NOT_FOUND, f"no page {url.path}; the endpoint is /sparql")
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                raise HttpError(HTTPStatus.BAD_REQUEST, "Content-Length is not a number") from None
            if length > MAX_BODY or length < 0:
                raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"request body of {length} bytes is over the {MAX_BODY} byte limit")
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
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
        form = self.endpoint.check(queries[0])
        short = (params.get("format") or params.get("output") or [None])[0]
        fmt = negotiate(self.headers.get("Accept"), form in ("CONSTRUCT", "DESCRIBE"), short)
        answer = self.endpoint.answer(queries[0], fmt)
        headers = {"X-KG-Truncated": answer.truncated} if answer.truncated else {}
        self._send(HTTPStatus.OK, answer.media, answer.body, headers)


class SparqlServer(ThreadingHTTPServer):
    """A thread per connection; a listen backlog for a few hundred clients at once."""

    daemon_threads = True
    request_queue_size = 256


def make_server(endpoint: SparqlEndpoint, host: str = "127.0.0.1", port: int = 7878,
                quiet: bool = False, access: Access | None = None,
                idle_timeout: float = 30.0) -> ThreadingHTTPServer:
    """A threading HTTP server for ``endpoint`` (port 0 picks a free port)."""
    access = access or Access()
    if host not in ("0.0.0.0", "::", "") and host.lower() not in access.hosts:
        access = Access(access.cors, (*access.hosts, host.lower()), access.token)
    handler = type("BoundSparqlHandler", (SparqlHandler,), {
        "endpoint": endpoint, "quiet": quiet, "access": access, "timeout": idle_timeout})
    server_class = SparqlServer
    if ":" in host:
        import socket

        server_class = type("SparqlServer6", (SparqlServer,), {"address_family": socket.AF_INET6})
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        raise QueryError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                         f"pick another --port") from exc
