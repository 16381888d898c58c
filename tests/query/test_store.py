"""kg.query.store: bulk load, incremental add/replace, remove, list, read-only query."""

import pytest

from kg.errors import GraphError
from kg.query.store import open_store
from tests.query.conftest import DOC_A, DOC_B

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(store):
    return int(store.query(COUNT).rows[0][0].value)


def test_add_list_replace_remove(tmp_path, contract_graph_path, demo_trig_path):
    store = open_store(tmp_path / "st")
    assert store.add_file(contract_graph_path) == [DOC_A, DOC_B]
    graphs = store.graphs()
    assert [g.iri for g in graphs] == [DOC_A, DOC_B]
    first = count(store)
    assert first == sum(g.triples for g in graphs)
    assert store.default_triples() > 100  # the ontology

    store.add_file(contract_graph_path)  # re-adding replaces, never duplicates
    assert count(store) == first

    demo_graphs = store.add_file(demo_trig_path)
    assert len(store.graphs()) == 2 + len(demo_graphs)

    removed = store.remove(DOC_A)
    assert removed == graphs[0].triples
    assert DOC_A not in {g.iri for g in store.graphs()}
    with pytest.raises(GraphError, match="no document graph"):
        store.remove(DOC_A)


def test_add_dataset_and_read_only_query(tmp_path, demo_dataset):
    path = tmp_path / "st"
    writer = open_store(path)
    names = writer.add_dataset(demo_dataset)
    assert names and len(writer) == len(list(demo_dataset.quads()))
    writer.close()  # read-only opens are safe once writing has stopped (not during compaction)
    reader = open_store(path, read_only=True)
    assert reader.query("ASK { ?p a/rdfs:subClassOf* schema:Person }").boolean


def test_missing_store_and_bad_files(tmp_path):
    with pytest.raises(GraphError, match="not a kg store"):
        open_store(tmp_path / "nothing", read_only=True)
    store = open_store(tmp_path / "st")
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(GraphError, match="bad.trig: cannot parse"):
        store.add_file(bad)
    with pytest.raises(GraphError, match="no such graph file"):
        store.add_file(tmp_path / "missing.trig")
    assert len(store) == 0
