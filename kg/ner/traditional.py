"""Traditional Chinese input: detect it and convert a same-length simplified copy.

Conversion is character by character with OpenCC's t2s character table, so
offsets in the converted copy are offsets in the original text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["t2s_table", "traditional_share", "is_traditional", "to_simplified"]

#: Share of Han characters that must be traditional-only to call a text traditional.
THRESHOLD = 0.05


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """``str.translate`` table: traditional char -> its first simplified form."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            source, _, targets = line.rstrip("\n").partition("\t")
            target = targets.split(" ")[0] if targets else ""
            if len(source) == 1 and len(target) == 1 and source != target:
                table[ord(source)] = target
    return table


def traditional_share(text: str) -> float:
    """Share of Han characters in ``text`` that t2s would change.

    >>> traditional_share("世衛組織") > 0.4, traditional_share("世卫组织")
    (True, 0.0)
    """
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    points = points[(points >= 0x4E00) & (points <= 0x9FFF)]
    return float(_changed_flags()[points].mean()) if len(points) else 0.0


@lru_cache(maxsize=1)
def _changed_flags() -> np.ndarray:
    """Per code point of the BMP, True if t2s changes the character."""
    flags = np.zeros(0x10000, dtype=bool)
    flags[[point for point in t2s_table() if point < 0x10000]] = True
    return flags


def is_traditional(text: str, threshold: float = THRESHOLD) -> bool:
    return traditional_share(text) >= threshold


def to_simplified(text: str) -> str:
    """A simplified copy of the same length (character-level t2s)."""
    return text.translate(t2s_table())
