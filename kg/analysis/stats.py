"""Statistics over a projected graph: counts, centrality, communities, components.

Every function takes the graph first and returns plain data (lists and dicts
of str/int/float), ordered deterministically: scores descending, then label,
then node id.  Scores are rounded to :data:`DIGITS` places so that printing
them is reproducible byte for byte.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.analysis.projection import ITS_IDENT, GraphIndex, as_graph
from kg.vocab import NIF, PROV

__all__ = [
    "DIGITS",
    "EXACT_BETWEENNESS_LIMIT",
    "SEED",
    "simple_undirected",
    "counts_by_class",
    "pagerank_scores",
    "centrality",
    "communities",
    "components",
    "document_summary",
    "summarize",
]

DIGITS = 6
#: Above this many nodes betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_LIMIT = 2000
#: Number of sample sources for estimated betweenness.
BETWEENNESS_SAMPLE = 200
#: Seed for everything random (betweenness sample, Louvain).
SEED = 42


def simple_undirected(G: nx.Graph) -> nx.Graph:
    """An undirected simple graph; ``weight`` = number (or summed weight) of edges merged."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes(data=True), key=lambda item: item[0]))
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = data.get("weight", 1)
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return U


def _label(G, node) -> str:
    return G.nodes[node].get("label", node)


def _ranked(G, scores: dict, top: int) -> list[dict]:
    order = sorted(scores, key=lambda n: (-round(scores[n], DIGITS), _label(G, n), n))
    return [
        {"id": n, "label": _label(G, n), "kind": G.nodes[n].get("kind", ""),
         "score": scores[n] if isinstance(scores[n], int) else round(float(scores[n]), DIGITS)}
        for n in order[:top]
    ]


def counts_by_class(G: nx.Graph) -> list[dict]:
    """Node counts per (kind, class), largest first."""
    counts = Counter((d.get("kind", ""), d.get("class", "")) for _, d in G.nodes(data=True))
    return [{"kind": k, "class": c, "count": n}
            for (k, c), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def pagerank_scores(G: nx.Graph) -> dict:
    """PageRank on the undirected weighted projection (importance, not direction)."""
    U = simple_undirected(G)
    if U.number_of_nodes() == 0:
        return {}
    return nx.pagerank(U, weight="weight")


def centrality(G: nx.Graph, top: int = 10, seed: int = SEED) -> dict:
    """Top ``top`` nodes by degree, PageRank and betweenness.

    Betweenness is exact up to :data:`EXACT_BETWEENNESS_LIMIT` nodes and
    sampled (``k`` sources, fixed ``seed``) above; ``betweenness_sampled``
    says which.
    """
    U = simple_undirected(G)
    n = U.number_of_nodes()
    degree = dict(U.degree())
    pagerank = nx.pagerank(U, weight="weight") if n else {}
    sampled = n > EXACT_BETWEENNESS_LIMIT
    k = min(BETWEENNESS_SAMPLE, n) if sampled else None
    betweenness = nx.betweenness_centrality(U, k=k, seed=seed if sampled else None) if n else {}
    return {
        "degree": _ranked(U, degree, top),
        "pagerank": _ranked(U, pagerank, top),
        "betweenness": _ranked(U, betweenness, top),
        "betweenness_sampled": k,
    }


def communities(G: nx.Graph, top: int = 10, members: int = 5, seed: int = SEED) -> list[dict]:
    """Louvain communities (fixed ``seed``), largest first, with their leading members.

    Singletons are left out; members are led by PageRank.
    """
    U = simple_undirected(G)
    if U.number_of_edges() == 0:
        return []
    pagerank = nx.pagerank(U, weight="weight")
    found = nx.community.louvain_communities(U, weight="weight", seed=seed)
    ranked = []
    for group in found:
        if len(group) < 2:
            continue
        leaders = sorted(group, key=lambda n: (-round(pagerank[n], DIGITS), _label(U, n), n))
        ranked.append((len(group), leaders))
    ranked.sort(key=lambda item: (-item[0], _label(U, item[1][0]), item[1][0]))
    return [
        {"rank": i + 1, "size": size,
         "members": [{"id": n, "label": _label(U, n), "kind": U.nodes[n].get("kind", "")}
                     for n in leaders[:members]]}
        for i, (size, leaders) in enumerate(ranked[:top])
    ]


def components(G: nx.Graph, top: int = 10) -> dict:
    """Connected components (edges taken undirected): count, sizes, isolated nodes."""
    U = simple_undirected(G)
    parts = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(c))) if len(U) else []
    return {
        "count": len(parts),
        "isolated": sum(1 for c in parts if len(c) == 1),
        "largest": [
            {"size": len(c),
             "sample": [_label(U, n) for n in sorted(c, key=lambda n: (-U.degree(n), _label(U, n), n))[:5]]}
            for c in parts[:top]
        ],
    }


def document_summary(graph) -> list[dict]:
    """Per ``nif:Context``: sentences, mentions (phrases), entities and events mentioned.

    ``graph`` is an rdflib graph or dataset, or a :class:`GraphIndex`.
    """
    index = graph if isinstance(graph, GraphIndex) else GraphIndex(graph)
    g = index.graph
    sentences: dict = Counter()
    mentions: dict = Counter()
    entities: dict = defaultdict(set)
    events: dict = defaultdict(set)
    for sentence in g.subjects(RDF.type, NIF.Sentence):
        sentences[g.value(sentence, NIF.referenceContext)] += 1
    for phrase in g.subjects(RDF.type, NIF.Phrase):
        ctx = g.value(phrase, NIF.referenceContext)
        mentions[ctx] += 1
        for target in g.objects(phrase, ITS_IDENT):
            kind = index.kind.get(target)
            if kind == "Event":
                events[ctx].add(target)
            elif kind:
                entities[ctx].add(target)
    for node, kind in index.kind.items():  # events known only by their provenance
        if kind == "Event":
            for sentence in g.objects(node, PROV.wasDerivedFrom):
                events[g.value(sentence, NIF.referenceContext)].add(node)
    contexts = sorted({c for c in g.subjects(RDF.type, NIF.Context) if isinstance(c, URIRef)}, key=str)
    rows = []
    for ctx in contexts:
        source = g.value(ctx, URIRef("http://kg.example.org/ontology#sourceFile"))
        rows.append({"document": str(ctx), "source": str(source) if source is not None else "",
                     "sentences": sentences[ctx], "mentions": mentions[ctx],
                     "entities": len(entities[ctx]), "events": len(events[ctx])})
    return rows


def summarize(G: nx.Graph, rdf=None, top: int = 10, seed: int = SEED) -> dict:
    """Everything ``kg stats`` prints, as one dict (``rdf`` adds the per-document rows)."""
    U = simple_undirected(G)
    summary = {
        "view": G.graph.get("view", ""),
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "classes": counts_by_class(G),
        "centrality": centrality(G, top=top, seed=seed),
        "communities": communities(G, top=top, seed=seed),
        "components": components(U, top=top),
    }
    if rdf is not None:
        summary["documents"] = document_summary(rdf if isinstance(rdf, GraphIndex) else as_graph(rdf))
    return summary
