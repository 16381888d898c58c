"""Entity resolution: one node per real thing.

Per document (:class:`ResolveStage`):

* names are normalized (middle dots) and stripped of trailing titles and
  honorifics, which become roles (习近平总书记 -> 习近平 + 总书记);
* places take their official name from the gazetteer (武汉 -> 武汉市), other
  names go through the alias lexicon and the user's alias rules;
* compound place names are split where the gazetteer knows the head
  (北京市朝阳区安华里社区 -> 北京市 | 朝阳区 | 安华里社区);
* a foreign surname alone resolves to the full name used in the document
  (库恩 -> 罗伯特·库恩);
* a title used alone (总书记) resolves to the one person who holds it in the
  document; it links to the person but is not one of their names.  Titles
  that name a kind of person (专家, 医生: ``lexicons/titles_generic.txt``)
  never resolve;
* the tagger's mentions first pass the rules of :mod:`kg.extract.entity_rules`
  (names whose kind the user fixed, source ``user``, do not)
  (no idioms as places, 中国政府 and 北京军区 as organizations, foreign names
  as people, no numbered congresses as organizations, 哈桑 = 哈桑二世);
* generic names (省委, 市政府, 该公司) resolve to the specific body the document
  gives, else stay local to the document (:mod:`kg.extract.generics`).

Across documents (:class:`CorpusResolveStage`): organization abbreviations
are merged with their full names (国家卫健委 -> 国家卫生健康委员会), a name
without its leading place with the name that has it (火神山医院 ->
武汉火神山医院), and each entity gets one class.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.extract.aliases import AliasRules, load_alias_rules, normalize_name
from kg.extract.classes import entity_class, international_organizations as _international
from kg.extract.entity_rules import apply_entity_rules, document_names
from kg.extract.anonymized import is_anonymized
from kg.extract.generics import Generics, link_bare_endings, local_key, reference_mentions
from kg.extract.places import leading_place
from kg.gazetteer import gazetteer
from kg.text.clean import name_span
from kg.text.coverage import cover, coverage
from kg.lexicons import org_endings, title_words
from kg.lexicons import titles as title_set
from kg.model import Document, Entity, Key, Mention
from kg.resources import load_lines, load_tsv

__all__ = ["ResolveStage", "load_alias_rules", "KIND_OF_LABEL", "entity_key"]

KIND_OF_LABEL = {
    "PER": "person",
    "ORG": "organization",
    "GOV": "organization",
    "COMPANY": "organization",
    "LOC": "place",
    "GPE": "place",
}
#: Characters allowed between the parts of an appositive (国务院总理、…组长李克强).
APPOSITIVE_GLUE = "、 "


def entity_key(kind: str, name: str) -> Key:
    return Key.of(kind, name)


@lru_cache(maxsize=1)
def _generic_titles() -> frozenset[str]:
    """Titles that name a kind of person (专家, 医生), never one holder."""
    return frozenset(load_lines("lexicons", "titles_generic.txt"))


def strip_titles(name: str) -> tuple[str, list[str]]:
    """Remove trailing titles and honorifics; return the titles held.

    >>> strip_titles("习近平总书记"), strip_titles("习近平同志")
    (('习近平', ['总书记']), ('习近平', []))
    """
    roles = []
    changed = True
    while changed:
        changed = False
        for word in title_words():
            if name.endswith(word) and len(name) - len(word) >= 2:
                if word in title_set():
                    roles.insert(0, word)
                name = name[: -len(word)]
                changed = True
                break
    return name, roles


def titles_after_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """TITLE mentions for lexicon titles right after a person's name (习近平|总书记)."""
    taken = coverage(len(text), ((m.start, m.end) for m in mentions))
    out = []
    for m in mentions:
        if KIND_OF_LABEL.get(m.label) != "person":
            continue
        word = next((w for w in title_words() if text.startswith(w, m.end)), None)
        if word and not any(taken[m.end:m.end + len(word)]):
            out.append(Mention(m.end, m.end + len(word), "TITLE", word, source="lexicon"))
    return out


