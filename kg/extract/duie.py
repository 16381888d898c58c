"""DuIE 2.0 files: reading, the deterministic train/stop/dev split, and scoring.

A DuIE file holds one JSON object per line::

    {"text": "雅虎创始人杨致远…", "spo_list": [{"predicate": "创始人", "subject": "雅虎",
     "object": {"@value": "杨致远"}, "subject_type": "企业", "object_type": {"@value": "人物"}}]}

A triple is right when its predicate, subject text and object text are all
right.  kg names entities by canonical labels (中国石油化工集团公司 may be
written 中石化), so a predicted triple carries, for its subject and its
object, every text that names that entity in the sentence (its mentions'
surface texts, its label and aliases; for a date, the time expression as
written): it matches a gold triple of the same predicate when the gold
subject is one of the subject's texts and the gold object one of the
object's, all compared without a final 省 or 市 (DuIE writes 青岛 and 青岛市
alike).  Each gold triple is matched at most once.

The split is :func:`kg.extract.duee.split_of` (MD5 of the sentence): ``dev``
(10%) is reported and never tuned on, ``stop`` (10%) chooses the settings,
``train`` (80%) is the rest.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError
from kg.extract.duee import PARTS, json_lines, prf, split_of
from kg.model import Document, Key
from kg.resources import load_tsv

__all__ = ["Triple", "Predicted", "Sentence", "read_duie", "split_of", "score_relations",
           "format_relation_scores", "PARTS", "Mapping", "mappings", "gold_triples", "predicted_triples",
           "surfaces"]


@dataclass(frozen=True)
class Triple:
    """A gold DuIE triple: predicate, subject text, object text."""

    predicate: str
    subject: str
    object: str


@dataclass(frozen=True)
class Predicted:
    """A predicted triple: the predicate and every text that names its subject and object."""

    predicate: str
    subjects: frozenset[str]
    objects: frozenset[str]
    symmetric: bool = False

    def matches(self, gold: Triple) -> bool:
        if gold.predicate != self.predicate:
            return False
        subjects, objects = {_plain(t) for t in self.subjects}, {_plain(t) for t in self.objects}
        s, o = _plain(gold.subject), _plain(gold.object)
        return s in subjects and o in objects or self.symmetric and o in subjects and s in objects


def _plain(text: str) -> str:
    """A text compared without a division suffix (DuIE writes 青岛 and 青岛市 alike)."""
    return text[:-1] if len(text) > 2 and text[-1] in "省市" else text


@dataclass(frozen=True)
class Sentence:
    text: str
    triples: tuple[Triple, ...] = ()
    id: str = ""


def _record(path: Path, number: int, raw: dict) -> Sentence:
    where = f"{path} line {number}"
    text = raw.get("text") if isinstance(raw, dict) else None
    if not isinstance(text, str):
        raise InputError(f"{where}: no \"text\" string; each line must be a DuIE object "
                         '{"text": ..., "spo_list": [...]}')
    triples = []
    for spo in raw.get("spo_list") or []:
        try:
            obj = spo["object"]
            obj = obj["@value"] if isinstance(obj, dict) else obj
            triples.append(Triple(str(spo["predicate"]), str(spo["subject"]), str(obj)))
        except (KeyError, TypeError) as exc:
            raise InputError(f"{where}: a triple lacks {exc}; DuIE triples need predicate, subject "
                             "and object ({\"@value\": ...})") from exc
    return Sentence(text, tuple(triples), str(raw.get("id", "")))


def read_duie(path: str | Path, part: str = "all") -> Iterator[Sentence]:
    """The sentences of a DuIE JSON-lines file (``.gz`` ok), or of one part of its split."""
    return json_lines(path, part, _record, "DuIE")


def score_relations(pairs: Iterable[tuple[Sentence, list[Predicted]]],
                    predicates: Iterable[str] | None = None) -> dict:
    """P/R/F1 by predicate of predicted triples against gold sentences.

    Only ``predicates`` are scored (default: every predicate predicted or in
    the gold); ``overall`` is micro-averaged over them.  A predicted triple
    that matches no gold triple is a false positive, a gold triple no
    prediction matches a false negative.
    """
    wanted = set(predicates) if predicates is not None else None
    table: dict[str, Counter] = {}
    for gold, predicted in pairs:
        golds = [t for t in dict.fromkeys(gold.triples) if wanted is None or t.predicate in wanted]
        preds = [p for p in dict.fromkeys(predicted) if wanted is None or p.predicate in wanted]
        used = set()
        for pred in preds:
            row = table.setdefault(pred.predicate, Counter())
            hit = next((i for i, g in enumerate(golds) if i not in used and pred.matches(g)), None)
            if hit is None:
                row["fp"] += 1
            else:
                used.add(hit)
                row["tp"] += 1
        for i, g in enumerate(golds):
            if i not in used:
                table.setdefault(g.predicate, Counter())["fn"] += 1
    for name in wanted or ():
        table.setdefault(name, Counter())
    total = Counter()
    for row in table.values():
        total.update(row)
    return {"overall": prf(total["tp"], total["fp"], total["fn"]),
            "by_predicate": {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in sorted(table.items())}}


def format_relation_scores(scores: dict) -> str:
    """A plain-text table: one row per predicate, then the micro-averaged total."""
    def row(label: str, s: dict) -> str:
        return (f"{label:<10}\t{s['precision']:>9.4f} {s['recall']:>9.4f} {s['f1']:>9.4f} "
                f"{s['support']:>7} {s['tp'] + s['fp']:>9}")

    lines = [f"{'predicate':<10}\t{'precision':>9} {'recall':>9} {'f1':>9} {'support':>7} {'predicted':>9}"]
    lines += [row(name, s) for name, s in scores["by_predicate"].items()]
    lines.append(row("overall", scores["overall"]))
    return "\n".join(lines)


@dataclass(frozen=True)
class Mapping:
    """How a kg relation answers a DuIE predicate (``lexicons/duie_predicates.tsv``)."""

    predicate: str
    kind: str
    roles: tuple[str, ...]
    direction: str  # same | swap | either
    label: str


def mappings() -> tuple[Mapping, ...]:
    rows = load_tsv("lexicons", "duie_predicates.tsv", columns=5)
    return tuple(Mapping(p, k, tuple(r.split("|")) if r != "-" else (), d, label) for p, k, r, d, label in rows)


def gold_triples(sentence: Sentence) -> Sentence:
    """The sentence's triples that kg answers, under their reported labels (妻子 and
    丈夫 become one symmetric 妻子/丈夫 triple; 父亲 and 母亲 become 父亲/母亲)."""
    table = {m.predicate: m for m in mappings()}
    out = {}
    for t in sentence.triples:
        m = table.get(t.predicate)
        if m is None:
            continue
        s, o = (sorted((t.subject, t.object)) if m.direction == "either" else (t.subject, t.object))
        out[Triple(m.label, s, o)] = None
    return Sentence(sentence.text, tuple(out), sentence.id)


def surfaces(doc: Document, key: str) -> frozenset[str]:
    """Every text that names ``key`` in the document: its mentions as written
    (a place with the places written right before it, 美国亚特兰大), its label and
    aliases; for a date (``time/gYear/2001``) the time expressions with that value."""
    key = Key(key)
    if key.kind == "time":
        datatype, value = key.rest.split("/", 1)
        return frozenset({value} | {m.text for m, tv in doc.times
                                    if tv.value == value and tv.datatype == datatype})
    out = set()
    for e in doc.entities:
        if e.key == key:
            out |= {e.label, *e.aliases}
    named = sorted((m for m in doc.mentions if m.ref), key=lambda m: (m.start, m.end))
    for i, m in enumerate(named):
        if m.ref != key:
            continue
        out.add(m.text)
        start = m.start
        for prev in reversed(named[:i]):
            if prev.end != start or prev.ref.kind != "place":
                break
            start = prev.start
            out.add(doc.text[start:m.end])
    out.add(key.rest)  # a document-local key with its mark: no text of its own
    return frozenset(out)


def predicted_triples(doc: Document) -> list[Predicted]:
    """The document's relations that answer a DuIE predicate, as :class:`Predicted` triples."""
    out = {}
    for m in mappings():
        for rel in doc.relations:
            if rel.kind != m.kind or not rel.sentences:
                continue
            if m.roles and not (rel.role and set(re.split(r"[兼、及和]", rel.role)) & set(m.roles)):
                continue
            s, o = (rel.object, rel.subject) if m.direction == "swap" else (rel.subject, rel.object)
            if m.direction == "either":
                s, o = sorted((s, o))
            out[Predicted(m.label, surfaces(doc, s), surfaces(doc, o), m.direction == "either")] = None
    return list(out)
