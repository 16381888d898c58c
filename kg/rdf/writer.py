"""Documents -> RDF, exactly per ``shared/design/rdf-contract.md``.

This is the only module that turns the data model into triples.  Relations
the text states directly (talks with, visited …) are plain triples plus an
``rdf:Statement`` that carries their ``prov:wasDerivedFrom`` sentence.  Each document
becomes one named graph (its IRI is the document's ``nif:Context``); the
ontology's declarations go into the default graph so that every file we write
answers ``?x a/rdfs:subClassOf* schema:Person`` on its own.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, TIME, XSD

from kg import __version__
from kg.model import Document, Event, Quantity, Relation, Sentence, TimeValue
from kg.rdf.iris import DEFAULT_BASE, Iris
from kg.rdf.vocab import ITSRDF, KG, NIF, ORG, PREFIXES, PROV, SCHEMA
from kg.resources import data_path

__all__ = ["build_dataset", "ontology_graph", "RELATION_PROPERTIES"]

#: Relation.kind -> property IRI for kinds that are not our own ontology's.
RELATION_PROPERTIES = {
    "containedInPlace": SCHEMA.containedInPlace,
    "location": SCHEMA.location,
    "subOrganizationOf": ORG.subOrganizationOf,
    "founder": SCHEMA.founder,
    "nationality": SCHEMA.nationality,
    "birthPlace": SCHEMA.birthPlace,
    "alumniOf": SCHEMA.alumniOf,
    "spouse": SCHEMA.spouse,
    "parent": SCHEMA.parent,
    "children": SCHEMA.children,
    "foundingDate": SCHEMA.foundingDate,
}


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The packaged ontology (``ontology/kg.ttl``), parsed once."""
    graph = Graph()
    graph.parse(data_path("ontology", "kg.ttl"), format="turtle")
    return graph


def _bind(ds: Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)


def _number(value) -> Literal:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(repr(value)), datatype=XSD.decimal)


#: TimeValue datatype -> the OWL-Time property that dates a time:Instant with it.
_INSTANT_PROPERTIES = {"date": TIME.inXSDDate, "dateTime": TIME.inXSDDateTimeStamp,
                       "gYearMonth": TIME.inXSDgYearMonth, "gYear": TIME.inXSDgYear}


def time_literal(tv: TimeValue) -> Literal:
    return Literal(tv.value, datatype=XSD[tv.datatype])


