"""Documents -> RDF, exactly per ``shared/design/rdf-contract.md``.

This is the only module that turns the data model into triples.  Relations
the text states directly (talks with, visited …) are plain triples plus an
``rdf:Statement`` that carries their ``prov:wasDerivedFrom`` sentence.  Each document
becomes one named graph (its IRI is the document's ``nif:Context``); the
ontology's declarations go into the default graph so that every file we write
answers ``?x a/rdfs:subClassOf* schema:Person`` on its own.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Dataset, Graph
from rdflib.namespace import RDF, RDFS, SKOS, TIME

from kg import __version__
from kg.model import Document, Event, Key, Quantity, Relation, Sentence, TimeValue
from kg.rdf.iris import DEFAULT_BASE, Iris
from kg.rdf.terms import XSD_NS, from_rdflib, iri, literal, number, to_rdflib
from kg.vocab import ITSRDF, KG, NIF, ORG, PREFIXES, PROV, SCHEMA
from kg.resources import data_path

__all__ = ["build_dataset", "document_triples", "default_triples", "ontology_graph", "RELATION_PROPERTIES"]

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


class _Terms:
    """A namespace whose members are N-Triples IRIs: ``_NIF.Phrase == "<…nif-core#Phrase>"``.
    A closed namespace (KG) still raises on a misspelt name."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = iri(self._namespace[name])
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


class _TermIris:
    """:class:`kg.rdf.iris.Iris` with every IRI as N-Triples text.

    Sentence and phrase IRIs extend the document's IRI (as ``Iris`` builds them),
    so the document's id is percent-encoded once, not once per mention; IRIs of
    entities, roles and times repeat across documents and are remembered."""

    def __init__(self, iris: Iris):
        self._iris = iris
        self._documents: dict[str, str] = {}

    def document(self, doc_id: str) -> str:
        term = self._documents.get(doc_id)
        if term is None:
            term = self._documents[doc_id] = iri(self._iris.document(doc_id))
        return term

    def sentence(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.document(doc_id)[:-1]}#sentence={start},{end}>"

    def phrase(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.document(doc_id)[:-1]}#char={start},{end}>"

    def entity(self, key: str) -> str:
        return _shared_iri(self._iris.base, "entity", key)

    def role(self, title: str) -> str:
        return _shared_iri(self._iris.base, "role", title)

    def time(self, value: str, datatype: str, approximate: bool) -> str:
        return _shared_iri(self._iris.base, "time", value, datatype, approximate)

    def __getattr__(self, name: str):
        method = getattr(self._iris, name)

        def term(*args) -> str:
            return iri(method(*args))

        setattr(self, name, term)
        return term


@lru_cache(maxsize=100_000)
def _shared_iri(base: str, kind: str, *args) -> str:
    return iri(getattr(Iris(base), kind)(*args))


_RDF, _RDFS, _SKOS, _TIME = _Terms(RDF), _Terms(RDFS), _Terms(SKOS), _Terms(TIME)
_KG, _NIF, _ITSRDF, _ORG, _PROV, _SCHEMA = (_Terms(ns) for ns in (KG, NIF, ITSRDF, ORG, PROV, SCHEMA))
_TRUE = f'"true"^^<{XSD_NS}boolean>'


def _count(n: int) -> str:
    return f'"{n}"^^<{XSD_NS}nonNegativeInteger>'


#: TimeValue datatype -> the OWL-Time property that dates a time:Instant with it.
_INSTANT_PROPERTIES = {"date": iri(TIME.inXSDDate), "dateTime": iri(TIME.inXSDDateTimeStamp),
                       "gYearMonth": iri(TIME.inXSDgYearMonth), "gYear": iri(TIME.inXSDgYear)}


def time_literal(tv: TimeValue) -> str:
    return literal(tv.value, XSD_NS + tv.datatype)


