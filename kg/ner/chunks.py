"""How the tagger cuts text: sentence-like chunks, and slices of chunks
tagged together (the networks' memory stays bounded by a slice)."""

from __future__ import annotations

import re

__all__ = ["split_chunks", "slices", "text_slices", "SLICE_CHARS", "GROUP_CHARS"]

#: Chunks for tagging: sentences (ending in 。！？；… or a line break).
_CHUNK = re.compile(r"[^\n。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^\n]+")
_MAX_CHUNK = 400
#: Sentences are tagged in slices of about this many characters (bounds memory).
SLICE_CHARS = 20_000
#: Characters of short documents handled together (tagged apart in one call,
#: read together by the learned readers): enough that decoding runs in few
#: steps, few enough that a whole batch's scores and features are not held
#: at once (a build sends a worker up to 40,000 characters).
GROUP_CHARS = 8_000


def split_chunks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentence-like chunks of ``text`` (no newlines).

    >>> split_chunks("甲说。乙笑！\\n丙")
    [(0, 3), (3, 6), (7, 8)]
    """
    out = []
    for match in _CHUNK.finditer(text):
        start, end = match.span()
        while end - start > _MAX_CHUNK:  # very long runs: cut at a comma if possible
            cut = text.rfind("，", start, start + _MAX_CHUNK)
            cut = cut + 1 if cut > start else start + _MAX_CHUNK
            out.append((start, cut))
            start = cut
        if text[start:end].strip():
            out.append((start, end))
    return out


def slices(lengths: list[int], budget: int) -> list[tuple[int, int]]:
    """``(first, last)`` index ranges of consecutive items of about ``budget`` total length.

    >>> slices([5, 5, 5, 20, 1], 10)
    [(0, 2), (2, 3), (3, 4), (4, 5)]
    """
    out, first, total = [], 0, 0
    for i, n in enumerate(lengths):
        if total and total + n > budget:
            out.append((first, i))
            first, total = i, 0
        total += n
    if first < len(lengths):
        out.append((first, len(lengths)))
    return out


def text_slices(owners: list[int], lengths: list[int], budget: int,
                group: int = GROUP_CHARS) -> list[tuple[int, int]]:
    """Slices of the chunks (``owners``: each one's text) that hold whole
    texts, at most ``group`` characters of them; a longer text is cut
    alone, into :func:`slices` of ``budget`` characters, as it would be if
    it were tagged by itself.

    >>> text_slices([0, 0, 1, 1, 2], [4, 4, 4, 4, 4], 10, group=10)
    [(0, 2), (2, 4), (4, 5)]
    >>> text_slices([0, 1, 1, 1, 2], [2, 6, 6, 6, 2], 10, group=10)
    [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    >>> text_slices([0, 1, 1, 2], [2, 3, 3, 2], 10, group=4)  # text 1: longer than a group, one slice alone
    [(0, 1), (1, 3), (3, 4)]
    """
    texts = []  # (first, last, length) of each text's chunks
    for i, (owner, n) in enumerate(zip(owners, lengths)):
        if texts and owners[texts[-1][0]] == owner:
            texts[-1][1:] = [i + 1, texts[-1][2] + n]
        else:
            texts.append([i, i + 1, n])
    out: list[tuple[int, int]] = []
    size, joinable = 0, False  # characters in out[-1]; whether it may take more whole texts
    for first, last, total in texts:
        if total > min(group, budget):
            out.extend((first + a, first + b) for a, b in slices(lengths[first:last], budget))
            joinable = False
        elif joinable and size + total <= group:
            out[-1], size = (out[-1][0], last), size + total
        else:
            out.append((first, last))
            size, joinable = total, True
    return out
