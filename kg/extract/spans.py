"""Small span helpers shared by the time and quantity finders."""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Sequence

from kg.model import Mention, Sentence

__all__ = ["quoted_spans", "sentence_ok", "overlaps_any", "ascii_digits"]

#: Opening and closing quotation marks of Chinese text.
QUOTES = {"“": "”", "「": "」", "『": "』"}


#: Full-width digits and signs mapped one-to-one to ASCII (offsets do not move).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits and ``％`` in ASCII; same length, so offsets hold."""
    return text.translate(_FULL_WIDTH)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation (marks included), outermost only."""
    spans, depth, start, closing = [], 0, 0, []
    for i, ch in enumerate(text):
        if ch in QUOTES:
            if depth == 0:
                start = i
            depth += 1
            closing.append(QUOTES[ch])
        elif depth and ch == closing[-1]:
            closing.pop()
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif ch == "\n" and depth:  # an unclosed quotation ends with its paragraph
            depth, closing = 0, []
            spans.append((start, i))
    return spans


def sentence_ok(sentences: Sequence[Sentence], start: int, end: int) -> bool:
    """Whether ``start..end`` lies inside one sentence (always, with no sentences)."""
    if not sentences:
        return True
    index = bisect_right([s.start for s in sentences], start) - 1
    return index >= 0 and sentences[index].start <= start and end <= sentences[index].end


def overlaps_any(start: int, end: int, mentions: Iterable[Mention]) -> bool:
    """Whether ``start..end`` shares a character with any of ``mentions``."""
    return any(m.start < end and start < m.end for m in mentions)
