"""Positions held: who holds which title in which organization, in the forms news uses.

* Appositives ``[ORG][TITLE…]NAME``, chained with 、 (中共中央政治局常委、国务院副总理韩正);
  a title with no organization of its own takes the one before it in the chain
  (国务院总理李鹏、副总理邹家华; 横店集团董事长、总裁徐永安), else the scene's; several
  names after one title share it (国务院副总理吴仪、回良玉); 董事长兼总经理 is two titles.
* After the name: ``NAME，现任ORG TITLE`` and the other verbs of ``lexicons/positions.tsv``
  (任, 出任, 担任, 当选, 被任命为, 兼任 …; 任命NAME为ORG TITLE; 由NAME担任ORG TITLE);
  a clause that is only ``ORG TITLE`` after a name that opens the sentence
  (陈某，1968年生，某公司董事长; 吴某：某公司董事长).
* Before the name: ``ORG(的)TITLE是/为/：NAME``, ``ORG TITLE由NAME担任``.
* Ended and new positions: 原/前/曾任 (no date), 辞去/卸任/离任/被免去 (with the date the
  clause gives) end the position; 新任 and the start verbs (出任, 当选 …) start it.  A
  planned change (将卸任, 拟任) is no change: a planned start gives nothing, a planned
  end leaves the position current.
* Surname + title (李总理, 俞院长): :mod:`kg.extract.surname_titles`.
"""

from __future__ import annotations

from functools import lru_cache

from kg.extract.modality import modality_of
from kg.gazetteer import gazetteer
from kg.extract.scenes import scene_mentions
from kg.extract.spans import SpanIndex
from kg.lexicons import honorifics, titles
from kg.model import Document, Key, Mention, Relation, Sentence, TimeValue
from kg.resources import load_lines, load_tsv

__all__ = ["positions", "position_titles", "position_words"]

CLAUSE_BREAKS = "，。；：！？,;:!?（）()“”\"《》"
#: What ends the text of a title after an organization.
STOPS = CLAUSE_BREAKS + "、 \u3000\n"
MAX_ROLE_CHARS = 20
#: Characters that make a clause, not a title (对, 及, 在, 了 …).
NOT_IN_ROLES = set("对及和在了把被将从向给说称道")
#: A title stated of a name before it is short (董事长, 重症医学科主任): longer text is a clause.
MAX_PREDICATE_ROLE = 12
KINDS = ("hold", "start", "end", "former", "new", "copula", "by", "tail", "joiner", "body")
#: One-character verbs count only right after a name, a time or a clause break (主任 is no 任).
SHORT_VERB_AFTER = CLAUSE_BREAKS + " \u3000"


@lru_cache(maxsize=1)
def position_titles() -> tuple[str, ...]:
    """Titles (``titles.txt``) and title heads (``title_heads.txt``), longest first."""
    words = set(titles()) | set(load_lines("lexicons", "title_heads.txt"))
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def position_words() -> dict[str, tuple[str, ...]]:
    """``lexicons/positions.tsv``: kind -> words, longest first."""
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    for kind, word in load_tsv("lexicons", "positions.tsv", columns=2):
        if kind not in out:
            from kg.errors import ResourceError

            raise ResourceError(f"lexicons/positions.tsv: unknown kind {kind!r} ({word}); use one of {', '.join(KINDS)}")
        out[kind].append(word)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def title_bodies() -> dict[str, str]:
    """``lexicons/title_bodies.tsv``: titles that name their body themselves (国家主席 -> place/中国)."""
    return dict(load_tsv("lexicons", "title_bodies.tsv", columns=2))


def _is_body(m: Mention) -> bool:
    """An organization, or a country (柬埔寨首相); a governing body alone (党委) is part of a title."""
    if m.text in position_words()["body"]:
        return False
    return m.ref_kind == "organization" or (
        m.ref_kind == "place" and gazetteer().is_country(m.ref.name))


def _title_role(role: str, title_ends: set[int], offset: int) -> bool:
    """A title: short, ends in a title word, and holds no clause words (决定对该公司及其时任董事长)."""
    if any(c in NOT_IN_ROLES for c in role):
        return False
    return bool(role) and len(role) <= MAX_ROLE_CHARS and (
        offset + len(role) in title_ends or role.endswith(position_titles()))


def _ends_with_mark(prefix: str, marks: tuple[str, ...]) -> bool:
    """``prefix`` ends with a mark that is not the end of a word (目前, 此前 are no 前)."""
    from kg.ner.anchored import dictionary_pos

    for w in marks:
        if prefix.endswith(w):
            return len(w) > 1 or len(prefix) < 2 or not dictionary_pos(prefix[-2:])
    return False