class _DocumentWriter:
    """Writes one document's triples into its named graph."""

    def __init__(self, graph: Graph, doc: Document, iris: Iris, activity: URIRef):
        self.g, self.doc, self.iris, self.activity = graph, doc, iris, activity
        self.ctx = iris.document(doc.id)

    def sentence_iri(self, sentence: Sentence) -> URIRef:
        return self.iris.sentence(self.doc.id, sentence.start, sentence.end)

    def provenance(self, node: URIRef, sentences) -> None:
        for sentence in sentences:
            self.g.add((node, PROV.wasDerivedFrom, self.sentence_iri(sentence)))
        self.g.add((node, PROV.wasGeneratedBy, self.activity))

    def phrase(self, start: int, end: int, target: URIRef) -> None:
        g, doc = self.g, self.doc
        node = self.iris.phrase(doc.id, start, end)
        g.add((node, RDF.type, NIF.Phrase))
        g.add((node, NIF.referenceContext, self.ctx))
        g.add((node, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.anchorOf, Literal(doc.text[start:end])))
        g.add((node, NIF.sentence, self.sentence_iri(doc.sentence_of(start))))
        g.add((node, ITSRDF.taIdentRef, target))

    def write(self) -> None:
        self.context()
        self.entities()
        self.mentions()
        self.times()
        self.quantities()
        for relation in self.doc.relations:
            self.relation(relation)
        for event in self.doc.events:
            self.event(event)

    def context(self) -> None:
        g, doc, ctx = self.g, self.doc, self.ctx
        g.add((ctx, RDF.type, NIF.Context))
        g.add((ctx, NIF.isString, Literal(doc.text)))
        g.add((ctx, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
        g.add((ctx, NIF.endIndex, Literal(len(doc.text), datatype=XSD.nonNegativeInteger)))
        g.add((ctx, KG.sourceFile, Literal(doc.source)))
        if doc.date:
            g.add((ctx, SCHEMA.dateCreated, Literal(doc.date, datatype=XSD.date)))
        self.dateline_and_credits()
        for sentence in doc.sentences:
            node = self.sentence_iri(sentence)
            g.add((node, RDF.type, NIF.Sentence))
            g.add((node, NIF.referenceContext, ctx))
            g.add((node, NIF.beginIndex, Literal(sentence.start, datatype=XSD.nonNegativeInteger)))
            g.add((node, NIF.endIndex, Literal(sentence.end, datatype=XSD.nonNegativeInteger)))
            g.add((node, NIF.anchorOf, Literal(doc.sentence_text(sentence))))

    def dateline_and_credits(self) -> None:
        """What the dateline and bylines say: schema:datePublished, schema:locationCreated,
        schema:author and schema:editor of the document (persons and places as entities)."""
        from kg.extract.dateline import dateline_place, full_date

        g, doc, ctx = self.g, self.doc, self.ctx
        known = {e.key for e in doc.entities}
        if doc.dateline is not None and full_date(doc.dateline.date):
            g.add((ctx, SCHEMA.datePublished, Literal(doc.dateline.date, datatype=XSD.date)))
        place = dateline_place(doc)
        if place in known:
            g.add((ctx, SCHEMA.locationCreated, self.iris.entity(place)))
        for credit in doc.credits:
            key = f"person/{credit.name}"
            if key in known:
                g.add((ctx, SCHEMA.author if credit.role == "author" else SCHEMA.editor, self.iris.entity(key)))

    def entities(self) -> None:
        for entity in self.doc.entities:
            node = self.iris.entity(entity.key)
            self.g.add((node, RDF.type, KG[entity.cls]))
            self.g.add((node, RDFS.label, Literal(entity.label, lang="zh")))
            for alias in entity.aliases:
                if alias != entity.label:
                    self.g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))

    def mentions(self) -> None:
        known = {e.key for e in self.doc.entities}
        for mention in self.doc.mentions:
            if mention.ref is None:
                continue
            if mention.ref in known:
                self.phrase(mention.start, mention.end, self.iris.entity(mention.ref))
            elif mention.ref.startswith("role/"):
                role = mention.ref[len("role/"):]
                self.role(role)
                self.phrase(mention.start, mention.end, self.iris.role(role))

    def role(self, title: str) -> URIRef:
        node = self.iris.role(title)
        self.g.add((node, RDF.type, KG.Role))
        self.g.add((node, RDFS.label, Literal(title, lang="zh")))
        return node

    def times(self) -> None:
        for mention, tv in self.doc.times:
            node = self.iris.time(tv.value, tv.datatype, tv.approximate)
            self.g.add((node, RDF.type, KG.TimeValue))
            self.g.add((node, RDF.value, time_literal(tv)))
            if tv.approximate:
                self.g.add((node, KG.approximate, Literal(True)))
            self.phrase(mention.start, mention.end, node)

    def quantities(self) -> None:
        for q in self.doc.quantities:
            self.quantity(q)

    def quantity(self, q: Quantity) -> None:
        g = self.g
        node = self.iris.quantity(self.doc.id, q.key)
        g.add((node, RDF.type, SCHEMA.QuantitativeValue))
        g.add((node, SCHEMA.value, _number(q.value)))
        g.add((node, SCHEMA.unitText, Literal(q.unit)))
        if q.counts:
            g.add((node, KG.counts, Literal(q.counts)))
        if q.approximate:
            g.add((node, KG.approximate, Literal(True)))
        self.provenance(node, [self.doc.sentence_of(q.mention.start)])
        self.phrase(q.mention.start, q.mention.end, node)

    def relation(self, rel: Relation) -> None:
        g, iris = self.g, self.iris
        subject, obj = iris.entity(rel.subject), iris.entity(rel.object)
        if rel.object.startswith("time/"):  # a date literal (schema:foundingDate): time/gYear/2001
            _, datatype, value = rel.object.split("/", 2)
            obj = Literal(value, datatype=XSD[datatype])
        if rel.kind == "membership":
            node = iris.membership(rel.subject, rel.object, rel.role or "")
            g.add((node, RDF.type, ORG.Membership))
            g.add((node, ORG.member, subject))
            g.add((node, ORG.organization, obj))
            if rel.role:
                g.add((node, ORG.role, self.role(rel.role)))
            if rel.ended or rel.started or rel.start or rel.end:
                self.member_during(node, rel)
            self.provenance(node, rel.sentences)
            return
        prop = RELATION_PROPERTIES.get(rel.kind) or KG[rel.kind]
        g.add((subject, prop, obj))
        if rel.sentences:  # a fact the text states: say where, as a reified statement
            node = iris.statement(rel.subject, rel.kind, rel.object)
            g.add((node, RDF.type, RDF.Statement))
            g.add((node, RDF.subject, subject))
            g.add((node, RDF.predicate, prop))
            g.add((node, RDF.object, obj))
            self.provenance(node, rel.sentences)

    def member_during(self, node: URIRef, rel: Relation) -> None:
        """An ended or new position: org:memberDuring a time:Interval whose time:hasEnd /
        time:hasBeginning is a time:Instant, dated (time:inXSDDate …) when the text says when."""
        g = self.g
        interval = URIRef(f"{node}-during")
        g.add((node, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        for flag, tv, prop, suffix in ((rel.started or rel.start, rel.start, TIME.hasBeginning, "start"),
                                       (rel.ended, rel.end, TIME.hasEnd, "end")):
            if not flag:
                continue
            instant = URIRef(f"{node}-{suffix}")
            g.add((interval, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            if tv is not None and tv.datatype in _INSTANT_PROPERTIES:
                g.add((instant, _INSTANT_PROPERTIES[tv.datatype], time_literal(tv)))

    def event(self, event: Event) -> None:
        g = self.g
        node = self.iris.event(self.doc.id, event.key)
        g.add((node, RDF.type, KG[event.cls]))
        label = event.trigger.text if event.date is None else f"{event.trigger.text} {event.date.value}"
        g.add((node, RDFS.label, Literal(label, lang="zh")))
        if event.date is not None:
            g.add((node, SCHEMA.startDate, time_literal(event.date)))
        if event.location is not None:
            g.add((node, SCHEMA.location, self.iris.entity(event.location)))
        for prop, key in event.participants:
            target = SCHEMA.participant if prop == "participant" else KG[prop]
            g.add((node, target, self.iris.entity(key)))
        for prop, key in event.counts:
            g.add((node, KG[prop], self.iris.quantity(self.doc.id, key)))
        for prop, text in event.things:
            g.add((node, KG[prop], Literal(text, lang="zh")))
        if event.modality is not None:
            g.add((node, KG.modality, KG[event.modality]))
        self.provenance(node, [event.sentence])
        self.phrase(event.trigger.start, event.trigger.end, node)


def build_dataset(docs: list[Document], base: str = DEFAULT_BASE) -> Dataset:
    """One named graph per document plus the ontology in the default graph."""
    iris = Iris(base)
    ds = Dataset()
    _bind(ds)
    default = ds.default_graph
    for triple in ontology_graph():
        default.add(triple)
    activity = iris.activity(__version__)
    default.add((activity, RDF.type, KG.Extraction))
    default.add((activity, RDFS.label, Literal(f"kg {__version__} extraction pipeline", lang="en")))
    for doc in docs:
        graph = ds.graph(iris.document(doc.id))
        _DocumentWriter(graph, doc, iris, activity).write()
    return ds


