"""Aligned text tables for the terminal, padded by display width.

A CJK (East Asian wide or full-width) character takes two terminal columns
and a combining mark none, so Chinese text lines up.  Every table kg prints
goes through :func:`table`: ``kg entities``/``kg store list`` (plain style),
``kg stats``/``kg path`` (plain, numbers right-aligned) and ``kg query``
(bars style, long cells clipped).

>>> print(table(["名字", "n"], [["习近平", 54], ["WHO", 7]], numeric={1}), end="")
名字     n
------  --
习近平  54
WHO      7
"""

from __future__ import annotations

import unicodedata

__all__ = ["ELLIPSIS", "STYLES", "display_width", "pad", "clip", "table"]

ELLIPSIS = "…"
#: style name -> (column separator, separator under the header row)
STYLES = {"plain": ("  ", "  "), "bars": (" | ", "-+-")}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters 2, combining marks 0.

    >>> display_width("abc"), display_width("世卫"), display_width("，")
    (3, 4, 2)
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def clip(text: str, max_width: int) -> str:
    """``text`` cut to at most ``max_width`` columns, ending in "…" when cut (0: never cut).

    >>> clip("世界卫生组织", 7)
    '世界卫…'
    """
    if max_width <= 0 or display_width(text) <= max_width:
        return text
    out, width = [], 0
    for ch in text:
        w = display_width(ch)
        if width + w > max_width - 1:
            break
        out.append(ch)
        width += w
    return "".join(out) + ELLIPSIS


def table(headers: list[str], rows, numeric=frozenset(), max_width: int = 0,
          style: str = "plain") -> str:
    """An aligned table: a header row, a rule of dashes, then ``rows``; ends with a newline.

    Cells are ``str()``-ed; body cells wider than ``max_width`` columns are
    clipped (0: never); columns whose index is in ``numeric`` are
    right-aligned; trailing spaces are stripped.  ``style`` is ``"plain"``
    (columns two spaces apart) or ``"bars"`` (`` | `` between columns).
    """
    if style not in STYLES:
        raise ValueError(f"unknown table style {style!r}; use one of {', '.join(STYLES)}")
    sep, rule = STYLES[style]
    head = [str(h) for h in headers]
    body = [[clip(str(c), max_width) for c in row] for row in rows]
    widths = [display_width(h) for h in head]
    for row in body:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], display_width(text))

    def line(cells):
        return sep.join(pad(c, widths[i], i in numeric) for i, c in enumerate(cells)).rstrip()

    lines = [line(head), rule.join("-" * w for w in widths)]
    lines += [line(row) for row in body]
    return "\n".join(lines) + "\n"
