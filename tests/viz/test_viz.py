"""The viz page: self-contained, UTF-8, deterministic, escaped; sizes and selection."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg.analysis.projection import load_projection
from kg.viz.layout import force_layout, select_central
from kg.viz.page import build_network, build_page, vis_assets, write_page

def ours(html: str) -> str:
    """The page without vis-network's own inlined code (checked separately)."""
    vis_js, vis_css = vis_assets()
    assert html.count(vis_js) == 1 and html.count(vis_css) == 1
    return html.replace(vis_js, "").replace(vis_css, "")


EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|embed|object|source)\b[^>]*(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def small_page():
    from pathlib import Path

    G, _ = load_projection(Path(__file__).parents[1] / "analysis" / "small_graph.ttl")
    return G, build_page(G, title="small")


def test_page_is_self_contained(small_page):
    _, html = small_page
    assert not EXTERNAL.search(html)
    page = ours(html).lower()
    assert "cdn" not in page and "bootstrap" not in page and "<link" not in page
    assert "@import" not in page and "url(http" not in html.lower()
    assert "new vis.Network(" in html  # vis-network is inlined, not fetched
    assert "default-src 'none'" in html  # and the page may not fetch anything


def test_page_is_utf8_and_deterministic(small_page, tmp_path):
    G, html = small_page
    path = tmp_path / "g.html"
    size = write_page(html, path)
    data = path.read_bytes()
    assert size == len(data)
    assert data.decode("utf-8") == html
    assert '<meta charset="utf-8">' in html
    assert "孙春兰" in html  # Chinese kept as UTF-8 text, not only \u escapes
    assert build_page(G, title="small") == html


def test_nodes_sized_by_pagerank_and_coloured_by_class(small_page):
    G, _ = small_page
    net, page = build_network(G)
    by_label = {n["label"]: n for n in net.nodes}
    assert len(net.nodes) == G.number_of_nodes()
    assert by_label["中国"]["size"] > by_label["上海市"]["size"] > by_label["张继先"]["size"]
    assert net.nodes[0]["label"] == "中国"  # ids follow PageRank order
    assert by_label["北京市"]["color"] == by_label["湖北省"]["color"]  # same class, same colour
    assert by_label["北京市"]["color"] != by_label["中国"]["color"]
    kinds = [group["kind"] for group in page["legend"]]
    assert kinds == ["Person", "Organization", "Place", "Event"]
    assert page["options"]["physics"]["stabilization"]["iterations"] <= 200


def test_parallel_edges_join_into_one_labelled_edge():
    G = nx.MultiDiGraph(view="entities")
    for n in "ab":
        G.add_node(n, label=n, kind="Person", **{"class": "Person"})
    G.add_edge("a", "b", key="x", type="talksWith", label="通话", evidence=["甲"])
    G.add_edge("a", "b", key="y", type="metWith", label="会见", evidence=["乙"])
    net, _ = build_network(G)
    (edge,) = net.edges
    assert edge["label"] == "会见、通话" and edge["evidence"] == ["乙", "甲"] and edge["arrows"] == "to"


def test_max_nodes_keeps_the_most_central():
    G = nx.star_graph(20)
    nx.set_node_attributes(G, {n: f"n{n:02d}" for n in G}, "label")
    net, page = build_network(G, max_nodes=5)
    assert len(net.nodes) == 5
    assert net.nodes[0]["label"] == "n00"  # the hub
    assert "5 of 21 nodes" in page["summary"]


def test_large_graph_starts_without_physics():
    G = nx.barabasi_albert_graph(400, 2, seed=1)
    nx.set_node_attributes(G, {n: str(n) for n in G}, "label")
    _, page = build_network(G)
    assert page["options"]["physics"]["enabled"] is False
    assert page["physics"] is False


def test_layout_is_seeded_and_spread():
    G = nx.path_graph(30)
    first, second = force_layout(G), force_layout(G)
    assert first == second
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 100


def test_select_central_ties_broken_by_label():
    G = nx.Graph()
    G.add_nodes_from([("b", {"label": "乙"}), ("a", {"label": "甲"}), ("c", {"label": "丙"})])
    assert set(select_central(G, {"a": 1.0, "b": 1.0, "c": 2.0}, 2)) == {"c", "b"}  # 乙 < 甲 in code points


def test_article_text_is_escaped(hostile_graph_path, payloads):
    G, _ = load_projection(hostile_graph_path)
    html = build_page(G, title="<script>window.__pwned=9</script>")
    script_tags = re.findall(r"<script\b", ours(html), re.I)
    assert len(script_tags) == 2  # vis-network and ours, nothing injected
    for payload in payloads + ["<svg", "<img", "<b>到访"]:
        assert payload not in ours(html)
    assert "&lt;script&gt;window.__pwned=9&lt;/script&gt;" in html  # title escaped as text
    data = re.search(r"var rawNodes = (\[.*?\]);\n", html).group(1)
    labels = {n["label"] for n in json.loads(data)}
    assert set(payloads) <= labels  # the names survive intact, as data
    assert "innerHTML" not in html.split("new vis.Network(")[1]


def test_event_nodes_are_labelled_by_what_they_are():
    from pathlib import Path

    G, _ = load_projection(Path(__file__).parents[1] / "analysis" / "news_events.ttl")
    net, page = build_network(G)
    by_iri = {n["iri"].rsplit("/", 1)[1]: n for n in net.nodes}
    assert (by_iri["e1"]["label"], by_iri["e1"]["trigger"]) == ("裁员 · 甲骨文 · 2019-05-07", "裁员")
    assert (by_iri["e2"]["label"], by_iri["e2"]["date"]) == ("地震 · 泸定县 · 2022-09-05 12:52", "2022-09-05T12:52:00")
    assert by_iri["e3"]["label"] == "宣判 · 王某" and by_iri["e4"]["label"] == "成立 · 腾讯 · 2024（计划）"
    assert by_iri["oracle"]["trigger"] == ""
    html = build_page(G, title="news")
    assert "<script>alert(1)" not in ours(html)  # the verdict's sentence, shown as data
    assert '"trigger": "宣判"' in html and "触发词 trigger" in html
