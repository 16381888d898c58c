"""Projections of a kg RDF graph onto NetworkX graphs.

Three views of the same file, each a plain NetworkX graph whose node ids are
IRIs (strings) and whose attributes are plain Python values:

``entities`` (:func:`entity_graph`, a ``MultiDiGraph``)
    People, organizations, places and events -- every IRI whose ``rdf:type``
    is ``rdfs:subClassOf*`` ``schema:Person``/``Organization``/``Place``/
    ``Event``.  Edges are the facts between them: a membership
    (``org:Membership``) becomes person -> organization labelled with the
    role; an event links to its participants (``schema:participant`` and
    its sub-properties: agent, attendee, caller ...) and its
    ``schema:location``; ``schema:containedInPlace``, ``schema:location``,
    ``org:subOrganizationOf`` and the relation properties of our ontology
    (``kg:talksWith``, ``metWith``, ``aided``, ``donatedTo``, ``visited``
    and anything declared a sub-property of them) are copied as they are.
``cooccurrence`` (:func:`cooccurrence_graph`, a ``Graph``)
    The same nodes; an edge joins two entities whose NIF phrases share a
    ``nif:sentence``, with ``weight`` = the number of such sentences.
``rdf`` (:func:`rdf_graph`, a ``MultiDiGraph``)
    Every IRI of the file as a node and every triple between two IRIs as an
    edge keyed and labelled by its predicate.

Node attributes: ``label`` (``rdfs:label``, Chinese first; an event's is what
it is -- class, key participant, date: ``裁员 · 甲骨文 · 2019-05-07``, see
:mod:`kg.analysis.event_labels` -- and it also has ``trigger``), ``kind``
(Person/Organization/Place/Event), ``class`` (local name of the most specific
class), ``aliases`` (sorted ``skos:altLabel``), ``evidence`` (the sentences
that mention it, in text order), ``mentions`` (number of phrases).
Edge attributes: ``type`` (a stable name: ``memberOf``, ``agent``,
``containedInPlace`` ...), ``label`` (what to print: the role or the
property's Chinese label), ``predicate`` (IRI) and ``evidence`` (sentence
texts: the ``prov:wasDerivedFrom`` sentences of the fact, or failing that the
sentences where both ends are mentioned).

Everything is read with rdflib triple patterns, so the result depends only on
the triples, never on the order a writer emitted them in; all lists are sorted.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.analysis.event_labels import event_labels, local_name
from kg.errors import GraphError
from kg.vocab import KG, NIF, ORG, PROV, SCHEMA

__all__ = [
    "VIEWS",
    "KINDS",
    "EDGE_LABELS",
    "GraphIndex",
    "as_graph",
    "entity_graph",
    "cooccurrence_graph",
    "rdf_graph",
    "project",
    "local_name",
    "load_projection",
]

#: The views every drawing or analysing command accepts as ``--view``.
VIEWS = ("entities", "cooccurrence", "rdf")

#: schema.org root class -> kind name.
KINDS = {
    SCHEMA.Person: "Person",
    SCHEMA.Organization: "Organization",
    SCHEMA.Place: "Place",
    SCHEMA.Event: "Event",
}

#: Relation properties copied as edges (sub-properties are found in the graph).
RELATION_PROPERTIES = (
    SCHEMA.containedInPlace,
    SCHEMA.location,
    ORG.subOrganizationOf,
    KG.talksWith,
    KG.metWith,
    KG.aided,
    KG.donatedTo,
    KG.visited,
)

#: Chinese edge labels for properties outside our ontology (ours carry rdfs:label@zh).
EDGE_LABELS = {
    "memberOf": "成员",
    "participant": "参与者",
    "location": "地点",
    "containedInPlace": "位于",
    "subOrganizationOf": "隶属于",
}

#: At most this many evidence sentences are kept per node or edge.
MAX_EVIDENCE = 5



def as_graph(graph: Graph | Dataset) -> Graph:
    """A single rdflib graph holding all triples (a dataset is merged)."""
    if isinstance(graph, Dataset):
        from kg.rdf.serialize import union_graph

        return union_graph(graph)
    return graph


def _best_label(graph: Graph, node) -> str | None:
    """``rdfs:label`` preferring ``@zh``, then untagged, then any; ties by text."""
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    if not labels:
        return None
    rank = {"zh": 0, None: 1}
    return str(min(labels, key=lambda lit: (rank.get(lit.language, 2), str(lit))))


class GraphIndex:
    """What the projections need from one RDF graph, looked up once.

    ``kind``/``cls`` map entity IRIs to their kind and most specific class;
    ``sentence_text`` maps sentence IRIs to text; ``sentences_of`` maps an
    entity to the sentences its phrases sit in.
    """

    def __init__(self, graph: Graph | Dataset):
        self.graph = g = as_graph(graph)
        self.kind: dict[URIRef, str] = {}
        self.cls: dict[URIRef, URIRef] = {}
        ancestors_cache: dict[URIRef, set] = {}

        def ancestors(cls):
            if cls not in ancestors_cache:
                ancestors_cache[cls] = set(g.transitive_objects(cls, RDFS.subClassOf))
            return ancestors_cache[cls]

        for node, cls in g.subject_objects(RDF.type):
            if not isinstance(node, URIRef) or not isinstance(cls, URIRef):
                continue
            kinds = [KINDS[root] for root in KINDS if root in ancestors(cls)]
            if not kinds:
                continue
            best = self.cls.get(node)
            # most specific = most ancestors; ties broken by IRI, so order never matters
            if best is None or (-len(ancestors(cls)), str(cls)) < (-len(ancestors(best)), str(best)):
                self.cls[node] = cls
                self.kind[node] = min(kinds)
        self.event_label = event_labels(g, {n: self.cls[n] for n, k in self.kind.items() if k == "Event"})
        self.sentence_text: dict[URIRef, str] = {}
        self.sentence_order: dict[URIRef, tuple] = {}
        for sentence in g.subjects(RDF.type, NIF.Sentence):
            self.sentence_text[sentence] = self._sentence_text(sentence)
            begin = g.value(sentence, NIF.beginIndex)
            ctx = g.value(sentence, NIF.referenceContext)
            self.sentence_order[sentence] = (str(ctx), int(begin) if begin is not None else 0, str(sentence))
        self.sentences_of: dict[URIRef, set] = defaultdict(set)
        self.mentions: dict[URIRef, int] = defaultdict(int)
        for phrase, target in g.subject_objects(ITS_IDENT):
            if target in self.kind:
                self.mentions[target] += 1
                for sentence in g.objects(phrase, NIF.sentence):
                    self.sentences_of[target].add(sentence)

    def _sentence_text(self, sentence) -> str:
        g = self.graph
        anchor = g.value(sentence, NIF.anchorOf)
        if anchor is not None:
            return str(anchor)
        ctx, begin, end = (g.value(sentence, p) for p in (NIF.referenceContext, NIF.beginIndex, NIF.endIndex))
        text = g.value(ctx, NIF.isString) if ctx is not None else None
        if text is None or begin is None or end is None:
            return ""
        return str(text)[int(begin):int(end)]

    def texts(self, sentences) -> list[str]:
        """Sentence texts in document order, at most :data:`MAX_EVIDENCE`."""
        known = [s for s in set(sentences) if s in self.sentence_text]
        known.sort(key=lambda s: self.sentence_order[s])
        return [self.sentence_text[s] for s in known[:MAX_EVIDENCE]]

    def shared_sentences(self, a, b) -> set:
        return self.sentences_of.get(a, set()) & self.sentences_of.get(b, set())

    def node_attributes(self, node: URIRef) -> dict:
        g = self.graph
        aliases = sorted({str(o) for o in g.objects(node, SKOS.altLabel)})
        attrs = {
            "iri": str(node),
            "label": _best_label(g, node) or local_name(node),
            "kind": self.kind[node],
            "class": local_name(self.cls[node]),
            "aliases": aliases,
            "evidence": self.texts(self.sentences_of.get(node, ())),
            "mentions": self.mentions.get(node, 0),
        }
        date = g.value(node, SCHEMA.startDate)
        if date is not None:
            attrs["date"] = str(date)
        event = self.event_label.get(node)
        if event is not None:
            attrs["label"] = event.text
            attrs["trigger"] = event.trigger
        return attrs

    def property_label(self, prop: URIRef) -> str:
        name = local_name(prop)
        return EDGE_LABELS.get(name) or _best_label(self.graph, prop) or name


ITS_IDENT = URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef")


def _sub_properties(g: Graph, roots) -> set:
    """``roots`` and every property declared ``rdfs:subPropertyOf*`` one of them."""
    found = set(roots)
    for root in roots:
        found.update(g.transitive_subjects(RDFS.subPropertyOf, root))
    return found


def _index(graph) -> GraphIndex:
    return graph if isinstance(graph, GraphIndex) else GraphIndex(graph)


def _add_nodes(G: nx.Graph, index: GraphIndex) -> None:
    for node in sorted(index.kind, key=str):
        G.add_node(str(node), **index.node_attributes(node))


def entity_graph(graph: Graph | Dataset | GraphIndex) -> nx.MultiDiGraph:
    """People, organizations, places and events with the facts between them.

    Edges are keyed by ``type`` (plus the role for memberships), so a fact
    stated twice is one edge.
    """
    index = _index(graph)
    g = index.graph
    G = nx.MultiDiGraph(view="entities")
    _add_nodes(G, index)
    derived: dict[tuple, set] = defaultdict(set)
    for statement in g.subjects(RDF.type, RDF.Statement):
        key = (g.value(statement, RDF.subject), g.value(statement, RDF.predicate), g.value(statement, RDF.object))
        derived[key].update(g.objects(statement, PROV.wasDerivedFrom))

    def add(source, target, etype, label, predicate, sentences):
        if source not in index.kind or target not in index.kind or source == target:
            return
        evidence = index.texts(sentences) or index.texts(index.shared_sentences(source, target))
        key = etype if etype != "memberOf" else f"memberOf:{label}"
        G.add_edge(str(source), str(target), key=key, type=etype, label=label,
                   predicate=str(predicate), evidence=evidence)

    for membership in sorted(g.subjects(RDF.type, ORG.Membership), key=str):
        sentences = set(g.objects(membership, PROV.wasDerivedFrom))
        roles = sorted(_best_label(g, r) or local_name(r) for r in g.objects(membership, ORG.role))
        for member in g.objects(membership, ORG.member):
            for organization in g.objects(membership, ORG.organization):
                for role in roles or [EDGE_LABELS["memberOf"]]:
                    add(member, organization, "memberOf", role, ORG.memberOf, sentences)

    participant_props = _sub_properties(g, [SCHEMA.participant])
    events = [n for n, kind in index.kind.items() if kind == "Event"]
    for event in sorted(events, key=str):
        sentences = set(g.objects(event, PROV.wasDerivedFrom))
        for prop in sorted(participant_props, key=str):
            for target in g.objects(event, prop):
                add(event, target, local_name(prop), index.property_label(prop), prop, sentences)
        for target in g.objects(event, SCHEMA.location):
            add(event, target, "location", index.property_label(SCHEMA.location), SCHEMA.location, sentences)

    for prop in sorted(_sub_properties(g, RELATION_PROPERTIES), key=str):
        for source, target in g.subject_objects(prop):
            if index.kind.get(source) == "Event" and prop == SCHEMA.location:
                continue  # already added with the event's own evidence
            add(source, target, local_name(prop), index.property_label(prop), prop,
                derived.get((source, prop, target), ()))
    return G


def cooccurrence_graph(graph: Graph | Dataset | GraphIndex) -> nx.Graph:
    """Entities joined when mentioned in the same sentence; ``weight`` counts sentences."""
    index = _index(graph)
    G = nx.Graph(view="cooccurrence")
    _add_nodes(G, index)
    in_sentence: dict[URIRef, set] = defaultdict(set)
    for entity, sentences in index.sentences_of.items():
        for sentence in sentences:
            in_sentence[sentence].add(entity)
    pairs: dict[tuple, set] = defaultdict(set)
    for sentence, entities in in_sentence.items():
        ordered = sorted(entities, key=str)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs[(a, b)].add(sentence)
    for (a, b) in sorted(pairs, key=lambda p: (str(p[0]), str(p[1]))):
        sentences = pairs[(a, b)]
        G.add_edge(str(a), str(b), type="cooccurs", label=f"同句×{len(sentences)}",
                   weight=len(sentences), evidence=index.texts(sentences))
    return G


def rdf_graph(graph: Graph | Dataset | GraphIndex) -> nx.MultiDiGraph:
    """Every IRI node, every IRI-to-IRI triple as an edge labelled by its predicate."""
    index = _index(graph)
    g = index.graph
    G = nx.MultiDiGraph(view="rdf")
    iris = {n for triple in g for n in (triple[0], triple[2]) if isinstance(n, URIRef)}
    for node in sorted(iris, key=str):
        if node in index.kind:
            G.add_node(str(node), **index.node_attributes(node))
            continue
        types = sorted(g.objects(node, RDF.type), key=str)
        G.add_node(str(node), iri=str(node), label=_best_label(g, node) or local_name(node),
                   kind="Other", **{"class": local_name(types[0]) if types else "Resource"},
                   aliases=[], evidence=[], mentions=0)
    for s, p, o in sorted(g.triples((None, None, None)), key=lambda t: tuple(map(str, t))):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            name = local_name(p)
            G.add_edge(str(s), str(o), key=name, type=name, label=name, predicate=str(p), evidence=[])
    return G


def project(graph: Graph | Dataset | GraphIndex, view: str = "entities") -> nx.Graph:
    """The NetworkX graph for ``view`` (one of :data:`VIEWS`)."""
    builders = {"entities": entity_graph, "cooccurrence": cooccurrence_graph, "rdf": rdf_graph}
    if view not in builders:
        raise GraphError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    return builders[view](graph)


def load_projection(path, view: str = "entities") -> tuple[nx.Graph, GraphIndex]:
    """Read a graph file and project it; returns the NetworkX graph and the index."""
    from kg.rdf.serialize import load_graph

    if view not in VIEWS:
        raise GraphError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    index = GraphIndex(load_graph(path))
    return project(index, view), index
