"""Boundary rules applied to tagged spans.

* A name never ends inside a following verb or function word
  (孙春兰率领 -> 孙春兰, 罗伯特·库恩如是说 -> 罗伯特·库恩); the words are data
  (``lexicons/name_followers.txt``).
* Transliterated names joined by a middle dot stay whole (罗伯特 · 库恩).
* Spans do not start or end with punctuation or spaces.
"""

from __future__ import annotations

from functools import lru_cache

from kg.lexicons import surnames
from kg.resources import load_lines

__all__ = ["apply_rules", "trim_followers", "join_dotted_names", "strip_punct", "DOTS"]

Span = tuple[int, int, str]

DOTS = "·•‧・．"
_EDGE = set("，。、；：？！“”‘’（）《》【】—…,.;:?!\"'()[] \t\r\n　") | set(DOTS)


@lru_cache(maxsize=1)
def _followers() -> tuple[frozenset[str], frozenset[str]]:
    words = load_lines("lexicons", "name_followers.txt")
    multi = frozenset(w for w in words if len(w) >= 2)
    single = frozenset(w for w in words if len(w) == 1)
    return multi, single


def _compound_surnames() -> frozenset[str]:
    return surnames()[1]


@lru_cache(maxsize=1)
def _foreign_chars() -> frozenset[str]:
    return frozenset(load_lines("lexicons", "foreign_name_chars.txt"))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def trim_followers(text: str, span: Span) -> Span:
    """Cut a person name that ends inside (or with) a follower word."""
    start, end, label = span
    if label != "PER":
        return span
    multi, single = _followers()
    changed = True
    while changed and end - start > 2:
        changed = False
        name = text[start:end]
        dotted = any(d in name for d in DOTS)
        for word in multi:
            n = len(word)
            # the word starts k chars before the end (1 <= k <= n) and fits the text
            for k in range(min(n, end - start - 2), 0, -1):
                if text[end - k : end - k + n] == word:
                    end -= k
                    changed = True
                    break
            if changed:
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
            while end + 1 < len(text) and text[end] in DOTS and _is_han(text[end + 1]):
                stop = end + 1
                while stop < len(text) and stop - end <= 6 and _is_han(text[stop]) and text[stop] in foreign:
                    stop += 1
                if stop == end + 1:
                    break
                end = stop
            while start >= 2 and text[start - 1] in DOTS and _is_han(text[start - 2]):
                begin = start - 1
                while begin > 0 and start - begin <= 6 and _is_han(text[begin - 1]) and text[begin - 1] in foreign:
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


def strip_punct(text: str, span: Span) -> Span | None:
    start, end, label = span
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
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
    out = [trim_followers(text, s) for s in out]
    return sorted(out)
