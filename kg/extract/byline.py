"""Bylines and credits: who wrote and who edited a news text.

:func:`find_credits` reads three forms, each a credit word
(``lexicons/credit_words.tsv``: 记者, 通讯员, 责任编辑, 校对 …, optionally after an
outlet: 本报记者, 新华社记者, 本报驻京记者) followed by one or more names:

* in brackets: （记者 张三）, （记者张三 李四）, (记者 王五 通讯员 赵六), 【编辑：孙七】;
* a line of its own (or after the last sentence of a paragraph): 本报记者 王五,
  责任编辑：孙七 校对：周八, 新华社记者 李四 摄;
* a credit word with a colon anywhere: 责任编辑：孙七.

Names are separated by spaces or 、; names written together (张三李四) are
split where each part starts with a surname (``lexicons/surnames.txt``), the
commoner surnames first.  Outside brackets every name must start with a
surname.  A byline may end with 报道, 摄 or 发自北京 (``lexicons/credit_tails.txt``).

Each name becomes a :class:`~kg.model.Credit` whose span is the whole credit
(``（记者 张三 李四）``) and whose role is ``author`` or ``editor``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.errors import ResourceError
from kg.extract.timex_lexicon import alternation
from kg.model import Credit, Mention
from kg.resources import load_lines, load_tsv

__all__ = ["find_credits", "credit_words", "credit_mentions", "link_credits", "name_span", "in_credits"]

ROLES = ("author", "editor")
_SPACE = " \t\u3000"
_NAME_SEPARATORS = _SPACE + "、"
_MARKS = "：:/／｜|"
_DOTS = "·•・‧"
_BRACKETS = {"（": "）", "(": ")", "【": "】", "[": "]", "［": "］", "〔": "〕"}
MAX_BRACKET_CHARS = 60
MAX_FOREIGN_NAME = 20
#: Names written together are split only where each later name starts with one of
#: the commoner surnames (张三李四, not 阿依古丽).
COMMON_SURNAMES = 150


@lru_cache(maxsize=None)
def credit_words() -> dict[str, tuple[str, bool]]:
    """Credit word -> (role, needs a mark after it), from credit_words.tsv, validated."""
    out = {}
    for word, role, mark in load_tsv("lexicons", "credit_words.tsv", columns=3):
        if role not in ROLES or mark not in ("yes", "no"):
            raise ResourceError(f"lexicons/credit_words.tsv: {word!r} has role {role!r} and mark "
                                f"{mark!r}; use author or editor, and yes or no")
        out[word] = (role, mark == "yes")
    return out


@lru_cache(maxsize=None)
def _surnames() -> dict[str, int]:
    """Surname -> rank (0 is the commonest)."""
    return {s: i for i, s in enumerate(load_lines("lexicons", "surnames.txt"))}


@lru_cache(maxsize=None)
def _tails() -> tuple[str, ...]:
    return tuple(sorted(load_lines("lexicons", "credit_tails.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _word_re() -> re.Pattern:
    from kg.extract.dateline import news_agencies

    return re.compile(
        rf"(?P<agency>{alternation(news_agencies())})?(?P<station>驻[\u4e00-\u9fff]{{1,4}}?)?"
        rf"(?P<word>{alternation(credit_words())})(?P<sep>[{_SPACE}]*[{_MARKS}])?[{_SPACE}]*"
    )


def _credit_word(text: str, pos: int, end: int):
    """(role, end of the word and its separator) of a credit word at ``pos``."""
    m = _word_re().match(text, pos, end)
    if not m:
        return None
    role, needs_mark = credit_words()[m.group("word")]
    if needs_mark and not m.group("sep"):
        return None
    nxt = text[m.end()] if m.end() < end else ""
    if not m.group("sep") and m.end() == m.end("word") and nxt and not _is_han(nxt):
        return None  # 记者, 记者。: a word, not a byline
    return role, m.end()


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _surname_len(name: str) -> int:
    """Length of the surname ``name`` starts with (2 for 欧阳), else 0."""
    surnames = _surnames()
    if name[:2] in surnames:
        return 2
    return 1 if name[:1] in surnames else 0


def _partitions(token: str):
    """Ways to cut ``token`` into names of 2-3 characters (4 with a two-character
    surname), each starting with a surname."""
    if not token:
        yield []
        return
    for size in (2, 3, 4):
        head = token[:size]
        if len(head) < size or not _surname_len(head) or (size == 4 and _surname_len(head) != 2):
            continue
        for rest in _partitions(token[size:]):
            yield [head] + rest


def _split_names(token: str, need_surname: bool, hints: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """(offset, length) of each name in a run of characters with no separator."""
    if any(d in token for d in _DOTS):
        ok = 3 <= len(token) <= MAX_FOREIGN_NAME and token[0] not in _DOTS and token[-1] not in _DOTS
        return [(0, len(token))] if ok else None
    if hints and sum(n for _, n in hints) == len(token) and all(
            a + n == b for (a, n), (b, _) in zip(hints, hints[1:])) and hints[0][0] == 0:
        return hints  # the tagger's names tile the run
    if len(token) < 2 or (need_surname and not _surname_len(token)):
        return None
    if len(token) <= 3 or (len(token) == 4 and _surname_len(token) == 2):
        return [(0, len(token))]
    ranks = _surnames()
    options = sorted((parts for parts in _partitions(token)
                      if all(ranks[p[:_surname_len(p)]] < COMMON_SURNAMES for p in parts[1:])),
                     key=lambda parts: (len(parts), sum(ranks[p[:_surname_len(p)]] for p in parts[1:])))
    if options:
        out, at = [], 0
        for part in options[0]:
            out.append((at, len(part)))
            at += len(part)
        return out
    return [(0, 4)] if len(token) == 4 and not need_surname else None


def _tail_at(text: str, pos: int, end: int) -> int | None:
    """The end of a byline tail (报道, 摄, 发自北京) at ``pos``, if one is there."""
    if text.startswith("发自", pos):
        stop = pos + 2
        while stop < end and _is_han(text[stop]):
            stop += 1
        return stop if stop > pos + 2 else None
    for tail in _tails():
        if text.startswith(tail, pos) and (pos + len(tail) == end or not _is_han(text[pos + len(tail)])):
            return pos + len(tail)
    return None


def _parse(text: str, start: int, end: int, bracketed: bool, person_spans):
    """Credits of ``text[start:end]`` read from its first character on.

    Returns ([(role, name start, name end)], where the reading stopped, whether it
    ended with a tail), or None when it does not start with a credit word.
    """
    found, pos, role, last, tailed, named = [], start, None, start, False, False
    while pos < end:
        while pos < end and text[pos] in _NAME_SEPARATORS:
            pos += 1
        if pos >= end:
            break
        word = _credit_word(text, pos, end)
        if word:
            if role is not None and not named:
                break  # a credit word with no name after it
            role, pos, named = word[0], word[1], False
            continue
        if role is None:
            return None
        tail = _tail_at(text, pos, end) if found else None
        if tail:
            last, tailed = tail, True
            break
        stop = pos
        while stop < end and (_is_han(text[stop]) or text[stop] in _DOTS):
            stop += 1
        token = text[pos:stop]
        cut = _inner_word(token)  # 张三通讯员李四: a credit word inside the run
        if cut:
            stop, token = pos + cut, token[:cut]
        tail_cut = next((len(token) - len(t) for t in _tails()
                         if token.endswith(t) and len(token) - len(t) >= 2), None)
        if tail_cut and not cut:
            stop, token = pos + tail_cut, token[:tail_cut]
        hints = [(s - pos, e - s) for s, e in person_spans if pos <= s and e <= stop]
        names = _split_names(token, not bracketed, hints) if token else None
        if not names:
            break
        found.extend((role, pos + a, pos + a + n) for a, n in names)
        pos = last = stop
        named = True
    return found, last, tailed


def _inner_word(token: str) -> int | None:
    """Where a credit word of two or more characters starts inside a run, if it does."""
    for i in range(2, len(token) - 1):
        if any(token.startswith(w, i) for w in credit_words() if len(w) >= 2):
            return i
    return None


def _bracket_credits(text: str, person_spans):
    for i, ch in enumerate(text):
        close = _BRACKETS.get(ch)
        if not close:
            continue
        j = text.find(close, i + 1, i + 2 + MAX_BRACKET_CHARS)
        if j < 0 or "\n" in text[i:j]:
            continue
        parsed = _parse(text, i + 1, j, True, person_spans)
        if parsed and parsed[0] and not text[parsed[1]:j].strip(_NAME_SEPARATORS):
            yield i, j + 1, parsed[0]


def _line_starts(text: str):
    """Starts of lines and of what follows a paragraph's last full stop."""
    yield 0
    for m in re.finditer(r"\n|[。！？](?=[^。！？\n]*(?:\n|$))", text):
        yield m.end()


