"""What an event is, in a few words: ``裁员 · 甲骨文 · 2019-05-07``.

People read an event by what it is, not by the word that triggered it. The
label is read from the RDF graph alone (any file that follows the contract,
§5), in three parts joined by :data:`SEPARATOR`, missing parts left out:

class
    The ``rdfs:label`` of the event's most specific class (the class with the
    most ``rdfs:subClassOf*`` ancestors; ties by IRI): ``@zh``, else ``@en``,
    else untagged, else the class's local name.
key participant
    Among the event's values of ``schema:participant`` and its
    sub-properties (``rdfs:subPropertyOf*``), the one mentioned first in the
    event's ``prov:wasDerivedFrom`` sentence (the lowest ``nif:beginIndex`` of
    a NIF phrase whose ``itsrdf:taIdentRef`` is that entity), then those not
    mentioned there, by label. With no participant, the place
    (``schema:location`` or a sub-property of it), chosen the same way.
date
    ``schema:startDate`` as a date: ``2019-05-07``, ``2019-05``, ``2019``, or
    ``2020-01-23 10:00`` for a dateTime; none for a duration or no date.

An event with ``kg:modality`` gets a marker: the ``@zh`` label of the
modality individual in brackets, ``（计划）``, else :data:`MODALITY_MARKERS`.

Everything is read with rdflib triple patterns and sorted, so the labels
depend only on the triples, never on the order a file lists them in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.vocab import NIF, PROV, SCHEMA

__all__ = ["SEPARATOR", "MODALITY_MARKERS", "EventLabel", "event_labels", "event_classes", "date_label",
           "class_label"]

SEPARATOR = " · "
#: Markers for the contract's modality individuals when the graph has no zh label for them.
MODALITY_MARKERS = {"Planned": "计划", "Negated": "否认", "Hypothetical": "假设"}

_KG = Namespace("http://kg.example.org/ontology#")
MODALITY = _KG["modality"]
ITS_IDENT = URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef")
_DATE = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?")


@dataclass(frozen=True)
class EventLabel:
    """The parts of one event's label; :attr:`text` is what to print."""

    cls: URIRef                  # the most specific class
    class_label: str             # 裁员
    key: str | None = None       # the key participant's (or else the place's) name
    date: str | None = None      # 2019-05-07, 2019-05, 2019, 2020-01-23 10:00
    modality: str | None = None  # 计划 (without brackets)
    trigger: str = ""            # the first trigger phrase's text, if any

    @property
    def text(self) -> str:
        head = SEPARATOR.join(part for part in (self.class_label, self.key, self.date) if part)
        return head + (f"（{self.modality}）" if self.modality else "")

    @property
    def rest(self) -> str:
        """The label after the class: ``甲骨文 · 2019-05-07（计划）``."""
        head = SEPARATOR.join(part for part in (self.key, self.date) if part)
        return head + (f"（{self.modality}）" if self.modality else "")


def local_name(iri) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return text


def _label(graph: Graph, node, languages=("zh", None)) -> str | None:
    """``rdfs:label`` in the first of ``languages`` that has one, else any; ties by text."""
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    if not labels:
        return None
    rank = {lang: i for i, lang in enumerate(languages)}
    return str(min(labels, key=lambda lit: (rank.get(lit.language, len(rank)), str(lit))))


def class_label(graph: Graph, cls) -> str:
    """A class's zh label, else its en label, else untagged, else its local name."""
    return _label(graph, cls, ("zh", "en", None)) or local_name(cls)


def date_label(value) -> str | None:
    """``schema:startDate`` as people read it; None for a duration or nothing."""
    if value is None:
        return None
    text = str(value).strip()
    if (isinstance(value, Literal) and value.datatype == XSD.duration) or text.lstrip("-").startswith("P"):
        return None
    match = _DATE.match(text)
    if not match:
        return text or None
    year, month, day, hour, minute = match.groups()
    out = "-".join(part for part in (year, month, day) if part)
    return f"{out} {hour}:{minute}" if hour else out


