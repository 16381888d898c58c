"""Time the analysis and viz steps on a synthetic 5,000-node graph shaped like ours.

The graph follows the RDF contract: people, organizations, places and events
with memberships, containment, locations, event roles, relation triples and
NIF sentences/phrases (so the co-occurrence view has something to count).

    .venv/bin/python benchmarks/viz_layout.py            # 5,000 entities
    .venv/bin/python benchmarks/viz_layout.py --nodes 1000 --browser
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.vocab import ITSRDF, KG, NIF, ORG, SCHEMA

EX = "http://example.org/bench/"


def synthetic_graph(n_entities: int, seed: int = 1) -> Graph:
    """About ``n_entities`` entities: 40% people, 20% organizations, 25% places, 15% events."""
    rng = random.Random(seed)
    g = Graph()
    for cls, root in ((KG.Person, SCHEMA.Person), (KG.Organization, SCHEMA.Organization),
                      (KG.Place, SCHEMA.Place), (KG.City, KG.Place), (KG.Event, SCHEMA.Event),
                      (KG.Meeting, KG.Event)):
        g.add((cls, RDFS.subClassOf, root))
    g.add((KG.attendee, RDFS.subPropertyOf, SCHEMA.participant))
    counts = {"person": int(n_entities * .4), "org": int(n_entities * .2),
              "place": int(n_entities * .25), "event": int(n_entities * .15)}
    ids = {k: [URIRef(f"{EX}{k}/{i}") for i in range(v)] for k, v in counts.items()}
    classes = {"person": [KG.Person], "org": [KG.Organization], "place": [KG.Place, KG.City],
               "event": [KG.Event, KG.Meeting]}
    for kind, nodes in ids.items():
        for i, node in enumerate(nodes):
            g.add((node, RDF.type, rng.choice(classes[kind])))
            g.add((node, RDFS.label, Literal(f"{kind}{i}号", lang="zh")))

    def pick(kind):  # preferential: low indices are popular, like 中国 and 习近平
        return ids[kind][min(int(rng.paretovariate(1.2)) - 1, len(ids[kind]) - 1)]

    for place in ids["place"][1:]:
        g.add((place, SCHEMA.containedInPlace, pick("place")))
    for i, person in enumerate(ids["person"]):
        m = URIRef(f"{EX}membership/{i}")
        g.add((m, RDF.type, ORG.Membership))
        g.add((m, ORG.member, person))
        g.add((m, ORG.organization, pick("org")))
        if rng.random() < .3:
            g.add((person, KG.metWith, pick("person")))
    for org in ids["org"]:
        g.add((org, SCHEMA.location, pick("place")))
    for event in ids["event"]:
        g.add((event, SCHEMA.location, pick("place")))
        for _ in range(rng.randint(1, 3)):
            g.add((event, KG.attendee, rng.choice([pick("person"), pick("org")])))
    doc = URIRef(f"{EX}doc")
    g.add((doc, RDF.type, NIF.Context))
    everything = [n for nodes in ids.values() for n in nodes]
    for s in range(n_entities * 2):
        sentence = URIRef(f"{EX}doc#s{s}")
        g.add((sentence, RDF.type, NIF.Sentence))
        g.add((sentence, NIF.referenceContext, doc))
        g.add((sentence, NIF.anchorOf, Literal(f"第{s}句。")))
        for j, target in enumerate(rng.sample(everything, 3)):
            phrase = URIRef(f"{EX}doc#p{s}_{j}")
            g.add((phrase, RDF.type, NIF.Phrase))
            g.add((phrase, NIF.sentence, sentence))
            g.add((phrase, NIF.referenceContext, doc))
            g.add((phrase, ITSRDF.taIdentRef, target))
    return g


def timed(label, rows, fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    rows.append((label, time.perf_counter() - start))
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--browser", action="store_true", help="also time the page in /usr/bin/chromium")
    args = parser.parse_args()

    import networkx as nx

    from kg.analysis.projection import GraphIndex, cooccurrence_graph, entity_graph
    from kg.analysis.stats import simple_undirected
    from kg.viz.page import build_page, write_page

    rows = []
    g = timed("generate RDF", rows, synthetic_graph, args.nodes)
    index = timed("index (types, sentences)", rows, GraphIndex, g)
    G = timed("project entities", rows, entity_graph, index)
    timed("project co-occurrence", rows, cooccurrence_graph, index)
    U = simple_undirected(G)
    timed("PageRank", rows, nx.pagerank, U)
    timed("betweenness k=200 seed=42", rows, nx.betweenness_centrality, U, k=200, seed=42)
    timed("Louvain seed=42", rows, nx.community.louvain_communities, U, seed=42)
    html = timed(f"kg viz page (max-nodes {args.nodes})", rows, build_page, G, max_nodes=args.nodes)
    timed("kg viz page (max-nodes 1000)", rows, build_page, G, max_nodes=1000)
    out = Path(tempfile.mkdtemp()) / "bench.html"
    size = write_page(html, out)
    if args.browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(out.as_uri())
            page.wait_for_function("window.kgReady === true", timeout=300_000)
            rows.append(("browser: load + first draw", time.perf_counter() - start))
            browser.close()
    print(f"{len(g)} triples; entity graph {G.number_of_nodes()} nodes / {G.number_of_edges()} edges; "
          f"page {size / 1024:.0f} KiB")
    width = max(len(label) for label, _ in rows)
    print(f"{'step':<{width}}  seconds")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:7.2f}")


if __name__ == "__main__":
    main()
