"""Where each event sits on the time axis, and its colour (shared by HTML and PNG)."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from datetime import date as Date

from kg.timeline.events import CLASS_ORDER, TimelineEvent

__all__ = ["COLOURS", "EXTRA_COLOURS", "PALETTE", "colour", "class_colours", "Placed", "place_events",
           "date_text", "day_text", "month_text", "ordinal"]

#: One colour per event class (colour-blind-aware, readable on white).
COLOURS = {
    "Meeting": "#1f77b4", "Inspection": "#2ca02c", "PhoneCall": "#9467bd", "Lockdown": "#d62728",
    "Reopening": "#17becf", "Construction": "#8c564b", "Announcement": "#7f7f7f", "Dispatch": "#ff7f0e",
    "Aid": "#e377c2", "Decision": "#bcbd22", "Instruction": "#393b79", "Establishment": "#637939",
    "Speech": "#8c6d31", "Arrival": "#843c39", "Treatment": "#7b4173", "Event": "#555555",
}


#: More colours for the other classes (Layoff, Earthquake ...), most distinct from :data:`COLOURS` first.
EXTRA_COLOURS = ("#e7ba52", "#ce6dbd", "#6baed6", "#74c476", "#fd8d3c", "#9e9ac8", "#d6616b", "#5254a3",
                 "#8ca252", "#a55194", "#bd9e39", "#ad494a", "#3182bd", "#e6550d", "#31a354", "#756bb1")
#: Every colour a class may get, in the order they are handed out.
PALETTE = tuple(c for cls, c in COLOURS.items() if cls != "Event") + EXTRA_COLOURS


def colour(cls: str) -> str:
    """The class's own colour; another class one of :data:`PALETTE` by a stable hash of its name."""
    return COLOURS.get(cls) or PALETTE[zlib.crc32(cls.encode("utf-8")) % len(PALETTE)]


def class_colours(classes) -> dict[str, str]:
    """Class -> colour for one page: the classes of :data:`COLOURS` keep theirs; the others
    get, in legend order, the palette's colours that no class on the page has yet (first
    those of classes not on the page, then :data:`EXTRA_COLOURS`), so that the classes of a
    page differ while the palette lasts."""
    ordered = sorted(set(classes), key=lambda c: (class_rank(c), c))
    out = {c: COLOURS[c] for c in ordered if c in COLOURS}
    free = [c for c in PALETTE if c not in out.values()]
    others = [c for c in ordered if c not in out]
    for i, cls in enumerate(others):
        out[cls] = free[i] if i < len(free) else colour(cls)
    return out


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
