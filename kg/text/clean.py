"""Characters that must not reach a name or an output file.

* :func:`xml_text`: text an XML 1.0 (or HTML) document can hold: control
  characters other than tab, newline and carriage return, lone surrogates and
  U+FFFE/U+FFFF are dropped (XML 1.0 cannot hold most of them at all, not even
  as character references).
* :func:`csv_cell`: a spreadsheet-safe cell (OWASP CSV injection): a text
  cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  gets a leading ``'``.  Numbers (``int``/``float``) are cells of their own
  and pass as they are.
* :func:`clean_name`: an entity name without invisible characters (zero-width
  space, joiners, word joiner, byte-order mark, direction marks and
  embeddings) and control characters.
* :func:`name_span`: the part of a tagged span that can be a name: emoji cut
  it, white space and invisible characters leave its edges.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["xml_text", "csv_cell", "csv_text", "clean_name", "is_emoji", "name_span", "INVISIBLE",
           "FORMULA_STARTS"]

#: zero-width space/non-joiner/joiner, LRM/RLM, LRE…RLO, word joiner, LRI…PDI, BOM
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
#: what a spreadsheet reads as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")
#: emoji modifiers and parts of emoji sequences: variation selectors, skin tones, keycap, tags
_EMOJI_PARTS = re.compile("[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (tab, newline and CR stay)."""
    return _NOT_XML.sub("", text)


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value):
    """A CSV cell: numbers pass, every other value is a text cell made safe by :func:`csv_text`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return csv_text("" if value is None else str(value))


def clean_name(name: str) -> str:
    """``name`` without invisible characters and control characters (曾\\u200b毓群 -> 曾毓群)."""
    return _NOT_IN_NAME.sub("", name)


def is_emoji(ch: str) -> bool:
    """Whether ``ch`` is an emoji or a symbol (category So) or a part of an emoji sequence."""
    return unicodedata.category(ch) == "So" or bool(_EMOJI_PARTS.match(ch))


def _edge(ch: str) -> bool:
    return ch.isspace() or ch in INVISIBLE or unicodedata.category(ch) == "Cc"


def name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of ``text[start:end]`` that can be a name: the longest run
    without emoji (the first of equal runs), without white space, invisible or
    control characters at its edges; None if nothing is left."""
    best = None
    run = start
    for i in range(start, end + 1):
        if i < end and not is_emoji(text[i]):
            continue
        a, b = run, i
        while a < b and _edge(text[a]):
            a += 1
        while b > a and _edge(text[b - 1]):
            b -= 1
        if b > a and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
        run = i + 1
    return best
