"""Read the events of a kg graph, ready to draw on a time axis.

Everything comes from the RDF graph, not from Python objects: an event is any
node typed with a class under ``schema:Event``; its date, place, people,
trigger and evidence sentence are read through the properties of the RDF
contract (§5) with SPARQL, so any graph that follows the contract can be
drawn. Its label -- what it is: class, key participant, date, e.g.
``裁员 · 甲骨文 · 2019-05-07`` -- comes from :mod:`kg.analysis.event_labels`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from rdflib import Graph

from kg.analysis.event_labels import event_labels
from kg.errors import QueryError
from kg.vocab import PREFIXES, SCHEMA

__all__ = ["TimelineEvent", "timeline_events", "event_classes", "CLASS_ORDER"]

#: Event classes in the order the legend lists them (others follow, sorted).
CLASS_ORDER = (
    "Meeting", "Inspection", "PhoneCall", "Lockdown", "Reopening", "Construction",
    "Announcement", "Dispatch", "Aid", "Decision", "Instruction", "Establishment",
    "Speech", "Arrival", "Treatment", "Event",
)

_HEAD = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))

_LOCATIONS = _HEAD + """
SELECT ?event ?name WHERE {
  ?event schema:location ?place .
  OPTIONAL { ?place rdfs:label ?label }
  BIND(COALESCE(?label, STR(?place)) AS ?name)
}"""

_PARTICIPANTS = _HEAD + """
SELECT ?event ?role ?name WHERE {
  ?prop rdfs:subPropertyOf* schema:participant .
  ?event ?prop ?who .
  ?event a/rdfs:subClassOf* schema:Event .
  OPTIONAL { ?who rdfs:label ?label }
  OPTIONAL { ?prop rdfs:label ?roleLabel FILTER(LANG(?roleLabel) = "zh") }
  BIND(COALESCE(?label, STR(?who)) AS ?name)
  BIND(COALESCE(?roleLabel, REPLACE(STR(?prop), "^.*[#/]", "")) AS ?role)
}"""

_EVIDENCE = _HEAD + """
SELECT ?event ?text ?begin ?end ?doc ?source WHERE {
  ?event prov:wasDerivedFrom ?sentence .
  ?sentence nif:anchorOf ?text ; nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL { ?sentence nif:referenceContext ?doc .
             OPTIONAL { ?doc kg:sourceFile ?source } }
}"""

_TRIGGERS = _HEAD + """
SELECT ?event ?text ?begin ?end WHERE {
  ?phrase itsrdf:taIdentRef ?event ; nif:anchorOf ?text ; nif:beginIndex ?begin ; nif:endIndex ?end .
  ?event a/rdfs:subClassOf* schema:Event .
}"""


_EVENT_CLASSES = _HEAD + """
SELECT DISTINCT ?cls WHERE {
  { ?cls rdfs:subClassOf* schema:Event . FILTER(isIRI(?cls)) }
  UNION { ?event a ?cls . ?cls rdfs:subClassOf* schema:Event }
}"""


def event_classes(graph: Graph) -> list[str]:
    """The local names of the event classes ``--class`` may name: those of the
    graph's ontology and of kg's, in legend order (:data:`CLASS_ORDER`, then sorted)."""
    from kg.rdf.writer import ontology_graph

    names = {_local(row.cls) for g in (graph, ontology_graph()) for row in _select(g, _EVENT_CLASSES)}
    order = {name: i for i, name in enumerate(CLASS_ORDER)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


@dataclass
class TimelineEvent:
    """One event as the timeline draws it (all text straight from the graph)."""

    iri: str
    cls: str
    class_label: str
    date: str | None
    label: str = ""          # what it is: 裁员 · 甲骨文 · 2019-05-07（计划）
    trigger: str = ""
    trigger_begin: int | None = None
    location: str | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    sentence: str = ""
    sentence_begin: int | None = None
    sentence_end: int | None = None
    document: str = ""

    @property
    def label_tail(self) -> str:
        """The label after the class label: `` · 甲骨文 · 2019-05-07（计划）``."""
        return self.label[len(self.class_label):] if self.label.startswith(self.class_label) else " " + self.label

    @property
    def day(self) -> str | None:
        """The date part (YYYY, YYYY-MM or YYYY-MM-DD) of the start date."""
        return self.date[:10] if self.date else None

    @property
    def time_of_day(self) -> str:
        return self.date[11:16] if self.date and "T" in self.date else ""

    @property
    def sort_key(self) -> tuple:
        return (self.date or "9999", self.document, self.sentence_begin or 0, self.trigger_begin or 0, self.iri)


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


_AXIS_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?)?)?(?![\d.:])")


def axis_date(value) -> str | None:
    """A start date the axis can place (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime,
    without its time zone), or None (a duration, free text, an impossible date)."""
    match = _AXIS_DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        Date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if hour is not None and (int(hour) > 23 or int(minute) > 59):
        return None
    return match.group(0)


def _select(graph: Graph, query: str):
    try:
        return list(graph.query(query))
    except Exception as exc:  # rdflib raises many unrelated types on bad input
        raise QueryError(f"cannot read events from the graph: {exc}") from exc


def timeline_events(
    graph: Graph,
    date_from: str | None = None,
    date_to: str | None = None,
    classes: list[str] | None = None,
) -> list[TimelineEvent]:
    """The events of ``graph``, in date order (undated ones last).

    ``date_from``/``date_to`` (ISO dates, inclusive, compared on the date
    prefix) drop dated events outside the range and every undated event;
    ``classes`` keeps only events of those class local names (Meeting …).
    """
    events = {}
    for node, label in event_labels(graph).items():
        dates = sorted(d for d in map(axis_date, graph.objects(node, SCHEMA.startDate)) if d)
        events[str(node)] = TimelineEvent(str(node), _local(label.cls), label.class_label,
                                          dates[0] if dates else None, label.text)
    for row in _select(graph, _LOCATIONS):
        event = events.get(str(row.event))
        if event is not None and (event.location is None or str(row.name) < event.location):
            event.location = str(row.name)
    for row in _select(graph, _PARTICIPANTS):
        event = events.get(str(row.event))
        pair = (str(row.role), str(row.name))
        if event is not None and pair not in event.participants:
            event.participants.append(pair)
    for row in _select(graph, _EVIDENCE):
        event = events.get(str(row.event))
        if event is not None and (event.sentence_begin is None or int(row.begin) < event.sentence_begin):
            event.sentence, event.sentence_begin, event.sentence_end = str(row.text), int(row.begin), int(row.end)
            event.document = str(row.source) if row.source is not None else (_local(row.doc) if row.doc else "")
    for row in _select(graph, _TRIGGERS):
        event = events.get(str(row.event))
        if event is not None and (event.trigger_begin is None or int(row.begin) < event.trigger_begin):
            event.trigger, event.trigger_begin = str(row.text), int(row.begin)
    out = []
    for event in events.values():
        event.participants = _unique_names(sorted(event.participants, key=lambda p: (p[0], p[1])))
        if classes and event.cls not in classes:
            continue
        if date_from or date_to:
            if event.day is None:
                continue
            if date_from and event.day < date_from[: len(event.day)]:
                continue
            if date_to and event.day[: len(date_to)] > date_to:
                continue
        out.append(event)
    return sorted(out, key=lambda e: e.sort_key)


def _unique_names(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop a generic 参与者 entry when the same name has a finer role."""
    named = {name for role, name in pairs if role not in ("participant", "参与者")}
    return [(r, n) for r, n in pairs if r not in ("participant", "参与者") or n not in named]
