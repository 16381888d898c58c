"""Find quantities in Chinese text: numbers with their unit and what they count.

:func:`find_quantities` reads Arabic, Chinese and mixed numerals (14亿,
7955.9万名, 十四亿, 两万), percentages and fractions (6.8%, 九成, 三分之一),
approximations (400多万名, 近万名, 上百次, 1315万余人次), and returns
:class:`~kg.model.Quantity` objects whose ``unit`` comes from the counter
table ``kg/data/lexicons/quantity_units.tsv`` (名/位/人 → 人, 亿元 → 元 …)
and whose ``counts`` is the noun after the counter (42600名医务人员 counts
医务人员).

Rules (all general, none about a particular text):

* A number needs a counter or unit after it, unless it carries 万/亿
  (14亿中国人民: unit ``""``, counts 中国人民).
* Not taken: ordinals (第一批), vague numbers (数十家, 几百, 成千上万), a bare
  Chinese 一 (一个, 一次: an article, not a count), numbers glued to Latin
  letters or hyphens (运-20, G4368次, 5G), digit runs of 8+ digits that are
  not money, and anything overlapping ``exclude`` (time mentions).
* A percentage takes the sign its sentence gives: 同比下降6.8% → -6.8.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from kg.errors import ResourceError
from kg.extract.numerals import (
    ARABIC_NUMBER, CN_NUMBER, CN_NUMERAL_CHARS, as_plain_number, half_width, number_approximators, read_number,
)
from kg.extract.spans import SpanIndex, sentence_ok
from kg.extract.timex_lexicon import alternation
from kg.model import Mention, Quantity, Sentence
from kg.resources import load_lines, load_tsv

__all__ = ["find_quantities", "QUANTITY_LABEL", "counter_units"]

QUANTITY_LABEL = "QUANTITY"
SOURCE = "quantity"
KINDS = ("person", "money", "count", "measure", "percent")
#: Characters that glue a number to a model name or code (运-20, G4368, 3.5.1).
_GLUE = set("-－_/.:#@") | {chr(c) for c in range(ord("A"), ord("Z") + 1)} | {
    chr(c) for c in range(ord("a"), ord("z") + 1)}
#: Words before a number that make it vague or ordinal.
_VAGUE_BEFORE = set("第数几")
_BARE = "百千万亿"
_COUNTS_MAX = 10


@lru_cache(maxsize=None)
def counter_units() -> dict[str, tuple[str, str]]:
    """Counter → (unitText, kind), from quantity_units.tsv, validated."""
    out = {}
    for counter, unit, kind in load_tsv("lexicons", "quantity_units.tsv", columns=3):
        if kind not in KINDS or not unit:
            raise ResourceError(
                f"lexicons/quantity_units.tsv: counter {counter!r} has kind {kind!r} or an empty "
                f"unit; use one of {', '.join(KINDS)} and a unit"
            )
        out[counter] = (unit, kind)
    return out


@lru_cache(maxsize=None)
def _approximators() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = number_approximators()
    prefixes = tuple(w for w, p in rows if p == "prefix")
    suffixes = tuple(w for w, p in rows if p == "suffix" and w not in ("多", "余"))
    return prefixes, suffixes


@lru_cache(maxsize=None)
def _change_words() -> tuple[dict[str, int], tuple[str, ...]]:
    signs, fillers = {}, []
    for word, role in load_tsv("lexicons", "quantity_change_words.tsv", columns=2):
        if role not in ("decrease", "increase", "filler"):
            raise ResourceError(f"lexicons/quantity_change_words.tsv: {word!r} has role {role!r}; "
                                "use decrease, increase or filler")
        if role == "filler":
            fillers.append(word)
        else:
            signs[word] = -1 if role == "decrease" else 1
    return signs, tuple(sorted(fillers, key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern]:
    prefixes, suffixes = _approximators()
    number = rf"{ARABIC_NUMBER}(?:[多余]?[{_BARE}十]{{1,3}})?|{CN_NUMBER}|[{_BARE}]{{1,2}}"
    return {
        "fraction": re.compile(rf"(?P<den>{ARABIC_NUMBER}|{CN_NUMBER}|百|千)分之(?P<num>{ARABIC_NUMBER}|{CN_NUMBER})"),
        "tenths": re.compile(rf"(?<![{CN_NUMERAL_CHARS}\d])(?P<num>\d|十|[一二两三四五六七八九])成(?P<half>半)?"
                             rf"(?![为立功本果绩员熟长都品交千百万])(?P<post>左右|以上)?"),
        "number": re.compile(rf"(?P<pre>{alternation(prefixes)})?(?P<num>{number})(?P<more>[多余])?"
                             rf"(?P<counter>{alternation(counter_units())})?(?P<post>{alternation(suffixes)})?"),
    }


@lru_cache(maxsize=None)
def _counts_stop() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "quantity_counts_stop.txt"))


def _counts_after(text: str, pos: int) -> str | None:
    """The noun right after a counter (医务人员 in 42600名医务人员白衣执甲), if any."""
    end = pos
    while end < len(text) and end - pos < _COUNTS_MAX + 4 and "\u4e00" <= text[end] <= "\u9fff":
        end += 1
    return _counted_noun(text[pos:end]) if end > pos else None


@lru_cache(maxsize=1 << 16)
def _counted_noun(han: str) -> str | None:
    """:func:`_counts_after` of the Han characters after a counter (cached:
    the same few words follow counters again and again)."""
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    words: list[tuple[str, str]] = []
    for token in posseg.cut(han):
        word, flag = token.word, token.flag
        nounlike = flag.startswith("n") or flag in ("j", "vn", "zg")
        if not nounlike or word in _counts_stop():
            break
        if len(word) == 1 and flag not in ("zg", "ng") and words:
            break  # 重症患者命: a lone noun after a phrase starts something new
        if words and len(words[-1][0]) > 3:
            break  # 医务人员白衣执甲: a long head noun ends the phrase
        if sum(len(w) for w, _ in words) + len(word) > _COUNTS_MAX:
            break
        words.append((word, flag))
    while words and words[-1][1] == "vn":
        words.pop()
    return "".join(w for w, _ in words) or None


def _sign(text: str, start: int, floor: int) -> int:
    """-1 when a decrease word stands right before ``start`` (同比下降6.8%)."""
    signs, fillers = _change_words()
    before = text[max(floor, start - 12):start]
    changed = True
    while changed:
        changed = False
        for word in sorted(signs, key=len, reverse=True):
            if before.endswith(word):
                return signs[word]
        for filler in fillers:
            if before.endswith(filler):
                before, changed = before[: -len(filler)], True
                break
    return 1


def _sentence_start(sentences: Sequence[Sentence], pos: int) -> int:
    starts = [s.start for s in sentences if s.start <= pos]
    return max(starts) if starts else 0


def _counter_of(m: re.Match, text: str) -> str | None:
    """The counter after the number, unless it starts a longer word (14亿人口: 人口)."""
    counter = m.group("counter")
    if not counter:
        return None
    first = _first_word(text[m.start("counter"):m.start("counter") + 6])
    if len(first) > len(counter) and first not in counter_units():
        return None
    return counter


@lru_cache(maxsize=1 << 16)
def _first_word(text: str) -> str:
    """The first word of jieba's segmentation (no HMM) of a few characters
    (cached: three in four are met again within a thousand stories)."""
    import jieba

    jieba.setLogLevel(60)
    return next(iter(jieba.cut(text, HMM=False)), "")


def _read_number_match(m: re.Match, text: str, counter: str | None):
    """(value, approximate, start) of a ``number`` match, or None when it is not a count."""
    numeral, pre = m.group("num"), m.group("pre") or ""
    start = m.start() if pre else m.start("num")
    bare = numeral[0] in _BARE
    outside = text[start - 1] if start else ""
    if outside in _GLUE or outside.isdigit() or outside == "第":
        return None
    if not pre and not numeral[0].isdigit() and outside in _VAGUE_BEFORE:
        return None  # 数十家, 几百人: vague
    after = text[m.end("num")] if m.end("num") < len(text) else ""
    if after in _GLUE - {".", ":", "/", "-", "－"} or after == "几":
        return None  # 5G, 3D; 十几个 is vague
    if bare and not (pre or m.group("more")):
        return None  # 万盏花灯, 千万级: a bare 万 is "many", not 10000
    if pre in ("上", "过") and not bare:
        pre, start = "", m.start("num")
    if pre == "上" and outside in "千百":
        return None  # 成千上万, 成百上千
    if numeral in ("一", "两") and not counter or numeral == "一":
        return None  # 一个, 一次: an article, not a count
    digits = numeral.replace(",", "").replace(".", "")
    if digits.isdigit() and len(digits) >= 8 and counter_units().get(counter or "", ("", ""))[1] != "money":
        return None  # a phone number or an identifier
    try:
        value = read_number(f"一{numeral}" if bare else numeral)
    except ValueError:
        return None
    if not counter and (value < 10_000 or not any(c in numeral for c in "万亿")):
        return None
    post = m.group("post") if counter or not m.group("counter") else None
    approx = bool(pre or m.group("more") or post or "多" in numeral or "余" in numeral)
    return value, approx, start


def _candidates(text: str):
    """(start, end, value, unit, approximate, counter_end, kind) of every possible quantity."""
    pats = _patterns()
    for m in pats["fraction"].finditer(text):
        try:
            den, num = read_number(m.group("den")), read_number(m.group("num"))
        except ValueError:
            continue
        if den and num <= den:
            value = as_plain_number(Decimal(str(round(num * 100 / den, 2))))
            yield m.start(), m.end(), value, "%", False, None, "percent"
    for m in pats["tenths"].finditer(text):
        if m.start() and text[m.start() - 1] in _VAGUE_BEFORE | _GLUE:
            continue
        value = read_number(m.group("num")) * 10 + (5 if m.group("half") else 0)
        if 0 < value <= 100 and m.group("num") != "一":
            yield m.start(), m.end(), value, "%", bool(m.group("post")), None, "percent"
    for m in pats["number"].finditer(text):
        counter = _counter_of(m, text)
        read = _read_number_match(m, text, counter)
        if read is None:
            continue
        value, approx, start = read
        if counter:
            unit, kind = counter_units()[counter]
            end, counted_from = m.end(), m.end("counter")
        else:
            unit, kind = "", "bare"
            end = counted_from = m.end("more") if m.group("more") else m.end("num")
            if not m.group("counter"):
                end = m.end()
        yield start, end, value, unit, approx, counted_from, kind


_NUMERALS = set("0123456789零〇一二两三四五六七八九十百")


@lru_cache(maxsize=1)
def _session_words() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "session_names.txt"),
                        key=len, reverse=True))


def _session_ordinal(text: str, start: int, end: int, sentences: Sequence[Sentence]) -> bool:
    """二次 in 十四届全国人大二次会议: the number of a session, not a count
    (``lexicons/session_names.txt``)."""
    if not text[start:end].endswith("次") or not text.startswith(_session_words(), end):
        return False
    lead = text[max(_sentence_start(sentences, start), start - 20):start]
    at = lead.rfind("届")
    # a numbered term (十四届, 第13届) opens the name, in the same clause
    return at > 0 and lead[at - 1] in _NUMERALS and not any(c in lead[at:] for c in "，。；：！？,;:!?了")


def find_quantities(
    text: str, sentences: Sequence[Sentence], exclude: Sequence[Mention] = ()
) -> list[Quantity]:
    """Quantities of ``text``, sorted by position, none overlapping ``exclude``.

    >>> [(q.mention.text, q.value, q.unit, q.counts) for q in find_quantities("全国共有42600名医务人员驰援。", ())]
    [('42600名', 42600, '人', '医务人员')]
    """
    original, text = text, half_width(text)
    found = sorted(_candidates(text), key=lambda c: (c[0], c[0] - c[1]))
    out, taken_end = [], 0
    excluded = SpanIndex(exclude)
    for start, end, value, unit, approx, counter_end, kind in found:
        if start < taken_end or excluded.overlapping(start, end):
            continue
        if not sentence_ok(sentences, start, end):
            continue
        if _session_ordinal(text, start, end, sentences):
            continue
        if kind == "percent":
            value = value * _sign(text, start, _sentence_start(sentences, start))
        counts = _counts_after(text, counter_end) if kind in ("person", "count", "bare") else None
        mention = Mention(start, end, QUANTITY_LABEL, original[start:end], source=SOURCE)
        out.append(Quantity(f"q{start}", value, unit, mention, approx, counts))
        taken_end = end
    return out
