"""Traditional Chinese input: detect it and convert a same-length simplified copy.

Conversion is character by character with OpenCC's t2s character table, so
offsets in the converted copy are offsets in the original text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
    table = t2s_table()
    han = changed = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            han += 1
            if ord(ch) in table:
                changed += 1
    return changed / han if han else 0.0


def is_traditional(text: str, threshold: float = THRESHOLD) -> bool:
    return traditional_share(text) >= threshold


def to_simplified(text: str) -> str:
    """A simplified copy of the same length (character-level t2s)."""
    return text.translate(t2s_table())
