"""The document's own date, from a date line ("2020年05月01日 07:00 来源：人民日报").

News pages often carry their publication date on a line of its own near the
top or the bottom.  Such a line is short, holds one full date (2020年5月1日,
2020-05-01, 2020/5/1, 2020.05.01) and otherwise only a time of day and
dateline words (``lexicons/dateline_words.txt``: 来源, 发布时间, 编辑 …).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from kg.resources import load_lines

__all__ = ["find_dateline"]

#: Only this many non-empty lines at each end of the text are looked at.
EDGE_LINES = 5
MAX_LINE_CHARS = 60
_DATE = re.compile(r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))")
_TIME = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_FILLER = re.compile(r"[\s\-—|｜·•：:（）()\[\]【】,，/]+")


@lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "dateline_words.txt"), key=len, reverse=True))


def _is_dateline(line: str) -> str | None:
    if len(line) > MAX_LINE_CHARS:
        return None
    found = list(_DATE.finditer(line))
    if len(found) != 1:
        return None
    m = found[0]
    year, month, day = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return None
    rest = _TIME.sub("", line[: m.start()] + line[m.end() :])
    for word in _words():
        rest = rest.replace(word, "")
    rest = _FILLER.sub("", rest)
    # whatever is left must be short: a source name (人民日报) at most
    return value if len(rest) <= 8 else None


def find_dateline(text: str) -> str | None:
    """The ISO date of the text's date line, or None.

    >>> find_dateline("标题\\n2020年05月01日 07:00 来源：人民日报\\n正文。")
    '2020-05-01'
    >>> find_dateline("2020年1月23日上午10时，武汉成了一场战役的中心。") is None
    True
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]:
        value = _is_dateline(line)
        if value:
            return value
    return None
