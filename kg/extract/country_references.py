"""Phrases that refer back to countries: 两国, 双方, 该国 (``lexicons/country_references.tsv``).

* ``pair`` phrases (两国, 双方) stand for the two named together last before
  them: two names joined by 和/与/同/及/、 (中国和巴基斯坦), or two one-character
  names right before the phrase (中美两国: ``country_pair_abbreviations.tsv``);
  a later bare 两国 of the document is that pair again.
* ``last`` phrases (该国) stand for the last country named before them, also
  as the opening of an organization's name (印度尼西亚政府 … 该国).
* The phrase becomes one mention per referent (两国 -> 中国, 美国), linked to
  entities of its own document only; with no referent before it, it links
  nowhere.
"""

from __future__ import annotations

from functools import lru_cache

from kg.extract.places import leading_place
from kg.gazetteer import gazetteer
from kg.model import Key, Mention
from kg.resources import load_tsv
from kg.text.coverage import cover

__all__ = ["country_references"]

#: What joins two names of a pair (中国和巴基斯坦, 中国同巴基斯坦).
JOINERS = ("和", "与", "同", "及", "、", "跟")


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, str, frozenset[str]], ...]:
    rows = load_tsv("lexicons", "country_references.tsv", columns=3)
    return tuple(sorted(((p, r, frozenset(k.split(","))) for p, r, k in rows), key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return dict(load_tsv("lexicons", "country_pair_abbreviations.tsv", columns=2))


def _kind(m: Mention) -> str:
    kind = m.ref.kind
    if kind == "place":
        return "country" if gazetteer().is_country(m.ref.name) else "place"
    return kind


def _pairs(text: str, named: list[Mention]) -> list[tuple[int, tuple[str, str], frozenset[str]]]:
    """(end, (ref, ref), kinds) of every pair named in the text: joined names."""
    out = []
    for a, b in zip(named, named[1:]):
        if text[a.end:b.start] in JOINERS and a.ref != b.ref and _kind(a) == _kind(b):
            out.append((b.end, (a.ref, b.ref), frozenset({_kind(a)})))
    return out


def _leading_countries(named: list[Mention]) -> list[Mention]:
    """The country an organization's name opens with (印度尼西亚政府 -> 印度尼西亚), named there too."""
    gaz, out = gazetteer(), []
    for m in named:
        if m.ref.kind == "organization":
            head = leading_place(m.ref.rest)
            if head and gaz.is_country(gaz.canonical(head)):
                out.append(Mention(m.start, m.end, "GPE", m.text, ref=Key.of("place", gaz.canonical(head))))
    return out


def _abbreviated(text: str, pos: int) -> tuple[str, str] | None:
    """中美 right before ``pos``: the two countries."""
    pair = text[max(0, pos - 2):pos]
    names = [_abbreviations().get(c) for c in pair]
    if len(pair) == 2 and all(names) and names[0] != names[1]:
        return tuple(Key.of("place", gazetteer().canonical(n)) for n in names)
    return None


def country_references(text: str, resolved: list[Mention], occupied: bytearray) -> list[Mention]:
    """Mentions of 两国, 双方, 该国 linked to the countries they stand for (see module doc);
    ``occupied``: the characters mentions cover already (:func:`kg.text.coverage.coverage`)."""
    named = [m for m in resolved if m.ref_kind in ("place", "organization")]
    pairs = _pairs(text, sorted(named, key=lambda m: (m.start, m.end)))
    named = sorted(named + _leading_countries(named), key=lambda m: (m.start, m.end))
    hits = []
    for phrase, refers, kinds in _phrases():
        pos = text.find(phrase)
        while pos >= 0:
            end = pos + len(phrase)
            if not any(occupied[pos:end]):
                hits.append((pos, end, phrase, refers, kinds))
                cover(occupied, pos, end)
            pos = text.find(phrase, end)
    out = []
    for pos, end, phrase, refers, kinds in sorted(hits):
        if refers == "last":
            before = [m for m in named if m.end <= pos and _kind(m) in kinds]
            refs = [before[-1].ref] if before else []
        else:
            abbreviated = _abbreviated(text, pos)
            if abbreviated and "country" in kinds:
                pairs.append((pos, abbreviated, frozenset({"country"})))
            before = [p for p in pairs if p[0] <= pos and p[2] & kinds]
            refs = list(max(before, key=lambda p: p[0])[1]) if before else []
        out += [Mention(pos, end, "GPE" if ref.kind == "place" else "ORG", phrase, ref=ref, source="reference")
                for ref in refs]
    return out
