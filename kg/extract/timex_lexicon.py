"""The word lists behind :mod:`kg.extract.timex`, loaded from data files.

Every list lives under ``kg/data/lexicons/time_*.tsv`` and is validated on
load: a bad row raises :class:`kg.errors.ResourceError` naming the file, the
row and the fix.  Loaders are cached, so each file is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar

from kg.errors import ResourceError
from kg.resources import load_tsv

__all__ = [
    "Festival",
    "RelativeWord",
    "PartOfDay",
    "DurationUnit",
    "festivals",
    "festival_modifiers",
    "relative_words",
    "parts_of_day",
    "duration_units",
    "month_parts",
    "festival_date",
    "lunar_date",
    "alternation",
]

LEXICONS = "lexicons"


@dataclass(frozen=True)
class Festival:
    """A named day: 春节 is lunar 1/1; 除夕 is lunar 1/1 with offset -1."""

    name: str
    calendar: str  # lunar | solar
    month: int
    day: int
    offset_days: int
    approximate: bool


@dataclass(frozen=True)
class RelativeWord:
    """次日 (+1 day from the previous date), 今年 (this year of the anchor) …"""

    text: str
    offset: int
    unit: str  # day | week | month | year
    basis: str  # previous | anchor


@dataclass(frozen=True)
class PartOfDay:
    """下午: hours 1..11 said with it are afternoon hours (+12)."""

    text: str
    add12_min: int
    add12_max: int

    def hour(self, hour: int) -> int:
        """The 24-hour clock hour of ``hour`` said with this word."""
        if self.add12_min <= hour <= self.add12_max:
            return hour + 12
        return hour


@dataclass(frozen=True)
class DurationUnit:
    """天 → D; 日 → D but only before 内/来 (3日 alone is a day of the month)."""

    text: str
    designator: str  # Y M W D H MIN S
    needs_suffix: bool


def _fail(name: str, row: tuple[str, ...], why: str):
    raise ResourceError(f"lexicons/{name}: row {'|'.join(row)!r} {why}; fix the row")


def _int(name: str, row: tuple[str, ...], cell: str) -> int:
    try:
        return int(cell)
    except ValueError:
        _fail(name, row, f"has {cell!r} where an integer belongs")


def _flag(name: str, row: tuple[str, ...], cell: str) -> bool:
    if cell not in ("yes", "no"):
        _fail(name, row, f"has {cell!r} where yes or no belongs")
    return cell == "yes"


def _choice(name: str, row: tuple[str, ...], cell: str, allowed: tuple[str, ...]) -> str:
    if cell not in allowed:
        _fail(name, row, f"has {cell!r}, expected one of {', '.join(allowed)}")
    return cell


@lru_cache(maxsize=None)
def festivals() -> dict[str, Festival]:
    """Festival name → :class:`Festival` (time_festivals.tsv)."""
    name = "time_festivals.tsv"
    out = {}
    for row in load_tsv(LEXICONS, name, columns=6):
        calendar = _choice(name, row, row[1], ("lunar", "solar"))
        month, day = _int(name, row, row[2]), _int(name, row, row[3])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            _fail(name, row, "has a month or day out of range")
        out[row[0]] = Festival(
            row[0], calendar, month, day, _int(name, row, row[4]), _flag(name, row, row[5])
        )
    return out


@lru_cache(maxsize=None)
def festival_modifiers() -> dict[str, tuple[int, bool]]:
    """Word after a festival → (offset_days, approximate): 前夕 → (-1, True)."""
    name = "time_festival_modifiers.tsv"
    return {
        row[0]: (_int(name, row, row[1]), _flag(name, row, row[2]))
        for row in load_tsv(LEXICONS, name, columns=3)
    }


@lru_cache(maxsize=None)
def relative_words() -> dict[str, RelativeWord]:
    """Relative expression → :class:`RelativeWord` (time_relative.tsv)."""
    name = "time_relative.tsv"
    out = {}
    for row in load_tsv(LEXICONS, name, columns=4):
        unit = _choice(name, row, row[2], ("day", "week", "month", "year"))
        basis = _choice(name, row, row[3], ("previous", "anchor"))
        out[row[0]] = RelativeWord(row[0], _int(name, row, row[1]), unit, basis)
    return out


@lru_cache(maxsize=None)
def parts_of_day() -> dict[str, PartOfDay]:
    """Part-of-day word → :class:`PartOfDay` (time_parts_of_day.tsv)."""
    name = "time_parts_of_day.tsv"
    out = {}
    for row in load_tsv(LEXICONS, name, columns=3):
        low, high = _int(name, row, row[1]), _int(name, row, row[2])
        if low > high or high > 12:
            _fail(name, row, "needs add12_min <= add12_max <= 12 (or -1 -1)")
        out[row[0]] = PartOfDay(row[0], low, high)
    return out


@lru_cache(maxsize=None)
def duration_units() -> dict[str, DurationUnit]:
    """Duration unit word → :class:`DurationUnit` (time_duration_units.tsv)."""
    name = "time_duration_units.tsv"
    allowed = ("Y", "M", "W", "D", "H", "MIN", "S")
    return {
        row[0]: DurationUnit(row[0], _choice(name, row, row[1], allowed), _flag(name, row, row[2]))
        for row in load_tsv(LEXICONS, name, columns=3)
    }


@lru_cache(maxsize=None)
def month_parts() -> dict[str, bool]:
    """Word after a month → whether it makes the month approximate (底 yes, 份 no)."""
    name = "time_month_parts.tsv"
    return {row[0]: _flag(name, row, row[1]) for row in load_tsv(LEXICONS, name, columns=2)}


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first, so the longest wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4096)
def festival_date(festival: Festival, year: int) -> date:
    """The solar date of ``festival`` in (lunar or solar) ``year``, before its offset."""
    if festival.calendar == "solar":
        return date(year, festival.month, festival.day)
    return lunar_date(year, festival.month, festival.day)


def lunar_date(year: int, month: int, day: int) -> date:
    """The solar date of lunar ``year``/``month``/``day`` (30 in a 29-day month → 1st + 29).

    >>> lunar_date(2024, 1, 1), lunar_date(2023, 8, 15)
    (datetime.date(2024, 2, 10), datetime.date(2023, 9, 29))
    """
    first = lunar_months().get(year)
    if first is not None:
        return first[month - 1] + timedelta(days=day - 1)
    solar = Lunar.fromYmd(year, month, 1).getSolar()  # outside the table: computed (milliseconds)
    return date(solar.getYear(), solar.getMonth(), solar.getDay()) + timedelta(days=day - 1)


@lru_cache(maxsize=None)
def lunar_months() -> dict[int, tuple[date, ...]]:
    """Lunar year → the solar dates of its months' first days (1-12), from ``lunar_months.tsv``."""
    name = "lunar_months.tsv"
    out = {}
    for year, firsts in load_tsv(LEXICONS, name, columns=2):
        days = tuple(date.fromisoformat(d) for d in firsts.split())
        if len(days) != 12:
            raise ResourceError(f"{LEXICONS}/{name}: year {year} has {len(days)} months, not 12; fix the line")
        out[int(year)] = days
    return out