def _marks(prefix: str, role: str) -> tuple[str, bool, bool]:
    """Strip 原/前/新任 (and 现任, 时任) from a role; return (role, ended, started) with
    ``prefix`` the text before."""
    words = position_words()
    verb = next((v for v in _verbs() if role.startswith(v) and _title_role(role[len(v):], set(), 0)), "")
    if verb and verb not in words["former"] + words["new"]:
        role, prefix = role[len(verb):], prefix + verb  # 现任校长, 时任董事长
    ended = _ends_with_mark(prefix, words["former"])
    started = prefix.endswith(words["new"])
    for w in words["former"]:
        if role.startswith(w) and _title_role(role[len(w):], set(), 0):
            return role[len(w):], True, started
    for w in words["new"]:
        if role.startswith(w) and _title_role(role[len(w):], set(), 0):
            return role[len(w):], ended, True
    return role, ended, started


@lru_cache(maxsize=1)
def _verbs() -> tuple[str, ...]:
    """Every verb and mark that may stand before a title, longest first."""
    words = position_words()
    found = set(words["hold"] + words["end"] + words["former"] + words["new"]) | {"现", "时任"}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


def _split_joined(role: str) -> list[str]:
    """董事长兼总经理 -> 董事长, 总经理 (each part a title)."""
    for joiner in position_words()["joiner"]:
        parts = role.split(joiner)
        if len(parts) > 1 and all(_title_role(p, set(), 0) for p in parts):
            return parts
    return [role]


