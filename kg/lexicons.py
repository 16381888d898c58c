"""Shared word lists, loaded once from ``kg/data/lexicons``.

Lists used by one stage only stay with that stage; the ones several stages
need (titles, honorifics, organization endings, surnames) live here so that
every stage reads them the same way.
"""

from __future__ import annotations

from functools import lru_cache

from kg.resources import load_lines

__all__ = ["titles", "honorifics", "title_words", "org_endings", "surnames"]


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Position titles (总书记, 总理, 主任医师 …): ``lexicons/titles.txt``."""
    return frozenset(load_lines("lexicons", "titles.txt"))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Forms of address that are not positions (同志, 先生): ``lexicons/honorifics.txt``."""
    return frozenset(load_lines("lexicons", "honorifics.txt"))


@lru_cache(maxsize=1)
def title_words() -> tuple[str, ...]:
    """Titles and honorifics, longest first (for suffix and prefix matching)."""
    return _longest_first(titles() | honorifics())


@lru_cache(maxsize=1)
def org_endings() -> tuple[str, ...]:
    """Organization name endings (医院, 委员会 …), longest first: ``lexicons/org_suffixes.txt``."""
    return _longest_first(load_lines("lexicons", "org_suffixes.txt"))


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Single-character and compound surnames: ``lexicons/surnames.txt``."""
    names = load_lines("lexicons", "surnames.txt")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)