@lru_cache(maxsize=1)
def _province_abbreviations() -> dict[str, str]:
    return dict(load_tsv("lexicons", "province_abbreviations.tsv", columns=2))


@lru_cache(maxsize=1)
def _not_org_endings() -> tuple[str, ...]:
    return tuple(load_lines("lexicons", "not_org_endings.txt"))


@lru_cache(maxsize=1)
def _department_endings() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "departments.txt"), key=len, reverse=True))


def _department_split(m: Mention) -> list[Mention]:
    """空军军医大学西京医院神经外科 -> ORG 空军军医大学西京医院 + DEPT 神经外科."""
    if len(m.text) < 3 or not m.text.endswith(_department_endings()):
        return [m]
    for cut in range(len(m.text) - 2, 1, -1):
        if m.text[:cut].endswith(org_endings()):
            return [replace(m, end=m.start + cut, text=m.text[:cut]),
                    Mention(m.start + cut, m.end, "DEPT", m.text[cut:], source=m.source)]
    return [replace(m, label="DEPT")]


def normalize_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """General clean-ups of tagger output before resolution.

    * one-character person and organization names are dropped, and so are
      "people" named like a department (呼吸科) and "organizations" named like
      a campaign or a project (武汉保卫战, ``lexicons/not_org_endings.txt``);
    * one-character places stay only as province abbreviations standing
      together (京津冀, 港澳台), each resolved to its province;
    * an organization named like a country is the country, and a "place"
      named like an international organization (欧盟) is the organization;
    * departments (…科, …室) are split off organizations and are not entities;
    * a name followed by 社区/街道/村 is extended to the community it names.
    """
    gaz = gazetteer()
    abbreviations = _province_abbreviations()
    communities = ("社区", "街道", "村")
    out: list[Mention] = []
    for m in mentions:
        kind = KIND_OF_LABEL.get(m.label)
        if kind in ("person", "organization") and len(m.text) == 1:
            continue
        if kind == "person" and len(m.text) >= 3 and m.text.endswith(_department_endings()):
            continue  # 呼吸科 is a department, not a person
        if kind == "organization" and m.text.endswith(_not_org_endings()):
            continue  # 武汉保卫战 is a campaign, not an organization
        if kind == "organization" and gaz.is_country(m.text):
            m = replace(m, label="LOC")
        if kind == "place" and m.text in _international():
            m = replace(m, label="ORG")  # 欧盟 is an organization, not a place
        if kind in ("place", "organization"):
            tail = next((c for c in communities if text.startswith(c, m.end)), None)
            if tail and not m.text.endswith(communities):
                m = replace(m, end=m.end + len(tail), text=m.text + tail, label="LOC")
        if kind == "organization" and m.label != "LOC":
            out.extend(_department_split(m))
            continue
        if KIND_OF_LABEL.get(m.label) == "place" and not gaz.place_class(gaz.canonical(m.text)):
            if all(c in abbreviations for c in m.text):
                if _abbreviation_run(text, m.start, m.end, abbreviations) < 2:
                    continue  # a lone character is not a place name
                out.extend(Mention(i, i + 1, "LOC", text[i], source=m.source) for i in range(m.start, m.end))
                continue
            if len(m.text) == 1:
                continue
        out.append(m)
    return sorted(set(out))


def _abbreviation_run(text: str, start: int, end: int, abbreviations) -> int:
    """Length of the run of province abbreviations around ``text[start:end]``."""
    while start > 0 and text[start - 1] in abbreviations:
        start -= 1
    while end < len(text) and text[end] in abbreviations:
        end += 1
    return end - start


