"""Scene-setting sentences: "2019年12月底，湖北省中西医结合医院。"

News features often open a scene with a sentence that holds nothing but a
date, a place or an organization.  That scene governs the sentences after it
until the next scene, the next heading, or the next sentence that opens with a
time expression of its own.  Later stages use it for the organization of a
title used without one and for the date and place of events.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kg.extract.spans import SpanIndex
from kg.model import Document, Sentence

__all__ = ["scene_mentions", "is_scene_sentence"]

#: Characters a scene sentence may hold besides its mentions.
FILLER = set("，。、；：！？,.;:!? \u3000\n—")


def _covered(doc: Document, sentence: Sentence, index=None) -> tuple[list, list]:
    named, dated = index or _indexes(doc)
    return named.within(sentence.start, sentence.end), dated.within(sentence.start, sentence.end)


def _indexes(doc: Document) -> tuple[SpanIndex, SpanIndex]:
    return SpanIndex(m for m in doc.mentions if m.ref), SpanIndex(doc.times, span=lambda t: t[0])


def is_scene_sentence(doc: Document, sentence: Sentence, index=None) -> bool:
    spans, times = _covered(doc, sentence, index)
    if not spans and not times:
        return False
    mask = [False] * (sentence.end - sentence.start)
    for m in spans + [m for m, _ in times]:
        for i in range(m.start - sentence.start, m.end - sentence.start):
            mask[i] = True
    rest = [c for c, hit in zip(doc.sentence_text(sentence), mask) if not hit]
    return all(c in FILLER for c in rest)


def _is_heading(doc: Document, sentence: Sentence, line_starts: list[int]) -> bool:
    line_start = line_starts[bisect_right(line_starts, sentence.start) - 1]
    return doc.text[line_start:sentence.start].lstrip().startswith("#")


def scene_mentions(doc: Document) -> dict[Sentence, dict]:
    """For each governed sentence: the scene's ``organization``, ``place``
    (entity keys), ``date`` (a TimeValue) and ``scene`` (its sentence)."""
    out: dict[Sentence, dict] = {}
    current: dict | None = None
    index = _indexes(doc)
    line_starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
    for sentence in doc.sentences:
        spans, times = _covered(doc, sentence, index)
        opens_with_time = bool(times) and times[0][0].start == sentence.start
        if _is_heading(doc, sentence, line_starts):
            current = None
            continue
        if is_scene_sentence(doc, sentence, index):
            current = {"scene": sentence}
            for m in spans:
                kind = m.ref.kind
                if kind in ("organization", "place"):
                    current[kind] = m.ref
            dated = [tv for _, tv in times if tv.datatype in ("date", "dateTime", "gYearMonth")]
            if dated:
                current["date"] = dated[0]
            continue
        if opens_with_time:
            current = None
        if current is not None:
            out[sentence] = current
    return out


