"""Shared word lists, loaded once from ``kg/data/lexicons``, and the user's own.

Lists used by one stage only stay with that stage; the ones several stages
need (titles, honorifics, organization endings, surnames) live here so that
every stage reads them the same way.

A build may add the user's persons, organizations, places and event
triggers (``kg build --lexicon DIR``, read by :mod:`kg.extract.user_lexicons`)
to the packaged lists: a :class:`LexiconSet` holds their entries (contents,
not paths, so it travels to workers on other machines).  A build's stages
run inside :func:`using` its set, and the loaders that read those lexicons
(the gazetteer, the trigger lexicon, organization classes, the names NER
must tag) are cached per set with :func:`per_lexicon_set`: loaded once per
process for each set.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache, wraps

from kg.resources import load_lines

__all__ = ["titles", "honorifics", "title_words", "org_endings", "surnames",
           "LexiconSet", "active", "using", "per_lexicon_set", "NAME_LABELS"]

#: Mention label of a user name of each kind (organizations: by their class, see :meth:`LexiconSet.names`).
NAME_LABELS = {"person": "PER", "organization": "ORG", "place": "LOC"}
_ORG_LABELS = {"Company": "COMPANY", "GovernmentBody": "GOV"}


@dataclass(frozen=True)
class LexiconSet:
    """The user's entries added to the packaged lexicons for one build; a later
    entry for the same name (or trigger word) wins, and it wins over the packaged one.

    ``organizations``: (name, class) rows; ``places``: (name, parent) rows;
    ``triggers``: rows of ``event_triggers.tsv``'s six columns.
    """

    persons: tuple[str, ...] = ()
    organizations: tuple[tuple[str, str], ...] = ()
    places: tuple[tuple[str, str], ...] = ()
    triggers: tuple[tuple[str, ...], ...] = ()
    key: str = field(default="", compare=False)

    def __post_init__(self):
        text = repr((self.persons, self.organizations, self.places, self.triggers))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if self else ""
        object.__setattr__(self, "key", digest)

    def __bool__(self) -> bool:
        return bool(self.persons or self.organizations or self.places or self.triggers)

    def __hash__(self) -> int:
        return hash(self.key)

    def __add__(self, other: "LexiconSet") -> "LexiconSet":
        return LexiconSet(self.persons + other.persons, self.organizations + other.organizations,
                          self.places + other.places, self.triggers + other.triggers)

    def names(self) -> dict[str, str]:
        """Every user name with the mention label NER gives it (PER, ORG, GOV,
        COMPANY, LOC); a later row wins."""
        out = {name: "PER" for name in self.persons}
        for name, cls in self.organizations:
            out[name] = _ORG_LABELS.get(cls, "ORG")
        for name, _parent in self.places:
            out[name] = "LOC"
        return out


_PACKAGED = LexiconSet()
_ACTIVE: ContextVar[LexiconSet] = ContextVar("kg_lexicons", default=_PACKAGED)


def active() -> LexiconSet:
    """The user entries of the build running here (empty: the packaged lexicons only)."""
    return _ACTIVE.get()


@contextmanager
def using(lexicons: LexiconSet | None):
    """Run the block with ``lexicons`` added to the packaged lexicons."""
    token = _ACTIVE.set(lexicons or _PACKAGED)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def per_lexicon_set(load):
    """Cache ``load()`` (no arguments) once per :class:`LexiconSet`: it reads
    :func:`active` and returns what the packaged lexicons plus those entries give."""
    cache: dict[str, object] = {}

    @wraps(load)
    def cached():
        key = _ACTIVE.get().key
        try:
            return cache[key]
        except KeyError:
            if len(cache) >= 8:  # a long-lived process that built with many sets
                cache.pop(next(k for k in cache if k))
            value = cache[key] = load()
            return value

    cached.cache_clear = cache.clear
    return cached


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
