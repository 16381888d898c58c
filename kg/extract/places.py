"""Places inside longer names: whether a known place starts a name as a whole word.

A place at the start of a longer name counts only as a whole word
(:func:`leading_place`): 阿里巴巴集团 does not start with 阿里 (阿里地区),
because 阿里巴巴 is one word, and 约旦河西岸 does not start with 约旦.  The
place lists themselves are :mod:`kg.gazetteer`; the dictionary is NER's.
"""

from __future__ import annotations

from functools import lru_cache

from kg.gazetteer import division_short_form, gazetteer
from kg.ner.anchored import dictionary_pos
from kg.resources import load_tsv

__all__ = ["leading_place", "whole_word_prefix"]


def leading_place(name: str, min_rest: int = 2) -> str | None:
    """The longest known place name (or short form) that ``name`` starts with
    as a whole word, leaving at least ``min_rest`` characters after it.

    Whole word: no dictionary word starts with the place and runs past it
    (阿里巴巴集团: 阿里巴巴 is a word, so 阿里 is no place here; 约旦河西岸:
    约旦河), unless that word is the place plus an organization or place
    ending (北京大学 = 北京 + 大学)."""
    gaz = gazetteer()
    for length in range(min(len(name) - 1, 12), 1, -1):
        head = name[:length]
        if len(name) - length < min_rest and name[length:] not in _org_heads():
            continue  # 浙江队: a one-character head of place_org_heads.tsv is enough
        if (head in gaz.by_name or head in gaz.short or head in gaz.countries
                or head in gaz.regions or head in gaz.user_places) and whole_word_prefix(name, head):
            return head
    return None


def whole_word_prefix(name: str, head: str) -> bool:
    """Whether ``head`` starts ``name`` as a whole word (see :func:`leading_place`):
    no dictionary word that starts with ``head`` and runs past it is a name
    (阿里巴巴), an idiom (白山黑水) or another place shorter than ``name``
    (约旦河 in 约旦河西岸), except the place with an administrative or area
    ending (北京市, 北京市区)."""
    for end in range(len(head) + 1, len(name) + 1):
        word = name[:end]
        pos = dictionary_pos(word)
        if pos.startswith(("nr", "i", "l")):
            return False
        if (pos.startswith("ns") and end < len(name) and division_short_form(word) != head
                and not word.endswith(_AREA_WORDS)):  # 约旦河 in 约旦河西岸; 中南海怀仁堂 is both
            return False
    return True


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    """Organization heads after a place name (政府, 队): ``lexicons/place_org_heads.tsv``."""
    return frozenset(head for head, _cls in load_tsv("lexicons", "place_org_heads.tsv", columns=2))


#: Endings of a dictionary place word that is still the place plus a part of it (北京市区, 巴黎郊区).
_AREA_WORDS = ("市区", "郊区", "城区", "地区", "境内", "全境", "全省", "全市")
