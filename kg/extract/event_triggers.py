"""Finding event triggers: trigger words in their clauses, outside quotations.

:mod:`kg.extract.events` reads the candidates found here into events; the
module docstring there says which triggers become events and how.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.event_lexicon import MAX_GAP, Trigger, cues, triggers
from kg.model import Document, Sentence
from kg.text.coverage import coverage

__all__ = ["Candidate", "clause_of", "find_triggers", "quoted_spans", "inside", "has_cue", "COUNTED",
           "CLAUSE_BREAKS", "QUOTES", "TITLES", "BARE_FILLER", "DATED", "MAX_REACH",
           "MAX_SUBJECTLESS_LEAD", "without_times"]

CLAUSE_BREAKS = "，。；：！？,;:!?—…\n"
QUOTES = {"“": "”", "「": "」"}
TITLES = {"《": "》"}
#: Characters a sentence may hold around a bare trigger (“封城！”).
BARE_FILLER = set("“”「」！!。？?…… \u3000")
DATED = ("date", "dateTime", "gYearMonth", "gYear")
#: The farthest a place may sit after a trigger to be the place it reaches (来到…安华里社区).
MAX_REACH = 12


def _counted() -> re.Pattern:
    words = "|".join(re.escape(w) for w in cues()["count"])
    return re.compile(rf"[0-9０-９一二两三四五六七八九十百千万几多数上]+(?:{words})")


class _Lazy:
    def __init__(self, make):
        self.make, self.value = make, None

    def search(self, text):
        if self.value is None:
            self.value = self.make()
        return self.value.search(text)


COUNTED = _Lazy(_counted)
#: A trigger right before a number of years names an anniversary, not an event (逝世130周年, 成立75周年).
ANNIVERSARY = re.compile(r"[0-9０-９一二三四五六七八九十百]+周年")
#: A clause with no subject of its own has at most this many characters
#: (adverbs: 同时开始依法) before its trigger.
MAX_SUBJECTLESS_LEAD = 6


@dataclass
class Candidate:
    trigger: Trigger
    start: int
    end: int
    sentence: Sentence
    clause: tuple[int, int]
    #: other triggers of the same event (a verb of going before it, a second
    #: trigger of its class in the clause), tried in order for the place
    merged: tuple["Candidate", ...] = ()


def quoted_spans(text: str, pairs: dict[str, str]) -> list[tuple[int, int]]:
    """Spans (open mark .. close mark, inclusive) of top-level quotations or titles."""
    spans, depth, start = [], 0, 0
    closers = set(pairs.values())
    for i, ch in enumerate(text):
        if ch in pairs:
            if depth == 0:
                start = i
            depth += 1
        elif ch in closers and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][0] < start and end <= spans[i][1]:
        return spans[i]
    return None


def clause_of(doc: Document, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    text = doc.text
    lo = start
    while lo > sentence.start and text[lo - 1] not in CLAUSE_BREAKS:
        lo -= 1
    hi = end
    while hi < sentence.end and text[hi] not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def without_times(text: str, start: int, end: int, times) -> str:
    """``text[start:end]`` without the time expressions in it (``times``: the
    document's ``(mention, value)`` pairs).

    >>> from kg.model import Mention
    >>> without_times("今天上午被告人", 0, 7, [(Mention(0, 4, "TIME", "今天上午"), None)])
    '被告人'
    """
    hidden = coverage(end - start, ((m.start - start, m.end - start) for m, _ in times
                                    if start <= m.start and m.end <= end))
    return "".join(ch for ch, gone in zip(text[start:end], hidden) if not gone)


def find_triggers(doc: Document) -> list[Candidate]:
    found: list[Candidate] = []
    rows = triggers()
    for sentence in doc.sentences:
        text = doc.sentence_text(sentence)
        taken = [False] * len(text)
        for trig in rows:
            first, *rest = trig.parts
            if first not in text:  # most rows: one substring test, no search
                continue
            for s in _occurrences(text, first):
                e = s + len(first)
                for part in rest:
                    at = text.find(part, e, e + MAX_GAP + len(part))
                    if at < 0 or any(c in CLAUSE_BREAKS for c in text[e:at]):
                        break
                    e = at + len(part)
                else:
                    if any(taken[s:e]):
                        continue
                    for i in range(s, e):
                        taken[i] = True
                    a, b = sentence.start + s, sentence.start + e
                    found.append(Candidate(trig, a, b, sentence, clause_of(doc, sentence, a, b)))
    return _join_adjacent(sorted(found, key=lambda c: c.start))


def _occurrences(text: str, word: str):
    """Where ``word`` occurs in ``text``, left to right, not overlapping (as a regex search finds it).

    >>> list(_occurrences("会见会见见", "会见")), list(_occurrences("aaaa", "aa"))
    ([0, 2], [0, 2])
    """
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


def _join_adjacent(found: list[Candidate]) -> list[Candidate]:
    """Touching triggers of one class are one trigger (考察调研, 督导和督战 stay two)."""
    out: list[Candidate] = []
    for cand in found:
        prev = out[-1] if out else None
        if prev and prev.end == cand.start and prev.trigger.cls == cand.trigger.cls:
            out[-1] = Candidate(prev.trigger, prev.start, cand.end, prev.sentence, prev.clause)
            continue
        out.append(cand)
    return out


def has_cue(text: str, kind: str, exceptions: str) -> bool:
    """``text`` holds a ``kind`` cue that is not part of an ``exceptions`` word."""
    masked = text
    for word in cues()[exceptions]:
        masked = masked.replace(word, "\0" * len(word))
    return any(word in masked for word in cues()[kind])
