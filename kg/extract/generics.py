"""Generic mentions: 省委, 市政府, 该公司, 本院 resolve inside their document.

* A generic government name (``lexicons/generic_orgs.tsv``: 省委, 市政府,
  县委 …) stands for the body of one place.  A place plus the generic
  (浙江省委, 杭州市政府) or the full name (中共浙江省委员会) names it outright,
  as the full name (中共浙江省委员会, 杭州市人民政府).  The generic alone, or
  opening a longer name (省委常委会), takes the place of the nearest such
  name before it in the document, else the dateline's place at the generic's
  level (杭州 -> 浙江省 for 省委, 杭州市 for 市委).
* A reference phrase (``lexicons/generic_references.tsv``: 该公司, 本院) is the
  nearest organization before it whose name ends as the row says (该公司 also
  a company of no such ending, or an organization of no known class: 比亚迪);
  it links to that organization but is not one of its names.  An ending of
  such a row used as a name on its own (公司董事长曾毓群, 集团表示) refers the
  same way (:func:`link_bare_endings`).  两国, 双方 and
  该国 are the countries named before them (:mod:`kg.extract.country_references`).
* Whatever has no referent stays local to its document: its entity key
  carries the document id (:func:`local_key`), so 省委 of one article is never
  省委 of another; so does an organization named by an ending alone (常委会,
  委员会), which names no one body.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from kg.gazetteer import gazetteer
from kg.lexicons import org_endings, titles
from kg.model import LOCAL_MARK, Document, Key, Mention
from kg.resources import load_lines, load_tsv
from kg.text.coverage import cover, coverage

__all__ = ["Generics", "local_key", "is_local", "reference_mentions", "link_bare_endings", "bare_referent",
           "is_bare_name", "LOCAL_MARK"]

#: Characters that end a level's division names (省 for province generics …).
LEVEL_ENDINGS = {"province": ("省",), "city": ("市",), "county": ("县", "区")}


def local_key(kind: str, name: str, doc_id: str) -> Key:
    """The key of an entity that exists only in document ``doc_id``."""
    return Key.of(kind, name, doc=doc_id)


def is_local(key: str) -> bool:
    return Key(key).is_local


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, str, str], ...]:
    rows = load_tsv("lexicons", "generic_orgs.tsv", columns=3)
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _full_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((g, re.compile(re.escape(full).replace(re.escape("{place}"), "(?P<place>.{2,12}?)") + "$"))
                 for g, full, _level in _table())


@lru_cache(maxsize=1)
def _references() -> tuple[tuple[str, str], ...]:
    rows = load_tsv("lexicons", "generic_references.tsv", columns=2)
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _division(name: str):
    divs = gazetteer().divisions(name)
    return divs[0] if len(divs) == 1 else None


def _place_for(generic: str, stem: str) -> str | None:
    """浙江 + 省委 -> 浙江省; 杭州市 + 委 is read as 杭州 + 市委."""
    div = _division(stem + generic[0])
    return div.name if div else None


def _at_level(place: str, level: str) -> str | None:
    """The division of ``place`` or its ancestors that ends as ``level`` does."""
    div = _division(place)
    if div is None:
        return None
    for d in [div] + gazetteer().chain(div):
        if d.name.endswith(LEVEL_ENDINGS[level]):
            return d.name
    return None


@dataclass
class Generics:
    """Resolves one document's generic organization names, in text order."""

    doc: Document
    last: dict[str, str] = field(default_factory=dict)  # generic -> place of the nearest full name

    def resolve(self, name: str) -> tuple[str, bool]:
        """``(canonical name, local)`` for an organization name."""
        for generic, full, level in _table():
            at = name.find(generic)
            if at < 0 or name[at + len(generic):].startswith("员"):
                continue
            rest = name[at + len(generic):]
            if at > 0:
                place = _place_for(generic, name[:at])
                if place:
                    self.last[generic] = place
                    return full.format(place=place) + rest, False
                continue
            place = self.last.get(generic) or self._dateline_place(level)
            if place:
                return full.format(place=place) + rest, False
            return name, True
        for generic, pattern in _full_patterns():
            match = pattern.match(name)
            if match and _division(match.group("place")):
                self.last[generic] = match.group("place")
        return name, _bare_ending(name)

    def _dateline_place(self, level: str) -> str | None:
        dateline = self.doc.dateline
        if not dateline or not dateline.place:
            return None
        return _at_level(gazetteer().canonical(dateline.place), level)


def reference_mentions(text: str, resolved: list[Mention]) -> list[Mention]:
    """该公司, 本院: a mention linked to the nearest organization before it that
    ends as the phrase's row says, or, for 公司, the last company or organization
    of no other class (华为 … 该公司); 两国, 双方, 该国: the countries named before
    (:mod:`kg.extract.country_references`).  See module doc."""
    from kg.extract.country_references import country_references

    orgs = _Referents(m for m in resolved if m.ref_kind == "organization")
    occupied = coverage(len(text), ((m.start, m.end) for m in resolved))
    out = []
    for phrase, ending in _references():
        pos = text.find(phrase)
        while pos >= 0:
            end = pos + len(phrase)
            if not any(occupied[pos:end]):
                before = orgs.nearest_before(pos, ending)
                if before is not None:
                    out.append(Mention(pos, end, "ORG", phrase, ref=before.ref, source="reference"))
                    cover(occupied, pos, end)
            pos = text.find(phrase, end)
    out += _bare_before_titles(text, orgs, occupied)
    return out + country_references(text, resolved, occupied)


