"""Positions in the forms news uses (kg.extract.positions), on fresh sentences of many genres."""

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


def held(doc):
    """(person, organization, role); a document-local name (国务院@t) counts by its name."""
    return {(r.subject.split("/")[1], r.object.split("/")[1].split("@")[0], r.role)
            for r in doc.relations if r.kind == "membership"}


def membership(doc, person, role):
    found = [r for r in doc.relations if r.kind == "membership" and r.subject == f"person/{person}" and r.role == role]
    assert len(found) == 1, (person, role, held(doc))
    return found[0]


@pytest.mark.parametrize(
    "text, tags, expected",
    [
        # business: after the name, with 现任
        ("刘羡庭，现任九江银行董事长。", [("刘羡庭", "PER"), ("九江银行", "COMPANY")], ("刘羡庭", "九江银行", "董事长")),
        # business: colon form
        ("吴银龙：华陆工程科技有限责任公司董事长", [("吴银龙", "PER"), ("华陆工程科技有限责任公司", "COMPANY")],
         ("吴银龙", "华陆工程科技有限责任公司", "董事长")),
        # business: a name that opens the sentence, the title a clause of its own
        ("陈立新，1971年生，浙江人，宏达物流股份有限公司总经理，善于管理。",
         [("陈立新", "PER"), ("宏达物流股份有限公司", "COMPANY")], ("陈立新", "宏达物流股份有限公司", "总经理")),
        # schools: X任Y校长
        ("2021年9月，周文斌任江南理工大学校长。", [("周文斌", "PER"), ("江南理工大学", "ORG")], ("周文斌", "江南理工大学", "校长")),
        # schools: 任命X为Y校长
        ("省政府任命孙启明为北方师范学院院长。", [("省政府", "GOV"), ("孙启明", "PER"), ("北方师范学院", "ORG")],
         ("孙启明", "北方师范学院", "院长")),
        # sport: 担任
        ("前国脚郑智担任广州城足球俱乐部主教练。", [("郑智", "PER"), ("广州城足球俱乐部", "ORG")],
         ("郑智", "广州城足球俱乐部", "主教练")),
        # sport: ORG的TITLE是X
        ("山东泰山队的队长是王大雷。", [("山东泰山队", "ORG"), ("王大雷", "PER")], ("王大雷", "山东泰山队", "队长")),
        # sport: players as members
        ("北京首钢队队员方硕砍下30分。", [("北京首钢队", "ORG"), ("方硕", "PER")], ("方硕", "北京首钢队", "队员")),
        # army
        ("东部战区司令员林向阳出席仪式。", [("东部战区", "ORG"), ("林向阳", "PER")], ("林向阳", "东部战区", "司令员")),
        # diplomacy: 由X担任
        ("新一届使团由赵立新担任中国驻泰国大使馆大使。", [("赵立新", "PER"), ("中国驻泰国大使馆", "GOV")],
         ("赵立新", "中国驻泰国大使馆", "大使")),
        # government: ORG TITLE为X
        ("该市人民法院院长为黄振东。", [("该市人民法院", "GOV"), ("黄振东", "PER")], ("黄振东", "该市人民法院", "院长")),
        # diplomacy: offices a country holds, beyond 总统 and 外长
        ("岸田文雄会见了美国国务卿布林肯。", [("岸田文雄", "PER"), ("美国", "GPE"), ("布林肯", "PER")],
         ("布林肯", "美国", "国务卿")),
        ("英国财政大臣亨特宣布新的预算案。", [("英国", "GPE"), ("亨特", "PER")], ("亨特", "英国", "财政大臣")),
        # the party: a governing body belongs to the title (某大学党委书记)
        ("会上，南方科技大学党委书记李平作报告。", [("南方科技大学党委", "ORG"), ("李平", "PER")],
         ("李平", "南方科技大学", "党委书记")),
    ],
)
def test_position_forms(text, tags, expected):
    assert expected in held(relate(make_doc(text, *tags)))


