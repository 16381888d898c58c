"""Every dictionary word in a text, found with numpy instead of a loop per character.

:meth:`kg.ner.segment.DictSegmenter.segment` finds the dictionary words of
two or more characters (its lattice) by extending a string from every
position while it stays a prefix of some word: a few dictionary look-ups
per character, in Python.  A lean network with lattice marks
(:mod:`kg.ner.lean`) needs only that lattice, and needs it fast, so
:class:`WordIndex` finds the same words for a whole batch of texts at once:

* every word and word prefix is hashed from its code points
  (``h = h * 2**16 + point``; every dictionary character is below ``2**16``,
  so words of up to four characters have distinct hashes), and the hashes
  of each length are kept sorted;
* the text's windows of length 2, 3, ... are hashed the same way, all
  positions at once, and looked up with ``searchsorted``; a position is
  dropped as soon as its window is no word prefix, as in the loop;
* windows must lie inside one of jieba's blocks (Han characters, ASCII
  letters and digits and a few joiners: :data:`kg.ner.segment._HAN`);
* a hit of five or more characters, whose hash could in principle be
  shared, is checked against the dictionary itself.

The result is the lattice :meth:`DictSegmenter.segment` gives, in the same
order (tested on the demo article; the same on 3,000 MSRA dev sentences),
about four times as fast.  :class:`HashedLexicon` is the general structure;
the gazetteer uses it too (:meth:`kg.ner.lexicon_marks.LexiconMatcher.matrices`).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat

import numpy as np

__all__ = ["HashedLexicon", "WordIndex", "load_word_index", "POS_GROUPS"]

#: Part-of-speech groups of dictionary words used as lattice marks (4: any other).
POS_GROUPS = {"nr": 0, "nrt": 0, "nrfg": 0, "ns": 1, "nt": 2, "nz": 3}

_SHIFT = np.uint64(1 << 16)
#: Up to this length, hashes are exact (4 x 16 bits).
_EXACT = 4


def _block_table() -> np.ndarray:
    """``table[code point]``: True for the characters of jieba's blocks."""
    table = np.zeros(1 << 16, dtype=bool)
    table[0x4E00:0x9FD6] = True
    for ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-":
        table[ord(ch)] = True
    return table


def _hash_words(words: list[str], length: int) -> np.ndarray:
    """Hashes of ``words`` (all ``length`` characters long); a word with a
    character beyond ``2**16`` (none of jieba's) gets one no text window has."""
    points = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).reshape(len(words), length)
    h = np.zeros(len(words), dtype=np.uint64)
    for column in points.T:
        h = h * _SHIFT + (column & 0xFFFF).astype(np.uint64)
    h[points.max(axis=1) >= 1 << 16] = np.uint64(2**64 - 1)
    return h


class HashedLexicon:
    """A prefix-closed set of strings, hashed and sorted by length, with an
    int ``payload`` for each entry (-1: only a prefix of longer entries).

    ``inside``: a table by code point of the characters a match may contain
    (default: any below ``2**16``); ``entries``: the full entries, to check
    hits longer than :data:`_EXACT` characters against.
    """

    def __init__(self, keys: list[str], payloads: np.ndarray, entries, inside: np.ndarray | None = None):
        self.entries = entries
        self.inside = np.ones(1 << 16, dtype=bool) if inside is None else inside
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        by_length = np.argsort(lengths, kind="stable")
        bounds = np.searchsorted(lengths[by_length], np.arange(lengths.max(initial=0) + 2))
        #: length -> (sorted hashes of the keys, their payloads)
        self.tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for length in range(1, len(bounds) - 1):
            rows = by_length[bounds[length]:bounds[length + 1]]
            if len(rows):
                hashes = _hash_words(list(map(keys.__getitem__, rows.tolist())), length)
                order = np.argsort(hashes, kind="stable")
                self.tables[length] = (hashes[order], payloads[rows][order])

    def slot(self, words: list[str], length: int) -> np.ndarray:
        """Where each of ``words`` (keys, all ``length`` long) is in its table."""
        return np.searchsorted(self.tables[length][0], _hash_words(words, length))

    def find(self, text: str, points: np.ndarray | None = None, shortest: int = 1):
        """``(starts, lengths, payloads)`` (int64 arrays) of every entry of at
        least ``shortest`` characters in ``text`` (``points``: its code
        points, if known), sorted by start, then length."""
        if points is None:
            points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        n = len(points)
        inside = self.inside[np.minimum(points, (1 << 16) - 1)] & (points < 1 << 16)
        wide = points.astype(np.uint64)
        at = np.flatnonzero(inside)
        h = np.zeros(len(at), dtype=np.uint64)
        found = []
        for length in range(1, max(self.tables, default=0) + 1):
            if length > 1:
                last = at + length - 1
                keep = last < n
                keep[keep] = inside[last[keep]]
                at, h = at[keep], h[keep]
            if not len(at) or length not in self.tables:
                break
            h = h * _SHIFT + wide[at + length - 1]
            hashes, payloads = self.tables[length]
            slot = np.minimum(np.searchsorted(hashes, h), len(hashes) - 1)
            known = hashes[slot] == h
            payload = payloads[slot]
            hit = known & (payload >= 0)
            if length >= shortest and hit.any():
                starts, payload = at[hit], payload[hit]
                if length > _EXACT:  # check the rare long hits against the entries themselves
                    real = np.array([text[s:s + length] in self.entries for s in starts.tolist()], dtype=bool)
                    starts, payload = starts[real], payload[real]
                found.append((starts, np.full(len(starts), length, dtype=np.int64), payload))
            at, h = at[known], h[known]
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        starts, lengths, payloads = (np.concatenate(column) for column in zip(*found))
        order = np.lexsort((lengths, starts))
        return starts[order], lengths[order], payloads[order]


class WordIndex(HashedLexicon):
    """The words and word prefixes of a :class:`~kg.ner.segment.DictSegmenter`
    (matched inside jieba's blocks only), with each word's part-of-speech
    group (:data:`POS_GROUPS`; 4 for any other part of speech)."""

    def __init__(self, segmenter):
        known = segmenter.known  # words (count > 0) and their prefixes (count 0)
        keys = list(known)
        counts = np.fromiter(known.values(), dtype=np.int64, count=len(keys))
        # (map over C functions: no Python call per key)
        tags = map(segmenter.pos.get, keys)
        groups = np.fromiter(map(POS_GROUPS.get, tags, repeat(4)), dtype=np.int64, count=len(keys))
        super().__init__(keys, np.where(counts > 0, groups, -1), segmenter.logp, _block_table())

    def find_words(self, text: str, points: np.ndarray | None = None):
        """``(starts, ends, groups)`` (int64 arrays) of every dictionary word of
        two or more characters in ``text``, sorted by start, then end."""
        starts, lengths, groups = self.find(text, points, shortest=2)
        return starts, starts + lengths, groups


@lru_cache(maxsize=2)
def load_word_index(segmenter) -> WordIndex:
    """The :class:`WordIndex` of ``segmenter`` (made once per segmenter)."""
    return WordIndex(segmenter)
