"""The place gazetteer: countries and China's administrative divisions.

Divisions come from ``lexicons/cn_admin_divisions.tsv`` (adcode, name, level,
parent); countries from ``lexicons/countries_regions.txt`` less the continents,
oceans and regions of ``lexicons/world_regions.txt`` and the international
organizations (欧盟 is not a country).  Short
forms of provinces and cities are derived by a general rule (湖北 -> 湖北省,
武汉 -> 武汉市, 广西 -> 广西壮族自治区) and kept only when they point to one
division at the highest level that has them; counties and districts keep their
full names (东湖 is a lake, 东湖区 a district of 南昌).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.resources import load_lines, load_tsv

__all__ = ["Division", "Gazetteer", "gazetteer"]

LEVEL_CLASS = {"province": "Province", "city": "City", "county": "County"}
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
#: Name endings stripped to form short names, longest first.
DIVISION_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州",
    "自治县", "地区", "省", "市", "区", "县", "盟", "旗",
)


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
            for suffix in DIVISION_SUFFIXES:
                if div.name.endswith(suffix) and len(div.name) - len(suffix) >= 2:
                    candidates.setdefault(div.name[: -len(suffix)], []).append(div)
                    break
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

    def canonical(self, name: str) -> str:
        """The official name of a division for a short form; else ``name``."""
        if name in self.by_name:
            return name
        return self.short.get(name, name)

    def divisions(self, name: str) -> list[Division]:
        return self.by_name.get(self.canonical(name), [])

    def is_country(self, name: str) -> bool:
        return name in self.countries

    def place_class(self, name: str) -> str | None:
        """Country / Province / City / County / Region for known names, else None."""
        divs = self.divisions(name)
        if divs:
            return min(divs, key=lambda d: LEVEL_RANK[d.level]).cls
        if self.is_country(name):
            return "Country"
        if name in self.regions:
            return "Region"
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
