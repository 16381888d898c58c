"""Lexicon (gazetteer) matching used as tagger features.

Lexicons are packaged data files under ``kg/data/lexicons`` (general knowledge:
places, international organizations, organization suffixes, position titles,
surnames).  :class:`Gazetteer` finds, at every start position, the longest
lexicon entry of each category and marks the characters it covers with
``B``/``M``/``E``/``S`` positions; the features are those marks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from kg.extract.places import division_short_form
from kg.resources import load_lines, load_tsv

__all__ = ["Gazetteer", "load_gazetteer", "admin_names", "LEXICONS"]

#: category -> packaged lexicon files (one item per line).
LEXICONS = {
    "LOC": ("countries_regions.txt", "world_places.txt"),
    "ORG": ("intl_organizations.txt", "cn_organizations.txt"),
    "OSF": ("org_suffixes.txt",),
    "TTL": ("titles.txt",),
    "SUR": ("surnames.txt",),
    "FNC": ("foreign_name_chars.txt",),
}

@lru_cache(maxsize=1)
def admin_names() -> frozenset[str]:
    """Chinese administrative division names with their short forms."""
    names = set()
    for _code, name, _level, _parent in load_tsv("lexicons", "cn_admin_divisions.tsv", columns=4):
        names.add(name)
        short = division_short_form(name)
        if short:
            names.add(short)
    return frozenset(names)


class Gazetteer:
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


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (loaded once)."""
    entries: dict[str, set[str]] = {}
    for category, files in LEXICONS.items():
        words = entries.setdefault(category, set())
        for name in files:
            words.update(load_lines("lexicons", name))
    entries["LOC"] |= admin_names()
    return Gazetteer(entries)