class _Finder:
    """Positions of one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.named = [m for m in doc.mentions if m.ref and m.label != "TITLE"]
        self.named_index = SpanIndex(self.named)
        self.people = sorted((m for m in self.named if m.ref_kind == "person"), key=lambda m: (m.start, m.end))
        self.people_index = SpanIndex(self.people)
        self.title_ends = {m.end for m in doc.mentions if m.label == "TITLE"}
        self.scenes = scene_mentions(doc)
        self.out: list[Relation] = []

    def membership(self, person: Mention, org: str, role: str, sentence: Sentence,
                   ended=False, started=False, start=None, end=None, own=True) -> None:
        """``own``: the title follows the organization's name (某大学党委书记), not a 、 before it."""
        org = Key(org)
        name = org.rest  # a document-local key keeps its mark: 省委@doc is no 省 + 委
        body = next((b for b in position_words()["body"] if name.endswith(b) and len(name) - len(b) >= 2), None)
        if body and org.kind == "organization":  # 某大学党委 + 书记 -> 某大学, 党委书记
            org, role = org[: -len(body)], (body + role if own else role)
        for part in _split_joined(role):
            self.out.append(Relation("membership", person.ref, org, (sentence,), role=part,
                                     ended=ended, started=started and not ended, start=start, end=end))

    # ------------------------------------------------------------ appositives
    def appositives(self) -> None:
        text = self.doc.text
        held: dict[int, list[tuple]] = {}  # person start -> (org, role, ended, started)
        for i, person in enumerate(self.people):
            sentence = self.doc.sentence_of(person.start)
            clause_start = self._clause_start(person.start, sentence)
            previous = None
            for j in range(i - 1, -1, -1):  # people are in text order: stop before the clause
                p = self.people[j]
                if p.start < clause_start:
                    break
                if p.end <= person.start:
                    previous = p
                    break
            base = previous.end if previous else clause_start
            if previous and text[previous.end:person.start] in ("、", "和", "与", "及"):
                for org, role, ended, started in held.get(previous.start, []):  # 副总理吴仪、回良玉
                    self.membership(person, org, role, sentence, ended, started)
                held[person.start] = held.get(previous.start, [])
                continue
            found = []
            pos = base
            last_org = self._last_body(clause_start, base)
            for segment in text[base:person.start].split("、"):
                seg_start, seg_end = pos, pos + len(segment)
                pos = seg_end + 1
                orgs = [m for m in self.named_index.within(seg_start, seg_end) if _is_body(m)]
                if orgs:
                    org = orgs[-1]
                    role, offset, org_key, prefix = text[org.end:seg_end], org.end, org.ref, text[seg_start:org.start]
                    if role.startswith("的"):
                        role, offset = role[1:], offset + 1
                    last_org = org_key
                    if org.ref.kind == "place" and role.strip() not in titles():
                        continue  # a country holds offices (柬埔寨首相), not 中国问题专家
                else:
                    cut = max(segment.rfind("的"), segment.rfind("是"))
                    role, offset = segment[cut + 1:], seg_start + cut + 1
                    prefix = segment[:cut + 1]
                    for word in ("以及", "及", "和", "与"):  # 党委书记王某及校长李某
                        if role.startswith(word):
                            role, prefix = role[len(word):], prefix + word
                    if seg_start == base and previous:
                        continue  # 王某董事长、李某: the title after a name is that name's
                    org_key = last_org or self._topic(sentence) or self.scenes.get(sentence, {}).get("organization")
                role = role.strip()
                role, ended, started = _marks(prefix.strip(), role)
                if not orgs and role in title_bodies():  # 国家主席习近平: the title names its body
                    org_key = title_bodies()[role]
                if not orgs and cut < 0 and role not in position_titles():
                    continue  # 某某董事长 with 某某 untagged: the organization is unknown
                if not orgs and found and found[-1][2]:
                    ended = True  # 原党委书记、董事长: 原 covers the chain
                if org_key and _title_role(role, self.title_ends, seg_end - len(role)):
                    found.append((org_key, role, ended, started))
                    self.membership(person, org_key, role, sentence, ended, started, own=bool(orgs))
            held[person.start] = found

    def _topic(self, sentence: Sentence) -> str | None:
        """The organization that opens the sentence (某中学创办于1966年，…，现任校长张三)."""
        first = next(iter(self.named_index.starting_at(sentence.start)), None)
        if first and _is_body(first) and first.ref_kind == "organization":
            return first.ref
        return None

    def _last_body(self, start: int, end: int) -> str | None:
        """The last organization in ``text[start:end]`` whose title chain runs up to ``end``."""
        bodies = [m for m in self.named_index.within(start, end) if _is_body(m)]
        return bodies[-1].ref if bodies else None

    # ------------------------------------------------------------ ORG TITLE as a predicate
    def phrases(self) -> None:
        """``ORG TITLE`` not followed by a name: find its holder before or after it."""
        text = self.doc.text
        for org in (m for m in self.named if _is_body(m)):
            sentence = self.doc.sentence_of(org.start)
            roles, end = self._roles_after(org, sentence)
            if not roles:
                continue
            after = text[end:sentence.end]
            for tail in position_words()["tail"]:
                if after.startswith(tail):
                    after, end = after[len(tail):], end + len(tail)
                    break
            if self.people_index.starting_at(end) or (text[end:end + 1] in (" ", "\u3000")
                                                       and self.people_index.starting_at(end + 1)):
                continue  # an appositive: the name after it holds it
            holder = self._named_after(end, sentence) or self._named_before(org, sentence)
            if holder is None:
                continue
            person, verb, verb_at = holder
            if not verb and end < sentence.end and text[end] not in CLAUSE_BREAKS:
                continue  # a name-opened clause must be the title alone (吴某：某公司董事长)
            if not verb and any(len(r) > MAX_PREDICATE_ROLE for r in roles):
                continue
            words = position_words()
            clause = text[self._clause_start(verb_at, sentence):verb_at]
            mood = modality_of(clause, text[sentence.start:verb_at])
            ended = verb in words["end"] or verb in words["former"]
            if mood and verb in words["end"]:
                ended = False  # 将卸任: still holds it
            elif mood:
                continue  # 拟任, 将出任: not (yet) held
            date = self._date_before(verb_at, sentence) if verb in words["end"] + words["start"] else None
            prefix = text[self._clause_start(org.start, sentence):org.start]
            for i, role in enumerate(roles):
                role, was, new = _marks(prefix, role)
                self.membership(person, org.ref, role, sentence, ended or was,
                                new or verb in words["start"], start=None if ended else date,
                                end=date if ended and verb in words["end"] else None, own=i == 0)

    def _roles_after(self, org: Mention, sentence: Sentence) -> tuple[list[str], int]:
        """The titles right after ``org`` (的 allowed), 、-chained; and where they end."""
        text, pos, roles = self.doc.text, org.end, []
        if text.startswith("的", pos):
            pos += 1
        while pos < sentence.end:
            stop = pos
            while stop < sentence.end and text[stop] not in STOPS and not any(
                    _is_body(m) or m.ref_kind == "person" for m in self.named_index.starting_at(stop)):
                stop += 1
            role = text[pos:stop]
            for word in position_words()["copula"] + position_words()["by"]:  # 队长是王某, 院长为李某
                cut = role.rfind(word)
                if cut > 0 and not _title_role(role, self.title_ends, pos) and _title_role(role[:cut], set(), 0):
                    role, stop = role[:cut], pos + cut
                    break
            for tail in position_words()["tail"]:
                if role.endswith(tail) and len(role) > len(tail):
                    role, stop = role[: -len(tail)], stop - len(tail)
                    break
            if not _title_role(role, self.title_ends, pos):
                break
            if org.ref.kind == "place" and _marks("", role)[0] not in titles():
                break
            roles.append(role)
            if not (stop < sentence.end and text[stop] == "、"):
                return roles, stop
            pos = stop + 1
        return roles, pos - 1 if roles else pos

    def _named_after(self, end: int, sentence: Sentence):
        """ORG TITLE 是/为/：NAME, ORG TITLE 由NAME担任."""
        text, words = self.doc.text, position_words()
        for copula in words["copula"]:
            at = end + len(copula)
            if text.startswith(copula, end):
                while at < sentence.end and text[at] in " \u3000":
                    at += 1
                person = next((p for p in self.people if p.start == at), None)
                if person:
                    return person, copula, end
        for by in words["by"]:
            if text.startswith(by, end):
                person = next((p for p in self.people if p.start == end + len(by)), None)
                verb = person and next((v for v in words["hold"] if text.startswith(v, person.end)), None)
                if verb:
                    return person, verb, person.end
        return None

    def _named_before(self, org: Mention, sentence: Sentence):
        """NAME … VERB ORG TITLE, or NAME，ORG TITLE (the name opens the sentence)."""
        text, words = self.doc.text, position_words()
        clause_start = self._clause_start(org.start, sentence)
        prefix = text[clause_start:org.start]
        for word in words["former"] + words["new"]:
            if prefix.endswith(word) and word not in words["hold"]:
                prefix = prefix[: -len(word)]
                break
        verb = next((v for v in sorted(words["hold"] + words["end"], key=len, reverse=True)
                     if prefix.endswith(v)), None)
        before = self.people_index.within(sentence.start, org.start)
        if verb:
            verb_at = clause_start + len(prefix) - len(verb)
            right_before = [p for p in before if text[p.end:verb_at] in ("",) + tuple(honorifics())]
            if len(verb) == 1 and verb_at > sentence.start and text[verb_at - 1] not in SHORT_VERB_AFTER \
                    and not right_before:
                return None
            if verb == "为" and not right_before:
                return None  # 为 names a holder only right after the name (任命张三为…)
            people = [p for p in before if p.end <= verb_at]
            if people and people[-1].start < self._clause_start(verb_at, sentence):
                if not self._opens(people[-1]):
                    return None  # the name of another clause does not hold it, unless it opens one
            return (people[-1], verb, verb_at) if people else None
        if prefix.strip() or not before:
            return None
        topic = before[-1]  # 陈某，1968年生，某公司董事长: the name opens the sentence or a clause
        return (topic, "", org.start) if self._opens(topic) else None

    def _opens(self, person: Mention) -> bool:
        """The name opens a clause and stands alone in it (张三，… / 张三： / 张三（…）)."""
        text = self.doc.text
        opens = person.start == 0 or text[person.start - 1] in CLAUSE_BREAKS + " \u3000\n"
        return opens and text[person.end:person.end + 1] in tuple("，：:, \u3000（(")

    def _clause_start(self, at: int, sentence: Sentence) -> int:
        text = self.doc.text
        return max([text.rfind(c, sentence.start, at) for c in CLAUSE_BREAKS] + [sentence.start - 1]) + 1

    def _date_before(self, at: int, sentence: Sentence) -> TimeValue | None:
        found = [(m.start, tv) for m, tv in self.doc.times
                 if sentence.start <= m.start and m.end <= at and tv.datatype != "duration"]
        return max(found, key=lambda x: x[0])[1] if found else None

    # ------------------------------------------------------------ NAME率领…组成的ORG
    def leaders(self) -> None:
        settings = _appositive_settings()
        longest = _longest_title()
        for person in self.people:
            sentence = self.doc.sentence_of(person.start)
            after = self.doc.text[person.end:sentence.end]
            # the longest title it starts with, if any
            title = next((after[:n] for n in range(min(longest, len(after)), 0, -1) if after[:n] in titles()), "")
            after = after[len(title):]
            if not any(after.startswith(v) for v in settings.get("leader_verb", [])):
                continue
            led = [m for m in self.named_index.within(person.end + 1, sentence.end)
                   if m.ref_kind == "organization"]
            if led:
                role = settings.get("leader_role", ["领队"])[0]
                self.out.append(Relation("membership", person.ref, led[0].ref, (sentence,), role=role))


@lru_cache(maxsize=1)
def _appositive_settings() -> dict[str, list[str]]:
    """``lexicons/appositive.tsv``: setting -> its values."""
    settings: dict[str, list[str]] = {}
    for key, value in load_tsv("lexicons", "appositive.tsv", columns=2):
        settings.setdefault(key, []).append(value)
    return settings


@lru_cache(maxsize=1)
def _longest_title() -> int:
    return max(map(len, titles()), default=0)


def positions(doc: Document) -> list[Relation]:
    """Memberships in every form of the module docstring (duplicates merged later)."""
    finder = _Finder(doc)
    finder.appositives()
    finder.phrases()
    finder.leaders()
    return finder.out
