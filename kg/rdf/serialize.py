"""Reading and writing graph files; the format comes from the file extension.

Writing is deterministic: N-Triples and N-Quads lines are sorted, and Turtle,
TriG and JSON-LD come from rdflib's serializers, which order subjects and
predicates.  Files are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError
from kg.io import atomic_write
from kg.rdf.vocab import PREFIXES

__all__ = ["FORMATS", "format_for", "serialize", "write_graph", "load_graph", "union_graph"]

#: file extension -> rdflib format name
FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads"}


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise GraphError(
            f"{path}: unknown graph format {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(FORMATS)}"
        ) from None


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
    if fmt in QUAD_FORMATS:
        target = ds
    else:
        target = union_graph(ds)
    if fmt in ("nt", "nquads"):
        text = target.serialize(format=fmt, encoding="utf-8").decode("utf-8")
        lines = sorted(set(line for line in text.splitlines() if line.strip()))
        return "\n".join(lines) + "\n"
    if fmt == "json-ld":
        data = json.loads(target.serialize(format="json-ld", context=PREFIXES))
        return json.dumps(_sorted_json(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if fmt == "trig":
        return _trig(ds)
    return target.serialize(format=fmt)


def _sorted_json(value):
    """JSON-LD with every array in a fixed order (we write no RDF lists)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def _trig(ds: Dataset) -> str:
    """TriG with the default graph first, then named graphs sorted by IRI."""
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    blocks = [prefixes]
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))
    for graph in graphs:
        body = Graph()
        for prefix, ns in PREFIXES.items():
            body.bind(prefix, ns, override=True)
        for triple in graph:
            body.add(triple)
        turtle = body.serialize(format="turtle")
        lines = [line for line in turtle.splitlines() if not line.startswith("@prefix")]
        inner = "\n".join(lines).strip("\n")  # no indent: it would enter multi-line literals
        name = "" if graph.identifier == DATASET_DEFAULT_GRAPH_ID else f"<{graph.identifier}> "
        blocks.append(f"{name}{{\n{inner}\n}}\n")
    return "\n".join(blocks)


def write_graph(ds: Dataset, path: str | Path) -> None:
    text = serialize(ds, format_for(path))
    with atomic_write(path) as handle:
        handle.write(text)


def load_graph(path: str | Path) -> Dataset:
    """Parse a graph file written by kg (or any RDF file with a known extension)."""
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file; build one with `kg build ... -o {path}`")
    fmt = format_for(path)
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
