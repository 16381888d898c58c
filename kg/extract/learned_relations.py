"""Relations found by the learned relation extractor (:mod:`kg.extract.relation_model`).

:class:`LearnedRelationStage` runs after :class:`kg.extract.facts.FactStage`
when kg builds with ``--relations model`` (the default): each sentence's
candidates are kg's people, organizations, places and dates there, and the
spans the model's own tagger marks; each pair the model scores above its
predicate's threshold becomes a :class:`kg.model.Relation` (in kg's
orientation: a chairman is a ``membership`` of the person with the role
董事长) with its sentence.  A span only the tagger found names the entity
of the same text in the document, else a new entity of its kind.
``--relations rules`` loads no model (DuIE, which it is trained on, is for
non-commercial research only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.errors import InputError
from kg.extract.classes import entity_class
from kg.model import Document, Entity, Key, Relation
from kg.extract.learned_events import model_key, per_document, sentences_of
from kg.extract.relation_model import Pair, Span, merge_spans, stored_pairs
from kg.extract.generics import bare_referent, is_bare_name, local_key
from kg.extract.spans import SpanIndex
from kg.text.clean import clean_name

__all__ = ["LearnedRelationStage", "RelationReadingStage", "RELATION_MODES", "known_spans", "relations_of",
           "KIND_OF", "DATED", "READINGS"]

#: ``Document.meta`` key of the model's reading of each sentence (:class:`RelationReadingStage`).
READINGS = "relation-readings"

RELATION_MODES = ("model", "rules")
#: kg's entity kinds as the model's span kinds, and back.
KIND_OF = {"person": "PER", "organization": "ORG", "place": "LOC"}
ENTITY_KIND = {v: k for k, v in KIND_OF.items()}
#: time datatypes that can be a founding date.
DATED = ("date", "gYearMonth", "gYear")
#: predicate -> kg relation kind, in DuIE's orientation (subject, object) unless noted.
SIMPLE = {"创始人": "founder", "国籍": "nationality", "总部地点": "location", "成立日期": "foundingDate",
          "毕业院校": "alumniOf", "祖籍": "ancestralHome"}


def known_spans(doc: Document, start: int, end: int) -> list[Span]:
    """kg's people, organizations, places and dates inside ``start..end`` (not in
    a credit), with offsets from ``start``."""
    return sentence_spans(doc, [(start, end)])[0]


def sentence_spans(doc: Document, ranges: list[tuple[int, int]]) -> list[list[Span]]:
    """:func:`known_spans` of each ``(start, end)`` range, the document's
    mentions indexed once (linear in the document, not quadratic)."""
    named = SpanIndex(m for m in doc.mentions if KIND_OF.get(m.ref_kind) and m.text.strip()
                      and not any(c.start <= m.start and m.end <= c.end for c in doc.credits))
    dated = SpanIndex(((m, tv) for m, tv in doc.times if tv.datatype in DATED), span=lambda t: t[0])
    out = []
    for start, end in ranges:
        found = [Span(m.start - start, m.end - start, KIND_OF[m.ref_kind], m.ref) for m in named.within(start, end)]
        found += [Span(m.start - start, m.end - start, "DATE", Key.of("time", f"{tv.datatype}/{tv.value}"))
                  for m, tv in dated.within(start, end)]
        out.append(sorted(set(found), key=lambda s: (s.start, s.end, s.kind, s.ref or "")))
    return out


def relations_of(pair: Pair, subject: str, obj: str, sentences) -> list[Relation]:
    """kg relations stating one scored pair (keys already resolved)."""
    if subject == obj:
        return []
    if pair.label in ("董事长", "校长"):
        return [Relation("membership", obj, subject, sentences, role=pair.label)]
    if pair.label == "妻子/丈夫":
        return [Relation("spouse", subject, obj, sentences), Relation("spouse", obj, subject, sentences)]
    if pair.label == "父亲/母亲":
        return [Relation("parent", subject, obj, sentences), Relation("children", obj, subject, sentences)]
    return [Relation(SIMPLE[pair.label], subject, obj, sentences)]


def _load(mode: str, directory: str | None, reads: str = "lac"):
    if mode not in RELATION_MODES:
        raise InputError(f"unknown relation mode {mode!r}; use one of {', '.join(RELATION_MODES)}")
    if mode != "model":
        return None
    from kg.extract import relation_model

    return relation_model.RelationModel(directory) if directory else relation_model.load_relation_model(reads)


@dataclass
class RelationReadingStage:
    """Run the relation model over each sentence after the document's own
    resolution, before cross-document resolution, and keep its reading (the
    tagger's spans, the candidates scored and the pairs found: a few per
    sentence) in ``Document.meta`` under :data:`READINGS`.  Here, in the same
    pass as name tagging, LAC's analysis of the sentences is still in
    :mod:`kg.ner.lac`'s cache; after resolution of a large corpus it is not.
    :class:`LearnedRelationStage` ties the pairs to the entities then, and
    reads again only a sentence with a candidate not scored here (a mention
    that resolution added)."""

    mode: str = "model"
    name: str = "relation-reading"
    directory: str | None = None
    #: which packaged model: the one reading LAC's analysis, or (``fast``) the fast tagger's states
    reads: str = "lac"

    def __post_init__(self):
        if self.mode not in RELATION_MODES:
            raise InputError(f"unknown relation mode {self.mode!r}; use one of {', '.join(RELATION_MODES)}")
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
            self.model = _load(self.mode, self.directory, self.reads)
        if not hasattr(self.model, "read"):  # a model that only predicts: read after resolution
            return docs
        texts, owners = sentences_of(reading)
        known = [spans for doc in reading for spans in sentence_spans(doc, [(s.start, s.end) for s in doc.sentences])]
        done = {}
        for doc, read in per_document(reading, zip(self.model.read(texts, known, owners), known)):
            per_sentence = tuple((tagged, tuple(merge_spans(list(tagged), spans)), tuple(found))
                                 for (tagged, found), spans in read)
            done[id(doc)] = doc.with_(meta={**doc.meta, READINGS: (model_key(self.model), doc.sentences, per_sentence)})
        return [done.get(id(doc), doc) for doc in docs]


@dataclass
class LearnedRelationStage:
    """Add the learned extractor's relations (``mode`` ``model``: the packaged
    model, or the one in ``directory``); ``rules``: none."""

    mode: str = "model"
    name: str = "learned_relations"
    directory: str | None = None
    #: as :attr:`RelationReadingStage.reads`
    reads: str = "lac"

    def __post_init__(self):
        self.model = _load(self.mode, self.directory, self.reads)

    def _pairs(self, doc: Document, texts: list[str], known: list[list[Span]]) -> list[list[Pair]]:
        """The model's pairs of each sentence: from :class:`RelationReadingStage`'s
        reading where it covers the candidates, else read now."""
        reading = doc.meta.get(READINGS)
        if reading is None or reading[0] != model_key(self.model) or reading[1] != doc.sentences:
            return self.model.predict(texts, known)
        out = [stored_pairs(*stored, spans) for stored, spans in zip(reading[2], known)]
        again = [i for i, pairs in enumerate(out) if pairs is None]
        if again:
            for i, pairs in zip(again, self.model.predict([texts[i] for i in again], [known[i] for i in again])):
                out[i] = pairs
        return out

    @staticmethod
    def _entity(doc: Document, entities: dict, by_text: dict, text: str, sentence,
                span: Span) -> tuple[Key, Entity | None] | None:
        """The entity a pair's span names: kg's (its mention, or a name of one of
        the document's entities) or a new one (returned to be added); None for
        a span only the model's tagger found that is one character long (武 of
        武汉: a piece of a word, never a name kg would add)."""
        if span.ref is not None:
            return span.ref, None
        name = text[span.start:span.end]
        ref = by_text.get(name)
        name = clean_name(name)
        kind = ENTITY_KIND[span.kind]
        if ref is not None and ref.kind == kind:
            return ref, None
        if len(name) < 2:
            return None
        ref = Key.of(kind, name)
        if kind == "organization" and is_bare_name(name):  # 公司董事长: no one body
            ref = (bare_referent(doc.mentions, name, sentence.start + span.start)
                   or local_key(kind, name, doc.id))
        return ref, entities.get(ref) or Entity(ref, kind, entity_class(ref, {}), name)

    def __call__(self, doc: Document) -> Document:
        if self.model is None or not doc.sentences:
            return doc
        texts = [doc.sentence_text(s) for s in doc.sentences]
        known = sentence_spans(doc, [(s.start, s.end) for s in doc.sentences])
        entities = {e.key: e for e in doc.entities}
        by_text = {m.text: m.ref for m in doc.mentions if m.ref in entities}
        for e in doc.entities:
            for name in (e.label, *e.aliases):
                by_text.setdefault(name, e.key)
        found: list[Relation] = []
        for sentence, text, pairs in zip(doc.sentences, texts, self._pairs(doc, texts, known)):
            for pair in pairs:
                sides = [self._entity(doc, entities, by_text, text, sentence, span)
                         for span in (pair.subject, pair.object)]
                if None in sides:
                    continue
                for key, new in sides:
                    if new is not None:
                        entities.setdefault(key, new)
                found += relations_of(pair, sides[0][0], sides[1][0], (sentence,))
        merged: dict[tuple, set] = {}
        for rel in list(doc.relations) + found:
            merged.setdefault((rel.kind, rel.subject, rel.object, rel.role), set()).update(rel.sentences)
        old = {(r.kind, r.subject, r.object, r.role): r for r in doc.relations}
        relations = []
        for key, sents in sorted(merged.items(), key=lambda kv: (kv[0][:3], kv[0][3] or "")):
            base = old.get(key) or Relation(key[0], key[1], key[2], (), key[3])
            relations.append(replace(base, sentences=tuple(sorted(sents))))
        meta = {k: v for k, v in doc.meta.items() if k != READINGS}
        return doc.with_(relations=tuple(relations), entities=tuple(entities[k] for k in sorted(entities)),
                         meta=meta)

