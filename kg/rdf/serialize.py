"""Reading and writing graph files; the format comes from the file extension
(:mod:`kg.rdf.formats`).

Writing is deterministic: Turtle, TriG, N-Triples and N-Quads are written by
kg's own formatter (:mod:`kg.rdf.graph_text`: the default graph first, then named
graphs by IRI, triples sorted within each); JSON-LD comes from rdflib's
serializer with its arrays sorted.  Files are written atomically (temporary
file, then rename).  ``kg build`` writes its files with
:func:`kg.rdf.stream.write_documents`, one document at a time; this module is
for datasets already in memory (``kg export``, ``kg load`` …).
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError
from kg.io import atomic_write
from kg.rdf.formats import FORMATS, QUAD_FORMATS, format_for, graph_file_format
from kg.rdf.graph_text import format_triples, prefix_lines
from kg.rdf.terms import from_rdflib
from kg.vocab import PREFIXES

__all__ = ["serialize", "write_graph", "load_graph", "union_graph"]


def union_graph(ds: Dataset) -> Graph:
    """All triples of a dataset (default and named graphs) as one graph."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def serialize(ds: Dataset, fmt: str) -> str:
    """The dataset in format ``fmt`` as text, byte-for-byte reproducible."""
    if fmt == "json-ld":
        data = json.loads(union_graph(ds).serialize(format="json-ld", context=PREFIXES))
        return json.dumps(_sorted_json(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if fmt not in FORMATS.values():
        raise GraphError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS.values())}")
    named = fmt in QUAD_FORMATS
    terms: dict = {}

    def term(value) -> str:
        text = terms.get(value)
        if text is None:
            text = terms[value] = from_rdflib(value)
        return text

    graphs: dict[str | None, set] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        g = getattr(g, "identifier", g)
        key = term(g) if named and g is not None and g != DATASET_DEFAULT_GRAPH_ID else None
        graphs.setdefault(key, set()).add((term(s), term(p), term(o)))
    order = sorted(graphs, key=lambda name: (name is not None, name or ""))
    body = "".join(format_triples(sorted(graphs[name]), fmt, name) for name in order)
    return (prefix_lines() if fmt in ("turtle", "trig") else "") + body


def _sorted_json(value):
    """JSON-LD with every array in a fixed order (we write no RDF lists)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write_graph(ds: Dataset, path: str | Path) -> None:
    text = serialize(ds, format_for(path))
    with atomic_write(path) as handle:
        handle.write(text)


def load_graph(path: str | Path) -> Dataset:
    """Parse a graph file written by kg (or any RDF file with a known extension)."""
    path = Path(path)
    fmt = graph_file_format(path)
    ds = Dataset()
    try:
        if fmt in QUAD_FORMATS:
            ds.parse(path, format=fmt)
        else:
            ds.default_graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types on bad input
        raise GraphError(f"{path}: cannot parse as {fmt}: {str(exc).splitlines()[0]}") from exc
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds
