"""The place gazetteer: foreign cities in their countries, Chinese names kept Chinese."""

import pytest

from kg.errors import ResourceError
from kg import gazetteer as places
from kg.extract.places import leading_place
from kg.gazetteer import Gazetteer, gazetteer
from kg.resources import load_lines, load_tsv

CITIES = load_tsv("lexicons", "world_cities.tsv", columns=2)
#: world_places.txt names that world_cities.tsv leaves out on purpose.
NOT_LISTED = {"耶路撒冷": "its country is disputed"}


def test_countries_of_cities_are_written_as_countries_regions_writes_them():
    listed = set(load_lines("lexicons", "countries_regions.txt"))
    place_aliases = {row[0] for row in load_tsv("lexicons", "aliases.tsv", columns=3) if row[2] == "place"}
    countries = {country for _, country in CITIES}
    assert countries <= listed
    assert countries <= gazetteer().countries  # not a region, not an international organization
    assert not countries & place_aliases  # 美国, not 美利坚合众国


def test_every_foreign_city_of_world_places_is_listed_once():
    gaz = gazetteer()
    cities = [city for city, _ in CITIES]
    assert len(cities) == len(set(cities))
    assert 250 <= len(cities) <= 400
    foreign = {name for name in load_lines("lexicons", "world_places.txt") if not gaz.divisions(name)}
    assert foreign - set(cities) == set(NOT_LISTED)


@pytest.mark.parametrize("city, country", [
    ("日内瓦", "瑞士"), ("纽约", "美国"), ("东京", "日本"), ("首尔", "韩国"),
    ("金沙萨", "刚果（金）"), ("太子港", "海地"), ("努尔苏丹", "哈萨克斯坦"),
])
def test_foreign_city_is_a_city_in_its_country(city, country):
    gaz = gazetteer()
    assert gaz.country_of(city) == country
    assert gaz.place_class(city) == "City"  # 太子港 too, though 港 ends facilities
    assert gaz.place_class(country) == "Country"


@pytest.mark.parametrize("name, abroad, chinese, cls", [
    ("丽水", "韩国", "丽水市", "City"),  # 丽水市 of 浙江, not 丽水 (Yeosu) of 韩国
    ("大田", "韩国", "大田县", None),  # 大田县 of 三明: counties have no short forms
    ("泗水", "印度尼西亚", "泗水县", None),
])
def test_name_of_a_chinese_division_keeps_the_chinese_reading(name, abroad, chinese, cls):
    gaz = gazetteer()
    assert (name, abroad) in CITIES
    assert gaz.by_name[chinese]
    assert gaz.country_of(name) is None
    assert gaz.place_class(name) == cls


@pytest.mark.parametrize("row, message", [
    (("日内瓦", "Switzerland"), "country of 日内瓦 is written 'Switzerland'"),
    (("日内瓦", "欧洲"), "country of 日内瓦 is written '欧洲'"),
])
def test_bad_country_is_named(monkeypatch, row, message):
    real = places.load_tsv
    monkeypatch.setattr(places, "load_tsv",
                        lambda *parts, **kw: (row,) if parts[-1] == "world_cities.tsv" else real(*parts, **kw))
    with pytest.raises(ResourceError, match=message):
        Gazetteer()


def test_city_listed_twice_is_named(monkeypatch):
    real = places.load_tsv
    rows = (("日内瓦", "瑞士"), ("日内瓦", "瑞士"))
    monkeypatch.setattr(places, "load_tsv",
                        lambda *parts, **kw: rows if parts[-1] == "world_cities.tsv" else real(*parts, **kw))
    with pytest.raises(ResourceError, match="lists 日内瓦 twice"):
        Gazetteer()


# --- foreign cities from GeoNames (issue 20 item 6) and whole-word place prefixes

@pytest.mark.parametrize("city, country", [("温得和克", "纳米比亚"), ("热舒夫", "波兰"),
                                           ("威奇托福尔斯", "美国"), ("日内瓦", "瑞士")])
def test_geonames_cities_sit_in_their_countries(city, country):
    from kg.gazetteer import gazetteer

    assert gazetteer().country_of(city) == country and gazetteer().place_class(city) == "City"


def test_the_generated_city_list_names_its_source_and_licence_and_holds_no_ordinary_words():
    from kg.ner.anchored import dictionary_pos
    from kg.resources import load_tsv, read_text

    header = read_text("lexicons", "world_cities_geonames.tsv").split("\n", 6)[:6]
    assert any("GeoNames" in line and "CC BY 4.0" in line for line in header)
    rows = load_tsv("lexicons", "world_cities_geonames.tsv", columns=4)
    assert len(rows) > 5000
    assert not [name for name, *_ in rows if dictionary_pos(name) and not dictionary_pos(name).startswith("ns")]
    assert all(len(name) >= 3 or int(pop) >= 500_000 for name, _c, pop, _id in rows)


@pytest.mark.parametrize("word", ["北上", "大和", "东海", "北区"])
def test_ordinary_words_are_no_foreign_cities(word):
    from kg.gazetteer import gazetteer

    assert gazetteer().country_of(word) is None


@pytest.mark.parametrize("name, head", [("阿里巴巴集团", None), ("约旦河西岸", None), ("阿里巴巴公司", None),
                                        ("北京大学", "北京"), ("湖北省中西医结合医院", "湖北省"),
                                        ("阿里地区人民医院", "阿里地区"), ("浙江队", "浙江")])
def test_a_place_prefix_is_a_whole_word(name, head):
    assert leading_place(name) == head
