"""Numbered congresses and sessions: meetings, one event per meeting and document.

* A name of ``lexicons/session_patterns.tsv`` (党的二十大, 十九届六中全会,
  十四届全国人大二次会议, 全国政协十四届二次会议, 浙江省十四届人大二次会议)
  names a meeting, identified by its kind, body, term (届) and number: 十九届六中全会
  and 中国共产党第十九届中央委员会第六次全体会议 are one meeting.  A bare congress
  (十五大, without 中共 or 党的) counts from the tenth on, before a word of
  ``session_followers.tsv`` (十五大以来; not 十大新闻, 十五大城市).
* Every meeting a document names is one ``kg:Meeting`` event of that document,
  however many sentences name it.  Its trigger is the name in the clause that
  holds it (a word of ``session_verbs.txt``: 召开, 开幕, 出席, with no 的
  between; not when the name dates something else: 十八大以来…召开), else the first
  name; its date and place are that clause's (a time, else one that opens the
  sentence; a place after 在/于); a
  plan (将于…召开) marks it planned.
* The body that holds it is its organizer when the name says whose it is
  (全国人大, 全国政协, 浙江省人大; 中共 or 党的 for the party's congress and the
  central committee's plenums).
* A meeting event of the trigger lexicon on a word of ``session_verbs.txt`` in a
  clause naming the meeting (召开, 出席) is that meeting: it goes, its date,
  place and participants join the meeting's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.classes import entity_class
from kg.extract.event_triggers import DATED, clause_of
from kg.extract.modality import modality_of
from kg.extract.numerals import read_chinese_integer
from kg.gazetteer import gazetteer
from kg.model import Document, Entity, Event, Key, Mention
from kg.resources import load_lines, load_tsv

__all__ = ["Session", "find_sessions", "session_bodies", "national_bodies", "session_verbs", "session_events", "SessionStage"]

NUMERAL = "[一二三四五六七八九十]{1,3}"
PLACE = "[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|州|县|区|盟)"
#: A bare congress (十五大) counts from this number on (一大, 五大 open too many words).
MIN_BARE_CONGRESS = 10
#: Characters that may not stand right before a bare congress (第二大, 一百二十大).
NOT_BEFORE_BARE = set("第百千万几数多")
PUNCTUATION = set("，。；：！？、,.;:!?”’）)》 \n")
LOCATIVES = ("在", "于")
#: The most characters between a verb before a name and the name (出席了 … 会议).
MAX_VERB_GAP = 4


@dataclass(frozen=True)
class Session:
    """One naming of a meeting in a text."""

    start: int
    end: int
    text: str
    kind: str
    number: int
    term: int | None
    #: the body's full name, or None when the name does not say whose it is
    organizer: str | None
    #: the organizer the kind implies, named or not (what tells two meetings apart)
    holder: str

    @property
    def identity(self) -> tuple:
        return self.kind, self.holder, self.term, self.number


@lru_cache(maxsize=1)
def _bodies() -> dict[str, tuple[str, bool]]:
    return {name: (full, free == "yes") for name, full, free in load_tsv("lexicons", "session_bodies.tsv", columns=3)}


@lru_cache(maxsize=1)
def session_bodies() -> tuple[str, ...]:
    """Names of bodies that may stand in a session's name (全国人大, 人大), longest first."""
    return tuple(sorted((n for n, (_, free) in _bodies().items() if free), key=len, reverse=True))


def national_bodies() -> tuple[str, ...]:
    """The bodies of :func:`session_bodies` whose full name needs no place (全国人大)."""
    return tuple(n for n in session_bodies() if "{place}" not in _bodies()[n][0])


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, str, re.Pattern], ...]:
    body = "(?:" + "|".join(re.escape(n) for n in session_bodies()) + ")"
    out = []
    for kind, organizer, regex in load_tsv("lexicons", "session_patterns.tsv", columns=3):
        regex = regex.replace("{N}", NUMERAL).replace("{BODY}", body).replace("{PLACE}", PLACE)
        out.append((kind, organizer, re.compile(regex)))
    return tuple(out)