#: What may come right before a bare ending that opens a clause (公司总裁…).
CLAUSE_OPENERS = "，。；：！？,;:!?、（(“\"「\n \u3000"


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    """A position title (``titles.txt``), with 副 or 常务副 before it (副总裁)."""
    words = sorted(titles(), key=lambda w: (-len(w), w))
    return re.compile("(?:常务副|副)?(?:" + "|".join(map(re.escape, words)) + ")")


def _bare_before_titles(text: str, orgs: "_Referents", occupied: bytearray) -> list[Mention]:
    """A bare ending of two or more characters (公司, 集团, 医院) that opens a
    clause and is followed by a title (…。公司总裁卢伟冰表示) refers, as 该公司
    would, to the nearest organization before it that it can name, also where
    the tagger did not mark it as a name."""
    out = []
    for ending in sorted({e for _, e in _references() if len(e) >= 2}, key=lambda e: (-len(e), e)):
        pos = text.find(ending)
        while pos >= 0:
            end = pos + len(ending)
            if ((pos == 0 or text[pos - 1] in CLAUSE_OPENERS) and not any(occupied[pos:end])
                    and _title_pattern().match(text, end)):
                before = orgs.nearest_before(pos, ending)
                if before is not None:
                    out.append(Mention(pos, end, "ORG", ending, ref=before.ref, source="reference"))
                    cover(occupied, pos, end)
            pos = text.find(ending, end)
    return out


class _Referents:
    """Organization mentions in text order, and the nearest one before a
    position that a phrase for an ending can refer to (:func:`_refers`)."""

    def __init__(self, mentions):
        self.orgs = sorted(mentions, key=lambda m: m.start)
        self.by_ending: dict[str, tuple[list[Mention], list[int]]] = {}

    def nearest_before(self, pos: int, ending: str) -> Mention | None:
        """The last (in start order) that ends by ``pos`` and fits ``ending``."""
        if ending not in self.by_ending:
            fit = [m for m in self.orgs if _refers(m, ending)]
            self.by_ending[ending] = fit, [m.start for m in fit]
        fit, starts = self.by_ending[ending]
        for i in range(bisect_left(starts, pos) - 1, -1, -1):
            if fit[i].end <= pos:
                return fit[i]
        return None


def is_bare_name(name: str) -> bool:
    """An organization name that names a kind of body, not one (公司, 常委会, 市政府)."""
    return _bare_ending(name)


def bare_referent(mentions, name: str, pos: int) -> Key | None:
    """The organization a bare ending at ``pos`` refers back to (公司 -> the
    company named before it), or None."""
    if name not in {ending for _, ending in _references()}:
        return None
    found = _Referents(m for m in mentions if m.ref_kind == "organization" and not is_local(m.ref)
                       ).nearest_before(pos, name)
    return found.ref if found else None


def link_bare_endings(resolved: list[Mention]) -> tuple[list[Mention], set[Key]]:
    """An organization named by a reference row's ending alone (公司, 集团,
    学校: a local entity) linked, as a reference, to the nearest organization
    before it that the ending can name (宁德时代 … 公司董事长曾毓群); and the
    local keys no mention names any more."""
    endings = {ending for _, ending in _references()}
    named = _Referents(m for m in resolved if m.ref_kind == "organization" and not is_local(m.ref))
    out, moved, kept = [], set(), set()
    for m in resolved:
        if m.ref_kind == "organization" and is_local(m.ref) and m.text in endings:
            before = named.nearest_before(m.start, m.text)
            if before is not None:
                moved.add(m.ref)
                out.append(Mention(m.start, m.end, m.label, m.text, ref=before.ref, source="reference"))
                continue
        if m.ref:
            kept.add(m.ref)
        out.append(m)
    return out, moved - kept


def _refers(m: Mention, ending: str) -> bool:
    """Whether ``m`` can be what a phrase for ``ending`` refers to: its name ends so, or,
    for a company, its class is a company or no class at all (华为, 比亚迪)."""
    if _label(m).endswith(ending):
        return True
    if ending != "公司" or is_local(m.ref):
        return False
    from kg.extract.classes import entity_class

    return entity_class(m.ref, {m.label: 1}) in ("Company", "Organization")


@lru_cache(maxsize=1)
def _endings() -> frozenset[str]:
    """Endings of org_suffixes.txt and the bodies of generic_bodies.txt (委员会, 公司, 常委会)."""
    return frozenset(org_endings()) | frozenset(load_lines("lexicons", "generic_bodies.txt"))


def _bare_ending(name: str) -> bool:
    """An organization named by an ending alone (常委会, 市委员会): no one body."""
    return name in _endings() or (name[:1] in "省市县区" and name[1:] in _endings())


def _label(m: Mention) -> str:
    return m.ref.name
