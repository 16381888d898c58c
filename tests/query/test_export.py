"""kg.query.export: GraphML/GEXF parse with networkx, Neo4j CSV headers, RDF formats."""

import csv

import networkx as nx
import pytest
from rdflib import Dataset

from kg.query.export import export, neo4j_type
from kg.rdf.serialize import load_graph


@pytest.fixture(scope="module")
def dataset(contract_graph_path):
    return load_graph(contract_graph_path)


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_formats_parse(tmp_path, dataset, fmt, reader):
    path = tmp_path / f"g.{fmt}"
    export(dataset, fmt, path)
    graph = reader(path)
    person = "http://kg.example.org/id/person/谭德塞"
    assert graph.nodes[person]["label"] == "谭德塞"
    assert graph.nodes[person]["kind"] == "Person"
    assert graph.has_edge(person, "http://kg.example.org/id/organization/世界卫生组织")
    first = path.read_bytes()
    export(dataset, fmt, path)
    assert path.read_bytes() == first  # reproducible


def test_neo4j_csv(tmp_path, dataset):
    files = export(dataset, "csv", tmp_path / "neo")
    nodes = list(csv.reader(files[0].open(encoding="utf-8")))
    edges = list(csv.reader(files[1].open(encoding="utf-8")))
    assert nodes[0][:3] == ["id:ID", "label", ":LABEL"]
    assert edges[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids and row[1] in ids for row in edges[1:])
    assert ["Person"] == [row[2] for row in nodes[1:] if row[1] == "王毅"]
    assert "MEMBER_OF" in {row[2] for row in edges[1:]}


@pytest.mark.parametrize("fmt", ["jsonld", "nt", "nq"])
def test_rdf_formats_round_trip(tmp_path, dataset, fmt):
    path = tmp_path / f"g.{fmt}"
    export(dataset, fmt, path)
    parsed = Dataset()
    parsed.parse(path, format={"jsonld": "json-ld", "nt": "nt", "nq": "nquads"}[fmt])
    assert len(list(parsed.quads())) >= len(set((s, p, o) for s, p, o, _ in dataset.quads()))


def test_neo4j_type():
    assert neo4j_type("metWith") == "MET_WITH"
    assert neo4j_type("containedInPlace") == "CONTAINED_IN_PLACE"
