"""The document's own date and place: a news dateline or a date line.

Two forms are read:

* A **dateline** at the start of the text or of a paragraph: an outlet, a
  place, a date and 电/讯 (新华社北京1月8日电, 本报杭州1月22日讯, 中新网上海3月2日电,
  浙江日报杭州1月22日讯), or an outlet's 消息 (央视网消息（新闻联播）：).  Outlets
  are ``lexicons/news_agencies.txt`` or a name ending like one (…日报, …网,
  …社) followed by a place the gazetteer knows.
* A **date line** near the top or the bottom: a short line with one full date
  (2020年5月1日, 2020-05-01, 2020/5/1, 2020.05.01) and otherwise only a time of
  day and dateline words (``lexicons/dateline_words.txt``: 来源, 发布时间, 编辑 …).

A dateline without a year takes the year nearest the reference date
(``kg build --date``), else that of a date line; with neither it keeps month
and day only (``--01-08``, xsd:gMonthDay) and gives no document date.  Text is
read through :func:`~kg.extract.numerals.half_width`, so ２０２０年１月８日 is a date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from kg.extract.numerals import half_width
from kg.model import Dateline, Key, Mention
from kg.resources import load_lines

__all__ = ["find_dateline", "read_dateline", "dateline_mentions", "dateline_place", "full_date"]

#: Only this many non-empty lines at each end of the text are looked at for a date line.
EDGE_LINES = 5
MAX_LINE_CHARS = 60
#: The longest place text a listed outlet's dated dateline may name (新华社联合国).
MAX_PLACE_CHARS = 8
_DATE = re.compile(r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))")
_TIME = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_FILLER = re.compile(r"[\s\-—|｜·•：:（）()\[\]【】,，/]+")

_HAN = r"[\u4e00-\u9fff]"
#: 新华社北京1月8日电: a head (outlet and place), a date, 电 or 讯.
_DATED = re.compile(rf"(?P<head>{_HAN}{{2,20}}?)(?:(?P<year>\d{{4}})年)?(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日"
                    r"(?P<kind>电|讯)")
#: 本报讯, 新华社北京电: no date.
_UNDATED = re.compile(rf"(?P<head>{_HAN}{{2,14}}?)(?P<kind>电|讯)")
#: 央视网消息（新闻联播）：
_NEWS = re.compile(rf"(?P<head>{_HAN}{{2,10}}?)消息(?:[（(][^）)\n]{{1,20}}[）)])?[：:]?")
#: Words 电 and 讯 start, so the dateline does not end there (电话, 电视, 讯息).
_NOT_AFTER = {"电": set("话视影力脑子台网报池站器商竞动源缆梯线"), "讯": set("息问号")}
#: Endings of outlet names not in the list (浙江日报, 湖北日报网, 中国青年报).
_OUTLET_ENDINGS = ("日报", "晚报", "晨报", "报", "新闻网", "网", "社", "电视台", "台")
#: Words before an outlet that quote it as a source (据新华社电, 另据中新网报道).
_CITING = ("据", "另据", "又据", "综合", "转自")
_PARAGRAPH = re.compile(r"(?:^|\n)[ \t\u3000]*(?=\S)")


@lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "dateline_words.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def news_agencies() -> tuple[str, ...]:
    """Outlet names (新华社, 本报, 央视网 …), longest first: ``lexicons/news_agencies.txt``."""
    return tuple(sorted(load_lines("lexicons", "news_agencies.txt"), key=lambda w: (-len(w), w)))


def full_date(value: str | None) -> bool:
    """Whether ``value`` is a full ISO date (not ``--01-08``, not None)."""
    return bool(value) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _is_dateline(line: str) -> str | None:
    if len(line) > MAX_LINE_CHARS:
        return None
    found = list(_DATE.finditer(line))
    if len(found) != 1:
        return None
    m = found[0]
    year, month, day = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return None
    rest = _TIME.sub("", line[: m.start()] + line[m.end() :])
    for word in _words():
        rest = rest.replace(word, "")
    rest = _FILLER.sub("", rest)
    # whatever is left must be short: a source name (人民日报) at most
    return value if len(rest) <= 8 else None


def _date_line(text: str) -> tuple[int, int, str] | None:
    """(start, end, ISO date) of the text's date line, or None."""
    lines = []
    for m in re.finditer(r"[^\n]+", half_width(text)):
        stripped = m.group().strip()
        if stripped:
            start = m.start() + m.group().index(stripped)
            lines.append((start, start + len(stripped), stripped))
    for start, end, line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]:
        value = _is_dateline(line)
        if value:
            return start, end, value
    return None


def find_dateline(text: str) -> str | None:
    """The ISO date of the text's date line, or None.

    >>> find_dateline("标题\\n2020年05月01日 07:00 来源：人民日报\\n正文。")
    '2020-05-01'
    >>> find_dateline("2020年1月23日上午10时，武汉成了一场战役的中心。") is None
    True
    """
    found = _date_line(text)
    return found[2] if found else None


def _known_place(name: str) -> bool:
    from kg.gazetteer import gazetteer

    return gazetteer().place_class(name) is not None


