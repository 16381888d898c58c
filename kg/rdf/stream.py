"""Writing graph files document by document, without an in-memory graph.

A file is :func:`header` (prefixes and the default graph: the ontology and
the extraction activity), then one chunk per document (:func:`document_chunk`:
its named graph in TriG and N-Quads, its triples in Turtle and N-Triples),
then :func:`footer`.  A chunk is a pure function of the document, the format
and the base IRI, so workers can compute chunks in other processes and the
caller concatenates them in document order; :func:`write_documents` does all
of it for an iterable of documents.

Output is byte-for-byte reproducible: within a chunk, triples are unique and
sorted (by their N-Triples text), and Turtle groups them by subject (rdf:type,
written ``a``, first) and predicate with ``;`` and ``,``.  IRIs under a prefix of
:data:`kg.vocab.PREFIXES` are written as prefixed names when the local
name allows it; literals are escaped as in N-Triples (one line each).

The union formats (``.ttl``, ``.nt``) have no named graphs, so a triple that
two documents both state (an entity's type or label) appears once per
document in the file; RDF graphs are sets, so readers keep one.  The triple
count of such a file counts those repeats.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

from kg.errors import GraphError
from kg.io import atomic_write
from kg.model import Document
from kg.rdf.formats import STREAM_FORMATS, format_for
from kg.rdf.graph_text import format_triples, prefix_lines
from kg.rdf.iris import DEFAULT_BASE, Iris
from kg.rdf.terms import iri
from kg.rdf.writer import default_triples, document_triples

__all__ = ["STREAM_FORMATS", "Chunk", "header", "header_counted", "footer", "document_chunk",
           "document_chunk_counted", "write_documents"]



class Chunk(NamedTuple):
    """Text for a graph file and how many triples (quads) it holds."""

    text: str
    triples: int


def _check(fmt: str) -> None:
    if fmt not in STREAM_FORMATS:
        raise GraphError(f"cannot stream {fmt!r} document by document; use one of {', '.join(STREAM_FORMATS)}")


@lru_cache(maxsize=16)
def header_counted(fmt: str, base: str = DEFAULT_BASE) -> Chunk:
    """:func:`header` and the number of default-graph triples in it."""
    _check(fmt)
    triples = default_triples(base)
    body = format_triples(triples, fmt)
    if fmt in ("turtle", "trig"):
        body = prefix_lines() + body
    return Chunk(body, len(triples))


def header(fmt: str, base: str = DEFAULT_BASE) -> str:
    """What comes before the documents: prefixes (Turtle, TriG) and the default graph
    (the ontology and the extraction activity)."""
    return header_counted(fmt, base).text


def footer(fmt: str) -> str:
    """What comes after the documents (nothing in the formats we stream)."""
    _check(fmt)
    return ""


def document_chunk_counted(doc: Document, fmt: str, base: str = DEFAULT_BASE) -> Chunk:
    """:func:`document_chunk` and the number of triples in it."""
    _check(fmt)
    triples = document_triples(doc, base)
    graph = iri(Iris(base).document(doc.id)) if fmt in ("trig", "nquads") else None
    return Chunk(format_triples(triples, fmt, graph), len(triples))


def document_chunk(doc: Document, fmt: str, base: str = DEFAULT_BASE) -> str:
    """One document's triples in ``fmt`` (its named graph in TriG and N-Quads).

    A pure function of its arguments: safe to call in worker processes and to
    concatenate in document order after :func:`header`."""
    return document_chunk_counted(doc, fmt, base).text


def write_documents(docs: Iterable[Document], path: str | Path, base: str = DEFAULT_BASE) -> int:
    """Write the documents' graph to ``path`` (format from the extension), one document
    at a time, atomically; return the number of triples written (quads in TriG and
    N-Quads; in Turtle and N-Triples a triple two documents share counts twice).

    ``.jsonld`` goes through rdflib and holds the whole graph in memory: fine for
    small graphs only."""
    fmt = format_for(path)
    if fmt == "json-ld":
        from kg.rdf.serialize import write_graph
        from kg.rdf.writer import build_dataset

        ds = build_dataset(list(docs), base=base)
        write_graph(ds, path)
        return sum(1 for _ in ds.quads((None, None, None, None)))
    start = header_counted(fmt, base)
    count = start.triples
    with atomic_write(path) as handle:
        handle.write(start.text)
        for doc in docs:
            chunk = document_chunk_counted(doc, fmt, base)
            handle.write(chunk.text)
            count += chunk.triples
        handle.write(footer(fmt))
    return count
