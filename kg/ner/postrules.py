"""Boundary rules applied to tagged spans.

* A name never ends inside a following verb or function word
  (孙春兰率领 -> 孙春兰, 罗伯特·库恩如是说 -> 罗伯特·库恩); the words are data
  (``lexicons/name_followers.txt``).
* Transliterated names joined by a middle dot stay whole (罗伯特 · 库恩).
* A lone surname followed by neither a form of address nor a title
  (``lexicons/surname_addresses.txt``, ``honorifics.txt``, ``titles.txt``)
  nor a dictionary adverb or verb (寇再次) is a name cut short: it takes the
  next two characters (蒋 -> 蒋天才), one if the second starts a follower word
  (张 -> 张三说 -> 张三), unless that makes an ordinary dictionary word (毛孩子).
* A kinship term alone (阿爸, 奶奶: ``lexicons/kinship_terms.txt``) is no
  person's name.
* Spans do not start or end with punctuation or spaces, except paired marks
  that enclose part of the name: MSRA's annotators keep them
  (“幸福工程”组委会, 《科学通报》编辑部, 美国《商业周刊》), so a span holding one
  mark of a pair takes in the other when it is next to the span.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicons import surnames, title_words
from kg.ner.anchored import common_word, covered, dictionary_pos, is_han, ordinary_word
from kg.ner.short_forms import add_familiar_surnames, add_place_abbreviations
from kg.resources import load_lines

__all__ = ["apply_rules", "trim_followers", "join_dotted_names", "strip_punct",
           "complete_lone_surnames", "drop_kinship_terms", "DOTS", "PAIRS"]

Span = tuple[int, int, str]

DOTS = "·•‧・．"
_EDGE = set("，。、；：？！“”‘’（）《》【】—…,.;:?!\"'()[] \t\r\n　") | set(DOTS)
#: Paired marks (opening -> closing) kept when they enclose part of a name.
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】"}
_OPENING = {close: open_ for open_, close in PAIRS.items()}


@lru_cache(maxsize=1)
def _followers() -> tuple[frozenset[str], frozenset[str]]:
    words = load_lines("lexicons", "name_followers.txt")
    multi = frozenset(w for w in words if len(w) >= 2)
    single = frozenset(w for w in words if len(w) == 1)
    return multi, single


@lru_cache(maxsize=1)
def _follower_lengths() -> tuple[int, ...]:
    """The lengths of the follower words of two or more characters, ascending."""
    return tuple(sorted({len(w) for w in _followers()[0]}))


def _compound_surnames() -> frozenset[str]:
    return surnames()[1]


@lru_cache(maxsize=1)
def _foreign_chars() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "foreign_name_chars.txt"))


@lru_cache(maxsize=1)
def _address_words() -> tuple[frozenset[str], int]:
    """Forms of address, titles, honorifics and name followers, and the longest's length."""
    words = set(load_lines("lexicons", "surname_addresses.txt")) | set(load_lines("lexicons", "title_heads.txt"))
    words.update(title_words(), *_followers())
    return frozenset(words), max(map(len, words))


def _starts_word(text: str, at: int, words: frozenset[str], longest: int) -> bool:
    return any(text[at:at + n] in words for n in range(1, longest + 1))


#: Dictionary parts of speech (first letter) of words that follow a lone
#: surname rather than complete it: adverbs, verbs, prepositions, conjunctions,
#: time words, particles, pronouns, numerals, measure words, locatives.
_NOT_GIVEN_NAMES = set("dvpctu rmqf".replace(" ", ""))


def complete_lone_surnames(text: str, spans: list[Span]) -> list[Span]:
    """Extend a one-character PER span that is a surname followed by
    neither a form of address, a title, a follower word nor a dictionary
    word of a non-name part of speech (see module doc)."""
    singles = surnames()[0]
    words, longest = _address_words()
    taken = covered(text, spans)
    out = []
    for start, end, label in spans:
        if (label == "PER" and end - start == 1 and text[start] in singles
                and (start == 0 or text[start - 1] not in "老小阿")
                and end + 2 <= len(text) and all(is_han(text[i]) and not taken[i] for i in (end, end + 1))
                and not _starts_word(text, end, words, longest)):
            stop = end + (1 if _starts_word(text, end + 1, words, longest) else 2)
            if dictionary_pos(text[end:end + 2])[:1] in _NOT_GIVEN_NAMES:
                stop = end  # 寇再次, 寇随身: no given name but an adverb, a verb …
            if not ordinary_word(text[start:stop]):  # 毛孩子 is a word, not a name
                end = stop
        out.append((start, end, label))
    return out


def _ends_given_name(text: str, at: int, words: frozenset[str], longest: int) -> bool:
    """What starts at ``at`` cannot continue a given name: no Han character, a
    form of address, title or follower, or a dictionary word of a non-name
    part of speech (写着, 在)."""
    if at >= len(text) or not is_han(text[at]) or _starts_word(text, at, words, longest):
        return True
    return (dictionary_pos(text[at:at + 2])[:1] or dictionary_pos(text[at])[:1]) in _NOT_GIVEN_NAMES


