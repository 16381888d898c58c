"""Reading Arabic, Chinese and mixed numerals (14亿, 7955.9万, 一百二十, 二〇二〇).

Shared by :mod:`kg.extract.timex` and :mod:`kg.extract.quantity`.  The regular
expression fragments here match a numeral; :func:`read_number` turns the
matched text into a number.  Exact decimal arithmetic is used, so
``7955.9万`` is exactly ``79559000``.

Examples
--------
>>> read_number("14亿")
1400000000
>>> read_number("7955.9万")
79559000
>>> read_number("一百二十")
120
>>> read_number("二〇二〇")
2020
>>> read_number("400多万")
4000000
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kg.errors import ResourceError
from kg.resources import load_tsv

__all__ = [
    "CN_DIGIT_CHARS",
    "CN_NUMERAL_CHARS",
    "ARABIC_NUMBER",
    "CN_NUMBER",
    "SMALL_NUMBER",
    "read_number",
    "read_chinese_integer",
    "as_plain_number",
    "number_approximators",
    "half_width",
]

#: Chinese digits and their values (两 is 2 before a unit: 两万).
CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
#: Units inside a section (十百千) and section multipliers (万亿).
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {**CN_SMALL_UNITS, **CN_BIG_UNITS}

CN_DIGIT_CHARS = "".join(CN_DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "十百千万亿"

#: An Arabic number: 42600, 1,452, 7955.9 (``\d`` also takes full-width digits).
ARABIC_NUMBER = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: A Chinese numeral that starts with a digit or 十 (十四亿, 三千, 两万, 一百二十).
CN_NUMBER = rf"[{CN_DIGIT_CHARS}十][{CN_NUMERAL_CHARS}]*"
#: A small number for months, days, hours and minutes: 12, 二十三, 两.
SMALL_NUMBER = rf"\d{{1,2}}|[{CN_DIGIT_CHARS}十]{{1,3}}"


#: Full-width characters mapped one-to-one to ASCII wherever they stand: digits,
#: Latin letters (Ｇ４３６８ stays glued like G4368) and the percent sign.
_ALWAYS = str.maketrans(
    "０１２３４５６７８９％" + "".join(chr(c) for c in range(0xFF21, 0xFF3B)) + "".join(chr(c) for c in range(0xFF41, 0xFF5B)),
    "0123456789%" + "".join(chr(c) for c in range(0x41, 0x5B)) + "".join(chr(c) for c in range(0x61, 0x7B)),
)
#: Full-width signs mapped only next to digits (a decimal point, a clock's colon,
#: a date's slash; a sign before a number; a thousands separator before three digits).
_BETWEEN = {"．": ".", "：": ":", "／": "/"}
_BEFORE = {"－": "-", "＋": "+"}
_DIGITS = frozenset("0123456789")
#: The full-width signs :func:`half_width` maps by their neighbours.
_SIGNS = re.compile("[" + "".join(_BETWEEN) + "".join(_BEFORE) + "，]")
_DIGIT_RE = re.compile("[0-9]")


def half_width(text: str) -> str:
    """``text`` with full-width numbers in ASCII, character for character.

    The result has the same length as ``text``, so offsets found in it hold
    in the original.  Digits, Latin letters and ``％`` always map; ``．``,
    ``：`` and ``／`` between digits; ``－``/``＋`` before a digit; ``，``
    only as a thousands separator (a digit before, exactly three after).

    >>> half_width("３２５０．６亿美元，增长１２％，共１，２３４人，１０：３０")
    '3250.6亿美元，增长12%，共1,234人，10:30'
    """
    translated = text.translate(_ALWAYS)
    if translated == text and not _DIGIT_RE.search(text):
        return text  # no digit at all: no sign can change
    out = list(translated)
    n = len(out)
    for match in _SIGNS.finditer(text):
        i, ch = match.start(), match.group()
        if ch in _BETWEEN:
            if 0 < i < n - 1 and out[i - 1] in _DIGITS and out[i + 1] in _DIGITS:
                out[i] = _BETWEEN[ch]
        elif ch in _BEFORE:
            if i < n - 1 and out[i + 1] in _DIGITS:
                out[i] = _BEFORE[ch]
        elif ch == "，" and 0 < i and text[i - 1] != out[i - 1] and out[i - 1] in _DIGITS:
            group = out[i + 1:i + 4]  # a full-width digit before: １，２３４ is 1,234
            if len(group) == 3 and all(c in _DIGITS for c in group) and (i + 4 == n or out[i + 4] not in _DIGITS):
                out[i] = ","
    return "".join(out)


def read_chinese_integer(text: str) -> int:
    """The value of a Chinese numeral (十四亿, 一千零五, 二〇二〇, 两万).

    A run of bare digits with no unit (二〇二〇) is read digit by digit.
    Raises :class:`ValueError` for anything else.
    """
    if not text or any(ch not in CN_DIGITS and ch not in MULTIPLIERS for ch in text):
        raise ValueError(f"{text!r} is not a Chinese numeral")
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return CN_DIGITS[text]
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = section = number = 0
    for ch in text:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (number or 1) * CN_SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            section = ((section + number) or 1) * 10_000
            total += section
            section = number = 0
        else:  # 亿
            total = ((total + section + number) or 1) * 100_000_000
            section = number = 0
    return total + section + number


def _read_arabic(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex prevents it
        raise ValueError(f"{text!r} is not a number") from exc


def as_plain_number(value: Decimal) -> int | float:
    """An ``int`` when ``value`` is whole, else a ``float``."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def read_number(text: str) -> int | float:
    """The value of an Arabic, Chinese or mixed numeral.

    ``多`` and ``余`` inside the numeral (400多万, 1315万余) are ignored; the
    caller decides that the number is approximate.  Raises
    :class:`ValueError` when ``text`` is not a numeral.
    """
    core = text.replace("多", "").replace("余", "")
    if not core:
        raise ValueError(f"{text!r} is not a number")
    head = len(core)
    for i, ch in enumerate(core):
        if not (ch.isdigit() or ch in ".,"):
            head = i
            break
    if head == 0:
        return read_chinese_integer(core)
    value = _read_arabic(core[:head])
    for ch in core[head:]:
        if ch not in MULTIPLIERS:
            raise ValueError(f"{text!r} mixes digits with {ch!r}")
        value *= MULTIPLIERS[ch]
    return as_plain_number(value)


@lru_cache(maxsize=None)
def number_approximators() -> tuple[tuple[str, str], ...]:
    """(word, prefix|suffix) rows of number_approximators.tsv (近, 约, 多, 余 …), validated."""
    rows = load_tsv("lexicons", "number_approximators.tsv", columns=2)
    for word, position in rows:
        if position not in ("prefix", "suffix"):
            raise ResourceError(f"lexicons/number_approximators.tsv: {word!r} has position "
                                f"{position!r}; use prefix or suffix")
    return rows
