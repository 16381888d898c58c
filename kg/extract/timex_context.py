"""The context :mod:`kg.extract.timex` resolves dates in: the anchor (document
date), the last date the text gave, and whether a clause speaks of what is to come.

An anchor is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (``kg build --date``, or the
dateline's date).  A yearless date that would land more than ``GRACE_DAYS``
after it steps back a year (a month, for a day alone) unless its clause holds a
future cue (``lexicons/time_future_cues.txt``: 将, 计划, 定于 …) or the text has
itself moved past the anchor with a later explicit date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kg.errors import InputError
from kg.resources import load_lines

__all__ = ["Context", "parse_anchor", "anchor_limit", "is_future", "future_cues", "GRACE_DAYS"]

#: A yearless date this many days after the anchor or fewer keeps its year: a
#: text dated 1月20日 that says 1月25日 means the coming day, not last year's.
GRACE_DAYS = 7
#: Characters that end a clause (the scope of a future cue).
CLAUSE_END = "，。；！？,;!?\n"


@dataclass
class Context:
    """What the text has said so far: the reference date and the last exact day.

    ``limit`` is the last day the anchor allows (its own day; the end of its
    month or year when it has no day); ``future`` says whether the clause of
    the expression being resolved is about what is still to come.
    """

    anchor: tuple[int, int | None, int | None] | None
    ref: tuple[int, int | None, int | None] | None
    last_day: date | None = None
    limit: date | None = None
    future: bool = False

    def past_limit(self, day: date) -> bool:
        """Whether ``day`` should step back: after the anchor while the text has
        not itself moved past it, and not said to be future."""
        if self.limit is None or self.future or day <= self.limit + timedelta(days=GRACE_DAYS):
            return False
        ry, rm, rd = self.ref
        return date(ry, rm or 1, rd or 1) <= self.limit

    def set_date(self, y: int, m: int | None = None, d: int | None = None, exact: bool = True):
        if m is None and self.ref is not None and self.ref[0] == y:
            return  # 2020年 inside 2020: keep the finer reference
        self.ref = (y, m, d)
        if d is not None and exact:
            self.last_day = date(y, m, d)


def parse_anchor(anchor: str | None):
    if anchor is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?", anchor.strip())
    if not m:
        raise InputError(f"anchor {anchor!r} is not an ISO date; pass YYYY-MM-DD, YYYY-MM or YYYY")
    y, mo, d = (int(g) if g else None for g in m.groups())
    try:
        date(y, mo or 1, d or 1)
    except ValueError as exc:
        raise InputError(f"anchor {anchor!r} is not a real date; pass YYYY-MM-DD") from exc
    return (y, mo, d)


def anchor_limit(anchor) -> date | None:
    """The last day an anchor (year, month or day) allows."""
    if anchor is None:
        return None
    y, mo, d = anchor
    if d:
        return date(y, mo, d)
    if mo:
        return date(y + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)
    return date(y, 12, 31)


@lru_cache(maxsize=1)
def future_cues() -> tuple[str, ...]:
    return tuple(load_lines("lexicons", "time_future_cues.txt"))


def is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``start..end`` holds a future cue (将, 计划, 定于 …).

    A clause that is nothing but the expression (“3月5日，会议将召开”) takes the
    next clause with it.
    """
    lo = max(text.rfind(c, 0, start) for c in CLAUSE_END) + 1
    hi = min((i for i in (text.find(c, end) for c in CLAUSE_END) if i >= 0), default=len(text))
    if len((text[lo:start] + text[end:hi]).strip()) <= 2 and hi < len(text):
        nxt = min((i for i in (text.find(c, hi + 1) for c in CLAUSE_END) if i >= 0), default=len(text))
        hi = nxt
    clause = text[lo:hi]
    return any(cue in clause for cue in future_cues())
