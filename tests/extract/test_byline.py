"""Tests of kg.extract.byline: bylines and credits, and what they give the graph."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.extract.byline import credit_mentions, find_credits
from kg.model import Credit, Mention


def credits(text, mentions=()):
    """(role, name, span text) of each credit, offsets checked."""
    out = []
    for c in find_credits(text, mentions):
        assert c.name in text[c.start:c.end]
        out.append((c.role, c.name, text[c.start:c.end]))
    return out


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新华社北京1月8日电（记者 张三）外交部发言人表示。",
         [("author", "张三", "（记者 张三）")]),
        ("新华社多哈12月18日电（记者张伟 李娜）阿根廷队夺冠。",
         [("author", "张伟", "（记者张伟 李娜）"), ("author", "李娜", "（记者张伟 李娜）")]),
        ("本报杭州1月22日讯（记者 王强 通讯员 赵敏）法院今天宣判。",
         [("author", "王强", "（记者 王强 通讯员 赵敏）"), ("author", "赵敏", "（记者 王强 通讯员 赵敏）")]),
        ("中新网成都1月3日电 (记者 刘小红)四川发生地震。", [("author", "刘小红", "(记者 刘小红)")]),
        ("本报记者 王五 李四\n省政府召开常务会议。",
         [("author", "王五", "本报记者 王五 李四"), ("author", "李四", "本报记者 王五 李四")]),
        ("（本报驻京记者 欧阳娜娜）", [("author", "欧阳娜娜", "（本报驻京记者 欧阳娜娜）")]),
        ("（记者 阿依古丽·买买提 发自乌鲁木齐）", [("author", "阿依古丽·买买提", "（记者 阿依古丽·买买提 发自乌鲁木齐）")]),
        ("（记者张三李四）", [("author", "张三", "（记者张三李四）"), ("author", "李四", "（记者张三李四）")]),
        ("（记者王小明李四）", [("author", "王小明", "（记者王小明李四）"), ("author", "李四", "（记者王小明李四）")]),
        ("（记者 阿依古丽）", [("author", "阿依古丽", "（记者 阿依古丽）")]),  # not 阿依 + 古丽
        ("球员们庆祝胜利。新华社记者 陈刚 摄\n下半场开始。", [("author", "陈刚", "新华社记者 陈刚 摄")]),
        ("本报记者张三报道", [("author", "张三", "本报记者张三报道")]),
        ("文/张三 图/李四", [("author", "张三", "文/张三 图/李四"), ("author", "李四", "文/张三 图/李四")]),
        ("正文。\n（责任编辑：孙七）", [("editor", "孙七", "（责任编辑：孙七）")]),
        ("正文。\n【编辑：吴九】", [("editor", "吴九", "【编辑：吴九】")]),
        ("编辑：周八 校对：郑十",
         [("editor", "周八", "编辑：周八 校对：郑十"), ("editor", "郑十", "编辑：周八 校对：郑十")]),
        ("正文完。责任编辑：孙七 SN222", [("editor", "孙七", "责任编辑：孙七")]),
        ("（记者 张三 通讯员 李四 责任编辑 王五）", [
            ("author", "张三", "（记者 张三 通讯员 李四 责任编辑 王五）"),
            ("author", "李四", "（记者 张三 通讯员 李四 责任编辑 王五）"),
            ("editor", "王五", "（记者 张三 通讯员 李四 责任编辑 王五）")]),
        ("新华社华盛顿１月８日电（记者 徐剑梅）", [("author", "徐剑梅", "（记者 徐剑梅）")]),
    ],
)
def test_credits(text, expected):
    assert credits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "记者从市卫健委获悉，全市新增病例为零。",
        "记者张三表示，比赛很精彩。",  # a reporter in the story, not a byline
        "据记者了解，该公司已裁员200人。",
        "记者：王局长，您好。",  # an interview question
        "记者 近日走访了灾区。",
        "他曾担任报社编辑。",
        "（记者）",
        "这位记者的报道获奖。",
    ],
)
def test_not_credits(text):
    assert credits(text) == []


def test_the_tagger_splits_names_written_together():
    text = "（记者张三丰李四）"
    hints = (Mention(3, 6, "PER", "张三丰"), Mention(6, 8, "PER", "李四"))
    assert [c.name for c in find_credits(text, hints)] == ["张三丰", "李四"]


def test_credit_mentions_put_one_person_on_each_name():
    text = "新华社北京1月8日电（记者张伟 李娜）外交部发言人表示。"
    found = find_credits(text)
    tagged = (
        Mention(10, 11, "TITLE", "记"),
        Mention(11, 13, "TITLE", "记者"),
        Mention(13, 15, "LOC", "张伟"),  # a name misread as a place
        Mention(16, 18, "PER", "李娜"),
        Mention(19, 22, "GOV", "外交部"),
    )
    out = credit_mentions(text, found, tagged)
    assert [(m.text, m.label) for m in out] == [("张伟", "PER"), ("李娜", "PER"), ("外交部", "GOV")]
    assert all(text[m.start:m.end] == m.text for m in out)


def test_a_credited_person_named_in_the_text_is_one_entity(tmp_path):
    from kg.builder import extract

    path = tmp_path / "court.txt"
    path.write_text("本报广州3月2日讯（记者 黄丽 通讯员 林涛）广州市中级人民法院今天开庭。"
                    "通讯员林涛在庭审现场看到，被告人当庭认罪。\n2023年03月02日 来源：南方日报", encoding="utf-8")
    (doc,) = extract([str(path)])
    assert [(c.role, c.name) for c in doc.credits] == [("author", "黄丽"), ("author", "林涛")]
    assert [e.key for e in doc.entities if e.label == "林涛"] == ["person/林涛"]
    assert {m.ref for m in doc.mentions if m.text == "林涛"} == {"person/林涛"}
    assert not any(r.kind == "membership" and r.subject in ("person/黄丽", "person/林涛") for r in doc.relations)


# ------------------------------------------------------------------ through the pipeline and the graph
ARTICLES = {
    # diplomacy, with a Xinhua dateline and a byline; the year from its date line
    "diplomacy.txt": ("新华社北京1月8日电（记者 张伟 李娜）国务院总理李强8日在北京会见来访的新加坡总理。"
                      "双方表示将加强合作。\n\n2024年01月08日 来源：新华网\n（责任编辑：孙丽）"),
    # business, a local paper with reporter and correspondent, an editor and a proofreader
    "layoff.txt": ("本报杭州1月22日讯（记者 王强 通讯员 赵敏）杭州一家电商企业今天宣布裁员３，２００人，"
                   "占员工总数的１２．５％。\n2021年01月22日 07:00 来源：浙江日报\n编辑：周洁 校对：吴昊"),
    # sport, a photo credit line and no dateline
    "football.txt": ("北京国安主场３：１战胜上海海港。\n球员们在比赛后庆祝。新华社记者 陈刚 摄\n"
                     "本场比赛共有５２，３１８名观众到场。"),
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    from pyoxigraph import RdfFormat, Store

    from kg.cli import main

    folder = tmp_path_factory.mktemp("news")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder / "g.trig"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = Store()
    store.load(path=str(out), format=RdfFormat.TRIG)
    return store


PREFIXES = """PREFIX schema: <https://schema.org/> PREFIX kg: <http://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""


