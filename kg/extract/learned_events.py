"""Events from the learned extractor, tied to the document's entities, times and quantities.

:class:`kg.extract.event_model.EventModel` reads each sentence into DuEE
events (a typed trigger and role-labelled argument spans).  Here each becomes
an :class:`~kg.model.Event` of the kg class of its type
(``lexicons/event_types.tsv``), and each argument the kg property of its role
(``lexicons/event_roles.tsv``), by what the role holds:

* participant: the persons and organizations named inside the span, else
  the place that ends it (in 瑞典电信设备制造商爱立信 or 英国零售巨头特易购 the
  country only qualifies the company, named or not);
* location: the place named inside it (the first is ``schema:location``;
  a sub-property such as the epicentre is kept as well);
* date: the time expression inside it; with no 时间 argument, a time before
  the trigger in its clause, else one that opens the sentence; else none;
* quantity: the quantity read inside it (``kg:layoffCount`` -> 4000 人), else
  a number and what follows it in the span (6.8级: 6.8, unit 级), added to the
  document's quantities;
* thing: its text (发布产品 -> 新款手机).

A trigger is an event when at least one argument ties to something.  Triggers
inside a document title (《…》) are names, not happenings, and are skipped;
mentions inside a byline or a dateline are never participants.  The modality
comes from the cues before the trigger (:mod:`kg.extract.modality`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kg.extract.event_taxonomy import event_roles, event_types
from kg.extract.event_triggers import CLAUSE_BREAKS, TITLES, inside, quoted_spans
from kg.extract.modality import modality_of
from kg.extract.numerals import half_width, read_number
from kg.extract.spans import SpanIndex
from kg.model import Document, Event, Mention, Quantity, Sentence, TimeValue

__all__ = ["learned_events", "merge_events", "excluded_spans", "EventReadingStage", "READINGS", "stored_reading",
           "model_key"]

#: ``Document.meta`` key of the model's reading of each sentence (:class:`EventReadingStage`).
READINGS = "event-readings"

DATED = ("dateTime", "date", "gYearMonth", "gYear")  # finest first
#: A number (Arabic, Chinese or mixed, with 万/亿) and the unit after it, in a quantity argument.
_NUMBER = re.compile(r"(约|近|超过|逾|至少)?([0-9][0-9.,]*[万亿]*|[零〇一二两三四五六七八九十百千万亿]+)(多|余)?(\S{0,6})$")
_ENTITY_KINDS = ("person", "organization", "place")


#: A commemoration's name: 纪念毛泽东同志诞辰130周年 (座谈会) honours someone who takes no part.
COMMEMORATION = re.compile(r"纪念[^，。；：！？\n]{1,24}?(?:诞辰|逝世|就义|牺牲|殉职|遇难)"
                           r"[0-9０-９一二三四五六七八九十百]+周年")


def excluded_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans whose mentions are never event participants: bylines, credits, the
    dateline, and the person a commemoration honours (纪念…诞辰130周年)."""
    spans = [(c.start, c.end) for c in getattr(doc, "credits", ()) or ()]
    dateline = getattr(doc, "dateline", None)
    if dateline is not None:
        spans.append((dateline.start, dateline.end))
    spans += [m.span() for m in COMMEMORATION.finditer(doc.text)]
    return sorted(spans)


def _clause_start(text: str, sentence: Sentence, pos: int) -> int:
    while pos > sentence.start and text[pos - 1] not in CLAUSE_BREAKS:
        pos -= 1
    return pos