def complete_word_names(text: str, spans: list[Span]) -> list[Span]:
    """Extend a two-character PER span that is a surname plus a character
    making an ordinary dictionary word (王国, a kingdom) by the next
    character, when that character starts no word and what follows it ends
    a given name: 王国 -> 王国念 in 王国念写着日记.  (In MSRA's training
    annotations, 296 names have this shape and 6 two-character names would
    be wrongly extended.)"""
    singles = surnames()[0]
    words, longest = _address_words()
    taken = covered(text, spans)
    out = []
    for start, end, label in spans:
        if (label == "PER" and end - start == 2 and text[start] in singles
                and ordinary_word(text[start:end]) and end < len(text) and is_han(text[end])
                and not taken[end] and not _starts_word(text, end, words, longest)
                and not common_word(text[end:end + 2]) and not common_word(text[end:end + 3])
                and _ends_given_name(text, end + 1, words, longest)):
            end += 1
        out.append((start, end, label))
    return out


@lru_cache(maxsize=1)
def _kinship_terms() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "kinship_terms.txt"))


def drop_kinship_terms(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the PER spans that are a kinship term alone."""
    terms = _kinship_terms()
    return [s for s in spans if not (s[2] == "PER" and text[s[0]:s[1]] in terms)]


_DIGIT = re.compile("[0-9０-９]")


def drop_numbered_names(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the PER spans that contain a digit (8天内): none of
    the 16,113 people annotated in MSRA's training file has one."""
    return [s for s in spans if not (s[2] == "PER" and _DIGIT.search(text, s[0], s[1]))]


def trim_followers(text: str, span: Span) -> Span:
    """Cut a person name that ends inside (or with) a follower word."""
    start, end, label = span
    if label != "PER":
        return span
    multi, single = _followers()
    lengths = _follower_lengths()
    changed = True
    while changed and end - start > 2:
        changed = False
        name = text[start:end]
        dotted = any(d in name for d in DOTS)
        # a follower word starting k chars before the end (k <= its length), the
        # longest overlap first: the name ends where the word starts
        for k in range(min(lengths[-1], end - start - 2), 0, -1):
            at = end - k
            if any(text[at:at + n] in multi for n in lengths if n >= k):
                end = at
                changed = True
                break
        if changed:
            continue
        # a single-char follower only ends a name that is too long without it
        last = text[end - 1]
        if last in single:
            plain_long = not dotted and end - start >= 4 and text[start : start + 2] not in _compound_surnames()
            if dotted or plain_long:
                end -= 1
                changed = True
    return (start, end, label)


def join_dotted_names(text: str, spans: list[Span]) -> list[Span]:
    """Merge person names split at a middle dot and extend a name cut at one."""
    out: list[Span] = []
    foreign = _foreign_chars()
    for span in sorted(spans):
        start, end, label = span
        if label == "PER" and out:
            pstart, pend, plabel = out[-1]
            gap = text[pend:start]
            if plabel == "PER" and gap and all(ch in DOTS for ch in gap):
                out[-1] = (pstart, end, "PER")
                continue
        if label == "PER":
            # a name ending right before a dot continues after it (库恩 after 罗伯特·)
            while end + 1 < len(text) and text[end] in DOTS and is_han(text[end + 1]):
                stop = end + 1
                while stop < len(text) and stop - end <= 6 and is_han(text[stop]) and text[stop] in foreign:
                    stop += 1
                if stop == end + 1:
                    break
                end = stop
            while start >= 2 and text[start - 1] in DOTS and is_han(text[start - 2]):
                begin = start - 1
                while begin > 0 and start - begin <= 6 and is_han(text[begin - 1]) and text[begin - 1] in foreign:
                    begin -= 1
                if begin == start - 1:
                    break
                start = begin
        if out and start < out[-1][1]:
            # overlapping after extension: keep the longer
            if end - start > out[-1][1] - out[-1][0]:
                out[-1] = (start, end, label)
            continue
        out.append((start, end, label))
    return out


def _unpaired(name: str) -> tuple[str | None, str | None]:
    """The first closing mark of ``name`` without its opening mark before it,
    and the last opening mark without its closing mark after it."""
    stack: list[str] = []
    lone_close = None
    for ch in name:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in _OPENING:
            if stack and stack[-1] == _OPENING[ch]:
                stack.pop()
            elif lone_close is None:
                lone_close = ch
    return lone_close, (stack[-1] if stack else None)


def strip_punct(text: str, span: Span) -> Span | None:
    """``span`` without punctuation or spaces at its edges; a paired mark
    stays when its partner is inside the name but not at its other edge
    (a span wrapped whole in one pair loses both marks)."""
    start, end, label = span
    lone_close, lone_open = _unpaired(text[start:end])
    if lone_close and start > 0 and text[start - 1] == _OPENING[lone_close]:
        start -= 1  # 幸福工程”组委会 -> “幸福工程”组委会
    if lone_open and end < len(text) and text[end] == PAIRS[lone_open]:
        end += 1
    while start < end:
        ch = text[start]
        if ch not in _EDGE:
            break
        if ch in PAIRS:
            close = text.find(PAIRS[ch], start + 1, end)
            if 0 < close < end - 1:
                break
        start += 1
    while end > start:
        ch = text[end - 1]
        if ch not in _EDGE:
            break
        if ch in _OPENING:
            opened = text.rfind(_OPENING[ch], start, end - 1)
            if opened > start:
                break
        end -= 1
    return (start, end, label) if end > start else None


def apply_rules(text: str, spans: list[Span]) -> list[Span]:
    """All boundary rules, in order; returns sorted, non-overlapping spans."""
    out = []
    for span in spans:
        span = strip_punct(text, span)
        if span is not None:
            out.append(span)
    out = join_dotted_names(text, out)
    out = complete_word_names(text, complete_lone_surnames(text, sorted(out)))
    out = [trim_followers(text, s) for s in out]
    out = sorted(drop_numbered_names(text, drop_kinship_terms(text, out)))
    return add_place_abbreviations(text, add_familiar_surnames(text, out))