def _split_head(head: str, dated: bool) -> tuple[str, str] | None:
    """(outlet, place) of a dateline head (新华社北京 -> 新华社, 北京), or None.

    A listed outlet may be followed by any place text (新华社联合国); an outlet
    known only by its ending needs a place the gazetteer knows, or none when
    the dateline has a date.
    """
    if head.startswith(_CITING):
        return None  # 据新华社北京1月8日电: a source quoted, not this text's dateline
    listed = [(a, head[len(a):]) for a in news_agencies() if head.startswith(a)]
    by_ending = [(head[:cut], head[cut:]) for cut in range(len(head), 2, -1)
                 if head[:cut].endswith(_OUTLET_ENDINGS)]
    for agency, place in listed + by_ending:
        if _known_place(place) if place else (dated or (agency, place) in listed):
            return agency, place
    if listed and dated and len(listed[0][1]) <= MAX_PLACE_CHARS:
        return listed[0]  # 新华社联合国1月8日电: a dated dateline may name any place
    return None


def _year_for(month: int, day: int, reference: str | None) -> int | None:
    """The year that puts month/day nearest the reference date, if there is one."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", reference or "")
    if not m:
        return None
    ry = int(m[1])
    target = date(ry, int(m[2] or 6), int(m[3] or 15))
    best = None
    for y in (ry, ry - 1, ry + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - target).days) < abs((best - target).days):
            best = d
    return best.year if best else None


def _agency_dateline(text: str, reference: str | None) -> tuple[Dateline, int] | None:
    """The first dateline at a paragraph start, and where its place starts."""
    for para in _PARAGRAPH.finditer(text):
        at = para.end()
        for pattern in (_DATED, _UNDATED, _NEWS):
            m = pattern.match(text, at)
            if not m:
                continue
            dated = pattern is _DATED
            if pattern is not _NEWS:
                nxt = text[m.end()] if m.end() < len(text) else ""
                if nxt in _NOT_AFTER[m.group("kind")]:
                    continue
            split = _split_head(m.group("head"), dated)
            if split is None:
                continue
            agency, place = split
            if pattern is _NEWS and place:
                continue  # 央视网消息 has no place
            value = None
            if dated:
                month, day = int(m.group("month")), int(m.group("day"))
                try:
                    date(2000, month, day)  # a leap year: 2月29日 is a real month-day
                except ValueError:
                    continue
                year = int(m.group("year")) if m.group("year") else _year_for(month, day, reference)
                try:
                    value = date(year, month, day).isoformat() if year else f"--{month:02d}-{day:02d}"
                except ValueError:
                    continue
            end = m.end()
            return Dateline(at, end, value, place or None), at + len(agency)
    return None


def read_dateline(text: str, reference: str | None = None) -> Dateline | None:
    """The text's dateline (新华社北京1月8日电 …), else its date line, or None.

    ``reference`` (``kg build --date``) gives a yearless dateline its year;
    without it, a date line elsewhere in the text does.

    >>> read_dateline("新华社北京1月8日电（记者张三）国务院召开常务会议。", "2020-01-10")
    Dateline(start=0, end=10, date='2020-01-08', place='北京')
    >>> read_dateline("本报讯（记者 王五）昨天，全市召开大会。")
    Dateline(start=0, end=3, date=None, place=None)
    """
    normalized = half_width(text)
    line = _date_line(text)
    found = _agency_dateline(normalized, reference or (line[2] if line else None))
    if found:
        return found[0]
    if line:
        return Dateline(line[0], line[1], line[2], None)
    return None


def dateline_mentions(text: str, dateline: Dateline | None, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The mentions with the dateline's place as one place mention (北京 of
    新华社北京1月8日电), and no mention crossing from the outlet into the place."""
    if dateline is None or not dateline.place:
        return mentions
    start = text.find(dateline.place, dateline.start, dateline.end)
    if start < 0:
        return mentions
    end = start + len(dateline.place)
    place = Mention(start, end, "LOC", dateline.place, source="dateline")
    agency = (dateline.start, start)
    kept = []
    for m in mentions:
        if m.end <= agency[0] or m.start >= end or (m.start, m.end) == agency:
            kept.append(m)
        elif (m.start, m.end) == (start, end):
            place = replace(m, label=m.label if m.label in ("LOC", "GPE") else "LOC")
    added = [place]
    if text[agency[0]:agency[1]] in news_agencies() and not text[agency[0]:agency[1]].startswith("本"):
        if not any((m.start, m.end) == agency for m in kept):
            crossed = any(m.start < agency[1] and m.end > agency[0] for m in mentions)
            if crossed:  # the tagger read 新华社北京 as one name: keep the outlet
                added.append(Mention(agency[0], agency[1], "ORG", text[agency[0]:agency[1]], source="dateline"))
    return tuple(sorted(kept + added))


def dateline_place(doc) -> Key | None:
    """The entity key of the dateline's place: the resolved mention's (北京 ->
    ``place/北京市``), else the gazetteer's canonical name; None without one."""
    from kg.gazetteer import gazetteer
    from kg.extract.resolve import entity_key

    dateline = doc.dateline
    if dateline is None or not dateline.place:
        return None
    start = doc.text.find(dateline.place, dateline.start, dateline.end)
    for m in doc.mentions:
        if (m.start, m.end) == (start, start + len(dateline.place)) and m.ref:
            return m.ref if m.ref.kind == "place" else None  # 新华社联合国: not a place
    return entity_key("place", gazetteer().canonical(dateline.place))
