"""Entities a graph can rely on (issue 20 item 4): fresh sentences from many genres,
tagged by hand so that each rule is tested on its own."""

import pytest

from kg.extract.aliases import load_alias_rules
from kg.extract.relations import RelationStage
from kg.extract.corpus_resolve import CorpusResolveStage
from kg.extract.resolve import ResolveStage
from tests.extract.helpers import make_doc


def build(text, *tags):
    rules = load_alias_rules()
    doc = CorpusResolveStage(rules)([ResolveStage(rules)(make_doc(text, *tags))])[0]
    return RelationStage(rules)(doc)


def entities(doc):
    return {e.label: e.cls for e in doc.entities}


def facts(doc, kind):
    return {(r.subject.split("/", 1)[1], r.object.split("/", 1)[1]) for r in doc.relations if r.kind == kind}


@pytest.mark.parametrize("text, tags, org, cls, place", [
    ("美国政府周三宣布新一轮制裁。", [("美国", "LOC")], "美国政府", "GovernmentBody", "美国"),
    ("沈阳军区某部连夜奔赴灾区抢险。", [("沈阳军区", "LOC")], "沈阳军区", "MilitaryOrganization", "沈阳市"),
    ("决赛中山东队以2比1击败对手。", [("山东", "LOC")], "山东队", "SportsTeam", "山东省"),
    ("中国代表队在游泳比赛中夺得三枚金牌。", [("中国", "LOC")], "中国代表队", "SportsTeam", "中国"),
    ("巴西队主教练赛后接受采访。", [("巴西队", "ORG")], "巴西队", "SportsTeam", "巴西"),
])
def test_place_and_head_make_an_organization_located_there(text, tags, org, cls, place):
    doc = build(text, *tags)
    assert entities(doc).get(org) == cls
    assert (org, place) in facts(doc, "location")


def test_a_head_that_runs_on_into_a_word_makes_no_organization():
    doc = build("三名山东队员入选集训名单。", ("山东", "LOC"))
    assert not [e for e in doc.entities if e.kind == "organization"]


def test_a_place_holding_a_country_name_is_not_split():
    doc = build("巴勒斯坦人在约旦河西岸举行集会。", ("约旦", "LOC"), ("河西岸", "LOC"))
    assert "约旦河西岸" in entities(doc) and "约旦" not in entities(doc)
    doc = build("定居点扩建令约旦河西岸局势紧张。", ("约旦河西岸", "LOC"))
    assert set(entities(doc)) == {"约旦河西岸"} and not facts(doc, "containedInPlace")


def test_a_country_and_its_city_are_two_places_in_containment():
    doc = build("南非开普敦遭遇百年不遇的旱灾。", ("南非开普敦", "LOC"))
    assert entities(doc) == {"南非": "Country", "开普敦": "City"}
    assert ("开普敦", "南非") in facts(doc, "containedInPlace")


@pytest.mark.parametrize("text, tags, name", [
    ("菲拉利说，新赛季车队将更换引擎供应商。", [("菲拉利", "ORG")], "菲拉利"),
    ("捷克总统佩塞克当天签署了法案。", [("捷克", "LOC"), ("佩塞克", "LOC")], "佩塞克"),
    ("斯托克表示，法院将在下周宣判。", [("斯托克", "LOC")], "斯托克"),
    ("莫拉蒂先生出席了股东大会。", [("莫拉蒂", "ORG")], "莫拉蒂"),
])
def test_foreign_names_are_people_by_shape_and_context(text, tags, name):
    doc = build(text, *tags)
    assert entities(doc).get(name) == "Person"


@pytest.mark.parametrize("text, tags, name, cls", [
    ("华盛顿表示将重新评估对外援助。", [("华盛顿", "LOC")], "华盛顿", "City"),
    ("哈马斯表示愿意接受停火。", [("哈马斯", "ORG")], "哈马斯", "Organization"),
    ("我们在卡拉奇转机。", [("卡拉奇", "LOC")], "卡拉奇", "City"),
])
def test_known_places_and_organizations_stay(text, tags, name, cls):
    assert entities(build(text, *tags)).get(name) == cls