def test_one_title_for_several_names_and_several_titles_of_one():
    doc = relate(make_doc("国务院总理李鹏、副总理邹家华出席会议。", ("国务院", "GOV"), ("李鹏", "PER"), ("邹家华", "PER")))
    assert {("李鹏", "国务院", "总理"), ("邹家华", "国务院", "副总理")} <= held(doc)
    doc = relate(make_doc("中共中央政治局常委、国务院副总理韩正考察港口。",
                          ("中共中央政治局", "ORG"), ("国务院", "GOV"), ("韩正", "PER")))
    assert {("韩正", "中共中央政治局", "常委"), ("韩正", "国务院", "副总理")} <= held(doc)
    doc = relate(make_doc("国家体育总局副局长杨国庆、李颖川出席发布会。",
                          ("国家体育总局", "GOV"), ("杨国庆", "PER"), ("李颖川", "PER")))
    assert {("杨国庆", "国家体育总局", "副局长"), ("李颖川", "国家体育总局", "副局长")} <= held(doc)


def test_a_title_chain_and_joined_titles_share_the_organization():
    doc = relate(make_doc("远洋控股集团董事长、总裁钱明辉当选商会会长。", ("远洋控股集团", "COMPANY"), ("钱明辉", "PER")))
    assert {("钱明辉", "远洋控股集团", "董事长"), ("钱明辉", "远洋控股集团", "总裁")} <= held(doc)
    doc = relate(make_doc("星海传媒有限公司董事长兼总经理许晓峰致辞。", ("星海传媒有限公司", "COMPANY"), ("许晓峰", "PER")))
    assert {("许晓峰", "星海传媒有限公司", "董事长"), ("许晓峰", "星海传媒有限公司", "总经理")} <= held(doc)


def test_a_title_after_another_name_is_not_passed_on():
    doc = relate(make_doc("苏南银行王丽芬董事长、赵刚行长出席。", ("苏南银行", "COMPANY"), ("王丽芬", "PER"), ("赵刚", "PER")))
    assert ("赵刚", "苏南银行", "董事长") not in held(doc)


def test_an_untagged_organization_is_not_replaced_by_the_one_before():
    doc = relate(make_doc("建设银行副行长庞秀明、某某董事长王传海出席。", ("建设银行", "COMPANY"), ("庞秀明", "PER"), ("王传海", "PER")))
    assert not any(p == "王传海" for p, _, _ in held(doc))


def test_former_positions_are_ended():
    doc = relate(make_doc("原北方重工集团总经理刘振华出席会议。", ("北方重工集团", "COMPANY"), ("刘振华", "PER")))
    rel = membership(doc, "刘振华", "总经理")
    assert rel.ended and rel.end is None
    doc = relate(make_doc("北京体育大学原校长杨桦出席。", ("北京体育大学", "ORG"), ("杨桦", "PER")))
    assert membership(doc, "杨桦", "校长").ended
    doc = relate(make_doc("他目前是中部航空公司总经理，名叫钱伟。", ("中部航空公司", "COMPANY"), ("钱伟", "PER")))
    assert all(not r.ended for r in doc.relations)  # 目前 is no 前


def test_resigning_ends_the_position_on_its_date():
    text = "2019年3月5日，张建国辞去华光银行董事长职务。"
    time = (Mention(0, 9, "TIME", "2019年3月5日"), TimeValue("2019-03-05", "date"))
    doc = relate(make_doc(text, ("张建国", "PER"), ("华光银行", "COMPANY"), times=[time]))
    rel = membership(doc, "张建国", "董事长")
    assert rel.ended and rel.end == TimeValue("2019-03-05", "date")


def test_a_planned_resignation_leaves_the_position_current_and_a_planned_post_gives_none():
    doc = relate(make_doc("董事会宣布井立东将卸任东海银行董事长。", ("井立东", "PER"), ("东海银行", "COMPANY")))
    assert not membership(doc, "井立东", "董事长").ended
    doc = relate(make_doc("马志远拟任西山中学校长。", ("马志远", "PER"), ("西山中学", "ORG")))
    assert held(doc) == set()


def test_new_positions_start():
    text = "2020年6月，李明远出任清华大学校长。"
    time = (Mention(0, 7, "TIME", "2020年6月"), TimeValue("2020-06", "gYearMonth"))
    doc = relate(make_doc(text, ("李明远", "PER"), ("清华大学", "ORG"), times=[time]))
    rel = membership(doc, "李明远", "校长")
    assert rel.started and not rel.ended and rel.start == TimeValue("2020-06", "gYearMonth")
    doc = relate(make_doc("新任上海申花队主教练斯卢茨基抵达上海。", ("上海申花队", "ORG"), ("斯卢茨基", "PER"), ("上海", "LOC")))
    assert membership(doc, "斯卢茨基", "主教练").started


