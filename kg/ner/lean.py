"""Inputs of a lean network: characters, hashed bigrams and gazetteer marks.

A lean network (``kg train ner --neural --lean``) reads no dictionary
segmentation, no LAC and no bigram vocabulary, so its inputs take a few
numpy operations per batch of sentences (:meth:`LeanEncoder.encode_many`)
besides the gazetteer: the fast tagger (``kg ner --fast``) reads nothing else.

* ``ids`` ``(T, 3)``: the character's id (from a table indexed by code
  point, built once from the network's character list), and the ids of the
  bigrams to its left and right, hashed into ``buckets`` slots (no
  vocabulary to store: colliding bigrams share a vector);
* ``marks`` ``(T, len(GAZ_SLOTS))``: the gazetteer marks covering it
  (:mod:`kg.ner.lexicon_marks`); with ``lattice``, ``(T, N_MARKS)``: also the
  B/M/E marks of every dictionary word of two or more characters covering
  it, by part of speech (:func:`kg.ner.lexicon_marks.lattice_marks`), looked up
  without segmenting (:class:`kg.ner.lexicon_index.WordIndex`).
"""

from __future__ import annotations

import numpy as np

from kg.ner.lexicon_marks import GAZ_SLOTS, LATTICE_SLOTS, N_MARKS, gazetteer_marks
from kg.ner.lexicon_index import load_word_index

__all__ = ["LeanEncoder", "bigram_buckets", "code_points", "N_GAZ"]

#: Width of the marks a lean network reads.
N_GAZ = len(GAZ_SLOTS)
#: Code points of the start and end marks around a text (as in :func:`kg.ner.neural.bigrams_of`).
_START, _END = 0x02, 0x03
_MULTIPLIER = np.uint64(1_000_003)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as ``uint32``."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def bigram_buckets(text: str, buckets: int) -> np.ndarray:
    """The ``len(text) + 1`` bigram ids of ``text`` between the start and end
    marks, hashed into ``2 .. buckets - 1`` (0 is padding, 1 stands for an
    unknown bigram in training's dropout); character ``i``
    has bigram ``i`` on its left and ``i + 1`` on its right.

    >>> ids = bigram_buckets("中国中", 1000)
    >>> len(ids), bool(ids[1] == ids[2]), bool(ids[1] == ids[3])
    (4, False, False)
    >>> bool(bigram_buckets("中国", 1000)[1] == bigram_buckets("在中国", 1000)[2])
    True
    """
    return _hash_pairs(np.concatenate(([_START], code_points(text), [_END])), buckets)


def _hash_pairs(points: np.ndarray, buckets: int) -> np.ndarray:
    """The bucket of each pair of neighbouring code points in ``points``."""
    points = points.astype(np.uint64)
    mixed = points[:-1] * _MULTIPLIER + points[1:]
    return (mixed % np.uint64(buckets - 2) + np.uint64(2)).astype(np.int64)


#: Mark slot of each part-of-speech group (rows) and word position B, M, E (columns).
_WORD_SLOTS = np.array([[LATTICE_SLOTS[g, p] for p in "BME"] for g in range(5)], dtype=np.int64)


def word_marks(starts: np.ndarray, ends: np.ndarray, groups: np.ndarray, marks: np.ndarray) -> None:
    """Set, in ``marks`` (one row per character), the B/M/E slots of each
    dictionary word ``starts[i] : ends[i]`` of part-of-speech group
    ``groups[i]`` (what :func:`kg.ner.lexicon_marks.lattice_marks` sets, for arrays)."""
    slots = _WORD_SLOTS[groups]
    marks[starts, slots[:, 0]] = 1.0
    marks[ends - 1, slots[:, 2]] = 1.0
    inner = np.maximum(ends - starts - 2, 0)  # characters between the first and the last
    if inner.any():
        rows = np.repeat(starts + 1 - np.cumsum(inner) + inner, inner) + np.arange(inner.sum())
        marks[rows, np.repeat(slots[:, 1], inner)] = 1.0


class LeanEncoder:
    """Turns text into a lean network's inputs (``ids`` and ``marks``)."""

    columns = 3
    lean = True
    lac_index = None
    context = 0

    def __init__(self, chars: str, buckets: int, featurizer=None, lattice: bool = False):
        from kg.ner.features import Featurizer

        self.chars = chars
        self.buckets = int(buckets)
        #: also mark the dictionary words covering each character
        self.lattice = bool(lattice)
        self.dense_width = N_MARKS if lattice else N_GAZ
        points = code_points(chars)
        #: character id by code point (1: unknown; ids start at 2, as in the vocabulary encoder)
        self.char_ids = np.ones(max(int(points.max(initial=0)) + 1, 0x10000), dtype=np.int64)
        self.char_ids[points] = np.arange(2, len(chars) + 2)
        self.featurizer = featurizer or Featurizer(segment=False)
        self.word_index = load_word_index(self.featurizer.segmenter) if lattice else None

    def encode(self, text: str, analysis=None) -> tuple[np.ndarray, np.ndarray]:
        """``(ids (T, 3) int64, marks (T, dense_width) float32)`` of ``text``
        (``analysis``: its :meth:`Featurizer.analyze`, if already known)."""
        return self.encode_many([text], [analysis] if analysis is not None else None)[0]

    def encode_many(self, texts: list[str], analyses=None) -> list:
        """:meth:`encode` of each text (None for an empty one), with one pass
        of numpy over all of them: each text between the start and end marks,
        joined, so that every text's bigrams are a slice of one array."""
        joined = "".join("\x02" + text + "\x03" for text in texts)
        points = code_points(joined)
        size = len(self.char_ids)
        chars = self.char_ids[np.minimum(points, size - 1)]
        chars[points >= size] = 1
        pairs = _hash_pairs(points, self.buckets)
        all_marks = np.zeros((len(points), self.dense_width), dtype=np.float32)
        gazetteers = None if analyses else self.featurizer.gazetteer.matrices(texts)
        if self.lattice:
            word_marks(*self.word_index.find_words(joined, points), all_marks)
        out: list = []
        at = 0  # where the text's start mark is in ``joined``
        for k, text in enumerate(texts):
            n = len(text)
            if not n:
                out.append(None)
                at += 2
                continue
            ids = np.empty((n, 3), dtype=np.int64)
            ids[:, 0] = chars[at + 1:at + 1 + n]
            ids[:, 1] = pairs[at:at + n]
            ids[:, 2] = pairs[at + 1:at + 1 + n]
            marks = all_marks[at + 1:at + 1 + n]
            if analyses and analyses[k].gazetteer is not None:
                marks[:, :N_GAZ] = analyses[k].gazetteer
            elif analyses:
                gazetteer_marks(analyses[k].marks, marks)
            else:
                marks[:, :N_GAZ] = gazetteers[k]
            out.append((ids, marks))
            at += n + 2
        return out
