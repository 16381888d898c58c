"""Scene-setting sentences: "2019年12月底，湖北省中西医结合医院。"

News features often open a scene with a sentence that holds nothing but a
date, a place or an organization.  That scene governs the sentences after it
until the next scene, the next heading, or the next sentence that opens with a
time expression of its own.  Later stages use it for the organization of a
title used without one and for the date and place of events.
"""

from __future__ import annotations

from kg.model import Document, Sentence

__all__ = ["scene_mentions", "is_scene_sentence"]

#: Characters a scene sentence may hold besides its mentions.
FILLER = set("，。、；：！？,.;:!? \u3000\n—")


def _covered(doc: Document, sentence: Sentence) -> tuple[list, list]:
    spans, times = [], []
    for m in doc.mentions:
        if m.ref and sentence.start <= m.start and m.end <= sentence.end:
            spans.append(m)
    for m, tv in doc.times:
        if sentence.start <= m.start and m.end <= sentence.end:
            times.append((m, tv))
    return spans, times


def is_scene_sentence(doc: Document, sentence: Sentence) -> bool:
    spans, times = _covered(doc, sentence)
    if not spans and not times:
        return False
    mask = [False] * (sentence.end - sentence.start)
    for m in spans + [m for m, _ in times]:
        for i in range(m.start - sentence.start, m.end - sentence.start):
            mask[i] = True
    rest = [c for c, hit in zip(doc.sentence_text(sentence), mask) if not hit]
    return all(c in FILLER for c in rest)


def _is_heading(doc: Document, sentence: Sentence) -> bool:
    line_start = doc.text.rfind("\n", 0, sentence.start) + 1
    return doc.text[line_start:sentence.start].lstrip().startswith("#")


def scene_mentions(doc: Document) -> dict[Sentence, dict]:
    """For each governed sentence: the scene's ``organization``, ``place``
    (entity keys), ``date`` (a TimeValue) and ``scene`` (its sentence)."""
    out: dict[Sentence, dict] = {}
    current: dict | None = None
    for sentence in doc.sentences:
        spans, times = _covered(doc, sentence)
        opens_with_time = bool(times) and times[0][0].start == sentence.start
        if _is_heading(doc, sentence):
            current = None
            continue
        if is_scene_sentence(doc, sentence):
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


