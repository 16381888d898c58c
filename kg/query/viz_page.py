"""The HTML page ``kg serve`` shows at ``/``: the ``kg viz`` page when available.

``kg viz`` is written in :mod:`kg.viz` by a colleague; until its library
function is present this module returns ``None`` and the endpoint shows its
own small index (which says how to make the page).  Keep the lookup here so
that wiring the two together is a one-place change.
"""

from __future__ import annotations

import importlib

__all__ = ["viz_page", "VIZ_FUNCTIONS"]

#: (module, function) pairs tried in order; each takes an rdflib Dataset and returns HTML.
VIZ_FUNCTIONS = (
    ("kg.viz", "render_html"),
    ("kg.viz.page", "render_html"),
    ("kg.viz", "page_html"),
    ("kg.viz.page", "page_html"),
)


def _find_viz():
    for module_name, function in VIZ_FUNCTIONS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, function, None)
        if callable(found):
            return found
    return None


def viz_page(graph=None, store=None) -> str | None:
    """The kg viz page for a graph file (or a store), or ``None`` if kg viz is missing."""
    render = _find_viz()
    if render is None:
        return None
    if graph is not None:
        from kg.rdf.serialize import load_graph

        return render(load_graph(graph))
    if store is not None:
        import pyoxigraph as ox
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return render(dataset)
    return None
