"""The entity list of a graph: class, canonical name, aliases, mention count.

This is how users audit resolution decisions (``kg entities``).
"""

from __future__ import annotations

from collections import Counter

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.rdf.serialize import union_graph
from kg.vocab import ITSRDF, SCHEMA

__all__ = ["list_entities", "ENTITY_ROOTS"]

ENTITY_ROOTS = {SCHEMA.Person: "Person", SCHEMA.Organization: "Organization", SCHEMA.Place: "Place"}


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def list_entities(ds: Dataset, kind: str | None = None) -> list[dict]:
    """One row per entity, most mentioned first, then by kind and name."""
    graph = union_graph(ds)
    root_of: dict[URIRef, str] = {}
    for root, name in ENTITY_ROOTS.items():
        for cls in graph.transitive_subjects(RDFS.subClassOf, root):
            root_of[cls] = name
    mentions = Counter(o for o in graph.objects(None, ITSRDF.taIdentRef))
    rows = []
    for entity in sorted(set(graph.subjects(RDF.type, None))):
        classes = [c for c in graph.objects(entity, RDF.type) if c in root_of]
        if not classes:
            continue
        # the most specific class: the one with the longest path to its root
        cls = max(classes, key=lambda c: (len(list(graph.transitive_objects(c, RDFS.subClassOf))), str(c)))
        labels = sorted(str(l) for l in graph.objects(entity, RDFS.label))
        row = {
            "entity": str(entity),
            "kind": root_of[cls],
            "class": _local(cls),
            "label": labels[0] if labels else "",
            "aliases": sorted(str(a) for a in graph.objects(entity, SKOS.altLabel)),
            "mentions": mentions[entity],
        }
        if kind is None or row["kind"].lower() == kind.lower():
            rows.append(row)
    return sorted(rows, key=lambda r: (-r["mentions"], r["kind"], r["label"]))