class _DocumentWriter:
    """Collects one document's triples (N-Triples term text, see :mod:`kg.rdf.terms`)."""

    def __init__(self, doc: Document, iris: Iris, activity: str):
        self.doc, self.iris, self.activity = doc, _TermIris(iris), activity
        self.ctx = self.iris.document(doc.id)
        self.triples: set[tuple[str, str, str]] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.add((s, p, o))

    def sentence_iri(self, sentence: Sentence) -> str:
        return self.iris.sentence(self.doc.id, sentence.start, sentence.end)

    def provenance(self, node: str, sentences) -> None:
        for sentence in sentences:
            self.add(node, _PROV.wasDerivedFrom, self.sentence_iri(sentence))
        self.add(node, _PROV.wasGeneratedBy, self.activity)

    def phrase(self, start: int, end: int, target: str) -> None:
        add, doc = self.add, self.doc
        node = self.iris.phrase(doc.id, start, end)
        add(node, _RDF.type, _NIF.Phrase)
        add(node, _NIF.referenceContext, self.ctx)
        add(node, _NIF.beginIndex, _count(start))
        add(node, _NIF.endIndex, _count(end))
        add(node, _NIF.anchorOf, literal(doc.text[start:end]))
        add(node, _NIF.sentence, self.sentence_iri(doc.sentence_of(start)))
        add(node, _ITSRDF.taIdentRef, target)

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
        add, doc, ctx = self.add, self.doc, self.ctx
        add(ctx, _RDF.type, _NIF.Context)
        add(ctx, _NIF.isString, literal(doc.text))
        add(ctx, _NIF.beginIndex, _count(0))
        add(ctx, _NIF.endIndex, _count(len(doc.text)))
        add(ctx, _KG.sourceFile, literal(doc.source))
        if doc.date:
            add(ctx, _SCHEMA.dateCreated, literal(doc.date, XSD_NS + "date"))
        self.dateline_and_credits()
        for sentence in doc.sentences:
            node = self.sentence_iri(sentence)
            add(node, _RDF.type, _NIF.Sentence)
            add(node, _NIF.referenceContext, ctx)
            add(node, _NIF.beginIndex, _count(sentence.start))
            add(node, _NIF.endIndex, _count(sentence.end))
            add(node, _NIF.anchorOf, literal(doc.sentence_text(sentence)))

    def dateline_and_credits(self) -> None:
        """What the dateline and bylines say: schema:datePublished, schema:locationCreated,
        schema:author and schema:editor of the document (persons and places as entities)."""
        from kg.extract.dateline import dateline_place, full_date

        add, doc, ctx = self.add, self.doc, self.ctx
        known = {e.key for e in doc.entities}
        if doc.dateline is not None and full_date(doc.dateline.date):
            add(ctx, _SCHEMA.datePublished, literal(doc.dateline.date, XSD_NS + "date"))
        place = dateline_place(doc)
        if place in known:
            add(ctx, _SCHEMA.locationCreated, self.iris.entity(place))
        for credit in doc.credits:
            key = Key.of("person", credit.name)
            if key in known:
                add(ctx, _SCHEMA.author if credit.role == "author" else _SCHEMA.editor, self.iris.entity(key))

    def entities(self) -> None:
        for entity in self.doc.entities:
            node = self.iris.entity(entity.key)
            self.add(node, _RDF.type, _KG[entity.cls])
            self.add(node, _RDFS.label, literal(entity.label, lang="zh"))
            for alias in entity.aliases:
                if alias != entity.label:
                    self.add(node, _SKOS.altLabel, literal(alias, lang="zh"))

    def mentions(self) -> None:
        known = {e.key for e in self.doc.entities}
        for mention in self.doc.mentions:
            if mention.ref is None:
                continue
            if mention.ref in known:
                self.phrase(mention.start, mention.end, self.iris.entity(mention.ref))
            elif mention.ref.kind == "role":
                role = mention.ref.name
                self.role(role)
                self.phrase(mention.start, mention.end, self.iris.role(role))

    def role(self, title: str) -> str:
        node = self.iris.role(title)
        self.add(node, _RDF.type, _KG.Role)
        self.add(node, _RDFS.label, literal(title, lang="zh"))
        return node

    def times(self) -> None:
        for mention, tv in self.doc.times:
            node = self.iris.time(tv.value, tv.datatype, tv.approximate)
            self.add(node, _RDF.type, _KG.TimeValue)
            self.add(node, _RDF.value, time_literal(tv))
            if tv.approximate:
                self.add(node, _KG.approximate, _TRUE)
            self.phrase(mention.start, mention.end, node)

    def quantities(self) -> None:
        for q in self.doc.quantities:
            self.quantity(q)

    def quantity(self, q: Quantity) -> None:
        add = self.add
        node = self.iris.quantity(self.doc.id, q.key)
        add(node, _RDF.type, _SCHEMA.QuantitativeValue)
        add(node, _SCHEMA.value, number(q.value))
        add(node, _SCHEMA.unitText, literal(q.unit))
        if q.counts:
            add(node, _KG.counts, literal(q.counts))
        if q.approximate:
            add(node, _KG.approximate, _TRUE)
        self.provenance(node, [self.doc.sentence_of(q.mention.start)])
        self.phrase(q.mention.start, q.mention.end, node)

    def relation(self, rel: Relation) -> None:
        add, iris = self.add, self.iris
        subject, obj = iris.entity(rel.subject), iris.entity(rel.object)
        if rel.object.kind == "time":  # a date literal (schema:foundingDate): time/gYear/2001
            datatype, value = rel.object.rest.split("/", 1)
            obj = literal(value, XSD_NS + datatype)
        if rel.kind == "membership":
            node = iris.membership(rel.subject, rel.object, rel.role or "")
            add(node, _RDF.type, _ORG.Membership)
            add(node, _ORG.member, subject)
            add(node, _ORG.organization, obj)
            if rel.role:
                add(node, _ORG.role, self.role(rel.role))
            if rel.ended or rel.started or rel.start or rel.end:
                self.member_during(node, rel)
            self.provenance(node, rel.sentences)
            return
        prop = _RELATION_TERMS.get(rel.kind) or _KG[rel.kind]
        add(subject, prop, obj)
        if rel.sentences:  # a fact the text states: say where, as a reified statement
            node = iris.statement(rel.subject, rel.kind, rel.object)
            add(node, _RDF.type, _RDF.Statement)
            add(node, _RDF.subject, subject)
            add(node, _RDF.predicate, prop)
            add(node, _RDF.object, obj)
            self.provenance(node, rel.sentences)

    def member_during(self, node: str, rel: Relation) -> None:
        """An ended or new position: org:memberDuring a time:Interval whose time:hasEnd /
        time:hasBeginning is a time:Instant, dated (time:inXSDDate …) when the text says when."""
        add = self.add
        interval = f"{node[:-1]}-during>"
        add(node, _ORG.memberDuring, interval)
        add(interval, _RDF.type, _TIME.Interval)
        for flag, tv, prop, suffix in ((rel.started or rel.start, rel.start, _TIME.hasBeginning, "start"),
                                       (rel.ended, rel.end, _TIME.hasEnd, "end")):
            if not flag:
                continue
            instant = f"{node[:-1]}-{suffix}>"
            add(interval, prop, instant)
            add(instant, _RDF.type, _TIME.Instant)
            if tv is not None and tv.datatype in _INSTANT_PROPERTIES:
                add(instant, _INSTANT_PROPERTIES[tv.datatype], time_literal(tv))

    def event(self, event: Event) -> None:
        add = self.add
        node = self.iris.event(self.doc.id, event.key)
        add(node, _RDF.type, _KG[event.cls])
        label = event.trigger.text if event.date is None else f"{event.trigger.text} {event.date.value}"
        add(node, _RDFS.label, literal(label, lang="zh"))
        if event.date is not None:
            add(node, _SCHEMA.startDate, time_literal(event.date))
        if event.location is not None:
            add(node, _SCHEMA.location, self.iris.entity(event.location))
        for prop, key in event.participants:
            target = _SCHEMA.participant if prop == "participant" else _KG[prop]
            add(node, target, self.iris.entity(key))
        for prop, key in event.counts:
            add(node, _KG[prop], self.iris.quantity(self.doc.id, key))
        for prop, text in event.things:
            add(node, _KG[prop], literal(text, lang="zh"))
        if event.modality is not None:
            add(node, _KG.modality, _KG[event.modality])
        self.provenance(node, [event.sentence])
        self.phrase(event.trigger.start, event.trigger.end, node)


