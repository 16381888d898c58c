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
from kg.model import Document, Entity, Relation
from kg.extract.relation_model import Pair, Span

__all__ = ["LearnedRelationStage", "RELATION_MODES", "known_spans", "relations_of", "KIND_OF", "DATED"]

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
    out = []
    for m in doc.mentions:
        kind = KIND_OF.get((m.ref or "").split("/", 1)[0])
        if kind and start <= m.start and m.end <= end and m.text.strip() and \
                not any(c.start <= m.start and m.end <= c.end for c in doc.credits):
            out.append(Span(m.start - start, m.end - start, kind, m.ref))
    for m, tv in doc.times:
        if tv.datatype in DATED and start <= m.start and m.end <= end:
            out.append(Span(m.start - start, m.end - start, "DATE", f"time/{tv.datatype}/{tv.value}"))
    return sorted(set(out), key=lambda s: (s.start, s.end, s.kind))


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


@dataclass
class LearnedRelationStage:
    """Add the learned extractor's relations (``mode`` ``model``: the packaged
    model, or the one in ``directory``); ``rules``: none."""

    mode: str = "model"
    name: str = "learned_relations"
    directory: str | None = None

    def __post_init__(self):
        if self.mode not in RELATION_MODES:
            raise InputError(f"unknown relation mode {self.mode!r}; use one of {', '.join(RELATION_MODES)}")
        self.model = None
        if self.mode == "model":
            from kg.extract import relation_model

            self.model = (relation_model.RelationModel(self.directory) if self.directory
                          else relation_model.load_relation_model())

    def __call__(self, doc: Document) -> Document:
        if self.model is None or not doc.sentences:
            return doc
        texts = [doc.sentence_text(s) for s in doc.sentences]
        known = [known_spans(doc, s.start, s.end) for s in doc.sentences]
        entities = {e.key: e for e in doc.entities}
        by_text = {m.text: m.ref for m in doc.mentions if m.ref in entities}
        for e in doc.entities:
            for name in (e.label, *e.aliases):
                by_text.setdefault(name, e.key)
        found: list[Relation] = []
        for sentence, text, pairs in zip(doc.sentences, texts, self.model.predict(texts, known)):
            keys = []
            for span in (x for p in pairs for x in (p.subject, p.object)):
                if span.ref is None:
                    name = text[span.start:span.end]
                    ref = by_text.get(name)
                    if ref is None or ref.split("/", 1)[0] != ENTITY_KIND.get(span.kind):
                        ref = f"{ENTITY_KIND[span.kind]}/{name}"
                        entities.setdefault(ref, Entity(ref, ENTITY_KIND[span.kind], entity_class(ref, {}), name))
                    span = Span(span.start, span.end, span.kind, ref)
                keys.append(span.ref)
            for i, pair in enumerate(pairs):
                found += relations_of(pair, keys[2 * i], keys[2 * i + 1], (sentence,))
        merged: dict[tuple, set] = {}
        for rel in list(doc.relations) + found:
            merged.setdefault((rel.kind, rel.subject, rel.object, rel.role), set()).update(rel.sentences)
        old = {(r.kind, r.subject, r.object, r.role): r for r in doc.relations}
        relations = []
        for key, sents in sorted(merged.items(), key=lambda kv: (kv[0][:3], kv[0][3] or "")):
            base = old.get(key) or Relation(key[0], key[1], key[2], (), key[3])
            relations.append(replace(base, sentences=tuple(sorted(sents))))
        return doc.with_(relations=tuple(relations), entities=tuple(entities[k] for k in sorted(entities)))