class _Linker:
    """Ties argument spans of one document to its entities, times and quantities."""

    def __init__(self, doc: Document):
        self.doc = doc
        known = {e.key for e in doc.entities}
        out = excluded_spans(doc)
        self.named = sorted((m for m in doc.mentions if m.ref in known
                             and m.ref.kind in _ENTITY_KINDS
                             and not any(a <= m.start and m.end <= b for a, b in out)),
                            key=lambda m: (m.start, -m.end))
        self.times = [(m, tv) for m, tv in doc.times if tv.datatype in DATED]
        self.named_index = SpanIndex(self.named)
        self.times_index = SpanIndex(self.times, span=lambda t: t[0])
        self.quantities = list(doc.quantities)
        #: quantities read from arguments, not found by the quantity stage
        self.made: list[Quantity] = []

    def entities(self, start: int, end: int) -> list[Mention]:
        return self.named_index.overlapping(start, end)

    def time(self, start: int, end: int) -> TimeValue | None:
        """The finest time read inside ``start..end`` (去年12月: the month, not the year)."""
        found = self.times_index.overlapping(start, end)
        if not found:
            return None
        return min(found, key=lambda f: (DATED.index(f[1].datatype) if f[1].datatype in DATED else 9,
                                         -(f[0].end - f[0].start), f[0].start))[1]

    def quantity(self, start: int, end: int) -> str | None:
        """The key of the quantity read inside ``start..end``, else of one read here
        from the span (a number and its unit), else None."""
        found = next((q.key for q in self.quantities if q.mention.start < end and start < q.mention.end), None)
        if found is not None:
            return found
        text = self.doc.text[start:end]
        m = _NUMBER.match(half_width(text))
        if m is None:
            return None
        try:
            value = read_number(m[2])
        except ValueError:
            return None
        mention = Mention(start, end, "QUANTITY", text, ref=f"q{start}", source="events")
        made = Quantity(f"q{start}", value, m[4] or "", mention, approximate=bool(m[1] or m[3]))
        self.quantities.append(made)
        self.made.append(made)
        return made.key

    def fallback_date(self, sentence: Sentence, clause: int, trigger: int) -> TimeValue | None:
        text = self.doc.text
        own = [tv for m, tv in self.times if clause <= m.start and m.end <= trigger
               and "的" not in text[m.end:trigger]]
        if own:
            return own[-1]
        return next((tv for m, tv in self.times if m.start == sentence.start and m.end <= trigger), None)


@dataclass
class EventReadingStage:
    """Run the event model over each sentence before cross-document resolution
    and keep its reading (the records of :meth:`EventModel.predict`: types,
    trigger and argument spans, a few per sentence) in ``Document.meta``
    under :data:`READINGS`, for :class:`kg.extract.events.EventStage` to tie
    to entities after resolution.  Here, right after name tagging, LAC's
    analysis of the sentences is still in :mod:`kg.ner.lac`'s cache; after
    resolution of a large corpus it is not, and LAC would run again.
    ``mode`` ``rules``: nothing (no model)."""

    mode: str = "model"
    name: str = "event-reading"
    #: which packaged model: the one reading LAC's analysis, or (``fast``) the fast tagger's states
    reads: str = "lac"

    def __post_init__(self):
        self.model = None  # loaded at first use (a process that only plans a build needs none)

    def __call__(self, doc: Document) -> Document:
        return self.many([doc])[0]

    def many(self, docs: list[Document]) -> list[Document]:
        """:meth:`__call__` of each document, their sentences read in one
        call (each document's reading the same as alone)."""
        reading = [doc for doc in docs if doc.sentences] if self.mode == "model" else []
        if not reading:
            return docs
        if self.model is None:
            from kg.extract.event_model import load_event_model

            self.model = load_event_model(self.reads)
        texts, owners = sentences_of(reading)
        done = {id(doc): doc.with_(meta={**doc.meta, READINGS: (model_key(self.model), doc.sentences,
                                                                tuple(tuple(r) for r in records))})
                for doc, records in per_document(reading, self.model.predict(texts, owners=owners))}
        return [done.get(id(doc), doc) for doc in docs]


def sentences_of(docs: list[Document]) -> tuple[list[str], list[int]]:
    """The sentences of ``docs``, one document after another, and the index
    of each one's document (the ``owners`` of the readers' models)."""
    texts, owners = [], []
    for k, doc in enumerate(docs):
        texts += [doc.sentence_text(s) for s in doc.sentences]
        owners += [k] * len(doc.sentences)
    return texts, owners


def per_document(docs: list[Document], per_sentence) -> list[tuple[Document, list]]:
    """Each document with its share of ``per_sentence`` (one item per
    sentence of ``docs``, in :func:`sentences_of`'s order)."""
    items = iter(per_sentence)
    return [(doc, list(itertools.islice(items, len(doc.sentences)))) for doc in docs]


def model_key(model) -> str:
    """What a reading records of the model that made it: its directory."""
    return str(getattr(model, "directory", ""))


