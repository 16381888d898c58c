"""Where each event sits on the time axis, and its colour (shared by HTML and PNG)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date as Date

from kg.timeline.events import CLASS_ORDER, TimelineEvent

__all__ = ["COLOURS", "colour", "Placed", "place_events", "date_text", "day_text", "month_text", "ordinal"]

#: One colour per event class (colour-blind-aware, readable on white).
COLOURS = {
    "Meeting": "#1f77b4", "Inspection": "#2ca02c", "PhoneCall": "#9467bd", "Lockdown": "#d62728",
    "Reopening": "#17becf", "Construction": "#8c564b", "Announcement": "#7f7f7f", "Dispatch": "#ff7f0e",
    "Aid": "#e377c2", "Decision": "#bcbd22", "Instruction": "#393b79", "Establishment": "#637939",
    "Speech": "#8c6d31", "Arrival": "#843c39", "Treatment": "#7b4173", "Event": "#555555",
}


def colour(cls: str) -> str:
    return COLOURS.get(cls, COLOURS["Event"])


def class_rank(cls: str) -> int:
    return CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER)


def ordinal(value: str) -> float:
    """Days since 0001-01-01 (with the fraction of the day for a dateTime)."""
    parts = value[:10].split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    out = float(Date(year, month, day).toordinal())
    if "T" in value:
        hh, mm = value[11:13], value[14:16]
        out += (int(hh or 0) * 60 + int(mm or 0)) / 1440
    return out


def day_text(value: str) -> str:
    """The day column of the axis: 1月23日 (10:00)."""
    parts = value[:10].split("-")
    out = f"{int(parts[1])}月" if len(parts) > 1 else f"{int(parts[0])}年"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def month_text(value: str) -> str:
    parts = value[:10].split("-")
    return f"{int(parts[0])}年{int(parts[1])}月" if len(parts) > 1 else f"{int(parts[0])}年"


def date_text(value: str | None) -> str:
    """2020-01-23T10:00:00 -> 2020年1月23日 10:00; 2019-12 -> 2019年12月."""
    if not value:
        return "日期不详"
    parts = value[:10].split("-")
    out = f"{int(parts[0])}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    if "T" in value and value[11:16] != "00:00":
        out += f" {value[11:16]}"
    elif "T" in value:
        out += " 零时"
    return out


@dataclass
class Placed:
    event: TimelineEvent
    y: float                 # the event's row on the axis
    new_day: bool = False    # the first event of its day (draw the day)
    new_month: bool = False  # the first event of its month (draw the month)


def place_events(events: list[TimelineEvent], top: float, gap: float) -> tuple[list[Placed], float]:
    """Dated events, one row each, in date order from ``top``.

    Rows are ``gap`` apart; a gap of d days between two events adds
    ``gap * min(2, 0.35 * log2(1 + d))``, so the axis keeps the rhythm of time
    (a quiet month shows as a wide gap) while a busy day stays readable.
    Returns the placed events and the last row's position.
    """
    dated = [e for e in events if e.date]
    placed: list[Placed] = []
    y, prev = top, None
    for e in dated:
        if prev is not None:
            days = max(0.0, ordinal(e.date) - ordinal(prev.date))
            y += gap + gap * min(2.0, 0.35 * math.log2(1 + days))
        placed.append(Placed(e, y, prev is None or prev.day != e.day,
                             prev is None or (prev.day or "")[:7] != (e.day or "")[:7]))
        prev = e
    return placed, y


CLAUSE_MARKS = "，。；：！？,;:!?"
MAX_HEADLINE = 26


def headline(event: TimelineEvent) -> str:
    """A one-line label: the clause of the sentence that holds the trigger
    (the article's own words), then the place and people it does not name."""
    s, clause = event.sentence, event.trigger or event.label
    if event.trigger and event.sentence_begin is not None and event.trigger_begin is not None:
        at = event.trigger_begin - event.sentence_begin
        if 0 <= at <= len(s):
            lo = max([s.rfind(c, 0, at) for c in CLAUSE_MARKS] + [-1]) + 1
            his = [i for i in (s.find(c, at) for c in CLAUSE_MARKS) if i >= 0]
            hi = min(his) if his else len(s)
            clause = s[lo:hi].replace("\n", "").strip("“”「」 \u3000")
            if len(clause) > MAX_HEADLINE:
                t = at - lo
                start = max(0, min(t - 10, len(clause) - MAX_HEADLINE))
                clause = ("…" if start else "") + clause[start : start + MAX_HEADLINE] + (
                    "…" if start + MAX_HEADLINE < len(clause) else "")
    extra = []
    if event.location and event.location not in clause:
        extra.append(event.location)
    names = [n for _, n in event.participants if n not in clause]
    if names:
        extra.append("、".join(names[:2]) + ("等" if len(names) > 2 else ""))
    return clause + ("  ·  " + " · ".join(extra) if extra else "")
