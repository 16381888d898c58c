"""Relations the text states: positions held, nesting and containment, and
verbs between two entities (通话, 捐赠, 考察 ...).

* Positions: ``[ORG][TITLE…]NAME`` appositives, chained with 、
  (国务院总理、…领导小组组长李克强), a country as the organization
  (柬埔寨首相洪森), the scene-setting organization when the sentence names only
  the title (2019年12月底，湖北省中西医结合医院。…的呼吸与重症医学科主任张继先), and
  ``NAME率领…组成的ORG``.
* Nesting: an organization whose name starts with a place is located there;
  one whose name extends another organization's name is part of it.
* Containment: places from the gazetteer sit in the nearest place the
  document mentions (or their parent division); adjacent place names
  (朝阳区安华里社区) state containment directly.
* Verbs: ``lexicons/relation_triggers.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.aliases import AliasRules, load_alias_rules
from kg.extract.places import gazetteer
from kg.lexicons import titles
from kg.extract.resolve import entity_key, strip_titles
from kg.extract.classes import entity_class
from kg.extract.scenes import scene_mentions
from kg.model import Document, Entity, Mention, Relation, Sentence
from kg.resources import load_lines, load_tsv

__all__ = ["RelationStage", "positions", "containment", "verb_relations"]

CLAUSE_BREAKS = "，。；：！？,;:!?（）()“”\"《》"
SUBJECT_MARKERS = {"with": "同与和跟", "to": "向为给"}
MAX_ROLE_CHARS = 20
#: At most this many characters between a "with" partner and the verb (古特雷斯进行了越洋通话).
MAX_GAP_TO_TRIGGER = 6


@lru_cache(maxsize=1)
def _triggers() -> tuple[tuple[str, str, str], ...]:
    rows = load_tsv("lexicons", "relation_triggers.tsv", columns=3)
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@lru_cache(maxsize=1)
def _settings() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in load_tsv("lexicons", "appositive.tsv", columns=2):
        out.setdefault(key, []).append(value)
    return out


def _kind(m: Mention) -> str:
    return m.ref.split("/", 1)[0] if m.ref else ""


def _ends_with_title(role: str, title_ends: set[int], offset: int) -> bool:
    return offset + len(role) in title_ends or any(role.endswith(t) for t in titles())


def _role_without_org(segment: str) -> str:
    """The title part of a segment with no organization: after the last 的/是."""
    cut = max(segment.rfind("的"), segment.rfind("是"))
    return segment[cut + 1 :]


def positions(doc: Document) -> list[Relation]:
    """Memberships from appositives (see module docstring)."""
    out = []
    named = [m for m in doc.mentions if m.ref and m.label != "TITLE"]
    title_ends = {m.end for m in doc.mentions if m.label == "TITLE"}
    scenes = scene_mentions(doc)
    for person in (m for m in named if _kind(m) == "person"):
        sentence = doc.sentence_of(person.start)
        left = doc.text[sentence.start : person.start]
        cut = max(left.rfind(c) for c in CLAUSE_BREAKS)
        base = sentence.start + cut + 1
        pos = base
        for segment in doc.text[base : person.start].split("、"):
            seg_start, seg_end = pos, pos + len(segment)
            pos = seg_end + 1
            orgs = [m for m in named if seg_start <= m.start and m.end <= seg_end
                    and (_kind(m) == "organization" or m.ref.startswith("place/")
                         and gazetteer().is_country(m.ref.split("/", 1)[1]))]
            if orgs:
                org = orgs[-1]
                role, offset = doc.text[org.end : seg_end], org.end
                org_key = org.ref
                if org_key.startswith("place/") and role.strip() not in titles():
                    continue  # a country holds offices (柬埔寨首相), not 中国问题专家
            else:
                role = _role_without_org(segment)
                offset = seg_end - len(role)
                org_key = scenes.get(sentence, {}).get("organization")
            role = role.strip()
            if (org_key and role and len(role) <= MAX_ROLE_CHARS
                    and _ends_with_title(role, title_ends, offset)):
                out.append(Relation("membership", person.ref, org_key, (sentence,), role=role))
        out += _leader(doc, person, named, sentence)
    return out


def _leader(doc: Document, person: Mention, named: list[Mention], sentence: Sentence) -> list[Relation]:
    after = doc.text[person.end : sentence.end]
    _, roles = strip_titles(doc.text[person.start : person.end])
    for title in sorted(titles(), key=lambda t: (-len(t), t)):
        if after.startswith(title):
            after = after[len(title):]
            break
    if not any(after.startswith(v) for v in _settings().get("leader_verb", [])):
        return []
    led = [m for m in named if m.start > person.end and m.end <= sentence.end and _kind(m) == "organization"]
    if not led:
        return []
    role = _settings().get("leader_role", ["领队"])[0]
    return [Relation("membership", person.ref, led[0].ref, (sentence,), role=role)]


def nesting(doc: Document, known_orgs: set[str], canonical=lambda name: name) -> tuple[list[Relation], list[Entity]]:
    """Organizations located in a leading place, or inside a named parent."""
    gaz = gazetteer()
    relations, added = [], []
    for entity in (e for e in doc.entities if e.kind == "organization"):
        head = gaz.leading_place(entity.label)
        if head and (gaz.place_class(head) or head in gaz.short):
            place = entity_key("place", gaz.canonical(head))
            relations.append(Relation("location", entity.key, place))
            added.append(place)
        parents = [o for o in known_orgs if entity.label.startswith(o) and len(o) < len(entity.label)]
        if parents:
            parent = max(parents, key=len)
            parent_key = entity_key("organization", canonical(parent))
            if parent_key != entity.key:
                relations.append(Relation("subOrganizationOf", entity.key, parent_key))
    return relations, [Entity(k, "place", entity_class(k, {}), k.split("/", 1)[1]) for k in added]


def containment(doc: Document) -> tuple[list[Relation], list[Entity]]:
    """Places in places: the gazetteer's hierarchy plus adjacent place names."""
    gaz = gazetteer()
    mentioned = {e.label for e in doc.entities if e.kind == "place"}
    relations, added = [], []
    for entity in (e for e in doc.entities if e.kind == "place"):
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
    places = [m for m in doc.mentions if m.ref and _kind(m) == "place"]
    for outer, inner in zip(places, places[1:]):
        inner_name = inner.ref.split("/", 1)[1]
        if (outer.end == inner.start and outer.ref != inner.ref
                and not gaz.divisions(inner_name) and not gaz.is_country(inner_name)):
            relations.append(Relation("containedInPlace", inner.ref, outer.ref))
    return relations, [Entity(k, "place", entity_class(k, {}), k.split("/", 1)[1]) for k in added]