def stored_reading(doc: Document, model):
    """The records :class:`EventReadingStage` kept for ``doc``'s sentences with
    ``model`` (the same directory), else None."""
    reading = doc.meta.get(READINGS)
    if reading is None or reading[0] != model_key(model) or reading[1] != doc.sentences:
        return None
    return reading[2]


def learned_events(doc: Document, model, predicted=None) -> tuple[list[Event], list[Quantity]]:
    """The events ``model`` (an :class:`EventModel`) finds in a resolved
    document, and the quantities read from their arguments that the document
    does not have yet.  ``predicted``: the model's records of each sentence,
    if already read (:class:`EventReadingStage`)."""
    if not doc.sentences:
        return [], []
    types, roles = event_types(), event_roles()
    linker = _Linker(doc)
    titles = quoted_spans(doc.text, TITLES)
    out_spans = excluded_spans(doc)
    if predicted is None:
        predicted = model.predict([doc.sentence_text(s) for s in doc.sentences])
    events: list[Event] = []
    for sentence, records in zip(doc.sentences, predicted):
        for record in records:
            kind = types.get(record.event_type)
            start, end = sentence.start + record.start, sentence.start + record.end
            if kind is None or inside(titles, start, end) or any(a <= start < b for a, b in out_spans):
                continue
            event = _event(doc, linker, sentence, record, kind.cls, start, end, roles)
            if event is not None:
                events.append(event)
    return join_clause_twins(doc.text, events), linker.made


def join_clause_twins(text: str, events: list[Event]) -> list[Event]:
    """Events of one class whose triggers share a clause and whose roles agree
    are one event (被判处有期徒刑三年: 判处 and 有期徒刑 are one Imprisonment):
    its trigger runs from the first trigger to the last, its roles are both
    events' (the first's date, place and modality where it has them).  Roles
    agree when no role has two different fillers and no filler two roles; two
    clauses (张某被判处有期徒刑三年，李某被判处五年) stay two events."""
    out: list[Event] = []
    for event in sorted(events, key=lambda e: e.trigger.start):
        prev = out[-1] if out else None
        if prev is not None and prev.cls == event.cls and _same_clause(text, prev, event) and _agree(prev, event):
            out[-1] = _joined(text, prev, event)
        else:
            out.append(event)
    return out


def _agree(a: Event, b: Event) -> bool:
    for pairs_a, pairs_b in ((a.participants, b.participants), (a.counts, b.counts), (a.things, b.things)):
        roles, fillers = dict(pairs_a), {v: k for k, v in pairs_a}
        if any(roles.get(role, key) != key or fillers.get(key, role) != role for role, key in pairs_b):
            return False
    return (a.date is None or b.date is None or a.date == b.date) and \
        (a.location is None or b.location is None or a.location == b.location)


def _joined(text: str, a: Event, b: Event) -> Event:
    start, end = a.trigger.start, max(a.trigger.end, b.trigger.end)
    trigger = Mention(start, end, "TRIGGER", text[start:end], ref=f"e{start}", source="events")
    return Event(a.key, a.cls, trigger, a.sentence, a.date or b.date, a.location or b.location,
                 _union(a.participants, b.participants), modality=a.modality or b.modality,
                 things=_union(a.things, b.things), counts=_union(a.counts, b.counts),
                 arguments=_union(a.arguments, b.arguments), source=a.source)


def _same_clause(text: str, a: Event, b: Event) -> bool:
    """Whether the triggers of ``a`` and ``b`` stand in one clause of one sentence."""
    first, second = sorted((a.trigger, b.trigger), key=lambda m: m.start)
    return a.sentence == b.sentence and not any(c in CLAUSE_BREAKS for c in text[first.end:second.start])


def _union(mine: tuple, theirs: tuple) -> tuple:
    return tuple(mine) + tuple(x for x in theirs if x not in mine)


