import pytest

from kg.extract.relations import RelationStage
from kg.extract.corpus_resolve import CorpusResolveStage
from kg.extract.resolve import ResolveStage, load_alias_rules
from kg.model import Mention, TimeValue
from tests.extract.helpers import make_doc


def relate(doc):
    rules = load_alias_rules()
    doc = CorpusResolveStage(rules)([ResolveStage(rules)(doc)])[0]
    return RelationStage(rules)(doc)


def memberships(doc):
    return {(r.subject.split("/")[1], r.object.split("/")[1], r.role) for r in doc.relations if r.kind == "membership"}


def facts(doc, kind):
    return {(r.subject.split("/")[1], r.object.split("/")[1]) for r in doc.relations if r.kind == kind}


@pytest.mark.parametrize(
    "text, tags, expected",
    [
        ("世卫组织总干事谭德塞感叹。", [("世卫组织", "ORG"), ("总干事", "TITLE"), ("谭德塞", "PER")],
         ("谭德塞", "世界卫生组织", "总干事")),
        ("中国工程院院士、呼吸与危重症医学专家王辰心急如焚。", [("中国工程院", "ORG"), ("院士", "TITLE"), ("王辰", "PER")],
         ("王辰", "中国工程院", "院士")),
        ("柬埔寨首相洪森访华。", [("柬埔寨", "LOC"), ("首相", "TITLE"), ("洪森", "PER")], ("洪森", "柬埔寨", "首相")),
        ("上海市第六人民医院重症医学科副主任医师汪伟接到电话。", [("上海市第六人民医院", "ORG"), ("副主任医师", "TITLE"), ("汪伟", "PER")],
         ("汪伟", "上海市第六人民医院", "重症医学科副主任医师")),
    ],
)
def test_appositive_positions(text, tags, expected):
    assert expected in memberships(relate(make_doc(text, *tags)))


def test_chained_appositive_gives_every_position():
    text = "中共中央政治局常委、国务院总理、中央应对疫情工作领导小组组长李克强赶赴武汉。"
    doc = relate(make_doc(text, ("中共中央政治局", "ORG"), ("常委", "TITLE"), ("国务院", "GOV"), ("总理", "TITLE"),
                          ("中央应对疫情工作领导小组", "ORG"), ("组长", "TITLE"), ("李克强", "PER"), ("武汉", "LOC")))
    got = memberships(doc)
    assert {("李克强", "中共中央政治局", "常委"), ("李克强", "国务院", "总理"),
            ("李克强", "中央应对疫情工作领导小组", "组长")} <= got


def test_a_country_does_not_hold_expert_titles():
    doc = relate(make_doc("美国中国问题专家罗伯特·库恩如是说。", ("美国", "LOC"), ("中国", "LOC"), ("罗伯特·库恩", "PER")))
    assert memberships(doc) == set()


def test_scene_sentence_supplies_the_organization():
    text = "2019年12月底，湖北省中西医结合医院。“有一家3口。”经历过非典救治的呼吸与重症医学科主任张继先心里一紧。"
    start = text.index("2019年12月底")
    time = (Mention(start, start + 9, "TIME", "2019年12月底"), TimeValue("2019-12", "gYearMonth", True))
    doc = relate(make_doc(text, ("湖北省中西医结合医院", "ORG"), ("主任", "TITLE"), ("张继先", "PER"), times=[time]))
    assert ("张继先", "湖北省中西医结合医院", "呼吸与重症医学科主任") in memberships(doc)


def test_leader_of_a_body_formed_in_the_clause():
    text = "由国务院副总理孙春兰率领，多位负责同志组成的中央指导组抵达武汉。"
    doc = relate(make_doc(text, ("国务院", "GOV"), ("副总理", "TITLE"), ("孙春兰", "PER"), ("中央指导组", "ORG"), ("武汉", "LOC")))
    got = memberships(doc)
    assert ("孙春兰", "国务院", "副总理") in got and ("孙春兰", "中央指导组", "领队") in got


def test_organizations_sit_in_their_leading_place_and_parent():
    doc = relate(make_doc("湖北省中西医结合医院和武汉市卫生健康委员会。中共中央政治局常委会召开会议。",
                          ("湖北省中西医结合医院", "ORG"), ("武汉市卫生健康委员会", "GOV"), ("中共中央政治局常委会", "ORG")))
    located = facts(doc, "location")
    assert ("湖北省中西医结合医院", "湖北省") in located and ("武汉市卫生健康委员会", "武汉市") in located
    assert ("中共中央政治局常务委员会", "中共中央政治局") in facts(doc, "subOrganizationOf")


def test_places_in_places_from_gazetteer_and_text():
    doc = relate(make_doc("习近平来到北京市朝阳区安华里社区。随后前往武汉和西安。",
                          ("习近平", "PER"), ("北京市朝阳区安华里社区", "LOC"), ("武汉", "LOC"), ("西安", "LOC")))
    inside = facts(doc, "containedInPlace")
    assert {("朝阳区", "北京市"), ("安华里社区", "朝阳区"), ("武汉市", "湖北省"), ("西安市", "陕西省")} <= inside
    assert ("北京市", "中国") in inside