@lru_cache(maxsize=1)
def _followers() -> dict[str, str]:
    """Word after a session's name -> its kind (time: the name dates something else)."""
    rows = load_tsv("lexicons", "session_followers.tsv", columns=2)
    return dict(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def session_verbs() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "session_verbs.txt"), key=len, reverse=True))


def _place(found: str) -> str:
    """The longest ending of ``found`` that is a division (在浙江省 -> 浙江省), or ''."""
    for i in range(len(found) - 1):
        if gazetteer().divisions(found[i:]):
            return found[i:]
    return ""


def _read(kind: str, organizer: str, match: re.Match, text: str) -> Session | None:
    groups = match.groupdict()
    start = match.start()
    place = ""
    if groups.get("place"):
        place = _place(groups["place"])
        start = match.start("place") + len(groups["place"]) - len(place)
    try:
        number = read_chinese_integer(groups["n"])
        term = read_chinese_integer(groups["term"]) if groups.get("term") else None
    except ValueError:
        return None
    named = bool(groups.get("party") or groups.get("central"))
    if kind == "congress" and not groups.get("party"):
        before = text[start - 1] if start else ""
        after = text[match.end():]
        if (number < MIN_BARE_CONGRESS or before in NOT_BEFORE_BARE or re.match(NUMERAL, before)
                or not (after[:1] in PUNCTUATION or after.startswith(tuple(_followers())))):
            return None
    if organizer == "{body}":
        full = _bodies()[groups["body"]][0]
        if "{place}" in full:
            full = full.format(place=place) if place else ""
        if not full:
            return None if kind == "session" and not term else _unnamed(match, start, kind, number, term, groups)
        holder, named = full, True
    else:
        holder = organizer
    return Session(start, match.end(), text[start:match.end()], kind, number, term,
                   holder if named else None, holder)


def _unnamed(match, start, kind, number, term, groups) -> Session:
    """十四届人大二次会议 with no place: a meeting of some local congress."""
    holder = groups["body"]
    return Session(start, match.end(), match.string[start:match.end()], kind, number, term, None, holder)


def find_sessions(text: str) -> list[Session]:
    """The meeting names of ``text``, longest first where two overlap, in text order."""
    found = []
    for kind, organizer, pattern in _patterns():
        for match in pattern.finditer(text):
            session = _read(kind, organizer, match, text)
            if session is not None:
                found.append(session)
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    kept: list[Session] = []
    for s in found:
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)


