"""Pseudo-labels: a tagger's reading of a text collection written as BIO
training data for a smaller network (``kg train relabel``; distillation).

Sources are read by :mod:`kg.ner.annotated`: BIO and CLUENER files (one
sentence per example, their own labels ignored) and news corpora (JSON lines
with a ``text`` per story and no labels: :func:`kg.ner.annotated.read_stories`).
A story is tagged whole (so the tagger's document rules, such as a name's
later short forms, apply) and written one sentence-like chunk per example.
``workers`` processes tag batches in parallel; the output is the same for any
number of them.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from kg.errors import InputError
from kg.ner.annotated import is_story_corpus, read_examples, read_stories
from kg.ner.bio import fits_bio, tags_from_spans, write_bio

__all__ = ["relabel", "BASE_LABELS", "base_spans", "story_examples"]

#: Labels a relabelled file keeps (the fine ones folded into ORG, titles dropped).
BASE_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GOV": "ORG", "COMPANY": "ORG"}
#: Texts per task sent to a worker.
_BATCH = 64

_worker_tagger = None


def base_spans(spans) -> list[tuple[int, int, str]]:
    """``spans`` as PER/ORG/LOC only (GOV and COMPANY as ORG, titles left out)."""
    return [(s, e, BASE_LABELS[label]) for s, e, label in spans if label in BASE_LABELS]


def _load_worker(fast: bool) -> None:
    global _worker_tagger
    from kg.ner import load_tagger

    _worker_tagger = load_tagger(None, None, fast=fast)  # base layer only: no fine CRF


def _tag_batch(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return _worker_tagger.spans_many(texts)


def story_examples(story: str, spans) -> list[tuple[str, list[str]]]:
    """``(sentence, BIO tags)`` for each sentence-like chunk of a tagged story
    (:func:`kg.ner.chunks.split_chunks`); a span that crosses a chunk's end
    is left out of both chunks, and a chunk with a tab is skipped.

    >>> story_examples("王毅在北京。李强说。", [(0, 2, "PER"), (3, 5, "LOC"), (6, 8, "PER")])
    [('王毅在北京。', ['B-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC', 'O']), ('李强说。', ['B-PER', 'I-PER', 'O', 'O'])]
    """
    from kg.ner.chunks import split_chunks

    out = []
    for start, end in split_chunks(story):
        text = story[start:end]
        if not text.strip() or not fits_bio(text):
            continue
        inside = [(s - start, e - start, label) for s, e, label in base_spans(spans) if start <= s and e <= end]
        out.append((text, tags_from_spans(len(text), inside)))
    return out


def relabel(source: str | Path, output: str | Path, *, fast: bool = False, part: str = "all",
            workers: int = 1, max_chars: int | None = None, tagger=None) -> dict:
    """Tag the texts of ``source`` (BIO, CLUENER or a news corpus; its own
    labels are ignored) with the default tagger (``fast``: the fast network;
    ``tagger``: this one, in this process) and write its PER/ORG/LOC spans as
    the BIO file ``output``.  ``part`` selects the deterministic split of
    ``source`` (:func:`kg.ner.annotated.read_examples`, :func:`read_stories`);
    ``max_chars`` stops after the texts that reach that many characters.
    Returns counts and seconds.
    """
    started = time.time()
    stories = is_story_corpus(source)
    if stories:
        texts = [t for t in read_stories(source, part) if t.strip()]
    else:  # sentences with a tab or line break cannot be written one character per line
        texts = [t for t, _ in read_examples(source, part) if t.strip() and fits_bio(t)]
    if max_chars is not None:
        total, kept = 0, []
        for text in texts:
            if total >= max_chars:
                break
            kept.append(text)
            total += len(text)
        texts = kept
    if not texts:
        raise InputError(f"{source} has no sentences to tag in part {part!r}; check the file and --part")
    batches = [texts[k:k + _BATCH] for k in range(0, len(texts), _BATCH)]

    def tagged_batches():
        if tagger is not None or workers <= 1:
            local = tagger
            if local is None:
                _load_worker(fast)
                local = _worker_tagger
            for batch in batches:
                yield batch, local.spans_many(batch)
            return
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, initializer=_load_worker, initargs=(fast,)) as pool:
            yield from zip(batches, pool.imap(_tag_batch, batches))

    def labelled():
        for batch, found in tagged_batches():
            for text, spans in zip(batch, found):
                if stories:
                    yield from story_examples(text, spans)
                else:
                    yield text, tags_from_spans(len(text), base_spans(spans))

    sentences = write_bio(output, labelled())
    summary = {"texts": len(texts), "sentences": sentences, "chars": sum(map(len, texts))}
    return {**summary, "seconds": round(time.time() - started, 1), "output": str(output)}