def event_classes(graph: Graph) -> dict[URIRef, URIRef]:
    """Event IRI -> its most specific class under ``schema:Event``."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, SCHEMA.Event))
    depth = {cls: len(set(graph.transitive_objects(cls, RDFS.subClassOf))) for cls in classes}
    best: dict[URIRef, URIRef] = {}
    for cls in classes:
        for node in graph.subjects(RDF.type, cls):
            if not isinstance(node, URIRef):
                continue
            current = best.get(node)
            if current is None or (-depth[cls], str(cls)) < (-depth[current], str(current)):
                best[node] = cls
    return best


def _sub_properties(graph: Graph, root) -> list:
    return sorted({root, *graph.transitive_subjects(RDFS.subPropertyOf, root)}, key=str)


class _Mentions:
    """Where entities are first mentioned inside given sentences."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.spans: dict = {}
        self.phrases: dict = {}

    def span(self, sentence):
        if sentence not in self.spans:
            g = self.graph
            begin, end = g.value(sentence, NIF.beginIndex), g.value(sentence, NIF.endIndex)
            ctx = g.value(sentence, NIF.referenceContext)
            self.spans[sentence] = (ctx, int(begin), int(end)) if begin is not None and end is not None else None
        return self.spans[sentence]

    def in_sentence(self, sentence) -> dict:
        """Entity -> (document, offset) of its first phrase with ``nif:sentence`` ``sentence``."""
        if sentence not in self.phrases:
            g, found = self.graph, {}
            for phrase in g.subjects(NIF.sentence, sentence):
                begin = g.value(phrase, NIF.beginIndex)
                if begin is None:
                    continue
                ctx = g.value(phrase, NIF.referenceContext)
                where = (str(ctx) if ctx is not None else "", int(begin))
                for target in g.objects(phrase, ITS_IDENT):
                    if target not in found or where < found[target]:
                        found[target] = where
            self.phrases[sentence] = found
        return self.phrases[sentence]

    def by_offsets(self, entity, sentence) -> tuple | None:
        """For phrases without ``nif:sentence``: the first one of ``entity`` inside the sentence's span."""
        span, g, found = self.span(sentence), self.graph, []
        if span is None:
            return None
        for phrase in g.subjects(ITS_IDENT, entity):
            begin = g.value(phrase, NIF.beginIndex)
            inside = begin is not None and span[1] <= int(begin) < span[2]
            if inside and g.value(phrase, NIF.referenceContext) == span[0]:
                found.append((str(span[0]), int(begin)))
        return min(found) if found else None

    def first(self, entity, sentences) -> tuple | None:
        """(document, offset) of the entity's first phrase inside ``sentences``."""
        found = []
        for sentence in sentences:
            phrases = self.in_sentence(sentence)
            where = phrases.get(entity) if phrases else self.by_offsets(entity, sentence)
            if where is not None:
                found.append(where)
        return min(found) if found else None


def _salient(graph: Graph, mentions: _Mentions, values, sentences) -> str | None:
    """The name of the value mentioned first in ``sentences``, else the first by name."""
    ranked = []
    for value in set(values):
        if isinstance(value, Literal):
            name, where = str(value), None
        else:
            name = _label(graph, value) or local_name(value)
            where = mentions.first(value, sentences) if sentences else None
        ranked.append((where is None, where or ("", 0), name, str(value)))
    return min(ranked)[2] if ranked else None


def _modality(graph: Graph, event) -> str | None:
    values = sorted(graph.objects(event, MODALITY), key=str)
    if not values:
        return None
    value = values[0]
    if isinstance(value, Literal):
        return str(value)
    zh = [str(o) for o in graph.objects(value, RDFS.label) if isinstance(o, Literal) and o.language == "zh"]
    return min(zh) if zh else MODALITY_MARKERS.get(local_name(value)) or class_label(graph, value)


def _trigger(graph: Graph, event) -> str:
    phrases = []
    for phrase in graph.subjects(ITS_IDENT, event):
        anchor, begin = graph.value(phrase, NIF.anchorOf), graph.value(phrase, NIF.beginIndex)
        if anchor is not None:
            phrases.append((begin is None, int(begin) if begin is not None else 0, str(anchor)))
    return min(phrases)[2] if phrases else ""


def event_labels(graph: Graph, classes: dict | None = None) -> dict[URIRef, EventLabel]:
    """Event IRI -> :class:`EventLabel` for every event of ``graph``.

    ``classes`` (event -> most specific class) may be given when the caller
    has chosen them already; by default :func:`event_classes`.
    """
    if classes is None:
        classes = event_classes(graph)
    participant_props = _sub_properties(graph, SCHEMA.participant)
    location_props = _sub_properties(graph, SCHEMA.location)
    mentions = _Mentions(graph)
    class_names: dict = {}
    out = {}
    for event in sorted(classes, key=str):
        cls = classes[event]
        if cls not in class_names:
            class_names[cls] = class_label(graph, cls)
        sentences = sorted(graph.objects(event, PROV.wasDerivedFrom), key=str)
        key = None
        for props in (participant_props, location_props):
            values = [v for p in props for v in graph.objects(event, p)]
            key = _salient(graph, mentions, values, sentences)
            if key:
                break
        dates = sorted(d for d in (date_label(v) for v in graph.objects(event, SCHEMA.startDate)) if d)
        out[event] = EventLabel(cls, class_names[cls], key, dates[0] if dates else None,
                                _modality(graph, event), _trigger(graph, event))
    return out
