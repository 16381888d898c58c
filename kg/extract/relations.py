"""Relations the text states: positions held, nesting and containment, and
verbs between two entities (通话, 捐赠, 考察 ...).

* Positions: every form news uses, in :mod:`kg.extract.positions`
  (appositives, ``NAME，现任ORG TITLE``, ``ORG的TITLE是NAME``, ended and new
  positions, 李总理 for 李鹏); a title right after a name (李鹏总理) in
  :mod:`kg.extract.title_after`.
* Nesting: an organization whose name starts with a place is located there;
  one whose name extends another organization's name is part of it.
* Containment: places from the gazetteer sit in the nearest place the
  document mentions (or their parent division), the user's places in their
  parent (``kg build --lexicon``: ``places.tsv``); adjacent place names
  (朝阳区安华里社区) state containment directly.
* Verbs: ``lexicons/relation_triggers.tsv``; the object is the person an
  appositive names (会见高通公司总裁莫伦科夫 -> 莫伦科夫), in the trigger's clause; a
  planned, denied or supposed one (将会见, 拟访问: :func:`kg.extract.modality.modality_of`)
  is not stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.extract.aliases import AliasRules, load_alias_rules
from kg.extract.classes import entity_class
from kg.extract.modality import modality_of
from kg.extract.places import leading_place
from kg.gazetteer import gazetteer
from kg.extract.positions import positions
from kg.extract.surname_titles import surname_titles
from kg.extract.title_after import titles_after_names
from kg.extract.resolve import entity_key
from kg.extract.spans import SpanIndex
from kg.model import Document, Entity, Mention, Relation
from kg.resources import load_lines, load_tsv

__all__ = ["RelationStage", "positions", "containment", "verb_relations", "merge_relations"]

CLAUSE_BREAKS = "，。；：！？,;:!?（）()“”\"《》"
SUBJECT_MARKERS = {"with": "同与和跟", "to": "向为给"}
#: How far an appositive chain (高通公司总裁史蒂夫·莫伦科夫) may run to the person it names.
MAX_ROLE_CHARS = 20
#: At most this many characters between a "with" partner and the verb (古特雷斯进行了越洋通话).
MAX_GAP_TO_TRIGGER = 6


@lru_cache(maxsize=1)
def _triggers() -> tuple[tuple[str, str, str], ...]:
    rows = load_tsv("lexicons", "relation_triggers.tsv", columns=3)
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def nesting(doc: Document, known_orgs: set[str], canonical=lambda name: name) -> tuple[list[Relation], list[Entity]]:
    """Organizations located in a leading place, or inside a named parent."""
    gaz = gazetteer()
    relations, added = [], []
    for entity in (e for e in doc.entities if e.kind == "organization"):
        head = leading_place(entity.label)
        if head and (gaz.place_class(head) or head in gaz.short):
            place = entity_key("place", gaz.canonical(head))
            relations.append(Relation("location", entity.key, place))
            added.append(place)
        parents = [entity.label[:k] for k in range(1, len(entity.label)) if entity.label[:k] in known_orgs]
        if parents:
            parent = max(parents, key=len)
            parent_key = next((e.key for e in doc.entities if e.kind == "organization" and e.label == parent),
                              None) or entity_key("organization", canonical(parent))  # 省委@doc stays local
            if parent_key != entity.key:
                relations.append(Relation("subOrganizationOf", entity.key, parent_key))
    return relations, [Entity(k, "place", entity_class(k, {}), k.name) for k in added]


def containment(doc: Document) -> tuple[list[Relation], list[Entity]]:
    """Places in places: the gazetteer's hierarchy plus adjacent place names."""
    gaz = gazetteer()
    mentioned = {e.label for e in doc.entities if e.kind == "place"}
    relations, added = [], []
    for entity in (e for e in doc.entities if e.kind == "place"):
        parent = gaz.parent_of(entity.label)  # the user's places (kg build --lexicon)
        if parent:
            if parent not in mentioned:
                added.append(entity_key("place", parent))
            relations.append(Relation("containedInPlace", entity.key, entity_key("place", parent)))
            continue
        country = gaz.country_of(entity.label)  # 日内瓦 in 瑞士; never a name a division uses
        if country:
            if country not in mentioned:
                added.append(entity_key("place", country))
            relations.append(Relation("containedInPlace", entity.key, entity_key("place", country)))
            continue
        divisions = gaz.divisions(entity.label)
        if len(divisions) > 1:  # ambiguous name: keep the one whose ancestor is mentioned
            divisions = [d for d in divisions if any(a.name in mentioned for a in gaz.chain(d))]
        if len(divisions) != 1:
            continue
        chain = gaz.chain(divisions[0])
        parent = next((a.name for a in chain if a.name in mentioned), None)
        if parent is None:
            parent = chain[0].name if chain else "中国"
            added.append(entity_key("place", parent))
        relations.append(Relation("containedInPlace", entity.key, entity_key("place", parent)))
    places = [m for m in doc.mentions if m.ref_kind == "place"]
    for outer, inner in zip(places, places[1:]):
        inner_name = inner.ref.name
        if (outer.end == inner.start and outer.ref != inner.ref
                and not gaz.divisions(inner_name) and not gaz.is_country(inner_name)):
            relations.append(Relation("containedInPlace", inner.ref, outer.ref))
    return relations, [Entity(k, "place", entity_class(k, {}), k.name) for k in added]


