"""Lexicon (gazetteer) matching used as tagger features.

Lexicons are packaged data files under ``kg/data/lexicons`` (general knowledge:
places, international organizations, organization suffixes, position titles,
surnames).  :class:`Gazetteer` finds, at every start position, the longest
lexicon entry of each category and marks the characters it covers with
``B``/``M``/``E``/``S`` positions; the features are those marks.
"""

from __future__ import annotations

from functools import lru_cache

from kg.resources import load_lines, load_tsv

__all__ = ["Gazetteer", "load_gazetteer", "admin_names", "LEXICONS"]

#: category -> packaged lexicon files (one item per line).
LEXICONS = {
    "LOC": ("countries_regions.txt", "world_places.txt"),
    "ORG": ("intl_organizations.txt", "cn_organizations.txt"),
    "OSF": ("org_suffixes.txt",),
    "TTL": ("titles.txt",),
    "SUR": ("surnames.txt",),
    "FNC": ("foreign_name_chars.txt",),
}

# Suffixes of administrative division names, longest first; stripping one
# gives the short form (湖北省 -> 湖北, 武汉市 -> 武汉).
_ADMIN_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
    "自治旗", "林区", "地区", "新区", "省", "市", "区", "县", "盟", "旗",
)
# China's 56 ethnic groups (without 族), found between a place name and
# 自治州/自治县 (恩施土家族苗族自治州 -> 恩施).
_ETHNIC = sorted(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 "
    "各".split(),
    key=len,
    reverse=True,
)


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed and stem.endswith("族"):
        changed = False
        for group in _ETHNIC:
            if stem.endswith(group + "族") and len(stem) - len(group) - 1 >= 2:
                stem = stem[: -len(group) - 1]
                changed = True
                break
    return stem


def _short_form(name: str) -> str | None:
    """The name without its administrative suffix, if 2+ characters remain."""
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = _strip_ethnic(name[: -len(suffix)])
            return stem if len(stem) >= 2 else None
    return None


@lru_cache(maxsize=1)
def admin_names() -> frozenset[str]:
    """Chinese administrative division names with their short forms."""
    names = set()
    for _code, name, _level, _parent in load_tsv("lexicons", "cn_admin_divisions.tsv", columns=4):
        names.add(name)
        short = _short_form(name)
        if short:
            names.add(short)
    return frozenset(names)


class Gazetteer:
    """Longest-match lexicon lookup over a text, by category."""

    def __init__(self, entries: dict[str, set[str]]):
        self.words: dict[str, tuple[str, ...]] = {}
        merged: dict[str, set[str]] = {}
        for category, words in entries.items():
            for word in words:
                if word:
                    merged.setdefault(word, set()).add(category)
        self.words = {w: tuple(sorted(c)) for w, c in merged.items()}
        self.prefixes = {w[:i] for w in self.words for i in range(1, len(w) + 1)}
        self.categories = tuple(sorted(entries))

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def categories_of(self, word: str) -> tuple[str, ...]:
        return self.words.get(word, ())

    def matches(self, text: str):
        """Yield ``(start, end, category)`` for the longest entry of each
        category starting at each position."""
        words, prefixes = self.words, self.prefixes
        n = len(text)
        for i in range(n):
            if text[i] not in prefixes:
                continue
            best: dict[str, int] = {}
            j = i + 1
            while j <= n and text[i:j] in prefixes:
                for category in words.get(text[i:j], ()):
                    best[category] = j
                j += 1
            for category, end in best.items():
                yield i, end, category

    def marks(self, text: str) -> list[list[str]]:
        """Per character, the list of ``CATEGORY=POS`` marks (POS in BMES)."""
        out: list[list[str]] = [[] for _ in text]
        for start, end, category in self.matches(text):
            if end - start == 1:
                out[start].append(category + "=S")
                continue
            out[start].append(category + "=B")
            for k in range(start + 1, end - 1):
                out[k].append(category + "=M")
            out[end - 1].append(category + "=E")
        return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (loaded once)."""
    entries: dict[str, set[str]] = {}
    for category, files in LEXICONS.items():
        words = entries.setdefault(category, set())
        for name in files:
            words.update(load_lines("lexicons", name))
    entries["LOC"] |= admin_names()
    return Gazetteer(entries)
