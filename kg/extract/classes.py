"""Ontology classes for entities, from the tagger's labels and name endings.

Tables live in ``lexicons/org_classes.tsv`` and ``lexicons/place_classes.tsv``;
places known to the gazetteer take its level (Country, Province, City, County).
An organization named by a place and a head of ``lexicons/place_org_heads.tsv``
takes the head's class: 中国政府 GovernmentBody, 北京军区 MilitaryOrganization,
浙江队 and 中国女排 SportsTeam.  A build's own organizations (``kg build
--lexicon DIR``: ``organizations.tsv``, name and class) take their class first.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from kg.extract.places import leading_place
from kg.gazetteer import gazetteer
from kg.lexicons import active, per_lexicon_set
from kg.model import Key
from kg.resources import load_lines, load_tsv

__all__ = ["entity_class", "ending_class", "place_head_class", "international_organizations",
           "ORGANIZATION_CLASSES"]

#: The ontology's organization classes (kg.ttl), which a user organization may take.
ORGANIZATION_CLASSES = ("Organization", "GovernmentBody", "InternationalOrganization", "Company", "Hospital",
                        "EducationalOrganization", "MilitaryOrganization", "SportsTeam")

LABEL_CLASSES = {"GOV": "GovernmentBody", "COMPANY": "Company"}


@lru_cache(maxsize=None)
def _endings(table: str) -> tuple[tuple[str, str], ...]:
    rows = load_tsv("lexicons", table, columns=2)
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))


@lru_cache(maxsize=1)
def international_organizations() -> frozenset[str]:
    """Names of international organizations: ``lexicons/intl_organizations.txt``."""
    return frozenset(load_lines("lexicons", "intl_organizations.txt"))


@lru_cache(maxsize=1)
def _place_heads() -> dict[str, str]:
    return dict(load_tsv("lexicons", "place_org_heads.tsv", columns=2))


@per_lexicon_set
def _user_classes() -> dict[str, str]:
    return dict(active().organizations)


def place_head_class(name: str) -> str | None:
    """The class of ``place + head`` names (浙江队 -> SportsTeam), else None."""
    place = leading_place(name, min_rest=1)
    return _place_heads().get(name[len(place):]) if place else None


def ending_class(name: str, table: str) -> str | None:
    """The class of the longest ending in ``table`` that ``name`` ends with."""
    for ending, cls in _endings(table):
        if name.endswith(ending):
            return cls
    return None


def entity_class(key: str, labels: Counter) -> str:
    """The most specific class for an entity key (``kind/name``)."""
    key = Key(key)
    kind, name = key.kind, key.rest
    if kind == "person":
        return "Person"
    if kind == "place":
        return gazetteer().place_class(name) or ending_class(name, "place_classes.tsv") or "Place"
    user = _user_classes().get(name)
    if user:
        return user
    if name in international_organizations():
        return "InternationalOrganization"
    by_ending = place_head_class(name) or ending_class(name, "org_classes.tsv")
    if by_ending:
        return by_ending
    for label, _ in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0])):
        if label in LABEL_CLASSES:
            return LABEL_CLASSES[label]
    return "Organization"
