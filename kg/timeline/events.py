"""Read the events of a kg graph with SPARQL, ready to draw on a time axis.

Everything comes from the RDF graph, not from Python objects: an event is any
node typed with a class under ``schema:Event``; its date, place, people,
trigger and evidence sentence are read through the properties of the RDF
contract (§5), so any graph that follows the contract can be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph

from kg.errors import QueryError
from kg.rdf.vocab import PREFIXES

__all__ = ["TimelineEvent", "timeline_events", "CLASS_ORDER"]

#: Event classes in the order the legend lists them (others follow, sorted).
CLASS_ORDER = (
    "Meeting", "Inspection", "PhoneCall", "Lockdown", "Reopening", "Construction",
    "Announcement", "Dispatch", "Aid", "Decision", "Instruction", "Establishment",
    "Speech", "Arrival", "Treatment", "Event",
)

_HEAD = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))

_EVENTS = _HEAD + """
SELECT ?event ?class ?depth ?date ?label WHERE {
  ?event a ?class .
  ?class rdfs:subClassOf* schema:Event .
  { SELECT ?class (COUNT(?mid) AS ?depth) WHERE {
      ?class rdfs:subClassOf* ?mid . ?mid rdfs:subClassOf* schema:Event .
    } GROUP BY ?class }
  OPTIONAL { ?event schema:startDate ?date }
  OPTIONAL { ?event rdfs:label ?label }
}"""

_CLASS_LABELS = _HEAD + """
SELECT ?class ?label WHERE {
  ?class rdfs:subClassOf* schema:Event ; rdfs:label ?label .
}"""

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


@dataclass
class TimelineEvent:
    """One event as the timeline draws it (all text straight from the graph)."""

    iri: str
    cls: str
    class_label: str
    date: str | None
    label: str = ""
    trigger: str = ""
    trigger_begin: int | None = None
    location: str | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    sentence: str = ""
    sentence_begin: int | None = None
    sentence_end: int | None = None
    document: str = ""

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
    best: dict[str, tuple[int, str, str | None, str]] = {}
    for row in _select(graph, _EVENTS):
        iri, cls, depth = str(row.event), _local(row["class"]), int(row.depth)
        date = str(row.date) if row.date is not None else None
        label = str(row.label) if row.label is not None else ""
        current = best.get(iri)
        if current is None or (depth, cls) > (current[0], current[1]):
            best[iri] = (depth, cls, date, label)
    labels: dict[str, dict[str, str]] = {}
    for row in _select(graph, _CLASS_LABELS):
        labels.setdefault(_local(row["class"]), {})[row.label.language or ""] = str(row.label)
    events = {}
    for iri, (_, cls, date, label) in best.items():
        names = labels.get(cls, {})
        class_label = names.get("zh") or names.get("en") or cls
        events[iri] = TimelineEvent(iri, cls, class_label, date, label)
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
