"""Graph files from in-memory datasets (kg.rdf.serialize) agree with the streaming writer."""

import pyoxigraph as ox
import pytest

from kg.errors import GraphError
from kg.rdf.iris import Iris
from kg.rdf.serialize import load_graph, serialize, write_graph
from kg.rdf.stream import write_documents
from kg.rdf.terms import iri
from kg.rdf.writer import build_dataset
from tests.rdf.test_stream import FORMATS


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nquads", ".nq")])
def test_quad_formats_equal_the_streamed_file_in_graph_order(tmp_path, docs, fmt, suffix):
    ordered = sorted(docs, key=lambda doc: iri(Iris().document(doc.id)))
    write_documents(ordered, tmp_path / f"g{suffix}")
    assert serialize(build_dataset(docs), fmt) == (tmp_path / f"g{suffix}").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", list(FORMATS) + [".jsonld"])
def test_write_then_load_keeps_every_triple(tmp_path, docs, suffix):
    ds = build_dataset(docs)
    write_graph(ds, tmp_path / f"g{suffix}")
    again = load_graph(tmp_path / f"g{suffix}")
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert {(s, p, o) for s, p, o, _ in again.quads((None, None, None, None))} == triples
    if suffix in (".trig", ".nq"):
        assert sum(1 for _ in again.quads((None, None, None, None))) == sum(1 for _ in ds.quads((None, None, None, None)))


def test_union_formats_have_each_triple_once(docs):
    text = serialize(build_dataset(docs), "nt")
    lines = text.splitlines()
    assert lines == sorted(set(lines))
    assert len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))) == len(lines)


def test_unknown_format_is_refused(docs):
    with pytest.raises(GraphError):
        serialize(build_dataset(docs[:1]), "xml")
