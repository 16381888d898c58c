"""The HTML page ``kg serve`` shows at ``/``: the ``kg viz`` page of what it serves.

For a graph file the page is exactly what ``kg viz GRAPH`` writes (entities
view, :data:`kg.viz.DEFAULT_MAX_NODES` nodes, title ``kg · NAME``); for a store
it is drawn from the store's union graph.  ``kg serve`` renders it once, at
start-up, and serves the cached text.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["viz_page", "store_graph"]


def store_graph(store):
    """The union of a pyoxigraph store's graphs as one rdflib ``Graph`` (repeats merged)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.vocab import PREFIXES

    data = ox.serialize((quad.triple for quad in store), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    if data:
        graph.parse(data=data, format="nt")
    return graph


def viz_page(graph=None, store=None, max_nodes: int | None = None, title: str | None = None) -> str:
    """The ``kg viz`` page (entities view) for a graph file, else for a pyoxigraph store.

    ``max_nodes`` defaults to the page's own default (the most central
    :data:`kg.viz.DEFAULT_MAX_NODES` nodes).
    """
    from kg.analysis.projection import entity_graph, load_projection
    from kg.viz.page import DEFAULT_MAX_NODES, build_page

    if graph is not None:
        G, _ = load_projection(graph, "entities")
        name = Path(graph).name
    elif store is not None:
        G = entity_graph(store_graph(store))
        name = "store"
    else:
        raise ValueError("viz_page needs a graph file or a store")
    return build_page(G, max_nodes=max_nodes or DEFAULT_MAX_NODES, title=title or f"kg · {name}")