_RELATION_TERMS = {kind: iri(prop) for kind, prop in RELATION_PROPERTIES.items()}


def document_triples(doc: Document, base: str = DEFAULT_BASE) -> list[tuple[str, str, str]]:
    """One document's triples as N-Triples term text, without duplicates, sorted."""
    iris = Iris(base)
    writer = _DocumentWriter(doc, iris, iri(iris.activity(__version__)))
    writer.write()
    return sorted(writer.triples)


@lru_cache(maxsize=8)
def default_triples(base: str = DEFAULT_BASE) -> tuple[tuple[str, str, str], ...]:
    """The default graph's triples (the ontology and the extraction activity), sorted."""
    activity = iri(Iris(base).activity(__version__))
    triples = {tuple(from_rdflib(term) for term in triple) for triple in ontology_graph()}
    triples.add((activity, _RDF.type, _KG.Extraction))
    triples.add((activity, _RDFS.label, literal(f"kg {__version__} extraction pipeline", lang="en")))
    return tuple(sorted(triples))


def build_dataset(docs: list[Document], base: str = DEFAULT_BASE) -> Dataset:
    """One named graph per document plus the ontology in the default graph, as an rdflib
    Dataset (for the API; ``kg build`` writes files with :mod:`kg.rdf.stream` instead)."""
    ds = Dataset()
    _bind(ds)
    terms: dict[str, object] = {}

    def term(text: str):
        value = terms.get(text)
        if value is None:
            value = terms[text] = to_rdflib(text)
        return value

    default = ds.default_graph
    for s, p, o in default_triples(base):
        default.add((term(s), term(p), term(o)))
    iris = Iris(base)
    for doc in docs:
        graph = ds.graph(iris.document(doc.id))
        for s, p, o in document_triples(doc, base):
            graph.add((term(s), term(p), term(o)))
    return ds