def test_a_name_does_not_swallow_a_verb():
    doc = build("反对派联合起来要把内塔尼亚胡拉下台。", ("内塔尼亚胡拉", "PER"))
    assert "内塔尼亚胡" in entities(doc) and "内塔尼亚胡拉" not in entities(doc)
    doc = build("球迷高喊口号，要把穆里尼奥赶下台。", ("穆里尼奥赶", "PER"))
    assert "穆里尼奥" in entities(doc)
    doc = build("博尔特斯称赞队友。博尔特斯拉开比分。", ("博尔特斯", "PER"), ("博尔特斯拉", "PER"))
    assert set(entities(doc)) == {"博尔特斯"}
    doc = build("奥巴马上任后签署的第一份法案。", ("奥巴马", "PER"))
    assert set(entities(doc)) == {"奥巴马"}


@pytest.mark.parametrize("text, tags", [
    ("抗联将士在白山黑水间浴血奋战。", [("白山", "LOC")]),
    ("人民生命重于泰山，救援一刻也不能停。", [("泰山", "LOC")]),
    ("党政军民学，东西南北中，党是领导一切的。", [("东西南北中", "LOC")]),
    ("震中位于北纬31度、东经103度。", [("北纬", "LOC")]),
    ("这颗小行星将于明年掠过地球。", [("地球", "LOC")]),
])
def test_idioms_and_common_words_are_not_places(text, tags):
    assert not build(text, *tags).entities


def test_a_mountain_named_outside_an_idiom_stays_a_place():
    assert "泰山" in entities(build("国庆期间游客登上泰山观日出。", ("泰山", "LOC")))


def test_an_organization_is_not_placed_in_a_region_sharing_its_first_characters():
    doc = build("阿里巴巴集团公布季度财报。", ("阿里巴巴集团", "COMPANY"))
    assert not facts(doc, "location") and "阿里地区" not in entities(doc)
    doc = build("阿里地区人民医院开通远程会诊。", ("阿里地区人民医院", "ORG"))
    assert ("阿里地区人民医院", "阿里地区") in facts(doc, "location")


@pytest.mark.parametrize("text, tags, body", [
    ("党的十五大确立了邓小平理论的指导地位。", [("十五大", "ORG")], None),
    ("十四届全国人大二次会议在京开幕。", [("十四届全国人大二次会议", "ORG")], "全国人民代表大会"),
    ("十五大和十四届全国人大都作出了部署。", [("十五大和十四届全国人大", "ORG")], "全国人民代表大会"),
    ("中共十九届四中全会审议通过了决定。", [("十九届四中全会", "GOV")], None),
])
def test_numbered_congresses_are_meetings_not_organizations(text, tags, body):
    orgs = {e.label for e in build(text, *tags).entities if e.kind == "organization"}
    assert orgs == ({body} if body else set())


def test_two_names_of_one_person_are_one_node_when_the_document_uses_both():
    doc = build("英国国王查尔斯三世抵达柏林。查尔斯在国宴上致辞。", ("英国", "LOC"), ("查尔斯三世", "PER"),
                ("柏林", "LOC"), ("查尔斯", "PER"))
    people = [e for e in doc.entities if e.kind == "person"]
    assert [p.label for p in people] == ["查尔斯三世"] and "查尔斯" in people[0].aliases


def test_two_names_of_one_county_are_one_node_when_the_document_uses_both():
    doc = build("张北县风电项目并网发电。张北的风能资源丰富。", ("张北县", "LOC"), ("张北", "LOC"))
    places = {e.label for e in doc.entities if e.kind == "place"}
    assert "张北" not in places and "张北县" in places
