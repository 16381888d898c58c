"""The stages that read LAC's analysis, run slice by slice on long documents.

LAC's analysis of a sentence (its tags and 256 states per character) is kept
in a cache of the last :data:`kg.ner.lac.CACHE_CHARS` characters analysed (the
fast tagger keeps the states of the documents of its last call for the fast
readers, up to :data:`kg.ner.neural.KEEP_CHARS` characters,
:mod:`kg.extract.fast_reading`).  On a
document longer than that, each reader going through the whole document in
turn (:class:`kg.ner.lac.LexicalAnalysisStage`, then the relation and event
models' network passes) would find nothing cached and run LAC again: time per
character would grow with the document.  :class:`SlicedReading` runs all the
readers on one slice of sentences after another instead, so each slice is
analysed once; short documents go through them whole, all of a batch at once
(:meth:`SlicedReading.many`: each reader's ``many``).  The readers keep their
readings in ``Document.meta`` as ``(model key, sentences, one entry per
sentence)``; the slices' readings are joined into the document's.
"""

from __future__ import annotations

import time

from kg.model import Document
from kg.ner.chunks import GROUP_CHARS, slices

__all__ = ["SlicedReading", "SLICE_CHARS", "run_stage", "run_stage_many"]

#: Characters of sentences per slice: well inside LAC's cache.
SLICE_CHARS = 30_000


class SlicedReading:
    """``stages`` (each a per-document stage that adds a reading to
    ``Document.meta`` under one of ``keys``, or nothing), run slice by slice."""

    name = "reading"

    def __init__(self, stages: list, keys: tuple[str, ...], slice_chars: int = SLICE_CHARS):
        self.stages, self.keys, self.slice_chars = list(stages), tuple(keys), slice_chars

    def __call__(self, doc: Document) -> Document:
        return self.run_timed(doc, {})

    def run_timed(self, doc: Document, times: dict) -> Document:
        """Run the stages, adding each one's CPU seconds to ``times`` under its name."""
        slices = self._slices(doc)
        if len(slices) <= 1:
            for stage in self.stages:
                doc = run_stage(stage, doc, times)
            return doc
        joined: dict[str, list] = {}
        for group in slices:
            part = doc.with_(sentences=group)
            for stage in self.stages:
                part = run_stage(stage, part, times)
            for key in self.keys:
                if key in part.meta:
                    model, _, entries = part.meta[key]
                    joined.setdefault(key, [model, []])[1].extend(entries)
        meta = dict(doc.meta)
        for key, (model, entries) in joined.items():
            meta[key] = (model, doc.sentences, tuple(entries))
        return doc.with_(meta=meta)

    def many(self, docs: list[Document]) -> list[Document]:
        return self.run_many_timed(docs, {})

    def run_many_timed(self, docs: list[Document], times: dict) -> list[Document]:
        """:meth:`run_timed` of each document: those of one slice go through
        each stage together (a stage's ``many``), :data:`GROUP_CHARS`
        characters of them at a time; longer ones slice by slice."""
        whole = [doc for doc in docs if len(self._slices(doc)) <= 1]
        done: dict[int, Document] = {}
        for first, last in slices([len(doc.text) for doc in whole], GROUP_CHARS):
            part = whole[first:last]
            for stage in self.stages:
                part = run_stage_many(stage, part, times)
            done.update(zip(map(id, whole[first:last]), part))
        return [done[id(doc)] if id(doc) in done else self.run_timed(doc, times) for doc in docs]

    def _slices(self, doc: Document) -> list[tuple]:
        out, group, size = [], [], 0
        for sentence in doc.sentences:
            length = sentence.end - sentence.start
            if group and size + length > self.slice_chars:
                out.append(tuple(group))
                group, size = [], 0
            group.append(sentence)
            size += length
        if group:
            out.append(tuple(group))
        return out


def run_stage(stage, doc: Document, times: dict) -> Document:
    """``stage(doc)``, its CPU seconds added to ``times`` under its name (a stage
    with stages of its own, such as :class:`SlicedReading`, times each of them)."""
    if hasattr(stage, "run_timed"):
        return stage.run_timed(doc, times)
    started = time.process_time()
    doc = stage(doc)
    times[stage.name] = times.get(stage.name, 0.0) + time.process_time() - started
    return doc


def run_stage_many(stage, docs: list[Document], times: dict) -> list[Document]:
    """:func:`run_stage` of each document: all at once if the stage has a
    ``many`` method (:func:`kg.pipeline.run_block`), else one by one."""
    if hasattr(stage, "run_many_timed"):
        return stage.run_many_timed(docs, times)
    if not hasattr(stage, "many"):
        return [run_stage(stage, doc, times) for doc in docs]
    started = time.process_time()
    docs = stage.many(docs)
    times[stage.name] = times.get(stage.name, 0.0) + time.process_time() - started
    return docs
