"""The place gazetteer: countries, foreign cities and China's administrative divisions.

Divisions come from ``lexicons/cn_admin_divisions.tsv`` (adcode, name, level,
parent); countries from ``lexicons/countries_regions.txt`` less the continents,
oceans and regions of ``lexicons/world_regions.txt`` and the international
organizations (欧盟 is not a country).  Short
forms of provinces and cities are derived by a general rule (湖北 -> 湖北省,
武汉 -> 武汉市, 广西 -> 广西壮族自治区) and kept only when they point to one
division at the highest level that has them; counties and districts keep their
full names (东湖 is a lake, 东湖区 a district of 南昌).

Foreign cities come from ``lexicons/world_cities.tsv`` (city, country: 日内瓦
-> 瑞士); a name that is also a Chinese division or its short form keeps the
Chinese reading (丽水 is 丽水市 of 浙江, not 丽水 of 韩国).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.errors import ResourceError
from kg.resources import load_lines, load_tsv

__all__ = ["Division", "Gazetteer", "gazetteer", "division_short_form"]

LEVEL_CLASS = {"province": "Province", "city": "City", "county": "County"}
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
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


def division_short_form(name: str) -> str | None:
    """The name without its administrative suffix and ethnic groups, if 2+
    characters remain (恩施土家族苗族自治州 -> 恩施, 湖北省 -> 湖北)."""
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = _strip_ethnic(name[: -len(suffix)])
            return stem if len(stem) >= 2 else None
    return None



@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str  # adcode of the parent, or "CN"

    @property
    def cls(self) -> str:
        return LEVEL_CLASS[self.level]


class Gazetteer:
    """Lookups over the bundled place lists."""

    def __init__(self):
        rows = load_tsv("lexicons", "cn_admin_divisions.tsv", columns=4)
        self.by_code = {code: Division(code, name, level, parent) for code, name, level, parent in rows}
        self.by_name: dict[str, list[Division]] = {}
        for div in self.by_code.values():
            self.by_name.setdefault(div.name, []).append(div)
        self.short: dict[str, str] = {}
        candidates: dict[str, list[Division]] = {}
        for div in self.by_code.values():
            if div.level == "county":  # 东湖 is a lake, not 东湖区: no short forms below cities
                continue
            short = division_short_form(div.name)
            if short:
                candidates.setdefault(short, []).append(div)
        for short, divs in candidates.items():
            if short in self.by_name:
                continue
            best = min(LEVEL_RANK[d.level] for d in divs)
            top = {d.name for d in divs if LEVEL_RANK[d.level] == best}
            if len(top) == 1:
                self.short[short] = top.pop()
        self.regions = set(load_lines("lexicons", "world_regions.txt"))
        international = set(load_lines("lexicons", "intl_organizations.txt"))
        self.countries = set(load_lines("lexicons", "countries_regions.txt")) - self.regions - international
        self.country_of_china = {"中国", "中华人民共和国"}
        self.cities = self._foreign_cities()

    def _foreign_cities(self) -> dict[str, str]:
        """City -> country from ``world_cities.tsv``, less the names China's divisions use."""
        chinese = set(self.by_name) | set(self.short)
        chinese |= {s for s in map(division_short_form, self.by_name) if s}  # 大田 of 大田县 too
        cities: dict[str, str] = {}
        for city, country in load_tsv("lexicons", "world_cities.tsv", columns=2):
            if country not in self.countries:
                raise ResourceError(
                    f"lexicons/world_cities.tsv: the country of {city} is written {country!r}, which "
                    "countries_regions.txt does not list as a country; write it as that file does"
                )
            if city in cities:
                raise ResourceError(f"lexicons/world_cities.tsv lists {city} twice; keep one row")
            cities[city] = country
        return {city: country for city, country in sorted(cities.items())
                if city not in chinese and city not in self.countries and city not in self.regions}

    def canonical(self, name: str) -> str:
        """The official name of a division for a short form; else ``name``."""
        if name in self.by_name:
            return name
        return self.short.get(name, name)

    def divisions(self, name: str) -> list[Division]:
        return self.by_name.get(self.canonical(name), [])

    def is_country(self, name: str) -> bool:
        return name in self.countries

    def country_of(self, name: str) -> str | None:
        """The country a known foreign city lies in (日内瓦 -> 瑞士), else None."""
        return self.cities.get(name)

    def place_class(self, name: str) -> str | None:
        """Country / Province / City / County / Region for known names, else None."""
        divs = self.divisions(name)
        if divs:
            return min(divs, key=lambda d: LEVEL_RANK[d.level]).cls
        if self.is_country(name):
            return "Country"
        if name in self.regions:
            return "Region"
        if name in self.cities:
            return "City"
        return None

    def chain(self, div: Division) -> list[Division]:
        """The division's ancestors, nearest first."""
        out = []
        while div.parent in self.by_code:
            div = self.by_code[div.parent]
            out.append(div)
        return out

    def leading_place(self, name: str) -> str | None:
        """The longest known place name (or short form) that ``name`` starts with,
        leaving at least two characters after it."""
        for length in range(min(len(name) - 2, 12), 1, -1):
            head = name[:length]
            if head in self.by_name or head in self.short or head in self.countries or head in self.regions:
                return head
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
