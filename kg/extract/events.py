"""Events: things that happened, each with its trigger, date, place and people.

A trigger word from ``lexicons/event_triggers.tsv`` (召开, 考察, 通话, 封城 …)
names the event class and how to read the clause around it.  The clause is
the stretch of the sentence between punctuation marks (，。；：！？—).

Which triggers are events
    * not inside a quotation (“…”, reported speech) or a document title (《…》);
      a quotation that holds nothing but the trigger (“封城！”, “封城”) is a
      term, not speech, and is read like unquoted text;
    * not a wish or a duty before the trigger in its clause (要, 应, 必须, 可以,
      原定 … — ``event_cues.tsv``); a plan, a denial or a condition (将于, 未,
      如果 … — ``event_modality.tsv``) keeps the event and marks its modality;
    * not nominal: not right after 的 (历经76天的“封城”) and not followed by a
      noun that makes it a thing (会议会期, 召开前夕, 防控工作);
    * anchored: it has a date, a place or a named participant; a trigger with
      none of them is a word, not an event.

Roles
    * date: a time in the trigger's clause before it (not one that modifies a
      noun: 原定于3月3日召开的 …), else a time after it in the clause, else the
      nearest earlier time in the sentence, else the date of the scene that
      governs the sentence (:mod:`kg.extract.scenes`).  Durations are never a
      start date.  A sentence that is nothing but the trigger (“封城！”) takes
      the date and place of the next sentence when that one opens with a time
      (the headline-then-dateline pattern of news features).
    * location: the place the trigger reaches (来到X, 赶赴X, ``place=after``)
      or the place nearest it (武汉正式重启, ``place=near``); else a place after
      在/于/到/赴 in the clause; else a dateline place that opens the sentence
      (广州，…); else the scene's place.
    * participants: persons and organizations (and countries) of the clause:
      before the trigger they take the trigger's ``before`` role (agent,
      organizer, caller …); after it, or after an object marker before it
      (向中国捐赠, 同古特雷斯通话), the ``after`` role (recipient, callee,
      attendee …).  An organization or country that only introduces a person's
      title (联合国秘书长古特雷斯) is not a participant itself.  A clause with no
      subject of its own borrows the subject that opens an earlier clause of
      the sentence (国家卫健委作出部署，派出工作组 …).
    * one clause, one event per class; a verb of going (赶赴, 前往) followed by
      another event in its clause merges into it (赶赴武汉考察).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import InputError
from kg.extract.event_lexicon import cues, rule_only_classes, subject_leads, symmetric_triggers
from kg.extract.learned_events import excluded_spans
from kg.extract.modality import chained_plan, modality_of
from kg.extract.spans import SpanIndex
from kg.extract.event_triggers import (ANNIVERSARY, BARE_FILLER, COUNTED, DATED, MAX_REACH,
                                       MAX_SUBJECTLESS_LEAD, QUOTES, TITLES, Candidate, clause_of,
                                       find_triggers, has_cue, inside, quoted_spans, without_times)
from kg.gazetteer import gazetteer
from kg.extract.scenes import scene_mentions
from kg.model import Document, Event, Mention, Sentence, TimeValue

__all__ = ["EventStage", "find_events", "quoted_spans"]

class _Reader:
    """Reads one document's triggers into events."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.quotes = quoted_spans(doc.text, QUOTES)
        self.titles = quoted_spans(doc.text, TITLES)
        self.scenes = scene_mentions(doc)
        known = {e.key for e in doc.entities}
        out = excluded_spans(doc)  # bylines, credits, the dateline, a commemoration: no participants
        self.named = sorted(
            (m for m in doc.mentions if m.ref in known and m.ref.kind in ("person", "organization", "place")
             and not any(a <= m.start and m.end <= b for a, b in out)),
            key=lambda m: (m.start, -m.end),
        )
        self.named_index = SpanIndex(self.named)
        self.times = [(m, tv) for m, tv in doc.times if tv.datatype in DATED]
        self.times_index = SpanIndex(self.times, span=lambda t: t[0])
        self.all_times = SpanIndex(doc.times, span=lambda t: t[0])
        self.starts: dict[tuple[int, int], list[int]] = {}  # clause -> its triggers' starts (read)

    # -------------------------------------------------------------- filters
    def is_term_quote(self, quote: tuple[int, int], cand: Candidate) -> bool:
        inner = self.text[quote[0] + 1 : quote[1] - 1]
        return inner.strip("！!。？?… ") == self.text[cand.start : cand.end]

    def factual(self, cand: Candidate) -> bool:
        text = self.text
        if inside(self.titles, cand.start, cand.end):
            return False
        quote = inside(self.quotes, cand.start, cand.end)
        if quote and not self.is_term_quote(quote, cand):
            return False
        before = text[cand.clause[0] : cand.start]
        if modality_of(before, text[cand.sentence.start : cand.clause[0]]) is None \
                and self.chained(cand) is None and has_cue(before, "modal", "modal_not"):
            return False  # a wish or a duty (要, 必须); plans, denials and conditions are kept, marked
        if COUNTED.search(before + text[cand.start : cand.end]) or ANNIVERSARY.match(text, cand.end):
            return False  # 三次考察; 逝世130周年
        lead = before.rstrip("“”「」")
        if lead.endswith("的"):
            return False
        after = text[cand.end : cand.clause[1]].lstrip("“”「」")
        if any(after.startswith(w) for w in cues()["nominal_after"]):
            return False
        if after.startswith("的"):  # a relative clause: an event only when it describes its agent
            return self.relative_head(cand) is not None
        return True

    def chained(self, cand: Candidate) -> str | None:
        """The plan of an earlier trigger in the clause (:func:`chained_plan`)."""
        lo = cand.clause[0]
        return chained_plan(self.text[lo : cand.start], [s - lo for s in self.starts.get(cand.clause, ()) if s < cand.start])

    def relative_head(self, cand: Candidate) -> Mention | None:
        """The person or organization a relative clause describes (考察调研的习近平)."""
        after = self.text[cand.end : cand.clause[1]]
        if not after.startswith("的"):
            return None
        heads = [m for m in self.mentions_in(cand.end + 1, cand.clause[1]) if self.actor(m)]
        if heads and heads[0].start == cand.end + 1:
            return heads[0]
        return None

    def is_bare(self, cand: Candidate) -> bool:
        s = cand.sentence
        rest = self.text[s.start : cand.start] + self.text[cand.end : s.end]
        return all(c in BARE_FILLER for c in rest)

    # ---------------------------------------------------------------- roles
    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        return self.named_index.within(lo, hi)

    @staticmethod
    def is_country(m: Mention) -> bool:
        return m.ref.kind == "place" and gazetteer().is_country(m.ref.name)

    def actor(self, m: Mention) -> bool:
        return m.ref_kind in ("person", "organization") or self.is_country(m)

    def after_marker(self, m: Mention, kind: str, exceptions: str) -> bool:
        before = self.text[max(0, m.start - 3) : m.start]
        for word in cues()[kind]:
            if before.endswith(word) and not any(before.endswith(x) for x in cues()[exceptions]):
                return True
        return False

    def affiliation(self, m: Mention, mentions: list[Mention]) -> bool:
        """An organization or country that only introduces a person (联合国秘书长古特雷斯)."""
        if m.ref_kind == "person":
            return False
        for other in mentions:
            if other.start >= m.end and other.ref_kind == "person":
                gap = self.text[m.end : other.start]
                return len(gap) <= 40 and not any(c in "，。；：！？的和与同及" for c in gap)
        return False

    def date(self, cand: Candidate, anchor: Sentence | None) -> TimeValue | None:
        lo, hi = cand.clause
        s = cand.sentence
        in_sentence = self.times_index.within(s.start, s.end)
        own = [(m, tv) for m, tv in in_sentence if lo <= m.start and m.end <= cand.start
               and "的" not in self.text[m.end : cand.start]]
        if own:
            return own[-1][1]
        opening = [(m, tv) for m, tv in in_sentence if m.start == s.start and m.end <= cand.start]
        if opening:
            return opening[0][1]
        after = [(m, tv) for m, tv in in_sentence if cand.end <= m.start and m.end <= hi]
        if after:
            return after[0][1]
        earlier = [(m, tv) for m, tv in in_sentence if m.end <= lo]
        if earlier:
            return earlier[-1][1]
        if anchor is not None:
            dated = [tv for m, tv in self.times_index.within(anchor.start, anchor.end)]
            if dated:
                return dated[0]
        scene = self.scenes.get(s, {})
        return scene.get("date")

    def opens_with_time(self, sentence: Sentence) -> bool:
        return any(m.start == sentence.start for m, _ in self.doc.times)

    def location(self, cand: Candidate, mentions: list[Mention], anchor: Sentence | None,
                 fallback: bool = True) -> str | None:
        lo, hi = cand.clause
        places = [m for m in mentions if m.ref_kind == "place" and (  # a country only as 在土耳其, 土耳其南部
            not self.is_country(m) or self.after_marker(m, "locative", "object_not")
            or self.text.startswith(cues()["place_part"], m.end))]
        places = [m for m in places if not (m.start < cand.end and cand.start < m.end)]
        rule = cand.trigger.place
        if rule == "after":
            reached = [m for m in places if cand.end <= m.start <= cand.end + MAX_REACH
                       and not any(c in "、" for c in self.text[cand.end : m.start])]
            marked = [m for m in places if m.end <= cand.start and self.after_marker(m, "object", "object_not")]
            if reached:
                return self._outermost_last(reached)
            if marked:
                return marked[-1].ref
        if rule == "near":
            before = [m for m in places if m.end <= cand.start]
            after = [m for m in places if m.start >= cand.end]
            if before:
                return before[-1].ref
            if after:
                return after[0].ref
        if not fallback:
            return None
        located = [m for m in places if self.after_marker(m, "locative", "object_not")]
        if located:
            return self._outermost_last(located)
        dateline = self.dateline_place(cand.sentence)
        if dateline:
            return dateline
        if anchor is not None:
            nxt = [m for m in self.mentions_in(anchor.start, anchor.end) if m.ref_kind == "place"]
            if nxt:
                return nxt[0].ref
        return self.scenes.get(cand.sentence, {}).get("place")

    def _outermost_last(self, places: list[Mention]) -> str:
        """The most specific of adjacent places (北京市朝阳区安华里社区 -> 安华里社区)."""
        chosen = places[0]
        for m in places[1:]:
            if m.start == chosen.end:
                chosen = m
            else:
                break
        return chosen.ref

    def dateline_place(self, sentence: Sentence) -> str | None:
        """A place that opens the sentence as a clause of its own (广州，… / 2月24日晚，北京，…)."""
        pos = sentence.start
        for _ in range(3):
            lo, hi = clause_of(self.doc, sentence, pos, pos)
            if hi >= sentence.end:
                return None
            named = self.mentions_in(lo, hi)
            times = [m for m, _ in self.all_times.within(lo, hi)]
            covered = sum(m.end - m.start for m in named + times)
            if covered and covered == hi - lo:
                places = [m for m in named if m.ref_kind == "place"]
                if places and not times:
                    return places[-1].ref
            else:
                return None
            pos = hi + 1
        return None

    def subject(self, cand: Candidate) -> list[Mention]:
        """The subject that opens an earlier clause of the sentence."""
        s = cand.sentence
        pos, found = s.start, []
        while pos < cand.clause[0]:
            lo, hi = clause_of(self.doc, s, pos, pos)
            actors = [m for m in self.mentions_in(lo, hi) if self.actor(m)]
            if actors and not inside(self.quotes, actors[0].start, actors[0].end):
                lead = without_times(self.text, lo, actors[0].start, self.all_times.within(lo, actors[0].start))
                if not lead or lead in subject_leads():  # nothing, or a title or standing (被告人) before it
                    found = [actors[0]]
            pos = hi + 1
        return found

    def participants(self, cand: Candidate, mentions: list[Mention]) -> list[tuple[str, str]]:
        trig = cand.trigger
        gap = (cand.start + len(trig.parts[0]), cand.end - len(trig.parts[-1]))  # 判处…有期徒刑: who is judged
        actors = [m for m in mentions if self.actor(m)
                  and (not (m.start < cand.end and cand.start < m.end) or gap[0] <= m.start and m.end <= gap[1])
                  and not (self.is_country(m) and self.after_marker(m, "locative", "object_not"))]  # 在匈牙利建厂
        out: list[tuple[str, str]] = []
        object_run = False
        has_subject = False
        head = self.relative_head(cand)
        for m in actors:
            if m is head:
                role = trig.before
                has_subject = True
            elif m.end <= cand.start:
                object_run = object_run or self.after_marker(m, "object", "object_not")
                role = trig.after if object_run else trig.before
                has_subject = has_subject or not object_run
            else:
                role = "-" if trig.marked_only else trig.after
            if role != "-" and not self.affiliation(m, actors):
                out.append((role, m.ref))
        if not has_subject and trig.before != "-":
            lead = self.text[cand.clause[0] : cand.start]
            if len(lead) <= MAX_SUBJECTLESS_LEAD and "的" not in lead and not lead.startswith("由"):
                out = [(trig.before, m.ref) for m in self.subject(cand)] + out
        unique: list[tuple[str, str]] = []
        for pair in out:
            if pair[1] not in {k for _, k in unique}:
                unique.append(pair)
        return unique

    # ---------------------------------------------------------------- events
    def event(self, cand: Candidate) -> Event | None:
        anchor = None
        if self.is_bare(cand):
            nxt = self._next_sentence(cand.sentence)
            if nxt is not None and self.opens_with_time(nxt):
                anchor = nxt
        lo, hi = cand.clause
        mentions = self.mentions_in(lo, hi)
        date = self.date(cand, anchor)
        location = None
        for part in cand.merged:
            if part.trigger.place != "-":
                location = location or self.location(part, mentions, None, fallback=False)
        location = location or self.location(cand, mentions, anchor)
        participants = self.participants(cand, mentions)
        for part in cand.merged:
            participants += [p for p in self.participants(part, mentions) if p[1] not in {k for _, k in participants}]
        if date is None and location is None and not participants:
            return None  # a trigger with no argument is a word, not an event
        if not cand.trigger.sides_named([role for role, _ in participants]):
            return None  # 战胜疫情, 双方战平: no one on the other side, no match
        mention = Mention(cand.start, cand.end, "TRIGGER", self.text[cand.start : cand.end], ref=f"e{cand.start}", source="events")
        modality = modality_of(self.text[cand.clause[0] : cand.start],
                               self.text[cand.sentence.start : cand.clause[0]]) or self.chained(cand)
        return Event(f"e{cand.start}", cand.trigger.cls, mention, cand.sentence, date, location, tuple(participants),
                     modality=modality)

    def _next_sentence(self, sentence: Sentence) -> Sentence | None:
        i = self.doc.sentences.index(sentence)
        return self.doc.sentences[i + 1] if i + 1 < len(self.doc.sentences) else None

    def read(self) -> list[Event]:
        found = find_triggers(self.doc)
        self.starts = {}
        for c in found:
            self.starts.setdefault(c.clause, []).append(c.start)
        cands = [c for c in found if self.factual(c)]
        cands = _merge(cands)
        events = [e for e in (self.event(c) for c in cands) if e is not None]
        return events


