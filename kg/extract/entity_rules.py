"""Mention rules that make entities a graph can rely on (run before resolution).

* Idioms and common words are no places: a place mention that is, or lies
  inside, a word of ``lexicons/not_places.txt`` (地球, 北纬, 白山黑水) or an
  idiom of the word list (重于泰山) is dropped.
* A place name that holds a country's or a division's name is not split
  there unless the head is a whole word: adjacent place mentions 约旦 | 河西岸
  become 约旦河西岸 (约旦河 is a word); 南非 | 开普敦 stay two places.
* A place right before an organization head (``lexicons/place_org_heads.tsv``:
  政府, 军区, 队, 代表队 …) makes one organization: 中国政府, 北京军区, 浙江队,
  and a place the gazetteer lacks right after a country (澳大利亚昆士兰州政府);
  not when the head runs on into a word (中国队长, 浙江队员).
* Foreign-shaped names (every character in ``lexicons/foreign_name_chars.txt``)
  tagged as a place or an organization are people when the context says so
  (``lexicons/person_cues.tsv``: 菲拉利说, 总统佩塞克) or the document tags the
  same name as a person elsewhere; known places and organizations stay.
* A name does not swallow a verb: 内塔尼亚胡拉下台 -> 内塔尼亚胡 when the
  document names 内塔尼亚胡 elsewhere, or when the last character is a verb
  before its complement (``lexicons/name_swallowed_verbs.tsv``).
* Two names of one thing are one when the document uses both
  (:func:`document_names`): 哈桑 is 哈桑二世 (a regnal number), 张北 is
  张北县 (a county's name without its ending; counties have no short forms
  otherwise, 东湖 is a lake).
* Anonymized people (张某, 李某某: :mod:`kg.extract.anonymized`) are people.
* Numbered congresses and sessions (:mod:`kg.extract.sessions`: 十五大,
  十四届全国人大二次会议) are meetings, not organizations: a mention inside one
  goes, the body named inside it (全国人大) stays; a mention joining two with 和
  is cut at it first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.extract.anonymized import anonymized_people
from kg.extract.classes import international_organizations
from kg.extract.places import leading_place, whole_word_prefix
from kg.gazetteer import division_short_form, gazetteer
from kg.lexicons import org_endings, titles
from kg.model import Mention
from kg.resources import load_lines, load_tsv

__all__ = ["apply_entity_rules", "document_names", "place_org_heads", "is_foreign_shaped", "meeting_name"]

PLACE_LABELS = ("LOC", "GPE")
ORG_LABELS = ("ORG", "GOV", "COMPANY")
#: Characters that join two names in one mention (十五大和十四届全国人大).
JOINERS = "和与及、"


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "not_places.txt"))


@lru_cache(maxsize=1)
def place_org_heads() -> dict[str, str]:
    """Organization heads after a place name -> class (政府 -> GovernmentBody)."""
    return dict(load_tsv("lexicons", "place_org_heads.tsv", columns=2))


@lru_cache(maxsize=1)
def _person_cues() -> tuple[tuple[str, str, str], ...]:
    rows = load_tsv("lexicons", "person_cues.tsv", columns=3)
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _swallowed() -> tuple[str, str]:
    rows = dict(load_tsv("lexicons", "name_swallowed_verbs.tsv", columns=2))
    return rows.get("verb", ""), rows.get("complement", "")


@lru_cache(maxsize=1)
def _foreign_chars() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "foreign_name_chars.txt"))


@lru_cache(maxsize=1)
def _known_orgs() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "cn_organizations.txt")) | international_organizations()


def _pos(word: str) -> str:
    from kg.ner.anchored import dictionary_pos

    return dictionary_pos(word)


def meeting_name(name: str) -> bool:
    """Whether ``name`` is a numbered congress or session (十五大, 十九届四中全会)."""
    from kg.extract.sessions import find_sessions

    return any(s.start == 0 and s.end == len(name) for s in find_sessions(name))


def is_foreign_shaped(name: str) -> bool:
    """2-8 characters, each a transliteration character (菲拉利, 佩塞克)."""
    chars = name.replace("·", "")
    return 2 <= len(chars) <= 8 and all(c in _foreign_chars() for c in chars)


def _known_place(name: str) -> bool:
    gaz = gazetteer()
    return bool(gaz.place_class(gaz.canonical(name)))


def drop_non_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Place mentions that are, or lie inside, a listed word or an idiom go."""
    words = _not_places()
    out = []
    for m in mentions:
        if m.label in PLACE_LABELS and _inside_non_place(text, m.start, m.end, words):
            continue
        out.append(m)
    return out


