"""What a query runs on: a graph file (rdflib or in-memory Oxigraph) or a store.

rdflib is the default engine for graph files (small graphs, no start-up
cost beyond parsing); ``engine="oxigraph"`` loads the file into an in-memory
pyoxigraph store instead, which is 10-200x faster on large graphs.  A store
directory is always queried with pyoxigraph, read-only, so it can be queried
while ``kg serve`` or ``oxigraph serve`` holds it.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import GraphError

__all__ = ["ENGINES", "memory_store", "load_for_query", "load_store_file"]

ENGINES = ("rdflib", "oxigraph")


def load_store_file(store, path: str | Path) -> None:
    """Load a graph file of any kg format into a pyoxigraph store."""
    from kg.query.store import _rdf_format
    from kg.rdf.formats import graph_file_format

    path = Path(path)
    graph_file_format(path)  # a graph file that is there, or an error saying how to build one
    try:
        store.load(path=str(path), format=_rdf_format(path))
    except (SyntaxError, OSError, ValueError) as exc:
        raise GraphError(f"{path}: cannot parse: {' '.join(str(exc).split())}; fix or rebuild the file") from exc


def memory_store(path: str | Path):
    """A pyoxigraph in-memory store holding the graph file at ``path``."""
    import pyoxigraph as ox

    store = ox.Store()
    load_store_file(store, path)
    return store


def load_for_query(path: str | Path, engine: str = "rdflib"):
    """The graph file at ``path``, ready for :func:`kg.query.sparql.run_query`."""
    if engine not in ENGINES:
        raise GraphError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "oxigraph":
        return memory_store(path)
    from kg.rdf.serialize import load_graph

    return load_graph(path)
