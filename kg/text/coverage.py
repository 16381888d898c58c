"""Which characters of a text some span already covers: one byte per character."""

from __future__ import annotations

from typing import Iterable

__all__ = ["coverage", "cover"]


def coverage(length: int, ranges: Iterable[tuple[int, int]] = ()) -> bytearray:
    """A mask of ``length`` bytes: 1 where one of the ``(start, end)`` ranges covers a character.

    >>> mask = coverage(6, [(1, 3)]); cover(mask, 4, 5); list(mask), any(mask[3:4])
    ([0, 1, 1, 0, 1, 0], False)
    """
    mask = bytearray(length)
    for start, end in ranges:
        cover(mask, start, end)
    return mask


def cover(mask: bytearray, start: int, end: int) -> None:
    """Mark ``start..end`` as covered."""
    if end > start:
        mask[start:end] = b"\x01" * (end - start)