def _inside_non_place(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    for a in range(max(0, start - 4), start + 1):
        for b in range(end, min(len(text), end + 4) + 1):
            piece = text[a:b]
            if piece in words or (len(piece) >= 4 and _pos(piece)[:1] in ("i", "l")):
                return True
    return False


def join_split_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """约旦 | 河西岸 -> 约旦河西岸: the first is no whole word in the joined name."""
    out: list[Mention] = []
    for m in sorted(mentions):
        prev = out[-1] if out else None
        if (prev and prev.label in PLACE_LABELS and m.label in PLACE_LABELS and prev.end == m.start
                and not _known_place(m.text) and not whole_word_prefix(prev.text + m.text, prev.text)):
            out[-1] = Mention(prev.start, m.end, prev.label, prev.text + m.text, source=prev.source)
            continue
        out.append(m)
    return out


def place_organizations(text: str, mentions: list[Mention]) -> list[Mention]:
    """中国政府, 北京军区, 浙江队: a place and the head after it make an organization."""
    heads = sorted(place_org_heads(), key=len, reverse=True)
    after_country = {m.end for m in mentions if m.label in PLACE_LABELS and gazetteer().is_country(
        gazetteer().canonical(m.text))}
    made = []
    for m in mentions:
        if m.label not in PLACE_LABELS:
            continue
        place = leading_place(m.text, min_rest=1)
        if place and m.text[len(place):] in place_org_heads():  # the tagger's place 北京军区
            cls = place_org_heads()[m.text[len(place):]]
            made.append(replace(m, label="GOV" if cls == "GovernmentBody" else "ORG"))
            continue
        if not (_known_place(m.text) or m.start in after_country):  # 澳大利亚 | 昆士兰州 | 政府
            continue
        head = next((h for h in heads if text.startswith(h, m.end)), None)
        if head is None or _runs_on(text, m.end, m.end + len(head)):
            continue
        label = "GOV" if place_org_heads()[head] == "GovernmentBody" else "ORG"
        made.append(Mention(m.start, m.end + len(head), label, m.text + head, source="rule"))
    if not made:
        return mentions
    kept = [m for m in mentions if not any(o.start < m.end and m.start < o.end for o in made)]
    return sorted(kept + made)


def _runs_on(text: str, start: int, end: int) -> bool:
    """Whether a dictionary word starting inside ``text[start:end]`` runs past ``end`` (队员)."""
    for a in range(start, end):
        for b in range(end + 1, min(len(text), end + 3) + 1):
            if _pos(text[a:b]):
                return True
    return False


def foreign_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """Foreign-shaped place or organization names that context makes people."""
    people = {m.text for m in mentions if m.label == "PER"}
    title_words = sorted(titles(), key=len, reverse=True)
    out = []
    for m in mentions:
        kind = "place" if m.label in PLACE_LABELS else "org" if m.label in ORG_LABELS else None
        if (kind and is_foreign_shaped(m.text) and not _known_place(m.text)
                and m.text not in _known_orgs() and not m.text.endswith(org_endings())
                and (m.text in people or _person_context(text, m, kind, title_words))):
            m = replace(m, label="PER")
        out.append(m)
    return out


def _person_context(text: str, m: Mention, kind: str, title_words: list[str]) -> bool:
    if any(text.endswith(t, 0, m.start) for t in title_words):
        return True
    for word, where, which in _person_cues():
        if which == "place" and kind != "place":
            continue
        if where == "after" and text.startswith(word, m.end):
            return True
        if where == "before" and text.endswith(word, 0, m.start):
            return True
    return False


def trim_swallowed(text: str, mentions: list[Mention]) -> list[Mention]:
    """内塔尼亚胡拉下台 -> 内塔尼亚胡 (see module doc)."""
    names = {m.text for m in mentions if m.label == "PER"}
    verbs, complements = _swallowed()
    out = []
    for m in mentions:
        if m.label == "PER" and len(m.text) >= 4:
            shorter = m.text[:-1]
            verb_before_complement = (m.text[-1] in verbs and m.end < len(text) and text[m.end] in complements
                                      and is_foreign_shaped(shorter))
            if shorter in names or verb_before_complement:
                m = replace(m, end=m.end - 1, text=shorter)
        out.append(m)
    return out


def drop_meetings(text: str, mentions: list[Mention]) -> list[Mention]:
    """Organization mentions naming numbered meetings go; 十四届全国人大 keeps 全国人大."""
    from kg.extract.sessions import find_sessions

    sessions = [(s.start, s.end) for s in find_sessions(text)]
    out = []
    for m in mentions:
        if m.label not in ORG_LABELS:
            out.append(m)
            continue
        for start, piece in _split_joined(m):
            end = start + len(piece)
            if any(a <= start and end <= b for a, b in sessions) or meeting_name(piece):
                body = _body(piece)
                if body:
                    at = start + piece.index(body)
                    out.append(Mention(at, at + len(body), m.label, body, m.ref, m.source))
                continue
            body = re.match(r"(?:[一二三四五六七八九十]{1,3}届)", piece)
            if body and len(piece) - body.end() >= 2:
                start, piece = start + body.end(), piece[body.end():]
            out.append(Mention(start, start + len(piece), m.label, piece, m.ref, m.source))
    return out


def _body(piece: str) -> str | None:
    """The body a numbered meeting's name holds: 十四届全国人大二次会议 -> 全国人大."""
    from kg.extract.sessions import national_bodies

    return next((b for b in national_bodies() if b in piece), None)  # 浙江省…人大… names no body alone


_NUMERALS = "一二三四五六七八九十"
_REGNAL = re.compile(f"[{_NUMERALS}]{{1,3}}世$")


def document_names(mentions: list[Mention]) -> dict[tuple[str, str], str]:
    """(kind, name) -> the longer name the same document uses for it (see module doc)."""
    people = {m.text for m in mentions if m.label == "PER"}
    places = {m.text for m in mentions if m.label in PLACE_LABELS}
    out = {}
    for name in people:
        longer = {p for p in people if _REGNAL.search(p) and _REGNAL.sub("", p) == name}
        if len(longer) == 1:
            out[("person", name)] = longer.pop()
    gaz = gazetteer()
    for name in places:
        if gaz.place_class(gaz.canonical(name)):
            continue
        longer = {p for p in places if gaz.divisions(p) and division_short_form(p) == name}
        if len(longer) == 1:
            out[("place", name)] = longer.pop()
    return out


def _split_joined(m: Mention) -> list[tuple[int, str]]:
    """十五大和十四届全国人大 -> 十五大 | 十四届全国人大, when a part is a meeting."""
    parts = re.split(f"([{JOINERS}])", m.text)
    pieces, pos = [], m.start
    for part in parts:
        if part and part not in JOINERS:
            pieces.append((pos, part))
        pos += len(part)
    if len(pieces) > 1 and any(meeting_name(p) or re.match("[一二三四五六七八九十]{1,3}届", p) for _, p in pieces):
        return pieces
    return [(m.start, m.text)]


def apply_entity_rules(text: str, mentions: list[Mention]) -> list[Mention]:
    """All the rules above, in order."""
    mentions = anonymized_people(text, drop_non_places(text, list(mentions)))
    mentions = join_split_places(text, mentions)
    mentions = place_organizations(text, mentions)
    mentions = foreign_people(text, mentions)
    mentions = trim_swallowed(text, mentions)
    return sorted(drop_meetings(text, mentions))
