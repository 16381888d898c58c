"""Pushing graphs to a SPARQL 1.1 Graph Store Protocol endpoint.

Each document's named graph is sent with ``PUT {endpoint}?graph=IRI`` (so
re-loading a document replaces it) and the default graph (the ontology and
the extraction activity) with ``POST {endpoint}?default`` (merged: other
tools' triples there are kept).  Bodies are N-Triples, which every store
reads (Oxigraph: ``http://host:7878/store``; Fuseki:
``http://host:3030/DATASET/data``; GraphDB:
``http://host:7200/repositories/REPO/rdf-graphs/service``).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from kg.errors import GraphError

__all__ = ["LoadedGraph", "push_dataset", "graph_url", "ntriples"]

NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class LoadedGraph:
    """One graph sent to the endpoint: its IRI (None = default graph) and size."""

    iri: str | None
    triples: int
    status: int


def graph_url(endpoint: str, iri: str | None) -> str:
    """``endpoint?graph=IRI`` (IRI percent-encoded) or ``endpoint?default``."""
    joiner = "&" if urlsplit(endpoint).query else "?"
    if iri is None:
        return f"{endpoint}{joiner}default"
    return f"{endpoint}{joiner}graph={quote(iri, safe='')}"


def ntriples(graph) -> bytes:
    """An rdflib graph as sorted N-Triples bytes (deterministic bodies)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(set(line for line in text.splitlines() if line.strip()))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _send(method: str, url: str, body: bytes, endpoint: str, timeout: float,
          auth: tuple[str, str] | None) -> int:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": NTRIPLES})
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode("utf-8")).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(300).decode("utf-8", errors="replace").split())
        hint = {404: "check the endpoint path (Oxigraph: /store, Fuseki: /DATASET/data)",
                401: "give --user NAME:PASSWORD", 403: "the endpoint refuses writes; use a writable one",
                405: "this URL is not a Graph Store Protocol endpoint (Oxigraph: /store)",
                415: "the endpoint does not accept N-Triples"}.get(exc.code, "see the endpoint's log")
        raise GraphError(f"{method} {url}: HTTP {exc.code} {exc.reason}"
                         f"{': ' + detail if detail else ''}; {hint}") from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise GraphError(f"{endpoint}: cannot connect ({reason}); is the store running? "
                         f"e.g. `oxigraph serve --location DIR --bind 127.0.0.1:7878`") from exc
    except (TimeoutError, OSError) as exc:
        raise GraphError(f"{endpoint}: {exc}; is the store running and reachable?") from exc


def push_dataset(dataset, endpoint: str, timeout: float = 60.0,
                 auth: tuple[str, str] | None = None, progress=None) -> list[LoadedGraph]:
    """Send every named graph (PUT) and the default graph (POST) to ``endpoint``."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise GraphError(f"--endpoint {endpoint!r} is not an http(s) URL; "
                         f"e.g. http://127.0.0.1:7878/store")
    loaded = []
    graphs = sorted((g for g in dataset.graphs() if len(g)),
                    key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))
    for graph in graphs:
        iri = None if graph.identifier == DATASET_DEFAULT_GRAPH_ID else str(graph.identifier)
        method = "POST" if iri is None else "PUT"
        status = _send(method, graph_url(endpoint, iri), ntriples(graph), endpoint, timeout, auth)
        loaded.append(LoadedGraph(iri, len(graph), status))
        if progress:
            progress(loaded[-1])
    return loaded
