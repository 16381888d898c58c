"""The event extractor's data: trigger words and the cues read around them.

Both files live in ``kg/data/lexicons`` and are validated on load: an unknown
class, role, place rule, flag or cue kind raises :class:`ResourceError`
naming the line, so a typo in the data cannot silently switch a rule off.
A build's own triggers (``kg build --lexicon DIR``: ``event_triggers.tsv``,
the same columns) are added to the packaged ones; one for a packaged word
replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from kg.errors import ResourceError
from kg.lexicons import active, per_lexicon_set
from kg.resources import load_tsv

__all__ = ["Trigger", "triggers", "trigger_of_row", "cues", "EVENT_CLASSES", "ROLES", "GAP", "symmetric_triggers",
           "duee_participants", "rule_only_classes"]

#: Event classes of the ontology a trigger may name (kg.ttl, under kg:Event).
EVENT_CLASSES = frozenset({
    "Meeting", "Inspection", "PhoneCall", "Lockdown", "Reopening", "Construction",
    "Announcement", "Dispatch", "Aid", "Decision", "Instruction", "Establishment",
    "Speech", "Arrival", "Treatment", "Investment",
})
#: Participant roles: kg properties under schema:participant ("-" = ignore).
ROLES = frozenset({"agent", "organizer", "attendee", "caller", "callee", "recipient", "target", "-"})
#: Roles of a DuEE class that no DuEE role names, for the trigger lexicon's rows: a draw's sides.
RULE_ROLES = {"MatchResult": frozenset({"competitor"})}
PLACE_RULES = frozenset({"after", "near", "-"})
FLAGS = frozenset({"motion", "report", "pair", "-"})
CUE_KINDS = frozenset({"modal", "modal_not", "nominal_after", "locative", "object", "object_not", "count",
                       "place_part"})
#: The gap mark inside a discontinuous trigger (作出…决定).
GAP = "…"
#: The longest gap a discontinuous trigger may span, in characters.
MAX_GAP = 12

FILE = "lexicons/event_triggers.tsv"


@dataclass(frozen=True)
class Trigger:
    """One row of ``event_triggers.tsv``."""

    word: str
    cls: str
    before: str
    after: str
    place: str
    motion: bool = False
    report: bool = False
    #: the ``after`` role applies only to mentions after an object marker (向…发布)
    marked_only: bool = False
    #: an event only with someone in both roles (A击败B; 战胜疫情 is no match)
    pair: bool = False

    def sides_named(self, roles: list[str]) -> bool:
        """Whether an event of this trigger with participants in ``roles`` may
        stand: a ``pair`` trigger needs someone in both its roles, two where
        both are one role (A与B战平); any other trigger always may."""
        if not self.pair:
            return True
        if self.before == self.after:
            return roles.count(self.before) >= 2
        return {self.before, self.after} <= set(roles)

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The trigger's words, split at its gaps (宣布…裁员: 宣布, 裁员); computed once."""
        return tuple(self.word.split(GAP))


def trigger_of_row(row: tuple[str, ...], where: str) -> Trigger:
    """The trigger of one ``event_triggers.tsv`` row; ``where`` names the row in errors."""
    word, cls, before, after, place, flag = row
    duee = duee_participants()
    if cls not in EVENT_CLASSES and cls not in duee:
        raise ResourceError(f"{where}: unknown event class {cls!r}; use one of "
                            f"{', '.join(sorted(EVENT_CLASSES | duee.keys()))}")
    marked_only = after.startswith("^")
    after = after.lstrip("^")
    allowed = ROLES if cls in EVENT_CLASSES else duee[cls] | RULE_ROLES.get(cls, frozenset()) | {"-"}
    for role in (before, after):
        if role not in allowed:
            raise ResourceError(f"{where}: unknown role {role!r} for {cls}; use one of {', '.join(sorted(allowed))}")
    if place not in PLACE_RULES:
        raise ResourceError(f"{where}: unknown place rule {place!r}; use after, near or -")
    if flag not in FLAGS:
        raise ResourceError(f"{where}: unknown flag {flag!r}; use motion, report, pair or -")
    if not word or any(not part for part in word.split(GAP)):
        raise ResourceError(f"{where}: empty trigger part; write words around the gap mark {GAP}")
    return Trigger(word, cls, before, after, place, flag == "motion", flag == "report", marked_only,
                   flag == "pair")


@lru_cache(maxsize=1)
def duee_participants() -> dict[str, frozenset[str]]:
    """The classes that stand for DuEE types (MatchResult, Arrest …) and the
    properties of their participants (winner, loser; arrester, arrestee): a
    trigger row of such a class gives its roles from these
    (``event_roles.tsv``), as the learned extractor does."""
    from kg.extract.event_taxonomy import event_roles, event_types

    types = event_types()
    out: dict[str, set[str]] = {t.cls: set() for t in types.values()}
    for (duee_type, _), role in event_roles().items():
        if role.kind == "participant":
            out[types[duee_type].cls].add(role.property)
    return {cls: frozenset(props) for cls, props in out.items()}


@per_lexicon_set
def triggers() -> tuple[Trigger, ...]:
    """All triggers, packaged and the build's own, longest first (so 主持召开 wins over 召开)."""
    found: dict[str, Trigger] = {}
    for number, row in enumerate(load_tsv("lexicons", "event_triggers.tsv", columns=6), 1):
        found[row[0]] = trigger_of_row(row, f"{FILE} row {number} ({row[0]!r})")
    for row in active().triggers:  # checked when read (kg.extract.user_lexicons)
        found[row[0]] = trigger_of_row(row, f"user trigger {row[0]!r}")
    return tuple(sorted(found.values(), key=lambda t: -len(t.word.replace(GAP, ""))))


@lru_cache(maxsize=1)
def subject_leads() -> frozenset[str]:
    """Words that may stand before the name opening a clause that is its
    subject: a title (外交部长王毅表示) or a noun of a person's standing
    (被告人李某某犯…罪，被判处…): ``titles.txt`` and ``fact_person_nouns.txt``."""
    from kg.lexicons import titles
    from kg.resources import load_lines

    return titles() | frozenset(load_lines("lexicons", "fact_person_nouns.txt"))


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    """Cue words by kind (``modal``, ``nominal_after`` …), longest first."""
    out: dict[str, list[str]] = {kind: [] for kind in CUE_KINDS}
    for number, (kind, word) in enumerate(load_tsv("lexicons", "event_cues.tsv", columns=2), 1):
        if kind not in CUE_KINDS:
            raise ResourceError(
                f"lexicons/event_cues.tsv row {number}: unknown cue kind {kind!r}; use one of {sorted(CUE_KINDS)}"
            )
        out[kind].append(word)
    return {kind: tuple(sorted(set(words), key=len, reverse=True)) for kind, words in out.items()}


@lru_cache(maxsize=1)
def symmetric_triggers() -> frozenset[str]:
    """Trigger words with the same role on both sides (会谈, 座谈)."""
    return frozenset(t.word for t in triggers() if t.before == t.after != "-")


def rule_only_classes() -> frozenset[str]:
    """Classes of the trigger lexicon that stand for no DuEE type (finer than the model's)."""
    return frozenset(EVENT_CLASSES - duee_participants().keys())
