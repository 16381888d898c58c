"""The graph file formats kg reads and writes: the one table every module asks.

Each format has its file extension, rdflib's name for it (the name used
throughout kg), the short name users type (``kg export --to``), pyoxigraph's
``RdfFormat`` attribute, whether it holds named graphs, and whether kg
writes it document by document (:mod:`kg.rdf.stream`; JSON-LD is one JSON
value, written whole by :mod:`kg.rdf.serialize`).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from kg.errors import GraphError

__all__ = ["GraphFormat", "GRAPH_FORMATS", "FORMATS", "QUAD_FORMATS", "STREAM_FORMATS", "OXIGRAPH_FORMATS",
           "SHORT_NAMES", "format_for", "graph_file_format"]


class GraphFormat(NamedTuple):
    name: str  # rdflib's
    extension: str
    short: str  # what users type
    oxigraph: str  # pyoxigraph.RdfFormat attribute
    quads: bool  # named graphs
    streamed: bool  # written document by document


GRAPH_FORMATS = (
    GraphFormat("turtle", ".ttl", "turtle", "TURTLE", quads=False, streamed=True),
    GraphFormat("nt", ".nt", "nt", "N_TRIPLES", quads=False, streamed=True),
    GraphFormat("trig", ".trig", "trig", "TRIG", quads=True, streamed=True),
    GraphFormat("nquads", ".nq", "nq", "N_QUADS", quads=True, streamed=True),
    GraphFormat("json-ld", ".jsonld", "jsonld", "JSON_LD", quads=False, streamed=False),
)
#: file extension -> format name
FORMATS = {f.extension: f.name for f in GRAPH_FORMATS}
#: formats whose files hold named graphs
QUAD_FORMATS = frozenset(f.name for f in GRAPH_FORMATS if f.quads)
#: formats written document by document, in the order the error messages give them
STREAM_FORMATS = tuple(f.name for f in sorted(GRAPH_FORMATS, key=lambda f: not f.quads) if f.streamed)
#: format name -> pyoxigraph RdfFormat attribute
OXIGRAPH_FORMATS = {f.name: f.oxigraph for f in GRAPH_FORMATS}
#: short name -> format name
SHORT_NAMES = {f.short: f.name for f in GRAPH_FORMATS}


def format_for(path: str | Path) -> str:
    """The format name of a graph file, by its extension."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise GraphError(
            f"{path}: unknown graph format {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(FORMATS)}"
        ) from None


def graph_file_format(path: str | Path) -> str:
    """The format of a graph file to read, checked: a file that is no graph (an
    article, a picture) or is missing gets an error that says how to make one."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise GraphError(
            f"{path}: not a graph file ({suffix or 'no extension'}); give a graph built with `kg build` "
            f"({' '.join(FORMATS)}), e.g. `kg build ARTICLE.txt -o out/graph.trig`"
        )
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file; build one with `kg build ... -o {path}`")
    return FORMATS[suffix]
