"""Short forms the networks miss: familiar surnames and place abbreviations.

Both add one-character spans where the tagger found nothing, following
MSRA's annotations (suggested by dev errors, checked on the training file:
there they add 36 people and 17 places, all annotated so):

* A surname after a familiar prefix (``lexicons/familiar_prefixes.txt``: 老,
  小) is a person when what follows it cannot continue a given name: 老傅商量,
  老胡激动地说, 小郁，.  The prefix, the prefix with the surname, and the
  surname with what follows must not make a common dictionary word (大小, 小康,
  郎中), nor a longer one span the prefix (深山老林); a measure word before the
  prefix (一只小羊) or a surname (吕老曾) means no name, and so does a surname
  that is also a plain noun (小文, a short essay).
* A province-level abbreviation (``lexicons/province_abbreviations.tsv``)
  before a head that makes a word for its people or capital
  (``lexicons/abbreviation_heads.txt``: 台商, 港胞, 台资) is a place,
  unless the two belong to common words (新资料, 创新资金).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicons import surnames
from kg.ner.anchored import common_word, covered, dictionary_pos, is_han
from kg.resources import load_lines, load_tsv

__all__ = ["add_familiar_surnames", "add_place_abbreviations"]

Span = tuple[int, int, str]

#: Dictionary parts of speech (first letter) of a single character after a
#: surname that is no given name: adverbs, verbs, prepositions, conjunctions,
#: particles, pronouns, locatives (老于在…, 老史却…).
_NOT_NAME_POS = set("dvpcurf")


def _one_of(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=1)
def _familiar_pattern() -> re.Pattern:
    """A familiar prefix (老, 小) followed by a one-character surname."""
    prefixes = load_lines("lexicons", "familiar_prefixes.txt")
    return re.compile(_one_of(prefixes) + "(?=" + _one_of(surnames()[0]) + ")")


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern:
    """A province-level abbreviation followed by a people/capital head (台商)."""
    abbreviations = (a for a, _ in load_tsv("lexicons", "province_abbreviations.tsv", columns=2))
    heads = load_lines("lexicons", "abbreviation_heads.txt")
    return re.compile(_one_of(abbreviations) + "(?=" + _one_of(heads) + ")")


def _in_longer_word(text: str, first: int, last: int) -> bool:
    """A common word of 2-4 characters covers ``text[first]`` and ``text[last]``."""
    for start in range(max(0, last - 3), first + 1):
        for end in range(last + 1, min(len(text), start + 4) + 1):
            if end - start >= 2 and common_word(text[start:end]):
                return True
    return False


def _counted(text: str, at: int) -> bool:
    """A numeral or measure word ends right before ``at`` (一只, 这篇)."""
    return any(dictionary_pos(text[max(0, at - n):at])[:1] in ("m", "q") for n in (1, 2) if at >= n)


def _ends_name(text: str, at: int) -> bool:
    """What starts at ``at`` cannot continue a given name: no Han character,
    a common two-character word (商量, 带头, 激动), or a single character of
    a non-name part of speech."""
    if at >= len(text) or not is_han(text[at]):
        return True
    if common_word(text[at:at + 2]):
        return True
    return dictionary_pos(text[at])[:1] in _NOT_NAME_POS


def add_familiar_surnames(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` plus a PER span for each surname after a familiar prefix (老傅)."""
    singles = surnames()[0]
    taken = None
    added = []
    for match in _familiar_pattern().finditer(text):
        i = match.start()
        at = i + 1
        taken = taken or covered(text, spans)
        if taken[i] or taken[at]:
            continue
        if dictionary_pos(text[at]) == "n":
            continue  # a surname that is also a noun: 小文 (a short essay), 小羊
        before = text[i - 1] if i else ""
        if before in singles or _counted(text, i):
            continue  # 吕老曾…, 一只小羊
        if _in_longer_word(text, i, at) or (at + 1 < len(text) and _in_longer_word(text, at, at + 1)):
            continue  # 小康, 老玉米, 深山老林, 干部 in 老干部
        if i and is_han(before) and common_word(before + text[i]):
            continue  # 从小, 大小
        if _ends_name(text, at + 1):
            added.append((at, at + 1, "PER"))
    return sorted(spans + added) if added else spans


def add_place_abbreviations(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` plus a LOC span for each abbreviation before a people/capital head (台商)."""
    taken = None
    added = []
    for match in _abbreviation_pattern().finditer(text):
        i = match.start()
        taken = taken or covered(text, spans)
        if taken[i]:
            continue
        if i and _in_longer_word(text, i - 1, i) or _in_longer_word(text, i + 1, i + 2):
            continue  # 创新资金, 新资料
        added.append((i, i + 1, "LOC"))
    return sorted(spans + added) if added else spans