def split_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Split compound place mentions at gazetteer heads (北京市朝阳区 -> 北京市 | 朝阳区)."""
    gaz = gazetteer()
    out = []
    for m in mentions:
        if KIND_OF_LABEL.get(m.label) != "place":
            out.append(m)
            continue
        start, name = m.start, m.text
        while not gaz.place_class(name):
            head = leading_place(name)
            if head is None or name[len(head):] in gaz.short:
                break
            out.append(Mention(start, start + len(head), m.label, head, source=m.source))
            start, name = start + len(head), name[len(head):]
        if start == m.start:
            out.append(Mention(start, m.end, m.label, name, source=m.source))
            continue
        # the rest after the heads, without white space or control characters at its
        # edges; nothing if no letter is left (北京\x0c《 -> 北京 only)
        span = name_span(text, start, m.end)
        if span is not None and any(ch.isalnum() for ch in text[span[0]:span[1]]):
            out.append(Mention(span[0], span[1], m.label, text[span[0]:span[1]], source=m.source))
    return out


@dataclass
class _Names:
    """What one document calls each entity."""

    surfaces: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    roles: dict[str, str] = field(default_factory=dict)  # title -> person key, "" if ambiguous
    display: dict[str, str] = field(default_factory=dict)  # key -> label, where the key is not kind/label

    def hold(self, title: str, key: str) -> None:
        if self.roles.get(title, key) != key:
            self.roles[title] = ""
        else:
            self.roles[title] = key


@dataclass
class ResolveStage:
    """Give every name mention an entity key; build the document's entities."""

    rules: AliasRules = field(default_factory=load_alias_rules)
    name: str = "resolve"

    def canonical(self, kind: str, surface: str) -> tuple[str, list[str]]:
        name, roles = normalize_name(surface), []
        if kind == "person":
            name, roles = strip_titles(name)
        forced = self.rules.canonical(kind, name)
        if forced:
            return forced, roles
        if kind == "place":
            if len(name) == 1:
                return _province_abbreviations().get(name, name), roles
            return gazetteer().canonical(name), roles
        return name, roles

    def __call__(self, doc: Document) -> Document:
        fixed = [m for m in doc.mentions if m.source == "user"]  # names of fixed kind: no rule retypes them
        mentions = apply_entity_rules(doc.text, [m for m in doc.mentions if m.source != "user"])
        mentions = split_places(doc.text, normalize_mentions(doc.text, mentions)) + fixed
        mentions = sorted(mentions + titles_after_names(doc.text, mentions))
        same = document_names(mentions)
        generics = Generics(doc)
        names = _Names()
        resolved: list[Mention] = []
        titles = [m for m in mentions if m.label == "TITLE"]
        for m in mentions:
            kind = KIND_OF_LABEL.get(m.label)
            if kind is None:
                continue
            canonical, roles = self.canonical(kind, same.get((kind, m.text), m.text))
            key = entity_key(kind, canonical)
            if kind == "organization" and not self.rules.canonical(kind, canonical):
                canonical, local = generics.resolve(canonical)
                key = local_key(kind, canonical, doc.id) if local else entity_key(kind, canonical)
                if local:
                    names.display[key] = canonical
            elif kind == "person" and is_anonymized(canonical):  # 张某 of this article only
                key = local_key(kind, canonical, doc.id)
                names.display[key] = canonical
            names.surfaces[key].add(normalize_name(m.text))
            names.labels[key][m.label] += 1
            for role in roles:
                names.hold(role, key)
            resolved.append(replace(m, ref=key))
        resolved, orphans = link_bare_endings(self._foreign_surnames(resolved, names))
        for key in orphans:  # 公司 that names the company before it: no entity of its own
            names.surfaces.pop(key, None)
        resolved += self._appositive_titles(doc.text, resolved, titles, names)
        resolved += self._title_only(doc.text, resolved, names)
        resolved += reference_mentions(doc.text, resolved)
        entities = []
        for key in sorted(names.surfaces):
            kind, label = key.kind, key.rest
            label = names.display.get(key, label)
            cls = entity_class(entity_key(kind, label), names.labels[key])
            entities.append(Entity(key, kind, cls, label, tuple(sorted(names.surfaces[key] - {label}))))
        entities = tuple(entities)
        return doc.with_(mentions=tuple(sorted(resolved)), entities=entities)

    def _foreign_surnames(self, mentions: list[Mention], names: _Names) -> list[Mention]:
        full = defaultdict(set)
        for key in names.surfaces:
            kind, name = key.kind, key.name
            if kind == "person" and "·" in name:
                full[name.rsplit("·", 1)[1]].add(key)
        out = []
        for m in mentions:
            kind, name = m.ref.kind, m.ref.name
            targets = full.get(name, set())
            if kind == "person" and "·" not in name and len(targets) == 1:
                target = next(iter(targets))
                names.surfaces[target].add(name)
                names.labels[target].update(names.labels.pop(m.ref, Counter()))
                names.surfaces.pop(m.ref, None)
                m = replace(m, ref=target)
            out.append(m)
        return out

    def _appositive_titles(self, text, mentions, titles, names) -> list[Mention]:
        """Titles right after a name (习近平总书记) or ending an appositive chain
        before it (国务院总理、…组长李克强): roles the person holds."""
        out = []
        people = [m for m in mentions if m.ref.kind == "person"]
        ending_at: dict[int, list[int]] = {}
        for i, p in enumerate(people):
            ending_at.setdefault(p.end, []).append(i)
        by_start = sorted((p.start, i) for i, p in enumerate(people))
        chain = _ends_by_start(mentions + titles)
        for t in titles:
            # only the people right after the title or starting at most 12 characters on
            near = by_start[bisect_left(by_start, (t.end, -1)):bisect_right(by_start, (t.end + 12, len(people)))]
            for i in sorted(set(ending_at.get(t.start, [])) | {i for _, i in near}):
                p = people[i]
                right_after = t.start == p.end
                gap = text[t.end : p.start]
                before = (t.end <= p.start and len(gap) <= 12
                          and not any(c in "，。；：！？" for c in gap)
                          and _chain_reaches(text, t.end, p.start, chain))
                if not (right_after or before):
                    continue
                if right_after:
                    names.surfaces[p.ref].add(p.text + t.text)
                if t.text in title_set():  # honorifics (同志) are names, not roles
                    names.hold(t.text, p.ref)
                    out.append(replace(t, ref=Key.of("role", t.text)))
                break
        return out

    def _title_only(self, text, mentions, names) -> list[Mention]:
        """Titles used alone (总书记走进…) resolve to their one holder."""
        taken = coverage(len(text), ((m.start, m.end) for m in mentions))
        person_edges = {m.end for m in mentions if m.ref_kind == "person"}, \
            {m.start for m in mentions if m.ref_kind == "person"}
        out = []
        generic = _generic_titles()
        for title, key in sorted(names.roles.items()):
            if not key or len(title) < 2 or title in generic:
                continue
            pos = text.find(title)
            while pos >= 0:
                end = pos + len(title)
                free = not any(taken[pos:end])
                if free and pos not in person_edges[0] and end not in person_edges[1]:
                    out.append(Mention(pos, end, "TITLE", title, ref=key, source="title"))
                    cover(taken, pos, end)
                pos = text.find(title, end)
        return out


def _ends_by_start(spans: list[Mention]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for m in spans:
        out.setdefault(m.start, []).append(m.end)
    return out


def _chain_reaches(text: str, start: int, end: int, ends_by_start: dict[int, list[int]]) -> bool:
    """Whether ``text[start:end]`` is covered by mentions (their ends by start)
    and appositive glue."""
    pos = start
    while pos < end:
        if text[pos] in APPOSITIVE_GLUE:
            pos += 1
            continue
        nxt = [e for e in ends_by_start.get(pos, ()) if e <= end]
        if not nxt:
            return False
        pos = max(nxt)
    return True
