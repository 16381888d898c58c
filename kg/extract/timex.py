"""Find time expressions in Chinese text and normalize them to XSD literals.

:func:`find_times` returns ``(Mention, TimeValue)`` pairs, sorted and
non-overlapping, with ``TimeValue.datatype`` one of ``date``, ``dateTime``,
``gYearMonth``, ``gYear`` or ``duration``.

How dates are resolved, in document order:

* An explicit year (2020年1月23日, 公元2020年) sets the context.
* A date without a year (12月30日) takes the year that puts it nearest the
  last date the text gave (so 1月2日 after 12月31日 is in the next year, and
  12月30日 after 2020年1月23日 is in 2019).  The ``anchor`` (document date)
  seeds the context; with no anchor and no year yet, such dates are skipped.
* A day alone (3日起) takes the month of the last date, the nearest one.
* Neither lands more than a week (``GRACE_DAYS``) after the anchor
  (12月30日 in a text dated 2020-01-08 is 2019-12-30, 3月5日 is 2019-03-05)
  unless its clause says it is still to come (将, 计划, 定于 …:
  ``lexicons/time_future_cues.txt``) or the text has itself moved past the
  anchor with a later explicit date.
* Relative words (次日, 同日, 当晚, 3天后) count from the last day-precise
  date; deictic words (今天, 今年, 本周, 上周五) count from the anchor, and are
  skipped in quotations, where they mean the speaker's day.  A week (本周,
  上周) is written as its Monday, approximate; a weekday alone (周二) is the
  last one on or before the anchor, or the next one when the clause is future.
* Full-width digits and signs (２０２０年１月８日) are read as ASCII
  (:func:`kg.extract.numerals.half_width`, same length: offsets hold).
* Festivals and lunar dates (除夕, 大年初三, 正月十五, 元旦前夕) are resolved
  through :mod:`lunar_python` in the year nearest the context.

The word lists are data files (``kg/data/lexicons/time_*.tsv``); see
:mod:`kg.extract.timex_lexicon`.  The anchor, the limit it sets and the future
cues are :mod:`kg.extract.timex_context`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from kg.extract import timex_lexicon as lex
from kg.extract.numerals import (
    ARABIC_NUMBER, CN_NUMBER, CN_NUMERAL_CHARS, SMALL_NUMBER, half_width, number_approximators, read_number,
)
from kg.extract.spans import quoted_spans, sentence_ok
from kg.extract.timex_context import Context as _Context
from kg.extract.timex_context import anchor_limit as _limit
from kg.extract.timex_context import is_future as _is_future
from kg.extract.timex_context import parse_anchor as _parse_anchor
from kg.model import Mention, Sentence, TimeValue

__all__ = ["find_times", "TIME_LABEL"]

TIME_LABEL = "TIME"
SOURCE = "timex"

_CN = CN_NUMERAL_CHARS + "两"
_YEAR = r"\d{4}|[〇零○一二三四五六七八九]{4}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_LUNAR_DAY = r"初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|十"
_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
_NUM = rf"{ARABIC_NUMBER}|{CN_NUMBER}"
#: Pattern kinds, in the order that breaks ties between equal spans.
_KINDS = ("date", "monthday", "festival", "lunar", "weekday", "relword", "reloffset", "duration", "dayonly")
#: Words before 一天/一年 that make it a particular day, not a duration (这一天, 的一天).
_DEFINITE = "这那的同某有哪"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEK_SHIFT = {"": 0, "本": 0, "这": 0, "这个": 0, "上": -1, "上个": -1, "下": 1, "下个": 1}


def _clock() -> str:
    pod = lex.alternation(lex.parts_of_day())
    return (rf"(?P<pod>{pod})?(?:(?P<hour>{SMALL_NUMBER})[时点]"
            rf"(?:(?P<minute>{SMALL_NUMBER})分|(?P<half>半))?)?")


@lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern]:
    clock = _clock()
    parts = lex.alternation(lex.month_parts())
    month_tail = rf"(?:(?P<day>{_DAY})[日号]{clock}|(?P<mpart>{parts}))?"
    units = lex.alternation(lex.duration_units())
    prefixes = lex.alternation(w for w, pos in number_approximators() if pos == "prefix" and w not in "上过")
    return {
        "date": rf"(?<![\d{_CN}])(?P<era>公元)?(?P<year>{_YEAR})年(?:(?P<month>{_MONTH})月{month_tail})?",
        "monthday": rf"(?<![\d{_CN}])(?P<month>{_MONTH})月{month_tail}",
        "festival": rf"(?P<prefix>农历)?(?P<festival>{lex.alternation(lex.festivals())})"
                    rf"(?P<modifier>{lex.alternation(lex.festival_modifiers())})?{clock}",
        "lunar": rf"(?P<prefix>农历)?(?:(?P<lmonth>正|冬|腊|十[一二]|[二三四五六七八九十])月|(?P<danian>大年))"
                 rf"(?P<lday>{_LUNAR_DAY}){clock}",
        "weekday": rf"(?<![每逢隔至到、\-—～~\d{_CN}])(?P<wshift>这个|上个|下个|本|这|上|下)?(?:周|星期|礼拜)"
                   rf"(?P<wd>[一二三四五六日天])(?![至到、\-—～~年])(?!周){clock}",
        "relword": rf"(?P<rel>{lex.alternation(lex.relative_words())})(?!而){clock}",
        "reloffset": rf"(?<![第\d.{_CN}])(?P<n>{_NUM})(?P<more>多|余)?(?P<runit>天|日|周|个星期|个多月|个月|年)"
                     rf"(?P<dir>以后|之后|后|以前|之前|前)",
        "duration": rf"(?<![第\d.{_CN}])(?P<dpre>{prefixes})?(?P<n>{_NUM})(?P<more>多|余)?(?P<dunit>{units})"
                    rf"(?![级代])(?P<more2>多|余)?(?P<dsuffix>以内|之内|内|以来|来|左右)?",
        "dayonly": rf"(?<![\d.月{_CN}])(?P<day>3[01]|[12]\d|0?[1-9])日(?![内后前本]){clock}",
    }


@lru_cache(maxsize=None)
def _compile_all() -> dict[str, re.Pattern]:
    return {kind: re.compile(src) for kind, src in _patterns().items()}


def _num(text: str | None) -> int | None:
    if not text:
        return None
    try:
        value = read_number(text)
    except ValueError:
        return None
    return int(value) if float(value).is_integer() else None


def _ordinal(y: int, m: int, d: int | None) -> date:
    return date(y, m, d or 15)


def _nearest(candidates, ref) -> date | None:
    """The candidate date nearest the reference (ties: the first, i.e. the same year)."""
    ry, rm, rd = ref
    if rm is None:
        same = [c for c in candidates if c is not None and c.year == ry]
        return same[0] if same else None
    target = _ordinal(ry, rm, rd)
    best = None
    for c in candidates:
        if c is not None and (best is None or abs((c - target).days) < abs((best - target).days)):
            best = c
    return best


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int | None, ctx: _Context) -> int | None:
    if ctx.ref is None:
        return None
    ry = ctx.ref[0]
    found = _nearest([_safe_date(y, month, day or 15) for y in (ry, ry - 1, ry + 1)], ctx.ref)
    return found.year if found else None


def _with_clock(m: re.Match, day: date, approx: bool):
    """A date or dateTime value for ``day`` and the clock groups; the usable end."""
    end = m.end()
    hour = _num(m.group("hour"))
    if m.group("hour") is None:
        return TimeValue(day.isoformat(), "date", approx), end
    minute = 30 if m.group("half") else (_num(m.group("minute")) or 0)
    pod = lex.parts_of_day().get(m.group("pod") or "")
    if hour is not None and pod is not None:
        hour = pod.hour(hour)
    if hour is None or not (0 <= hour <= 24 and 0 <= minute <= 59) or (hour == 24 and minute):
        return TimeValue(day.isoformat(), "date", approx), m.start("hour")
    if hour == 24:  # 24时 is the end of the day: the next day at 00:00
        day, hour = day + timedelta(days=1), 0
    return TimeValue(f"{day.isoformat()}T{hour:02d}:{minute:02d}:00", "dateTime", approx), end


def _month_value(y: int, mo: int, m: re.Match):
    approx = lex.month_parts().get(m.group("mpart") or "", False)
    return TimeValue(f"{y:04d}-{mo:02d}", "gYearMonth", approx)


def _resolve_date(m: re.Match, ctx: _Context, kind: str):
    month = _num(m.group("month"))
    if kind == "date":
        year = _num(m.group("year"))
        if year is None or not 1000 <= year <= 2100:
            return None
        if month is None:
            ctx.set_date(year)
            return TimeValue(f"{year:04d}", "gYear"), m.end()
    else:
        year = _year_for(month, _num(m.group("day")), ctx)
        if year is None:
            return None
    if not 1 <= month <= 12:
        return None
    if m.group("day") is None:
        if kind == "monthday" and ctx.past_limit(date(year, month, 1)):
            year -= 1  # 3月份 in a text dated January: last March
        ctx.set_date(year, month)
        return _month_value(year, month, m), m.end()
    day = _safe_date(year, month, _num(m.group("day")) or 0)
    if day is None:
        return None
    while kind == "monthday" and day is not None and ctx.past_limit(day):
        year -= 1  # 12月30日 in a text dated 2020-01-08 is 2019-12-30
        day = _safe_date(year, month, day.day) or _safe_date(year, month, day.day - 1)
    if day is None:
        return None
    ctx.set_date(year, month, day.day)
    return _with_clock(m, day, False)


def _resolve_dayonly(m: re.Match, ctx: _Context):
    base = ctx.last_day or (date(ctx.ref[0], ctx.ref[1], 15) if ctx.ref and ctx.ref[1] else None)
    if base is None:
        return None
    d = int(m.group("day"))
    months = [(base.year, base.month)]
    months.append((base.year + (base.month == 12), base.month % 12 + 1))
    months.append((base.year - (base.month == 1), (base.month - 2) % 12 + 1))
    candidates = [_safe_date(y, mo, d) for y, mo in months]
    found = _nearest(candidates, (base.year, base.month, base.day))
    if found is not None and ctx.past_limit(found):  # 28日 in a text dated 1月8日: 12月28日
        found = _nearest([c for c in candidates if c is not None and c <= ctx.limit],
                         (base.year, base.month, base.day)) or found
    if found is None:
        return None
    ctx.set_date(found.year, found.month, found.day)
    return _with_clock(m, found, False)


def _resolve_festival(m: re.Match, ctx: _Context, kind: str):
    if ctx.ref is None:
        return None
    if kind == "festival":
        fest = lex.festivals()[m.group("festival")]
    else:
        if m.group("danian"):
            month = 1
        elif m.group("lmonth") in _LUNAR_MONTHS:
            month = _LUNAR_MONTHS[m.group("lmonth")]
        else:
            month = _num(m.group("lmonth"))
            if not (m.group("prefix") or m.group("lday")[0] in "初廿"):
                return None  # 八月十五 without 农历 is not clearly lunar
        lday = m.group("lday").replace("初", "").replace("廿", "二十")
        if m.group("danian") and not m.group("lday").startswith("初"):
            return None
        fest = lex.Festival(m.group(0), "lunar", month, _num(lday), 0, False)
    offset, approx = fest.offset_days, fest.approximate
    if kind == "festival" and m.group("modifier"):
        extra, extra_approx = lex.festival_modifiers()[m.group("modifier")]
        offset, approx = offset + extra, approx or extra_approx
    ry = ctx.ref[0]
    years = (ry - 1, ry, ry + 1) if fest.calendar == "lunar" else (ry, ry - 1, ry + 1)
    cands = [lex.festival_date(fest, y) + timedelta(days=offset) for y in years]
    found = _nearest(cands, ctx.ref)
    if found is None:
        return None
    ctx.set_date(found.year, found.month, found.day, exact=not approx)
    return _with_clock(m, found, approx)


def _shift_months(y: int, mo: int, n: int) -> tuple[int, int]:
    index = y * 12 + (mo - 1) + n
    return index // 12, index % 12 + 1


def _resolve_relword(m: re.Match, ctx: _Context, quoted: bool):
    word = lex.relative_words()[m.group("rel")]
    if word.basis == "anchor":
        if ctx.anchor is None or quoted:
            return None
        y, mo, d = ctx.anchor
        base_day = date(y, mo, d) if d else None
    else:
        y, mo, d = ctx.ref if ctx.ref else (None, None, None)
        base_day = ctx.last_day
    if word.unit == "day":
        if base_day is None:
            return None
        day = base_day + timedelta(days=word.offset)
        if word.basis == "previous":
            ctx.set_date(day.year, day.month, day.day)
        return _with_clock(m, day, False)
    end = m.start("pod") if m.group("pod") else m.end("rel")
    if word.unit == "week":
        if base_day is None:
            return None
        monday = base_day - timedelta(days=base_day.weekday()) + timedelta(weeks=word.offset)
        return TimeValue(monday.isoformat(), "date", True), end
    if word.unit == "month":
        if mo is None:
            return None
        y2, mo2 = _shift_months(y, mo, word.offset)
        return TimeValue(f"{y2:04d}-{mo2:02d}", "gYearMonth"), end
    if y is None:
        return None
    return TimeValue(f"{y + word.offset:04d}", "gYear"), end


def _resolve_weekday(m: re.Match, ctx: _Context, quoted: bool):
    """本周三, 上周五, 下星期一 from the anchor's week; 周二 alone: the last one
    on or before the anchor, the next one when the clause is future."""
    if ctx.anchor is None or ctx.anchor[2] is None or quoted:
        return None
    base = date(*ctx.anchor)
    shift = m.group("wshift") or ""
    day = base - timedelta(days=base.weekday()) + timedelta(days=_WEEKDAYS[m.group("wd")], weeks=_WEEK_SHIFT[shift])
    if not shift:
        if day > base and not ctx.future:
            day -= timedelta(weeks=1)
        elif day < base and ctx.future:
            day += timedelta(weeks=1)
    ctx.set_date(day.year, day.month, day.day)
    return _with_clock(m, day, False)


def _resolve_reloffset(m: re.Match, ctx: _Context):
    n = _num(m.group("n"))
    unit, approx = m.group("runit"), bool(m.group("more")) or "多" in m.group("runit")
    if n is None or (unit == "年" and len(m.group("n")) == 4):
        return None  # 2020年前 is "before 2020", not 2020 years ago
    sign = -1 if "前" in m.group("dir") else 1
    if unit in ("天", "日", "周", "个星期"):
        if ctx.last_day is None:
            return None
        day = ctx.last_day + timedelta(days=sign * n * (1 if unit in "天日" else 7))
        if not approx:
            ctx.set_date(day.year, day.month, day.day)
        return TimeValue(day.isoformat(), "date", approx), m.end()
    if ctx.ref is None:
        return None
    if unit == "年":
        return TimeValue(f"{ctx.ref[0] + sign * n:04d}", "gYear", approx), m.end()
    if ctx.ref[1] is None:
        return None
    y, mo = _shift_months(ctx.ref[0], ctx.ref[1], sign * n)
    return TimeValue(f"{y:04d}-{mo:02d}", "gYearMonth", approx), m.end()


_SMALLER = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def _duration_literal(amount: Decimal, designator: str) -> str | None:
    if designator == "W":
        amount, designator = amount * 7, "D"
    if amount != amount.to_integral_value() and designator != "S":
        if designator not in _SMALLER:
            return None  # 1.5个月: months have no fixed length
        smaller, factor = _SMALLER[designator]
        return _duration_literal(amount * factor, smaller)
    number = format(amount.normalize(), "f")
    if designator in ("Y", "M", "D"):
        return f"P{number}{designator}"
    return f"PT{number}{'M' if designator == 'MIN' else designator}"


def _resolve_duration(m: re.Match, text: str):
    unit = lex.duration_units()[m.group("dunit")]
    numeral = m.group("n")
    if unit.needs_suffix and not m.group("dsuffix"):
        return None
    if unit.designator == "Y" and len(numeral) == 4 and not m.group("dpre"):
        return None  # a four-digit number before 年 is a year
    if unit.designator == "W" and text.startswith("年", m.end("dunit")):
        return None  # 70周年 is an anniversary
    if unit.designator in "YMWD" and text[m.end():m.end() + 2].lstrip("以之")[:1] in ("后", "前"):
        return None  # 3天后 with no date to count from: an unresolved offset, not a duration
    if numeral == "一" and m.start() > 0 and text[m.start() - 1] in _DEFINITE:
        return None  # 标志性的一天 is a particular day
    try:
        amount = Decimal(str(read_number(numeral)))
    except ValueError:
        return None
    literal = _duration_literal(amount, unit.designator)
    if literal is None or amount <= 0:
        return None
    approx = bool(m.group("dpre") or m.group("more") or m.group("more2")
                  or "多" in unit.text or m.group("dsuffix") == "左右")
    return TimeValue(literal, "duration", approx), m.end()


def find_times(
    text: str, sentences: Sequence[Sentence], anchor: str | None = None
) -> list[tuple[Mention, TimeValue]]:
    """Time expressions of ``text`` with their normalized values, in text order.

    ``sentences`` bound the expressions (none crosses a sentence end; pass
    ``()`` to treat the text as one sentence).  ``anchor`` is the document
    date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``); it seeds the year of
    dates written without one and resolves 今天, 今年 …

    >>> [(m.text, v.value) for m, v in find_times("12月30日发布通知。次日通报。", (), "2020-05-01")]
    [('12月30日', '2019-12-30'), ('次日', '2019-12-31')]
    """
    candidates, original, text = [], text, half_width(text)
    for rank, kind in enumerate(_KINDS):
        for m in _compile_all()[kind].finditer(text):
            if m.end() > m.start() and sentence_ok(sentences, m.start(), m.end()):
                candidates.append((m.start(), m.end(), rank, kind, m))
    anchor_date = _parse_anchor(anchor)
    ctx = _Context(anchor=anchor_date, ref=anchor_date, limit=_limit(anchor_date))
    quotes = quoted_spans(text)
    out, taken_end = [], 0
    for start, _end, _rank, kind, m in sorted(candidates, key=lambda c: (c[0], c[0] - c[1], c[2])):
        if start < taken_end:
            continue
        ctx.future = ctx.limit is not None and _is_future(text, start, m.end())
        if kind in ("date", "monthday"):
            result = _resolve_date(m, ctx, kind)
        elif kind == "dayonly":
            result = _resolve_dayonly(m, ctx)
        elif kind in ("festival", "lunar"):
            result = _resolve_festival(m, ctx, kind)
        elif kind == "weekday":
            result = _resolve_weekday(m, ctx, any(a <= start < b for a, b in quotes))
        elif kind == "relword":
            result = _resolve_relword(m, ctx, any(a <= start < b for a, b in quotes))
        elif kind == "reloffset":
            result = _resolve_reloffset(m, ctx)
        else:
            result = _resolve_duration(m, text)
        if result is None:
            continue
        value, end = result
        taken_end = end
        mention = Mention(start, end, TIME_LABEL, original[start:end], source=SOURCE)
        out.append((mention, value))
    return out
