"""Streaming graph files (kg.rdf.stream) hold exactly what build_dataset holds."""

import pickle
from concurrent.futures import ProcessPoolExecutor

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError
from kg.rdf.iris import Iris
from kg.rdf.stream import (document_chunk, document_chunk_counted, footer, header, header_counted,
                           write_documents)
from kg.rdf.writer import build_dataset

FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
           ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


def _ox(term):
    if term is None or term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(term)


@pytest.fixture(scope="module")
def expected(docs):
    ds = build_dataset(docs)
    return {ox.Quad(_ox(s), _ox(p), _ox(o), _ox(g)) for s, p, o, g in ds.quads((None, None, None, None))}


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_each_format_holds_what_build_dataset_holds(tmp_path, docs, expected, suffix):
    path = tmp_path / f"graph{suffix}"
    count = write_documents(docs, path)
    got = list(ox.parse(path=str(path), format=FORMATS[suffix]))
    if suffix in (".trig", ".nq"):
        assert set(got) == expected
        assert count == len(got) == len(expected)
    else:  # union formats: the same triples, shared ones once per document
        assert {q.triple for q in got} == {q.triple for q in expected}
        assert count == len(got) >= len({q.triple for q in expected})


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_written_twice_byte_identical(tmp_path, docs, suffix):
    write_documents(docs, tmp_path / f"a{suffix}")
    write_documents(iter(docs), tmp_path / f"b{suffix}")
    assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "nt"])
def test_file_is_header_chunks_footer(tmp_path, docs, fmt):
    suffix = {"trig": ".trig", "nquads": ".nq", "turtle": ".ttl", "nt": ".nt"}[fmt]
    path = tmp_path / f"g{suffix}"
    count = write_documents(docs, path)
    chunks = [document_chunk_counted(doc, fmt) for doc in docs]
    assert path.read_text(encoding="utf-8") == header(fmt) + "".join(c.text for c in chunks) + footer(fmt)
    assert count == header_counted(fmt).triples + sum(c.triples for c in chunks)
    assert [c.text for c in chunks] == [document_chunk(doc, fmt) for doc in docs]


def test_chunk_has_sorted_unique_lines(docs):
    lines = document_chunk(docs[0], "nquads").splitlines()
    assert lines == sorted(set(lines))


def test_chunks_are_computed_the_same_in_another_process(docs):
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = list(pool.map(document_chunk, [pickle.loads(pickle.dumps(d)) for d in docs], ["trig"] * len(docs)))
    assert remote == [document_chunk(doc, "trig") for doc in docs]


def test_odd_document_id_and_base(tmp_path, docs):
    odd = docs[-1]
    path = tmp_path / "odd.nq"
    write_documents([odd], path, base="http://example.com/x")
    graphs = {q.graph_name for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}
    assert ox.NamedNode(str(Iris("http://example.com/x").document(odd.id))) in graphs
    turtle = document_chunk(odd, "trig", base="http://example.com/x")
    assert '\\"b\\"\\r\\n\\u000B.txt' in turtle


def test_long_literals_stay_on_one_line(docs):
    text = document_chunk(docs[-1], "trig")
    line = next(line for line in text.splitlines() if "nif:isString" in line)
    assert line.rstrip(" ;.").endswith('"') and "\\n\\n第二段\t有制表符\\u0001" in line


def test_turtle_groups_subjects_with_semicolons_and_commas(docs):
    text = header("turtle")
    assert "@prefix kg: <http://kg.example.org/ontology#> ." in text
    assert "kg:Person a owl:Class ;\n" in text
    assert '"@en ,\n' in text


def test_no_file_left_when_a_document_fails(tmp_path, docs):
    def failing():
        yield docs[0]
        raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        write_documents(failing(), tmp_path / "graph.trig")
    assert list(tmp_path.iterdir()) == []


def test_jsonld_goes_through_rdflib(tmp_path, docs, expected):
    count = write_documents(docs[:1], tmp_path / "g.jsonld")
    assert count == len(list(ox.parse(path=str(tmp_path / "g.jsonld"), format=ox.RdfFormat.JSON_LD)))


def test_unknown_format_is_refused(docs):
    with pytest.raises(GraphError):
        document_chunk(docs[0], "json-ld")
    with pytest.raises(GraphError):
        write_documents(docs, "graph.xml")


def test_node_iris_are_those_of_iris(docs):
    from rdflib.namespace import RDF

    from kg.vocab import NIF

    iris = Iris("http://example.com/x")
    ds = build_dataset(docs, base="http://example.com/x")
    for doc in docs:
        graph = ds.graph(iris.document(doc.id))
        assert set(graph.subjects(RDF.type, NIF.Sentence)) == {iris.sentence(doc.id, s.start, s.end) for s in doc.sentences}
        assert set(graph.subjects(RDF.type, NIF.Context)) == {iris.document(doc.id)}
        assert {iris.entity(e.key) for e in doc.entities} <= set(graph.subjects())
