"""Finding entities by name and the shortest connections between them.

:func:`find_entity` resolves a Chinese name against ``label`` and ``aliases``
(``rdfs:label``/``skos:altLabel``); :func:`shortest_paths` returns the
shortest paths between two nodes, each step with the facts (edge type, label,
direction, evidence sentence) that connect its two ends.  Edges are walked in
either direction: "孙春兰 is a member of 国务院" connects both ways.
"""

from __future__ import annotations

import difflib
from itertools import islice

import networkx as nx

from kg.errors import GraphError

__all__ = ["find_entity", "candidates", "shortest_paths", "MAX_CANDIDATES"]

#: Names listed when a name matches nothing or several entities.
MAX_CANDIDATES = 8
#: Shortest paths enumerated before sorting (bounds the work on dense graphs).
PATH_ENUMERATION_LIMIT = 1000


def _names(data: dict) -> list[str]:
    return [data.get("label", "")] + list(data.get("aliases", ()))


def _describe(G: nx.Graph, node) -> str:
    data = G.nodes[node]
    return f"{data.get('label', node)} ({data.get('class', '?')}, {node})"


def candidates(G: nx.Graph, name: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """Labels close to ``name``: containing it, contained in it, or similar."""
    labels = sorted({d.get("label", "") for _, d in G.nodes(data=True)} - {""})
    names = sorted({n for _, d in G.nodes(data=True) for n in _names(d)} - {""})
    found = [label for label in labels if name in label or label in name]
    for close in difflib.get_close_matches(name, names, n=limit, cutoff=0.4):
        if close not in found:
            found.append(close)
    return found[:limit]


def find_entity(G: nx.Graph, name: str) -> str:
    """The one node whose label, or else one of whose aliases, is ``name``.

    Raises :class:`GraphError` naming close candidates when nothing matches,
    and listing the matches when the name is ambiguous.
    """
    if name in G:
        return name  # an IRI
    for field in ("label", "aliases"):
        matches = sorted(n for n, d in G.nodes(data=True)
                         if (name == d.get("label") if field == "label" else name in d.get("aliases", ())))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(_describe(G, n) for n in matches[:MAX_CANDIDATES])
            raise GraphError(f"name {name!r} is ambiguous: it is the {field} of {len(matches)} "
                             f"entities: {listed}; pass the IRI instead")
    close = candidates(G, name)
    hint = f"close candidates: {', '.join(close)}" if close else "no entity has a similar name; list them with `kg stats`"
    raise GraphError(f"no entity named {name!r} (matched against rdfs:label and skos:altLabel); {hint}")


def _facts(G: nx.Graph, u, v) -> list[dict]:
    """Every edge between ``u`` and ``v``, in either direction, as a fact of the step u -> v."""
    facts = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        if not G.has_edge(a, b):
            continue
        datas = G[a][b].values() if G.is_multigraph() else [G[a][b]]
        for data in datas:
            facts.append({
                "type": data.get("type", ""),
                "label": data.get("label", ""),
                "direction": "forward" if forward or not G.is_directed() else "backward",
                "evidence": (data.get("evidence") or [""])[0],
            })
    facts.sort(key=lambda f: (f["direction"] != "forward", f["type"], f["label"], f["evidence"]))
    return facts


def shortest_paths(G: nx.Graph, source: str, target: str, max_paths: int = 3) -> list[list[dict]]:
    """Up to ``max_paths`` shortest paths from ``source`` to ``target`` (node ids).

    Each path is a list of steps ``{"from", "from_label", "to", "to_label",
    "facts"}``.  Paths are ordered by their labels, so the answer is the
    same on every run.  Raises :class:`GraphError` if they are not connected.
    """
    if source == target:
        raise GraphError(f"{G.nodes[source].get('label', source)!r} is both ends of the path; give two different entities")
    U = G.to_undirected(as_view=True)
    try:
        found = list(islice(nx.all_shortest_paths(U, source, target), PATH_ENUMERATION_LIMIT))
    except nx.NetworkXNoPath:
        view = G.graph.get("view", "entities")
        hint = "; try --view cooccurrence" if view != "cooccurrence" else ""
        raise GraphError(f"{G.nodes[source].get('label')!r} and {G.nodes[target].get('label')!r} "
                         f"are not connected in the {view} view{hint}") from None
    labelled = sorted(found, key=lambda p: ([G.nodes[n].get("label", n) for n in p], p))
    paths = []
    for path in labelled[:max_paths]:
        paths.append([
            {"from": u, "from_label": G.nodes[u].get("label", u),
             "to": v, "to_label": G.nodes[v].get("label", v), "facts": _facts(G, u, v)}
            for u, v in zip(path, path[1:])
        ])
    return paths