def verb_relations(doc: Document) -> list[Relation]:
    """SUBJ … trigger … OBJ relations within one clause, unless planned, denied or supposed."""
    out = []
    named = SpanIndex(m for m in doc.mentions if m.ref_kind in ("person", "organization", "place"))
    for sentence in doc.sentences:
        text = doc.sentence_text(sentence)
        for trigger, prop, pattern in _triggers():
            for match in re.finditer(re.escape(trigger), text):
                at = sentence.start + match.start()
                clause_start = sentence.start + max(text.rfind(c, 0, match.start()) for c in CLAUSE_BREAKS) + 1
                stops = [i for i in (text.find(c, match.end()) for c in CLAUSE_BREAKS) if i >= 0]
                clause_end = sentence.start + min(stops, default=len(text))
                if modality_of(doc.text[clause_start:at], doc.text[sentence.start:clause_start]):
                    continue  # 将会见, 拟访问: not a fact yet
                before = named.within(clause_start, at)
                after = named.within(at + len(trigger), clause_end)
                pair = _pair(doc.text, before, after, pattern, prop, at)
                if pair and pair[0] != pair[1]:
                    out.append(Relation(prop, pair[0], pair[1], (sentence,)))
    return out


def _chain_person(text: str, mentions: list[Mention], first: Mention) -> Mention:
    """The person an appositive chain from ``first`` names (联合国秘书长古特雷斯 -> 古特雷斯), else ``first``."""
    chain = [m for m in mentions if m.start >= first.start and m.end - first.start <= MAX_ROLE_CHARS
             and not any(c in CLAUSE_BREAKS + "、和与及" for c in text[first.start : m.end])]
    people = [m for m in chain if m.ref_kind == "person"]
    return people[0] if people and first.ref_kind != "person" else first


def _pair(text: str, before: list[Mention], after: list[Mention], pattern: str, prop: str,
          trigger_at: int):
    agents = [m for m in before if m.ref_kind in ("person", "organization")]
    if pattern in SUBJECT_MARKERS:
        for i, marked in enumerate(before):
            if marked.start == 0 or text[marked.start - 1] not in SUBJECT_MARKERS[pattern]:
                continue
            obj = _chain_person(text, before[i:], marked)
            if trigger_at - obj.end > MAX_GAP_TO_TRIGGER:
                return None  # 同外国领导人和国际组织负责人通话: the partner is not named
            subj = next((m for m in agents if m.end <= marked.start), None)
            return (subj.ref, obj.ref) if subj else None
        return None
    if not agents or not after:
        return None
    obj = after[0] if prop == "visited" else _chain_person(text, after, after[0])
    if prop == "visited" and obj.ref_kind == "person":
        return None
    people = [m for m in agents if m.ref_kind == "person"]
    subject = people[-1] if people else agents[0]  # …组长李克强赶赴武汉: the person the appositive names
    return subject.ref, obj.ref


@dataclass
class RelationStage:
    """Add positions, nesting, containment and verb relations to a document."""

    rules: AliasRules = field(default_factory=load_alias_rules)
    name: str = "relations"

    def __call__(self, doc: Document) -> Document:
        rules = self.rules  # the same rules resolution used, user aliases included
        known = {e.label for e in doc.entities if e.kind == "organization"}
        known |= set(load_lines("lexicons", "cn_organizations.txt"))  # names as written; nesting canonicalizes
        known |= set(load_lines("lexicons", "intl_organizations.txt"))
        nest, nest_places = nesting(doc, known, lambda o: rules.canonical("organization", o) or o)
        contain, contain_places = containment(doc)
        # bylines ((记者 张三), 新华社记者 李四 摄) credit people, they state no positions or deeds
        def stated_only(d: Document) -> Document:
            return d.with_(mentions=tuple(m for m in d.mentions if not any(
                c.start <= m.start and m.end <= c.end for c in d.credits)))

        first = positions(stated_only(doc))
        named = surname_titles(doc, first)  # 李总理 -> 李鹏, for the rules below
        stated = stated_only(named)
        held = first if named is doc else positions(stated)  # read again only if the names changed
        doc = named
        held += titles_after_names(stated, held)  # 李鹏总理, 法国马克龙总统
        relations = held + nest + contain + verb_relations(stated)
        entities = {e.key: e for e in doc.entities}
        for e in nest_places + contain_places:  # and organizations a title named (某大学 of 某大学党委书记)
            entities.setdefault(e.key, e)
        for m in doc.mentions:  # 中美两国: countries a phrase refers to, named nowhere else
            if m.source == "reference" and m.ref and m.ref not in entities:
                kind, label = m.ref.kind, m.ref.name
                entities[m.ref] = Entity(m.ref, kind, entity_class(m.ref, {}), label)
        for rel in relations:
            if rel.kind in ("subOrganizationOf", "membership") and rel.object not in entities:
                label = rel.object.rest  # an organization a title named, or a country a title implies
                entities[rel.object] = Entity(rel.object, rel.object.kind, entity_class(rel.object, {}), label)
        return doc.with_(relations=tuple(merge_relations(relations)),
                         entities=tuple(entities[k] for k in sorted(entities)))


def merge_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (kind, subject, object, role), with all its sentences; a
    position any sentence calls past is past, and the first dates given win."""
    merged: dict[tuple, Relation] = {}
    for rel in relations:
        key = (rel.kind, rel.subject, rel.object, rel.role or "")
        old = merged.get(key)
        if old is None:
            merged[key] = rel
            continue
        ended = old.ended or rel.ended
        merged[key] = replace(old, sentences=tuple(sorted(set(old.sentences) | set(rel.sentences))),
                              ended=ended, started=(old.started or rel.started),
                              start=old.start or rel.start, end=(old.end or rel.end) if ended else None)
    return [replace(merged[k], sentences=tuple(sorted(set(merged[k].sentences)))) for k in sorted(merged)]
