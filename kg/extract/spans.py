"""Small span helpers shared by the finders: quotations, sentence bounds, and an
index that finds the mentions inside a range without scanning them all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Generic, Iterable, Sequence, TypeVar

from kg.model import Mention, Sentence

__all__ = ["quoted_spans", "sentence_ok", "ascii_digits", "SpanIndex"]

T = TypeVar("T")

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
    index = bisect_right(sentences, start, key=_start) - 1
    return index >= 0 and sentences[index].start <= start and end <= sentences[index].end


def _start(item) -> int:
    return item.start


def _mention_of(item):
    return item


class SpanIndex(Generic[T]):
    """Items with a span (``span(item)`` has ``.start`` and ``.end``; by default
    the item itself), found by range in ``O(log n + k)``: a document's
    mentions looked up sentence by sentence stay linear in its length.

    >>> from kg.model import Mention
    >>> index = SpanIndex([Mention(5, 7, "PER", "李强"), Mention(0, 2, "LOC", "北京"), Mention(1, 9, "ORG", "x")])
    >>> [m.text for m in index.within(0, 8)], [m.text for m in index.starting_at(5)]
    (['李强', '北京'], ['李强'])
    >>> [m.text for m in index.overlapping(6, 7)], index.overlapping(9, 12)
    (['李强', 'x'], [])
    """

    def __init__(self, items: Iterable[T], span: Callable[[T], Mention] = _mention_of):
        self.items = list(items)
        self._span = span
        self._order = sorted(range(len(self.items)), key=lambda i: (span(self.items[i]).start, i))
        self._starts = [span(self.items[i]).start for i in self._order]
        self._longest = max((span(x).end - span(x).start for x in self.items), default=0)

    def within(self, lo: int, hi: int) -> list[T]:
        """The items inside ``lo..hi`` (``lo <= start`` and ``end <= hi``), in their given order."""
        first, last = bisect_left(self._starts, lo), bisect_right(self._starts, hi)
        found = sorted(i for i in self._order[first:last] if self._span(self.items[i]).end <= hi)
        return [self.items[i] for i in found]

    def overlapping(self, lo: int, hi: int) -> list[T]:
        """The items sharing a character with ``lo..hi`` (``start < hi`` and
        ``lo < end``), in their given order."""
        first, last = bisect_left(self._starts, lo - self._longest), bisect_left(self._starts, hi)
        found = sorted(i for i in self._order[first:last] if self._span(self.items[i]).end > lo)
        return [self.items[i] for i in found]

    def starting_at(self, pos: int) -> list[T]:
        """The items that start at ``pos``, in their given order."""
        first, last = bisect_left(self._starts, pos), bisect_right(self._starts, pos)
        return [self.items[i] for i in sorted(self._order[first:last])]