def test_ambiguous_district_needs_its_city_in_the_text():
    doc = relate(make_doc("朝阳区发布通告。", ("朝阳区", "LOC")))
    assert facts(doc, "containedInPlace") == set()


def test_foreign_city_sits_in_its_country():
    text = "世界卫生组织总干事谭德塞3月11日在日内瓦宣布，新冠肺炎疫情已具有全球大流行特征。"
    doc = relate(make_doc(text, ("世界卫生组织", "ORG"), ("总干事", "TITLE"), ("谭德塞", "PER"), ("日内瓦", "LOC")))
    assert facts(doc, "containedInPlace") == {("日内瓦", "瑞士")}
    classes = {e.label: e.cls for e in doc.entities if e.kind == "place"}
    assert classes == {"日内瓦": "City", "瑞士": "Country"}


def test_foreign_city_sits_in_its_mentioned_country():
    text = "美国纽约州州长科莫4月2日在纽约表示，纽约州的呼吸机储备将在6天内耗尽。"
    doc = relate(make_doc(text, ("美国", "LOC"), ("纽约州", "LOC"), ("州长", "TITLE"), ("科莫", "PER"),
                          ("纽约", "LOC"), ("纽约州", "LOC")))
    assert facts(doc, "containedInPlace") == {("纽约", "美国"), ("纽约州", "美国")}
    assert [e.key for e in doc.entities if e.kind == "place"] == ["place/纽约", "place/纽约州", "place/美国"]


def test_chinese_reading_wins_over_a_foreign_city_of_the_same_name():
    doc = relate(make_doc("丽水发布暴雨橙色预警。", ("丽水", "LOC")))  # 丽水市 of 浙江, not Yeosu of 韩国
    assert facts(doc, "containedInPlace") == {("丽水市", "浙江省")}


def test_verb_relations():
    text = "3月12日晚，习近平主席应约同联合国秘书长古特雷斯通电话。习近平总书记来到武汉考察。"
    doc = relate(make_doc(text, ("习近平", "PER"), ("主席", "TITLE"), ("联合国", "ORG"), ("秘书长", "TITLE"),
                          ("古特雷斯", "PER"), ("习近平", "PER"), ("总书记", "TITLE"), ("武汉", "LOC")))
    assert ("习近平", "古特雷斯") in facts(doc, "talksWith")
    assert ("习近平", "武汉市") in facts(doc, "visited")
    assert ("古特雷斯", "联合国", "秘书长") in memberships(doc)


# ------------------------------------------------------------------ the demo article
POSITION_HOLDERS = {
    ("张继先", "湖北省中西医结合医院", "呼吸与重症医学科主任"),
    ("汪伟", "上海市第六人民医院", "重症医学科副主任医师"),
    ("胡世翥", "空军军医大学西京医院", "神经外科副主任医师"),
    ("彭红", "广州医科大学附属第一医院", "急诊科护士长"),
    ("谭德塞", "世界卫生组织", "总干事"),
    ("李克强", "国务院", "总理"),
    ("孙春兰", "国务院", "副总理"),
    ("王辰", "中国工程院", "院士"),
    ("洪森", "柬埔寨", "首相"),
    ("古特雷斯", "联合国", "秘书长"),
}


def test_demo_position_holders(demo_docs):
    assert POSITION_HOLDERS <= memberships(demo_docs[0])


def test_demo_has_one_node_per_thing(demo_docs):
    doc = demo_docs[0]
    by_kind = {}
    for e in doc.entities:
        by_kind.setdefault(e.kind, []).append(e)
    for kind, entities in by_kind.items():
        labels = {e.label for e in entities}
        for e in entities:
            assert not (set(e.aliases) & (labels - {e.label})), (kind, e.label, e.aliases)
        for a in labels:  # 火神山医院 and 武汉火神山医院, 武汉 and 武汉市: one node
            for b in labels - {a}:
                assert not (b.endswith(a) and len(a) >= 3 and b[: -len(a)] in ("武汉", "武汉市", "湖北", "湖北省", "北京", "北京市")), (a, b)
    names = [e.label for e in by_kind["person"]]
    assert names.count("习近平") == 1 and "习近平总书记" not in names


def test_demo_nesting_and_places(demo_docs):
    doc = demo_docs[0]
    assert ("湖北省中西医结合医院", "湖北省") in facts(doc, "location")
    assert ("中共中央政治局常务委员会", "中共中央政治局") in facts(doc, "subOrganizationOf")
    inside = facts(doc, "containedInPlace")
    assert {("武汉市", "湖北省"), ("朝阳区", "北京市"), ("安华里社区", "朝阳区")} <= inside


def test_user_aliases_reach_parent_organizations(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("same\t国务院\t中华人民共和国国务院\torganization\n", encoding="utf-8")
    rules = load_alias_rules(str(path))
    doc = make_doc("国务院联防联控机制发布通知。", ("国务院联防联控机制", "GOV"))
    doc = CorpusResolveStage(rules)([ResolveStage(rules)(doc)])[0]
    doc = RelationStage(rules)(doc)
    assert ("国务院联防联控机制", "中华人民共和国国务院") in facts(doc, "subOrganizationOf")
