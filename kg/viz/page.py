"""A projected graph as one self-contained, offline HTML page (pyvis + vis-network).

:func:`build_page` picks the most central nodes, lays them out, colours them
by class and sizes them by PageRank, fills a :class:`pyvis.network.Network`
and renders it with our own template (:mod:`kg.viz.template`), which inlines
vis-network from pyvis's bundled copy -- the page makes no network request.
:func:`write_page` writes it as UTF-8, atomically, whatever the locale.

Same graph, same options -> the same bytes: node ids are ranks in a sorted
order, positions are rounded, JSON keys are sorted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import GraphError
from kg.io import atomic_write
from kg.viz.layout import class_colours, force_layout, node_size, select_central
from kg.viz.template import FONT_STACK, PAGE_TEMPLATE

__all__ = ["DEFAULT_MAX_NODES", "PHYSICS_LIMIT", "vis_assets", "build_network", "build_page", "write_page"]

DEFAULT_MAX_NODES = 1000
#: Up to this many nodes the browser polishes the layout with physics, then stops;
#: above it physics starts off (positions are precomputed) and can be toggled on.
PHYSICS_LIMIT = 300
#: Bounded stabilization, so that even a toggled-on large graph settles.
STABILIZATION_ITERATIONS = 150
VIS_VERSION = "vis-9.1.2"
KIND_TITLES = {"Person": "人物 Person", "Organization": "组织机构 Organization", "Place": "地点 Place",
               "Event": "事件 Event", "Other": "其他 Other"}
KIND_ORDER = ["Person", "Organization", "Place", "Event", "Other"]


def vis_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of vis-network as shipped inside the pyvis package."""
    lib = resources.files("pyvis") / "templates" / "lib" / VIS_VERSION
    try:
        return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
                (lib / "vis-network.css").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GraphError(f"pyvis has no bundled {VIS_VERSION} ({exc.filename}); "
                         "install pyvis 0.3.2: pip install 'pyvis==0.3.2'") from exc


def _options(physics: bool) -> dict:
    return {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"face": FONT_STACK, "size": 14, "color": "#222",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"color": {"color": "#9aa3ad", "highlight": "#d62728", "hover": "#555555"},
                  "width": 1, "selectionWidth": 2, "smooth": False,
                  "font": {"face": FONT_STACK, "size": 10, "color": "#555", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "align": "middle"}},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90,
                                         "springConstant": 0.06, "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": STABILIZATION_ITERATIONS,
                                      "updateInterval": 50, "fit": True},
                    "minVelocity": 1.0, "maxVelocity": 40},
        "layout": {"randomSeed": 42, "improvedLayout": False},
    }


def _edge_records(G: nx.Graph, ids: dict) -> list[dict]:
    """One vis edge per ordered pair; parallel facts are joined into its label and tooltip."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        if u != v:
            grouped[(u, v)].append(data)
    records = []
    directed = G.is_directed()
    for (u, v), facts in sorted(grouped.items(), key=lambda item: (ids[item[0][0]], ids[item[0][1]])):
        facts.sort(key=lambda d: (d.get("type", ""), d.get("label", "")))
        labels = list(dict.fromkeys(d.get("label", "") for d in facts))
        evidence = list(dict.fromkeys(s for d in facts for s in d.get("evidence", ())))[:3]
        weight = sum(d.get("weight", 1) for d in facts)
        record = {"from": ids[u], "to": ids[v], "label": "、".join(labels),
                  "types": ", ".join(dict.fromkeys(d.get("type", "") for d in facts)),
                  "evidence": evidence, "width": round(min(1 + 0.6 * (weight - 1), 6), 1)}
        if directed:
            record["arrows"] = "to"
        records.append(record)
    return records


def build_network(G: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES, title: str = "kg graph"):
    """A pyvis ``Network`` holding the page's nodes and edges, plus the page settings.

    Returns ``(network, page)`` where ``page`` holds the title, summary,
    legend and vis options the template needs.
    """
    from pyvis.network import Network

    from kg.analysis.stats import pagerank_scores

    if max_nodes < 1:
        raise GraphError(f"--max-nodes {max_nodes} is too small; give at least 1")
    scores = pagerank_scores(G)
    shown = select_central(G, scores, max_nodes)
    order = sorted(shown, key=lambda n: (-round(scores.get(n, 0.0), 9), shown.nodes[n].get("label", ""), n))
    ids = {node: i for i, node in enumerate(order)}
    positions = force_layout(shown)
    physics = shown.number_of_nodes() <= PHYSICS_LIMIT
    classes_by_kind: dict[str, list[str]] = defaultdict(list)
    for _, data in shown.nodes(data=True):
        classes_by_kind[data.get("kind", "Other")].append(data.get("class", ""))
    colours = class_colours(classes_by_kind)
    top = max(scores.values(), default=0.0)

    net = Network(directed=shown.is_directed(), cdn_resources="in_line")
    for node in order:
        data = shown.nodes[node]
        kind, cls = data.get("kind", "Other"), data.get("class", "")
        x, y = positions[node]
        colour = colours[(kind, cls)]
        size = node_size(scores.get(node, 0.0), top)
        net.nodes.append({
            "id": ids[node], "label": data.get("label", node), "kind": kind, "cls": cls,
            "aliases": list(data.get("aliases", ())), "evidence": list(data.get("evidence", ()))[:3],
            "mentions": data.get("mentions", 0), "date": data.get("date", ""), "iri": data.get("iri", node),
            "trigger": data.get("trigger", ""),
            "x": x, "y": y, "size": size, "font": {"size": round(12 + 0.45 * size)},
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"}},
        })
        net.node_ids.append(ids[node])
        net.node_map[ids[node]] = net.nodes[-1]
    net.edges.extend(_edge_records(shown, ids))

    counts = Counter((d.get("kind", "Other"), d.get("class", "")) for _, d in shown.nodes(data=True))
    legend = []
    for kind in sorted(classes_by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k)):
        classes = sorted(set(classes_by_kind[kind]), key=lambda c: (-counts[(kind, c)], c))
        legend.append({"kind": kind, "title": KIND_TITLES.get(kind, kind),
                       "count": sum(counts[(kind, c)] for c in classes),
                       "classes": [{"cls": c, "title": c, "count": counts[(kind, c)],
                                    "colour": colours[(kind, c)]} for c in classes]})
    view = G.graph.get("view", "entities")
    summary = (f"{view} view · {shown.number_of_nodes()} of {G.number_of_nodes()} nodes, "
               f"{len(net.edges)} edges · 节点大小 = PageRank")
    page = {"title": title, "summary": summary, "legend": legend,
            "options": _options(physics), "physics": physics}
    return net, page


def build_page(G: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES, title: str = "kg graph") -> str:
    """The HTML page for ``G`` (a projection from :mod:`kg.analysis.projection`)."""
    from jinja2 import DictLoader, Environment

    net, page = build_network(G, max_nodes=max_nodes, title=title)
    vis_js, vis_css = vis_assets()
    env = Environment(loader=DictLoader({"kg_page.html": PAGE_TEMPLATE}), autoescape=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(page=page, vis_js=vis_js, vis_css=vis_css, font_stack=FONT_STACK)
    net.templateEnv = env
    net.path = "kg_page.html"
    net.options = page["options"]
    return net.generate_html(name="graph.html")


def write_page(html: str, path: str | Path) -> int:
    """Write ``html`` to ``path`` as UTF-8, atomically; returns the size in bytes."""
    data = html.encode("utf-8")
    with atomic_write(path, "wb") as handle:
        handle.write(data)
    return len(data)
