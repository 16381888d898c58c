"""Countries that only qualify a name are no event participants.

美国国务院宣布…, 澳大利亚昆士兰州政府宣布…, 法国总统马克龙宣布…: where the
tagger leaves the country a name of its own, right before the organization or
the (titled) person it qualifies, the country did nothing; the organization or
person did.  A country participant whose every mention in the event's sentence
runs straight on into a person or organization (titles between allowed, or a
description ending in a head of ``lexicons/descriptor_heads.txt``: 美国芯片企业
英特尔) gives its role to that one (or goes, when that one already has a role).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.spans import SpanIndex
from kg.gazetteer import gazetteer
from kg.model import Document, Event, Key, Mention
from kg.ner.anchored import is_han
from kg.resources import load_lines

__all__ = ["QualifierStage", "drop_qualifying_countries"]

#: What may stand between a country and the name it qualifies (美国 国务院).
GAP = " \u3000"
#: The longest description between them (电信设备制造商), in characters.
MAX_DESCRIPTOR = 10
#: Function words that end a description: what follows them is a clause (美国对华为…), not a name.
NOT_IN_DESCRIPTORS = set("对向在将已被把从为给了的和与及并是")


def _is_country(key: str) -> bool:
    key = Key(key)
    return key.kind == "place" and gazetteer().is_country(key.name)


@lru_cache(maxsize=1)
def _descriptor_heads() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "descriptor_heads.txt"), key=lambda w: (-len(w), w)))


def _after_descriptor(pos: int, mentions: SpanIndex, text: str) -> int:
    """Where the name starts after a description that opens at ``pos`` and
    runs straight into it (芯片企业英特尔, 电信设备制造商爱立信: Chinese characters,
    none a function word, ending in a descriptor head), or ``pos``."""
    heads = _descriptor_heads()
    for end in range(pos + 2, min(len(text), pos + MAX_DESCRIPTOR) + 1):
        if not is_han(text[end - 1]) or text[end - 1] in NOT_IN_DESCRIPTORS:
            break
        if text.endswith(heads, pos, end) and any(n.ref_kind in ("person", "organization")
                                                  for n in mentions.starting_at(end)):
            return end
    return pos


def _qualified(m: Mention, mentions: SpanIndex, text: str) -> str | None:
    """The person or organization the country mention ``m`` runs on into, if any."""
    pos = m.end
    while True:
        while pos < len(text) and text[pos] in GAP:
            pos += 1
        pos = _after_descriptor(pos, mentions, text)
        nxt = [n for n in mentions.starting_at(pos) if n is not m]
        title = next((n for n in nxt if n.label == "TITLE"), None)
        actor = next((n for n in nxt if n.ref_kind in ("person", "organization")), None)
        if actor is not None:
            return actor.ref
        if title is None:
            return None
        pos = title.end


def _refined(event: Event, doc: Document, mentions: SpanIndex) -> Event:
    s = event.sentence
    out: list[tuple[str, str]] = []
    for role, key in event.participants:
        if _is_country(key):
            own = [m for m in mentions.within(s.start, s.end) if m.ref == key and m.source != "reference"]
            targets = [_qualified(m, mentions, doc.text) for m in own]
            if own and all(targets):
                for target in targets:
                    if target not in {k for _, k in out + list(event.participants)}:
                        out.append((role, target))
                continue
        if (role, key) not in out:
            out.append((role, key))
    return event if tuple(out) == event.participants else replace(event, participants=tuple(out))


def drop_qualifying_countries(doc: Document) -> Document:
    """The document with qualifying countries out of its events (see module doc)."""
    mentions = SpanIndex(sorted(doc.mentions))
    events = tuple(_refined(e, doc, mentions) for e in doc.events)
    return doc if events == doc.events else doc.with_(events=events)


@dataclass
class QualifierStage:
    """After the events stage: a country that qualifies a name is no participant."""

    name: str = "qualifiers"

    def __call__(self, doc: Document) -> Document:
        return drop_qualifying_countries(doc)
