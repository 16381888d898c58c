"""kg.query.store: add/replace, per-document transactions, content hashes, remove, list, live reads."""

import pytest

from kg.errors import GraphError
from kg.query.store import CONTENT_HASH, LiveStore, open_store
from tests.query.conftest import DOC_A, DOC_B

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(store):
    return int(store.query(COUNT).rows[0][0].value)


def graph_triples(store, iri):
    import pyoxigraph as ox

    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))}


def test_add_list_replace_remove(tmp_path, contract_graph_path, demo_trig_path):
    store = open_store(tmp_path / "st")
    assert store.add_file(contract_graph_path) == [DOC_A, DOC_B]
    graphs = store.graphs()
    assert [g.iri for g in graphs] == [DOC_A, DOC_B]
    first, total = count(store), len(store)
    assert first == sum(g.triples for g in graphs)
    assert store.default_triples() > 100  # the ontology

    store.add_file(contract_graph_path)  # re-adding replaces, never duplicates
    assert count(store) == first and len(store) == total

    demo_graphs = store.add_file(demo_trig_path)
    assert len(store.graphs()) == 2 + len(demo_graphs)

    assert store.remove(f"<{DOC_A}>") == (DOC_A, graphs[0].triples)
    assert DOC_A not in {g.iri for g in store.graphs()}
    with pytest.raises(GraphError, match="no document .* `kg store list"):
        store.remove(DOC_A)
    assert store.remove("b") == (DOC_B, graphs[1].triples)  # the document id


def test_replace_document_is_one_transaction_with_its_hash(tmp_path):
    store = open_store(tmp_path / "st")
    doc = "http://kg.example.org/doc/x"
    old = f'<{doc}> <http://kg.example.org/ontology#p> "old" <{doc}> .\n<urn:a> <urn:b> <urn:c> .\n'
    store.replace_document(doc, old, "sha256:1")
    assert store.content_hashes() == {doc: "sha256:1"}
    assert len(graph_triples(store, doc)) == 2 and store.default_triples() == 1
    new = f'<{doc}> <http://kg.example.org/ontology#p> "新" .\n_:b <urn:q> "x"@zh .\n'
    store.replace_documents([(doc, new, "sha256:2")], fmt="nt")
    assert graph_triples(store, doc) == {
        (f"<{doc}>", "<http://kg.example.org/ontology#p>", '"新"'),
        (f"<{doc}>", f"<{CONTENT_HASH}>", '"sha256:2"'),
        next((s, "<urn:q>", '"x"@zh') for s, p, _ in graph_triples(store, doc) if p == "<urn:q>")}
    assert store.content_hashes() == {doc: "sha256:2"}
    with pytest.raises(GraphError, match="other graphs"):
        store.replace_document(doc, "<urn:a> <urn:b> <urn:c> <urn:other> .\n")
    with pytest.raises(GraphError, match="cannot parse"):
        store.replace_document(doc, "<urn:a> <urn:b> .\n")
    assert store.content_hashes() == {doc: "sha256:2"}  # failures changed nothing


def test_add_dataset_and_read_only_query(tmp_path, demo_dataset):
    path = tmp_path / "st"
    writer = open_store(path)
    names = writer.add_dataset(demo_dataset)
    assert names and len(writer) == len(list(demo_dataset.quads()))
    writer.add_dataset(demo_dataset)
    assert len(writer) == len(list(demo_dataset.quads()))
    reader = open_store(path, read_only=True)
    assert reader.query("ASK { ?p a/rdfs:subClassOf* schema:Person }").boolean


def test_live_store_sees_later_writes(tmp_path, contract_graph_path):
    path = tmp_path / "st"
    writer = open_store(path)
    writer.replace_document(DOC_A, f"<{DOC_A}> <urn:p> <urn:o> <{DOC_A}> .\n")
    live = LiveStore(path)
    before = live.current()
    assert len(before) == 1 and live.current() is before  # unchanged: no reopen
    writer.add_file(contract_graph_path)  # the writer keeps its lock all along
    assert len(live.current()) > 100 and len(open_store(path, read_only=True)) == len(live)
    writer.remove(DOC_B)
    assert DOC_B not in {row["g"].value for row in live.current().query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


def test_files_without_named_graphs(tmp_path, demo_graph_path):
    store = open_store(tmp_path / "st")
    with pytest.raises(GraphError, match=r"no named graphs .*\.trig.* --default"):
        store.add_file(demo_graph_path)
    assert len(store) == 0
    assert store.add_file(demo_graph_path, into_default=True) == []
    assert len(store) == store.default_triples() > 0 and store.graphs() == []


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
    with pytest.raises(GraphError, match="cannot open the store: .*lock.*writing it"):
        open_store(tmp_path / "st")  # a second writer


def test_blank_nodes_stay_in_their_document(tmp_path):
    store = open_store(tmp_path / "st")
    for doc in ("http://kg.example.org/doc/x", "http://kg.example.org/doc/y"):
        store.replace_document(doc, '_:b0 <urn:p> "1" .\n', fmt="nt")
        store.replace_document(doc, '_:b0 <urn:p> "2" .\n', fmt="nt")  # replacing: INSERT DATA
    store.replace_document("http://kg.example.org/doc/z", '_:b0 <urn:p> "3" .\n', fmt="nt")
    assert len({str(q.subject) for q in store.store}) == 3
