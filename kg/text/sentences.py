"""Chinese sentence splitting.

A sentence ends after 。！？；!?; or an ellipsis (……) that closes a clause,
together with any closing quotes or brackets that follow, and at line breaks.
A line that is long, ends in a CJK character without punctuation and is
followed by a line starting with a CJK character is a hard-wrapped paragraph
and continues across the break.  Sentence spans never include surrounding
whitespace or Markdown heading markers.
"""

from __future__ import annotations

import re

from kg.model import Sentence

__all__ = ["split_sentences"]

TERMINATORS = "。！？；!?;"
CLOSERS = "”’」』）)】》\"'"
#: A wrapped line must be at least this long to continue across a line break.
WRAP_MIN_CHARS = 30

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank lines, joined where a paragraph was hard-wrapped."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start, end = pos, pos + len(body)
        pos += len(line)
        stripped = body.strip()
        if not stripped:
            continue
        if spans and _continues(text, spans[-1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(text: str, prev: tuple[int, int], start: int) -> bool:
    prev_text = text[prev[0] : prev[1]].rstrip()
    first = text[start:].lstrip()[:1]
    return (
        len(prev_text) >= WRAP_MIN_CHARS
        and not _HEADING.match(prev_text)
        and _is_cjk(prev_text[-1])
        and _is_cjk(first)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    heading = _HEADING.match(text, start, end)
    if heading:
        start = heading.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    i = seg_start = start
    while i < end:
        ch = text[i]
        stop = None
        if ch in TERMINATORS:
            stop = i + 1
        elif text.startswith("……", i):
            nxt = i + 2
            while nxt < end and text[nxt] == "…":
                nxt += 1
            # an ellipsis ends a sentence only before a closer or the line end
            if nxt >= end or text[nxt] in CLOSERS:
                stop = nxt
            else:
                i = nxt
                continue
        if stop is None:
            i += 1
            continue
        while stop < end and (text[stop] in CLOSERS or text[stop] in TERMINATORS):
            stop += 1
        pieces.append((seg_start, stop))
        seg_start = i = stop
    if seg_start < end:
        pieces.append((seg_start, end))
    return pieces


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences with character offsets.

    >>> t = "他说：“好。”我们走吧！\\n第二行"
    >>> [t[s.start:s.end] for s in split_sentences(t)]
    ['他说：“好。”', '我们走吧！', '第二行']
    """
    out = []
    for line_start, line_end in _line_spans(text):
        for start, end in _split_line(text, line_start, line_end):
            start, end = _trim(text, start, end)
            if start < end and any(not c.isspace() for c in text[start:end]):
                out.append(Sentence(start, end))
    return tuple(out)
