"""Statistics on the small graph, against answers worked out by hand."""

from __future__ import annotations

import networkx as nx

from kg.analysis import stats
from kg.analysis.stats import centrality, communities, components, counts_by_class, document_summary, summarize

EX = "http://example.org/id/"


def test_counts_by_class(small_entities):
    counts = {(r["kind"], r["class"]): r["count"] for r in counts_by_class(small_entities)}
    assert counts[("Person", "Person")] == 6
    assert counts[("Place", "Province")] == 4
    assert sum(counts.values()) == 16


def test_centrality_order(small_entities):
    c = centrality(small_entities, top=3)
    # 中国 has four neighbours (北京市, 上海市, 广东省, 湖北省); 谭德塞 three (习近平, the call 通话 · 习近平, 世界卫生组织)
    assert [r["label"] for r in c["degree"]][:2] == ["中国", "谭德塞"]
    assert [r["label"] for r in c["pagerank"]][:2] == ["中国", "谭德塞"]
    assert c["betweenness"][0]["label"] == "中国"
    assert c["betweenness_sampled"] is None


def test_betweenness_is_sampled_on_large_graphs(monkeypatch):
    monkeypatch.setattr(stats, "EXACT_BETWEENNESS_LIMIT", 10)
    G = nx.path_graph(30)
    nx.set_node_attributes(G, {n: str(n) for n in G}, "label")
    first, second = centrality(G, top=3), centrality(G, top=3)
    assert first["betweenness_sampled"] == 30
    assert first == second


def test_communities_are_deterministic_and_follow_components(small_entities):
    found = communities(small_entities)
    assert found == communities(small_entities)
    groups = [{m["label"] for m in c["members"]} for c in found]
    xi = next(g for g in groups if "习近平" in g)
    assert xi <= {"习近平", "谭德塞", "通话 · 习近平", "世界卫生组织"}
    assert all(len(c["members"]) >= 1 and c["size"] >= 2 for c in found)


def test_components(small_entities):
    comp = components(small_entities)
    assert comp["count"] == 5
    assert comp["isolated"] == 3
    assert [c["size"] for c in comp["largest"]][:2] == [9, 4]


def test_document_summary(small_index):
    assert document_summary(small_index) == [{
        "document": "http://example.org/doc/d1", "source": "small.txt",
        "sentences": 5, "mentions": 15, "entities": 9, "events": 2,
    }]


def test_summarize_empty_graph():
    G = nx.MultiDiGraph()
    out = summarize(G)
    assert out["nodes"] == 0 and out["communities"] == [] and out["components"]["count"] == 0