def test_surname_and_title_resolve_to_the_person():
    doc = relate(make_doc("俞正声来到医院看望病人。俞院长说，病人恢复良好。", ("俞正声", "PER"), ("医院", "ORG")))
    refs = {m.text: m.ref for m in doc.mentions if m.ref}
    assert refs.get("俞院长") == "person/俞正声"


def test_surname_and_title_do_not_pick_a_person_with_another_title():
    doc = relate(make_doc("华光银行董事长张建国出席。张院长随后发言。", ("华光银行", "COMPANY"), ("张建国", "PER")))
    assert "张院长" not in {m.text for m in doc.mentions if m.ref}


# ------------------------------------------------------------------ through `kg build` into the graph
ARTICLE = (
    "2019年3月5日，张建国辞去华光银行董事长职务。原北方重工集团总经理刘振华出席了会议。\n"
    "2020年6月，李明远出任清华大学校长。王海涛，现任东方航空股份有限公司董事长。\n"
    "商务部部长肖亚庆会见高通公司总裁史蒂夫·莫伦科夫。外交部长王毅将会见美国国务卿蓬佩奥。\n"
)
PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX time: <http://www.w3.org/2006/time#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kg: <http://kg.example.org/ontology#>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from click.testing import CliRunner
    from pyoxigraph import RdfFormat, Store

    from kg.cli import main

    folder = tmp_path_factory.mktemp("positions")
    (folder / "任免.txt").write_text(ARTICLE, encoding="utf-8")
    out = folder / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(folder / "任免.txt"), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    graph = Store()
    graph.load(path=str(out), format=RdfFormat.TURTLE)
    return graph


def rows(store, query):
    return {tuple(term.value if term is not None else None for term in row) for row in store.query(PREFIXES + query)}


def test_build_writes_ended_positions_with_their_end(store):
    ended = rows(store, """SELECT ?who ?role ?date WHERE {
        ?m org:member/rdfs:label ?who ; org:role/rdfs:label ?role ; org:memberDuring/time:hasEnd ?end .
        OPTIONAL { ?end time:inXSDDate ?date } }""")
    assert ended == {("张建国", "董事长", "2019-03-05"), ("刘振华", "总经理", None)}


def test_build_writes_new_positions_with_their_start_and_keeps_current_ones_open(store):
    started = rows(store, """SELECT ?who ?date WHERE {
        ?m org:member/rdfs:label ?who ; org:memberDuring/time:hasBeginning ?b .
        OPTIONAL { ?b time:inXSDgYearMonth ?date } }""")
    assert started == {("李明远", "2020-06")}
    current = rows(store, """SELECT ?who WHERE { ?m a org:Membership ; org:member/rdfs:label ?who ;
        org:role/rdfs:label "董事长"@zh . FILTER NOT EXISTS { ?m org:memberDuring/time:hasEnd ?e } }""")
    assert current == {("王海涛",)}


def test_build_met_with_points_at_the_person_and_leaves_plans_out(store):
    met = rows(store, "SELECT ?a ?b WHERE { ?x kg:metWith ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }")
    assert met == {("肖亚庆", "史蒂夫·莫伦科夫")}


def test_a_title_that_names_its_body_gives_the_position_where_no_body_is_written():
    doc = relate(make_doc("国家主席习近平在人民大会堂会见了来访的客人。", ("国家主席", "TITLE"), ("习近平", "PER")))
    assert held(doc) == {("习近平", "中国", "国家主席")}
    assert any(e.key == "place/中国" and e.kind == "place" for e in doc.entities)  # named nowhere else
    # a foreign head of state comes with the country: that one is the body
    doc = relate(make_doc("越南国家主席武文赏出席了开幕式。", ("越南", "GPE"), ("国家主席", "TITLE"), ("武文赏", "PER")))
    assert held(doc) == {("武文赏", "越南", "国家主席")}
    # a former holder: the position has ended
    doc = relate(make_doc("前国家副主席李源潮出席了会议。", ("国家副主席", "TITLE"), ("李源潮", "PER")))
    assert membership(doc, "李源潮", "国家副主席").ended
