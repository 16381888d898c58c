"""Projections of the small hand-written graph, checked edge by edge."""

from __future__ import annotations

import random

import pytest
from rdflib import Graph

from kg.analysis.projection import cooccurrence_graph, entity_graph, project, rdf_graph
from kg.errors import GraphError

EX = "http://example.org/id/"


def edges(G):
    return sorted((G.nodes[u]["label"], d["type"], d["label"], G.nodes[v]["label"])
                  for u, v, d in G.edges(data=True))


def test_entity_nodes_kinds_and_most_specific_class(small_entities):
    G = small_entities
    assert G.number_of_nodes() == 16
    assert G.nodes[EX + "wuhan"]["class"] == "City"  # typed City and Place: City is more specific
    assert G.nodes[EX + "gwy"]["class"] == "GovernmentBody"
    assert G.nodes[EX + "gwy"]["kind"] == "Organization"
    assert G.nodes[EX + "e1"]["kind"] == "Event"
    assert G.nodes[EX + "e1"]["date"] == "2020-02-10"
    # an event is labelled by what it is (class, key participant, date); its trigger is kept
    assert (G.nodes[EX + "e1"]["label"], G.nodes[EX + "e1"]["trigger"]) == ("考察视察 · 孙春兰 · 2020-02-10", "考察")
    assert (G.nodes[EX + "e2"]["label"], G.nodes[EX + "e2"]["trigger"]) == ("通话 · 习近平", "通电话")
    assert G.nodes[EX + "xi"]["aliases"] == ["习主席", "习近平总书记"]
    assert G.nodes[EX + "sun"]["mentions"] == 2
    assert G.nodes[EX + "sun"]["evidence"] == ["国务院副总理孙春兰在武汉市考察。", "孙春兰再到武汉市。"]
    assert EX + "role1" not in G and EX + "m1" not in G  # roles and memberships are not entities


def test_entity_edges(small_entities):
    assert edges(small_entities) == sorted([
        ("孙春兰", "memberOf", "副总理", "国务院"),
        ("谭德塞", "memberOf", "总干事", "世界卫生组织"),
        ("考察视察 · 孙春兰 · 2020-02-10", "agent", "施事者", "孙春兰"),
        ("考察视察 · 孙春兰 · 2020-02-10", "location", "地点", "武汉市"),
        ("通话 · 习近平", "caller", "通话一方", "习近平"),
        ("通话 · 习近平", "callee", "通话对方", "谭德塞"),
        ("习近平", "talksWith", "通话", "谭德塞"),
        ("国务院", "location", "地点", "北京市"),
        ("北京市", "containedInPlace", "位于", "中国"),
        ("上海市", "containedInPlace", "位于", "中国"),
        ("广东省", "containedInPlace", "位于", "中国"),
        ("湖北省", "containedInPlace", "位于", "中国"),
        ("武汉市", "containedInPlace", "位于", "湖北省"),
    ])


def test_edge_evidence_prefers_derivation_then_shared_sentence(small_entities):
    G = small_entities
    assert G[EX + "xi"][EX + "tedros"]["talksWith"]["evidence"] == ["习近平与世卫组织总干事谭德塞通电话。"]
    # no statement: the sentence where both ends are mentioned
    assert G[EX + "wuhan"][EX + "hubei"]["containedInPlace"]["evidence"] == ["武汉市位于湖北省，湖北省在中国。"]
    assert G[EX + "gwy"][EX + "beijing"]["location"]["evidence"] == []


def test_cooccurrence_weights(small_index):
    G = cooccurrence_graph(small_index)
    assert G.number_of_edges() == 15  # 6 + 6 + 3 pairs in sentences 1-3; sentence 5 repeats one
    assert G[EX + "sun"][EX + "wuhan"]["weight"] == 2
    assert G[EX + "hubei"][EX + "china"]["weight"] == 1  # two mentions in one sentence count once
    assert G.degree(EX + "zhang") == 0


def test_rdf_view_has_every_iri(small_index):
    G = rdf_graph(small_index)
    assert "http://example.org/doc/d1_s1" in G and EX + "m1" in G
    assert G.nodes[EX + "m1"]["kind"] == "Other"
    assert G.has_edge(EX + "m1", EX + "sun", key="member")


def test_projection_ignores_triple_order(small_graph_path):
    triples = list(Graph().parse(small_graph_path, format="turtle"))
    random.Random(7).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    a, b = entity_graph(Graph().parse(small_graph_path)), entity_graph(shuffled)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert edges(a) == edges(b)


def test_unknown_view(small_index):
    with pytest.raises(GraphError, match="unknown view 'people'"):
        project(small_index, "people")


def test_demo_graph_projects(demo_graph):
    from kg.rdf.serialize import load_graph

    G = project(load_graph(demo_graph), "entities")
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert {"Person", "Organization", "Place"} <= kinds
    assert G.number_of_edges() > 0