def rows(store, query):
    return {tuple(t.value if t is not None else None for t in row) for row in store.query(PREFIXES + query)}


def test_authors_and_editors_in_the_graph(graph):
    found = rows(graph, """SELECT ?doc ?prop ?name WHERE { GRAPH ?g {
        ?doc a nif:Context ; ?prop ?person . ?person a kg:Person ; rdfs:label ?name .
        FILTER(?prop IN (schema:author, schema:editor)) } }""")
    short = {(doc.rsplit("/", 1)[1], prop.rsplit("/", 1)[1], name) for doc, prop, name in found}
    assert short == {
        ("diplomacy", "author", "张伟"), ("diplomacy", "author", "李娜"), ("diplomacy", "editor", "孙丽"),
        ("layoff", "author", "王强"), ("layoff", "author", "赵敏"),
        ("layoff", "editor", "周洁"), ("layoff", "editor", "吴昊"),
        ("football", "author", "陈刚"),
    }


def test_credited_people_are_no_event_participants_or_members(graph):
    credited = "VALUES ?name { '张伟'@zh '李娜'@zh '孙丽'@zh '王强'@zh '赵敏'@zh '周洁'@zh '吴昊'@zh '陈刚'@zh }"
    assert rows(graph, f"""SELECT ?e WHERE {{ {credited} GRAPH ?g {{ ?p rdfs:label ?name .
        ?e schema:participant|kg:agent|kg:attendee|kg:organizer ?p }} }}""") == set()
    assert rows(graph, f"""SELECT ?m WHERE {{ {credited} GRAPH ?g {{ ?p rdfs:label ?name .
        ?m org:member ?p }} }}""") == set()


def test_dateline_date_and_place_in_the_graph(graph):
    found = rows(graph, """SELECT ?doc ?date ?place WHERE { GRAPH ?g { ?doc a nif:Context .
        OPTIONAL { ?doc schema:datePublished ?date } OPTIONAL { ?doc schema:locationCreated ?place } } }""")
    short = {(doc.rsplit("/", 1)[1], date, place and place.rsplit("/", 1)[1]) for doc, date, place in found}
    assert short == {("diplomacy", "2024-01-08", "北京市"), ("layoff", "2021-01-22", "杭州市"),
                     ("football", None, None)}
    # 北京 of the dateline is the same node as 北京 in the text
    assert rows(graph, """SELECT ?p WHERE { GRAPH ?g { ?doc schema:locationCreated ?p .
        ?phrase nif:anchorOf "北京" ; <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?p } }""")


def test_full_width_numbers_in_the_graph(graph):
    values = rows(graph, """SELECT ?text ?value WHERE { GRAPH ?g { ?phrase nif:anchorOf ?text ;
        <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?q . ?q a schema:QuantitativeValue ; schema:value ?value } }""")
    assert {("３，２００人", "3200"), ("１２．５％", "12.5"), ("５２，３１８名", "52318")} <= values
