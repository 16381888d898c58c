"""Anonymized people: 张某, 李某某, 王某甲 in court, police and accident news.

Chinese news writes a suspect, a defendant or a victim as a surname and 某
(某某; 甲/乙 to tell two apart).  The taggers, trained on names, rarely mark
them, so a suspect sentenced in a trial had no one to be.  Such a name is a
person (:func:`anonymized_people` adds the mention) who exists only in the
document: 张某 of one article is not 张某 of another, so resolution gives it
a document-local key (:func:`is_anonymized`).

Not a name: a surname that is also a function word (于某日, 向某国, 和某公司,
由某人), or 某 as a determiner before a noun (高某项 in 提高某项, 张某公司).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.extract.spans import SpanIndex
from kg.lexicons import surnames
from kg.model import Mention

__all__ = ["anonymized_people", "is_anonymized"]

#: Single-character surnames that are far more often function words before 某.
FUNCTION_WORDS = "于向和由与及"
#: 某 before one of these is a determiner (某些, 某地, 某公司), not part of a name.
DETERMINED = ("些", "种", "类", "项", "国", "省", "市", "县", "地", "处", "公司", "单位", "机构", "部门", "企业",
              "医院", "学校", "网站", "平台", "品牌", "方面", "领域", "行业")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    single, compound = surnames()
    names = sorted(compound, key=lambda n: (-len(n), n)) + sorted(single - set(FUNCTION_WORDS))
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")某某?[甲乙丙丁]?")


def is_anonymized(name: str) -> bool:
    """张某, 李某某, 欧阳某, 王某甲: a surname and 某, nothing else."""
    return _pattern().fullmatch(name) is not None


def anonymized_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a PER mention for each anonymized name: it replaces
    mentions of a part of it (the tagger's 张 of 张某, 欧阳 of 欧阳某甲); one that
    reaches past it (张某公司) keeps the text as tagged.  An anonymized name the
    taggers gave another kind is a person."""
    mentions = sorted(replace(m, label="PER") if is_anonymized(m.text) and m.label != "PER" else m
                      for m in mentions)
    index = SpanIndex(mentions)
    drop, add = set(), []
    for match in _pattern().finditer(text):
        start, end = match.span()
        if text.startswith(DETERMINED, end):
            continue
        inside = index.overlapping(start, end)
        if any(m.start < start or m.end > end or (m.start, m.end) == (start, end) for m in inside):
            continue
        drop.update(inside)
        add.append(Mention(start, end, "PER", match.group(), source="anonymized"))
    if not add:
        return mentions
    return sorted([m for m in mentions if m not in drop] + add)