def _line_credits(text: str, person_spans):
    for at in _line_starts(text):
        while at < len(text) and text[at] in _SPACE:
            at += 1
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        parsed = _parse(text, at, line_end, False, person_spans)
        if not parsed or not parsed[0]:
            continue
        found, stop, tailed = parsed
        if tailed or not text[stop:line_end].strip(_SPACE + "。"):
            yield at, stop, found


def _colon_credits(text: str, person_spans):
    for m in re.finditer(rf"({alternation(credit_words())})[{_SPACE}]*[：:]", text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        parsed = _parse(text, m.start(), line_end, False, person_spans)
        if not parsed or not parsed[0]:
            continue
        found, stop, _ = parsed
        after = text[stop:stop + 1]
        if not after or after in _SPACE + "\n）)】]］":  # not 记者：王局长，您好
            yield m.start(), stop, found


def find_credits(text: str, mentions=()) -> list[Credit]:
    """The text's credits, in text order; ``mentions`` (the tagger's) help to
    split names written together.

    >>> [(c.role, c.name) for c in find_credits("新华社北京1月8日电（记者张三 李四）国务院……\\n责任编辑：孙七")]
    [('author', '张三'), ('author', '李四'), ('editor', '孙七')]
    """
    from kg.extract.numerals import half_width

    text = half_width(text)
    people = sorted((m.start, m.end) for m in mentions if m.label == "PER")
    taken: list[tuple[int, int]] = []
    out = []
    for finder in (_bracket_credits, _line_credits, _colon_credits):
        for start, end, names in finder(text, people):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            out.extend(Credit(start, end, role, text[a:b]) for role, a, b in names)
    return sorted(out, key=lambda c: (c.start, text.find(c.name, c.start, c.end), c.role, c.name))


def name_span(text: str, credit: Credit) -> tuple[int, int]:
    """Where the credit's name stands in its span."""
    at = text.find(credit.name, credit.start, credit.end)
    return (at, at + len(credit.name)) if at >= 0 else (credit.start, credit.start)


def in_credits(mention: Mention, credits) -> bool:
    """Whether ``mention`` lies inside a credit span."""
    return any(c.start <= mention.start and mention.end <= c.end for c in credits)


def credit_mentions(text: str, credits, mentions) -> tuple[Mention, ...]:
    """The mentions with one person mention on each credited name, and no
    title (记者) or other name read across a credited name."""
    names = {span for span in (name_span(text, c) for c in credits) if span[0] < span[1]}
    kept = []
    for m in mentions:
        exact = (m.start, m.end) in names
        if exact and m.label == "PER":
            kept.append(m)
        elif exact or any(m.start < e and s < m.end for s, e in names):
            continue  # 张三 read as a place, or 记者张三 as one name
        elif m.label == "TITLE" and in_credits(m, credits):
            continue  # 记者 of a byline is not a position the person holds here
        else:
            kept.append(m)
    have = {(m.start, m.end) for m in kept if m.label == "PER"}
    kept += [Mention(s, e, "PER", text[s:e], source="byline") for s, e in sorted(names) if (s, e) not in have]
    return tuple(sorted(kept))




def link_credits(doc):
    """The document with each credit's name the canonical name of its person
    entity, and entities added for credited people and the dateline's place
    when resolution made none (run after :class:`~kg.extract.resolve.ResolveStage`)."""
    from kg.extract.aliases import normalize_name
    from kg.extract.classes import entity_class
    from kg.extract.dateline import dateline_place
    from kg.extract.resolve import entity_key
    from kg.model import Entity

    entities = {e.key: e for e in doc.entities}
    refs = {(m.start, m.end): m.ref for m in doc.mentions if m.ref}
    credits = []
    for credit in doc.credits:
        ref = refs.get(name_span(doc.text, credit))
        if not (ref and ref.kind == "person"):
            ref = entity_key("person", normalize_name(credit.name))
        entities.setdefault(ref, Entity(ref, "person", "Person", ref.name))
        credits.append(replace(credit, name=ref.name))
    place = dateline_place(doc)
    if place:
        entities.setdefault(place, Entity(place, "place", entity_class(place, {}), place.name))
    return doc.with_(credits=tuple(credits), entities=tuple(entities[k] for k in sorted(entities)))