# ---------------------------------------------------------------- events
class _Meetings:
    """The meeting events of one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.named = [m for m in doc.mentions if m.ref and m.label not in ("TITLE", "TRIGGER")]
        self.entities = {e.key: e for e in doc.entities}

    def clause(self, s: Session) -> tuple[int, int]:
        sentence = self.doc.sentence_of(s.start)
        return clause_of(self.doc, sentence, s.start, s.end)

    def verb_at(self, s: Session) -> int | None:
        """Where a word that holds or attends the meeting stands in its clause: after the
        name with no 的 between (…会议在北京召开), or just before it (出席…会议); never
        when the name dates something else (十八大以来…召开)."""
        lo, hi = self.clause(s)
        text = self.doc.text
        if any(text.startswith(w, s.end) for w, kind in _followers().items() if kind == "time"):
            return None
        spots = []
        for verb in session_verbs():
            at = text.find(verb, s.end, hi)
            if at >= 0 and "的" not in text[s.end:at]:
                spots.append(at)
            at = text.rfind(verb, lo, s.start)
            if at >= 0 and at + len(verb) + MAX_VERB_GAP >= s.start and "的" not in text[at:s.start]:
                spots.append(at)
        return min(spots) if spots else None

    def date(self, lo: int, hi: int):
        times = [(m, tv) for m, tv in self.doc.times if lo <= m.start and m.end <= hi and tv.datatype in DATED]
        return min(times, key=lambda t: t[0].start)[1] if times else None

    def place(self, lo: int, hi: int) -> str | None:
        text = self.doc.text
        for m in self.named:
            if lo <= m.start and m.end <= hi and m.ref.kind == "place" and text[m.start - 1:m.start] in LOCATIVES:
                return m.ref
        return None

    def organizer(self, s: Session) -> str | None:
        if s.organizer is None:
            return None
        from kg.extract.aliases import load_alias_rules

        name = load_alias_rules().canonical("organization", s.organizer) or s.organizer
        key = Key.of("organization", name)
        inside = [m for m in self.named if s.start <= m.start and m.end <= s.end and m.ref.kind == "organization"]
        if inside and inside[0].ref.name.startswith(name):  # 全国人大 as the document resolved it
            return inside[0].ref
        if key not in self.entities:
            self.entities[key] = Entity(key, "organization", entity_class(key, {}), name)
        return key

    def events(self) -> tuple[list[Event], set[str]]:
        """The meeting events, and the keys of the trigger-lexicon events they replace."""
        groups: dict[tuple, list[Session]] = {}
        for s in find_sessions(self.doc.text):
            groups.setdefault(s.identity, []).append(s)
        out, replaced = [], set()
        for sessions in groups.values():
            held = [s for s in sessions if self.verb_at(s) is not None]
            chosen = held[0] if held else sessions[0]
            event = self.event(chosen, sessions)
            absorbed = self.absorbed(sessions)
            replaced |= {e.key for e in absorbed}
            out.append(_join(event, absorbed))
        return sorted(out, key=lambda e: e.trigger.start), replaced

    def event(self, chosen: Session, sessions: list[Session]) -> Event:
        text = self.doc.text
        sentence = self.doc.sentence_of(chosen.start)
        date = location = modality = None
        verb = self.verb_at(chosen)
        if verb is not None:
            lo, hi = self.clause(chosen)
            date, location = self.date(lo, hi), self.place(lo, hi)
            opening = [tv for m, tv in self.doc.times if m.start == sentence.start and tv.datatype in DATED]
            date = date or (opening[0] if opening else None)  # 3月5日上午，…会议在北京开幕
            modality = modality_of(text[lo:verb], text[sentence.start:lo])
        participants = []
        organizer = next((o for o in (self.organizer(s) for s in sessions) if o), None)
        if organizer:
            participants.append(("organizer", organizer))
        key = f"m{chosen.start}"
        trigger = Mention(chosen.start, chosen.end, "TRIGGER", chosen.text, ref=key, source="sessions")
        return Event(key, "Meeting", trigger, sentence, date, location, tuple(participants), modality=modality)

    def absorbed(self, sessions: list[Session]) -> list[Event]:
        """Trigger-lexicon meetings on a holding word in a clause that names the meeting."""
        clauses = {self.clause(s) for s in sessions if self.verb_at(s) is not None}
        return [e for e in self.doc.events if e.cls == "Meeting" and e.trigger.text in session_verbs()
                and any(lo <= e.trigger.start < hi for lo, hi in clauses)]


def _join(event: Event, absorbed: list[Event]) -> Event:
    participants = list(event.participants)
    for other in absorbed:
        participants += [p for p in other.participants if p[1] not in {k for _, k in participants}]
    date = event.date or next((e.date for e in absorbed if e.date), None)
    location = event.location or next((e.location for e in absorbed if e.location), None)
    return replace(event, participants=tuple(participants), date=date, location=location)


def session_events(doc: Document) -> Document:
    """The document with one meeting event per meeting it names (see module doc)."""
    meetings = _Meetings(doc)
    found, replaced = meetings.events()
    if not found:
        return doc
    kept = [e for e in doc.events if e.key not in replaced]
    entities = tuple(meetings.entities[k] for k in sorted(meetings.entities))
    return doc.with_(events=tuple(sorted(kept + found, key=lambda e: (e.trigger.start, e.key))), entities=entities)


@dataclass
class SessionStage:
    """Numbered congresses and sessions as meeting events (after the events stage)."""

    name: str = "sessions"

    def __call__(self, doc: Document) -> Document:
        return session_events(doc)