def _merge(cands: list[Candidate]) -> list[Candidate]:
    """One event per class per clause; a verb of going yields to the event it
    leads to (赶赴武汉考察), a verb of saying to the event it reports on."""
    out: list[Candidate] = []
    for cand in cands:
        same = [c for c in out if c.clause == cand.clause]
        kin = next((c for c in same if c.trigger.cls == cand.trigger.cls), None)
        if kin is not None:
            kin.merged += (cand,)
            continue
        if cand.trigger.report and any(c.sentence == cand.sentence for c in out):
            continue
        if same and same[-1].trigger.motion and not cand.trigger.motion:
            prev = same[-1]
            out.remove(prev)
            cand.merged = (prev,) + prev.merged + cand.merged
        out.append(cand)
    return out


def find_events(doc: Document) -> list[Event]:
    """The events the trigger lexicon finds in a resolved document (mentions carry entity keys)."""
    return _Reader(doc).read()


#: ``kg build --events``: the learned extractor with the lexicon's finer classes, or the lexicon alone.
EVENT_MODES = ("model", "rules")


@dataclass
class EventStage:
    """Find events: ``mode`` ``model`` runs the extractor learned from DuEE
    (:mod:`kg.extract.learned_events`) and keeps the trigger lexicon's events
    where it adds a finer class (PhoneCall, Inspection …) or finds what the
    model does not; ``rules`` uses the trigger lexicon only (no model trained
    on DuEE, whose data is for non-commercial research only)."""

    mode: str = "model"
    name: str = "events"
    #: as :attr:`kg.extract.learned_events.EventReadingStage.reads`
    reads: str = "lac"

    def __post_init__(self):
        if self.mode not in EVENT_MODES:
            raise InputError(f"unknown event mode {self.mode!r}; use one of {', '.join(EVENT_MODES)}")
        self.model = None
        if self.mode == "model":
            from kg.extract.event_model import load_event_model

            self.model = load_event_model(self.reads)

    def __call__(self, doc: Document) -> Document:
        rules = find_events(doc)
        if self.model is None:
            return doc.with_(events=tuple(rules))
        from kg.extract.learned_events import READINGS, learned_events, merge_events, stored_reading

        learned, quantities = learned_events(doc, self.model, stored_reading(doc, self.model))
        meta = {k: v for k, v in doc.meta.items() if k != READINGS}
        merged = merge_events(learned, rules, rule_only_classes(), symmetric_triggers(), doc.text)
        return doc.with_(events=tuple(merged),
                         quantities=doc.quantities + tuple(quantities), meta=meta)