def _event(doc, linker, sentence, record, cls, start, end, roles) -> Event | None:
    date, location = None, None
    participants: list[tuple[str, str]] = []
    things: list[tuple[str, str]] = []
    counts: list[tuple[str, str]] = []
    spans: list[Mention] = []
    for arg in record.arguments:
        role = roles.get((record.event_type, arg.role))
        if role is None:
            continue
        a, b = sentence.start + arg.start, sentence.start + arg.end
        tied = False
        if role.kind == "date":
            found = linker.time(a, b)
            if found is not None and date is None:
                date, tied = found, True
        elif role.kind in ("participant", "location"):
            named = linker.entities(a, b)
            if role.kind == "participant":
                # a place is the participant only when it heads the span (袭击对象: 叙利亚); in
                # 瑞典电信设备制造商爱立信 or 英国零售巨头特易购 it says where the actor is from
                actors = any(m.ref.kind != "place" for m in named)
                named = [m for m in named if m.ref.kind != "place" or (not actors and m.end == b)]
            for m in named:
                if role.kind == "location" and m.ref.kind != "place":
                    continue
                if role.property == "schema:location":
                    location = location or m.ref
                else:
                    if role.kind == "location":
                        location = location or m.ref
                    pair = (role.property, m.ref)
                    if pair not in participants and m.ref not in {k for _, k in participants}:
                        participants.append(pair)
                tied = True
        elif role.kind == "quantity":
            key = linker.quantity(a, b)
            if key is not None:
                counts.append((role.property, key))
                tied = True
        elif role.kind == "thing":
            things.append((role.property, doc.text[a:b]))
            tied = True
        if tied:
            spans.append(Mention(a, b, "ARG", doc.text[a:b], ref=role.property, source="events"))
    if not spans:
        return None
    clause = _clause_start(doc.text, sentence, start)
    if date is None:
        date = linker.fallback_date(sentence, clause, start)
    trigger = Mention(start, end, "TRIGGER", doc.text[start:end], ref=f"e{start}", source="events")
    return Event(f"e{start}", cls, trigger, sentence, date, location, tuple(participants),
                 modality=modality_of(doc.text[clause:start], doc.text[sentence.start:clause]), things=tuple(things),
                 counts=tuple(counts), arguments=tuple(spans), source="model")


def merge_events(learned: list[Event], rules: list[Event], specific: frozenset[str],
                 symmetric: frozenset[str] = frozenset(), text: str | None = None) -> list[Event]:
    """The learned events, and the rule lexicon's events they do not cover.

    Where a rule trigger overlaps a learned one, one event stays: the learned
    one, taking the rule's class when that class is more specific (one of
    ``specific``: kg classes that stand for no DuEE type, such as PhoneCall),
    and the rule's date, place and participants where it has none of its own.
    A rule trigger of ``symmetric`` (会谈, 通话, 战平: the same role on both
    sides) gives its roles to the participants it names: in 中国和巴基斯坦举行
    会谈 both take part, neither hosts.  Given the document's ``text``, such a
    trigger also covers a learned event of its class in the same clause (in
    切尔西队2比2逼平曼联队 the model reads 2比2 as a win: the lexicon's 逼平
    says it was a draw).
    """
    out: list[Event] = []
    used: set[int] = set()
    for event in learned:
        twin = next((i for i, r in enumerate(rules) if i not in used
                     and r.trigger.start < event.trigger.end and event.trigger.start < r.trigger.end), None)
        if twin is None and text is not None:
            twin = next((i for i, r in enumerate(rules) if i not in used and r.trigger.text in symmetric
                         and r.cls == event.cls and _same_clause(text, r, event)), None)
        if twin is None:
            out.append(event)
            continue
        used.add(twin)
        rule = rules[twin]
        participants = list(event.participants)
        if rule.trigger.text in symmetric:
            ruled = dict((key, role) for role, key in rule.participants)
            participants = [(ruled.get(key, role), key) for role, key in participants]
        for pair in rule.participants:
            if pair[1] not in {k for _, k in participants}:
                participants.append(pair)
        out.append(Event(event.key, rule.cls if rule.cls in specific else event.cls, event.trigger,
                         event.sentence, event.date or rule.date, event.location or rule.location,
                         tuple(participants), modality=event.modality or rule.modality,
                         things=event.things, counts=event.counts, arguments=event.arguments,
                         source="model"))
    out += [r for i, r in enumerate(rules) if i not in used]
    return sorted(out, key=lambda e: (e.trigger.start, e.trigger.end, e.cls))
