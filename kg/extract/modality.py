"""Modality: events the text says are planned, denied or only supposed.

A cue before the trigger, in the trigger's clause (``lexicons/event_modality.tsv``),
marks the event ``Planned`` (将于, 计划, 拟), ``Negated`` (未, 否认, 没有) or
``Hypothetical`` (如果, 一旦).  The event is kept, so that a query can ask for
plans or leave them out; an event without a modality happened, as far as the
text says.  Words that hold a cue but are not one (将军, 未来, 若干, 没收) are
masked first; bare 将 and 未 count only right before the trigger (警方将其抓获
is a fact: 将 marks the object there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import ResourceError
from kg.resources import load_tsv

__all__ = ["MODALITIES", "modality_of", "chained_plan", "cues"]

#: The modality individuals of the ontology (local names).
MODALITIES = ("Planned", "Negated", "Hypothetical")
FILE = "lexicons/event_modality.tsv"
#: What separates the clauses of a sentence.
CLAUSE_SPLIT = "[，,；;：:]"


@dataclass(frozen=True)
class Cue:
    kind: str
    word: str
    reach: int | None  # None: anywhere before the trigger in its clause


@lru_cache(maxsize=1)
def cues() -> tuple[tuple[Cue, ...], tuple[str, ...]]:
    """The cues, longest first, and the words to mask."""
    return _lexicon()[:2]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[Cue, ...], tuple[str, ...], tuple[str, ...]]:
    """The cues, the words to mask and the coordinators (``and`` rows), longest first."""
    found, masked, joins = [], [], []
    for number, row in enumerate(load_tsv("lexicons", "event_modality.tsv", columns=3), 1):
        kind, word, reach = (row + ("",) * 3)[:3]
        where = f"{FILE} row {number} ({word!r})"
        if kind in ("not", "and"):
            (masked if kind == "not" else joins).append(word)
            continue
        if kind not in MODALITIES:
            raise ResourceError(f"{where}: unknown kind {kind!r}; use one of {', '.join(MODALITIES)}, not or and")
        if reach != "*" and not reach.isdigit():
            raise ResourceError(f"{where}: reach must be a number of characters or *")
        found.append(Cue(kind, word, None if reach == "*" else int(reach)))
    found.sort(key=lambda c: -len(c.word))
    return (tuple(found), tuple(sorted(masked, key=len, reverse=True)),
            tuple(sorted(joins, key=len, reverse=True)))


def _cue_before(found: tuple[Cue, ...], before: str) -> str | None:
    """The kind of the last cue in ``before`` that reaches its end."""
    best: tuple[int, str] | None = None
    for cue in found:
        at = before.rfind(cue.word)
        if at < 0:
            continue
        gap = len(before) - at - len(cue.word)
        if cue.reach is not None and gap > cue.reach:
            continue
        if best is None or at > best[0]:
            best = (at, cue.kind)
    return best[1] if best else None


def _planned_clause(found: tuple[Cue, ...], clause: str) -> bool:
    """A plan governs the whole clause: a cue that reaches anywhere, or one that
    opens it (将关闭…: the bare 将 within its reach of the start).  Only plans
    carry over to a joined clause: 公司未与员工协商，并裁员 says the layoff happened."""
    return any(c.kind == "Planned" and c.word in clause and (c.reach is None or clause.find(c.word) <= c.reach)
               for c in found)


def modality_of(before: str, sentence_before: str = "") -> str | None:
    """The modality that ``before`` (the trigger's clause up to the trigger) gives;
    a condition (如果, 一旦) in an earlier clause of the sentence
    (``sentence_before``) also makes the event hypothetical.

    >>> modality_of("公司将于下月")
    'Planned'
    >>> modality_of("该公司否认")
    'Negated'
    >>> modality_of("警方将其") is None
    True
    >>> modality_of("公司", sentence_before="如果谈判破裂，")
    'Hypothetical'
    >>> modality_of("并", sentence_before="公司宣布，将关闭30家门店，")
    'Planned'
    """
    found, masked, joins = _lexicon()
    for word in masked:
        before = before.replace(word, "\0" * len(word))
        sentence_before = sentence_before.replace(word, "\0" * len(word))
    kind = _cue_before(found, before)
    if kind is None and before.lstrip().startswith(joins):
        # a clause joined to a planned one (将关闭…，并裁减…) is planned too
        clauses = [c for c in re.split(CLAUSE_SPLIT, sentence_before) if c.strip()]
        if clauses and _planned_clause(found, clauses[-1].lstrip()):
            kind = "Planned"
    if kind is None:
        kind = next((c.kind for c in found if c.kind == "Hypothetical" and c.reach is None
                     and c.word in sentence_before), None)
    return kind


def chained_plan(before: str, earlier: list[int]) -> str | None:
    """``Planned`` when a trigger follows, in its clause, a planned one: the
    plan governs the whole chain of verbs (拟斥资50亿元在武汉新建…: the building
    is planned too, though 拟 is out of its reach).  ``before`` is the clause up
    to the trigger, ``earlier`` where the clause's earlier triggers start in it.

    >>> chained_plan("集团拟斥资50亿元在武汉", [3])
    'Planned'
    >>> chained_plan("集团斥资50亿元在武汉", [2]) is None
    True
    """
    return "Planned" if any(modality_of(before[:at]) == "Planned" for at in earlier) else None
