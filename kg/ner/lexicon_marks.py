"""Lexicon marks, the taggers' gazetteer features.

Lexicons are packaged data files under ``kg/data/lexicons`` (general knowledge:
places, international organizations, organization suffixes, position titles,
surnames; China's divisions come from :func:`kg.gazetteer.admin_names`).
:class:`LexiconMatcher` finds, at every start position, the longest lexicon
entry of each category and marks the characters it covers with
``B``/``M``/``E``/``S`` positions; the features are those marks.  A network
reads them as columns of a mark vector (:data:`GAZ_SLOTS`), followed by the
dictionary words covering each character (:func:`lattice_marks`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from kg.gazetteer import admin_names
from kg.ner.lexicon_index import POS_GROUPS, HashedLexicon
from kg.resources import load_lines

__all__ = ["LexiconMatcher", "load_lexicon_matcher", "LEXICONS", "MATRIX_SLOTS", "GAZ_SLOTS", "LATTICE_SLOTS",
           "N_MARKS", "gazetteer_marks", "lattice_marks"]

#: category -> packaged lexicon files (one item per line).
LEXICONS = {
    "LOC": ("countries_regions.txt", "world_places.txt"),
    "ORG": ("intl_organizations.txt", "cn_organizations.txt"),
    "OSF": ("org_suffixes.txt",),
    "TTL": ("titles.txt",),
    "SUR": ("surnames.txt",),
    "FNC": ("foreign_name_chars.txt",),
}

#: Column of each ``CATEGORY=POS`` mark in :meth:`LexiconMatcher.matrices`.
MATRIX_SLOTS = {f"{cat}={pos}": i for i, (cat, pos) in enumerate(
    (c, p) for c in LEXICONS for p in "BMES")}
#: Gazetteer categories and mark positions -> slot in the mark vector.
GAZ_SLOTS = MATRIX_SLOTS
LATTICE_SLOTS = {(g, p): len(GAZ_SLOTS) + 3 * g + k for g in range(5) for k, p in enumerate("BME")}
N_MARKS = len(GAZ_SLOTS) + 15


class LexiconMatcher:
    """Longest-match lexicon lookup over a text, by category."""

    def __init__(self, entries: dict[str, set[str]]):
        self.words: dict[str, tuple[str, ...]] = {}
        merged: dict[str, set[str]] = {}
        for category, words in entries.items():
            for word in words:
                if word:
                    merged.setdefault(word, set()).add(category)
        self.words = {w: tuple(sorted(c)) for w, c in merged.items()}
        self.prefixes = {w[:i] for w in self.words for i in range(1, len(w) + 1)}
        self.categories = tuple(sorted(entries))
        self._hashed = None

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def categories_of(self, word: str) -> tuple[str, ...]:
        return self.words.get(word, ())

    def matches(self, text: str):
        """Yield ``(start, end, category)`` for the longest entry of each
        category starting at each position."""
        words, prefixes = self.words, self.prefixes
        n = len(text)
        for i in range(n):
            if text[i] not in prefixes:
                continue
            best: dict[str, int] = {}
            j = i + 1
            while j <= n and text[i:j] in prefixes:
                for category in words.get(text[i:j], ()):
                    best[category] = j
                j += 1
            for category, end in best.items():
                yield i, end, category

    def marks(self, text: str) -> list[Sequence[str]]:
        """Per character, the ``CATEGORY=POS`` marks (POS in BMES); characters
        without any share one empty tuple (most characters: no list to make)."""
        out: list = [()] * len(text)

        def add(i: int, mark: str) -> None:
            if out[i]:
                out[i].append(mark)
            else:
                out[i] = [mark]

        for start, end, category in self.matches(text):
            if end - start == 1:
                add(start, category + "=S")
                continue
            add(start, category + "=B")
            for k in range(start + 1, end - 1):
                add(k, category + "=M")
            add(end - 1, category + "=E")
        return out

    def matrices(self, texts: list[str]) -> list[np.ndarray]:
        """:meth:`marks` of each text as a ``(len, len(MATRIX_SLOTS))`` float32
        matrix (1 where a mark is), for all texts in one pass of numpy
        (:class:`kg.ner.lexicon_index.HashedLexicon`)."""
        joined = "".join(text + "\x02" for text in texts)
        starts, lengths, masks = self._hashed_lexicon().find(joined)
        marks = np.zeros((len(joined), len(MATRIX_SLOTS)), dtype=np.float32)
        for bit, category in enumerate(self.categories):
            if category + "=B" not in MATRIX_SLOTS:
                continue
            mine = ((masks >> bit) & 1).astype(bool)
            first, size = starts[mine], lengths[mine]
            if not len(first):
                continue
            longest = np.append(first[1:] != first[:-1], True)  # sorted by start, then length
            first, size = first[longest], size[longest]
            single = size == 1
            marks[first[single], MATRIX_SLOTS[category + "=S"]] = 1.0
            first, size = first[~single], size[~single]
            marks[first, MATRIX_SLOTS[category + "=B"]] = 1.0
            marks[first + size - 1, MATRIX_SLOTS[category + "=E"]] = 1.0
            inner = size - 2
            if inner.any():
                rows = np.repeat(first + 1 - np.cumsum(inner) + inner, inner) + np.arange(inner.sum())
                marks[rows, MATRIX_SLOTS[category + "=M"]] = 1.0
        out, at = [], 0
        for text in texts:
            out.append(marks[at:at + len(text)])
            at += len(text) + 1
        return out

    def _hashed_lexicon(self):
        if self._hashed is None:
            bits = {category: 1 << i for i, category in enumerate(self.categories)}
            keys = sorted(self.prefixes)
            payloads = np.array([sum(bits[c] for c in self.words[k]) if k in self.words else -1
                                 for k in keys], dtype=np.int64)
            inside = np.ones(1 << 16, dtype=bool)
            inside[[0x02, 0x03]] = False  # the marks between texts
            self._hashed = HashedLexicon(keys, payloads, self.words, inside)
        return self._hashed


@lru_cache(maxsize=1)
def load_lexicon_matcher() -> LexiconMatcher:
    """The packaged lexicons' matcher (loaded once)."""
    entries: dict[str, set[str]] = {}
    for category, files in LEXICONS.items():
        words = entries.setdefault(category, set())
        for name in files:
            words.update(load_lines("lexicons", name))
    entries["LOC"] |= admin_names()
    return LexiconMatcher(entries)


def gazetteer_marks(found, marks: np.ndarray) -> None:
    """Set, in ``marks`` (one row per character), the slot of every gazetteer
    mark in ``found`` (per character, its ``CATEGORY=POS`` marks)."""
    for i, here in enumerate(found):
        if here:
            for m in here:
                slot = GAZ_SLOTS.get(m)
                if slot is not None:
                    marks[i, slot] = 1.0


def lattice_marks(lattice, pos_of: dict[str, str], text: str, marks: np.ndarray) -> None:
    """Set, in ``marks`` (``len(text) x N_MARKS``), the B/M/E slots of every
    dictionary word ``(start, end)`` in ``lattice`` (two or more characters)
    by the word's POS group (person, place, organization, other proper, other)."""
    for start, end in lattice:
        group = POS_GROUPS.get(pos_of.get(text[start:end], "x"), 4)
        marks[start, LATTICE_SLOTS[group, "B"]] = 1.0
        marks[end - 1, LATTICE_SLOTS[group, "E"]] = 1.0
        if end - start > 2:
            marks[start + 1:end - 1, LATTICE_SLOTS[group, "M"]] = 1.0