def verb_relations(doc: Document) -> list[Relation]:
    """SUBJ … trigger … OBJ relations within one clause."""
    out = []
    named = [m for m in doc.mentions if m.ref and _kind(m) in ("person", "organization", "place")]
    for sentence in doc.sentences:
        text = doc.sentence_text(sentence)
        for trigger, prop, pattern in _triggers():
            for match in re.finditer(re.escape(trigger), text):
                at = sentence.start + match.start()
                clause_start = sentence.start + max(text.rfind(c, 0, match.start()) for c in CLAUSE_BREAKS) + 1
                before = [m for m in named if clause_start <= m.start and m.end <= at]
                after = [m for m in named if m.start >= at + len(trigger) and m.end <= sentence.end]
                pair = _pair(doc.text, before, after, pattern, prop, at)
                if pair and pair[0] != pair[1]:
                    out.append(Relation(prop, pair[0], pair[1], (sentence,)))
    return out


def _pair(text: str, before: list[Mention], after: list[Mention], pattern: str, prop: str,
          trigger_at: int):
    agents = [m for m in before if _kind(m) in ("person", "organization")]
    if pattern in SUBJECT_MARKERS:
        for i, marked in enumerate(before):
            if marked.start == 0 or text[marked.start - 1] not in SUBJECT_MARKERS[pattern]:
                continue
            # 同联合国秘书长古特雷斯: the object is the person the appositive ends in
            chain = [m for m in before[i:] if m.end - marked.start <= MAX_ROLE_CHARS
                     and not any(c in CLAUSE_BREAKS for c in text[marked.start : m.end])]
            people = [m for m in chain if _kind(m) == "person"]
            obj = people[-1] if people else marked
            if trigger_at - obj.end > MAX_GAP_TO_TRIGGER:
                return None  # 同外国领导人和国际组织负责人通话: the partner is not named
            subj = next((m for m in agents if m.end <= marked.start), None)
            return (subj.ref, obj.ref) if subj else None
        return None
    if not agents or not after:
        return None
    obj = after[0]
    if prop == "visited" and _kind(obj) == "person":
        return None
    people = [m for m in agents if _kind(m) == "person"]
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
        stated = doc.with_(mentions=tuple(m for m in doc.mentions if not any(
            c.start <= m.start and m.end <= c.end for c in doc.credits)))
        relations = positions(stated) + nest + contain + verb_relations(stated)
        entities = {e.key: e for e in doc.entities}
        for e in nest_places + contain_places:
            entities.setdefault(e.key, e)
        for rel in relations:
            if rel.kind == "subOrganizationOf" and rel.object not in entities:
                label = rel.object.split("/", 1)[1]
                entities[rel.object] = Entity(rel.object, "organization", entity_class(rel.object, {}), label)
        merged: dict[tuple, set] = {}
        for rel in relations:
            merged.setdefault((rel.kind, rel.subject, rel.object, rel.role), set()).update(rel.sentences)
        unique = [Relation(kind, subj, obj, tuple(sorted(sents)), role)
                  for (kind, subj, obj, role), sents in sorted(merged.items(), key=lambda kv: (kv[0][:3], kv[0][3] or ""))]
        return doc.with_(relations=tuple(unique), entities=tuple(entities[k] for k in sorted(entities)))
