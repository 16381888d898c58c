"""Events of fresh articles from five genres, through `kg build` into the graph.

The articles (tests/extract/genre_articles.py) were written for these tests:
a football report, an earthquake report, a corruption trial, a company
layoff and a leaders' meeting, each with a dateline.  Each graph is parsed
with pyoxigraph and asked with plain SPARQL what a user would ask.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.extract import genre_articles as articles

pyoxigraph = pytest.importorskip("pyoxigraph")

PREFIXES = """
PREFIX kg: <http://kg.example.org/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def build(tmp_path, name: str, text: str, date: str, *options: str):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.ttl"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out), "--date", date, "-q", *options])
    assert result.exit_code == 0, result.output
    store = pyoxigraph.Store()
    store.load(path=str(out), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def events(store, cls: str) -> list[dict]:
    """Each event of class ``cls``: its date, modality, and role -> labels or values."""
    rows = store.query(PREFIXES + f"""
        SELECT ?e ?date ?modality ?p ?value WHERE {{
          ?e a kg:{cls} .
          OPTIONAL {{ ?e schema:startDate ?date }}
          OPTIONAL {{ ?e kg:modality ?modality }}
          OPTIONAL {{ ?e ?p ?o .
                      OPTIONAL {{ ?o rdfs:label ?l }} OPTIONAL {{ ?o schema:value ?v }}
                      BIND(COALESCE(?l, ?v, ?o) AS ?value) }}
        }}""")
    found: dict[str, dict] = {}
    for row in rows:
        e = found.setdefault(row["e"].value, {"roles": {}})
        e["date"] = row["date"].value if row["date"] else None
        e["modality"] = row["modality"].value.rsplit("#", 1)[-1] if row["modality"] else None
        if row["p"] is not None:
            prop = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            e["roles"].setdefault(prop, set()).add(row["value"].value)
    return list(found.values())


def test_football_match(tmp_path):
    store = build(tmp_path, "football", articles.FOOTBALL, "2024-03-03")
    (match,) = [e for e in events(store, "MatchResult") if "winner" in e["roles"]]
    assert any("皇家马德里" in w for w in match["roles"]["winner"])
    assert any("巴塞罗那" in x for x in match["roles"]["loser"])
    assert match["date"] == "2024-03-02" and match["modality"] is None


def test_earthquake(tmp_path):
    store = build(tmp_path, "quake", articles.EARTHQUAKE, "2022-09-05")
    quakes = events(store, "Earthquake")
    (quake,) = [q for q in quakes if "magnitude" in q["roles"]]
    assert quake["date"] == "2022-09-05T12:52:00"
    assert quake["roles"]["magnitude"] == {"6.8"} and quake["roles"]["focalDepth"] == {"16000"}  # 16千米, in metres
    # the death toll is stated in the next sentence ("地震已造成21人死亡"), of the quake or of a death
    tolls = {t for e in quakes + events(store, "Death") for t in e["roles"].get("deathToll", set())}
    assert tolls == {"21"}


def test_corruption_trial(tmp_path):
    store = build(tmp_path, "trial", articles.TRIAL, "2024-04-18")
    (trial,) = events(store, "Trial")
    assert trial["date"] == "2024-04-18"
    assert any("南京市中级人民法院" in c for c in trial["roles"].get("court", set()))
    # the editor of the credit line is the document's editor, not a participant of anything
    editors = {row["n"].value for row in store.query(PREFIXES + """
        SELECT ?n WHERE { ?d schema:editor ?p . ?p rdfs:label ?n }""")}
    assert editors == {"周敏"}
    assert not list(store.query(PREFIXES + """
        SELECT ?e WHERE { ?e a/rdfs:subClassOf* schema:Event ; ?p ?x . ?x rdfs:label "周敏"@zh }"""))


def test_company_layoffs(tmp_path):
    store = build(tmp_path, "layoff", articles.LAYOFF, "2024-03-16")
    layoffs = events(store, "Layoff")
    by_company = {next(iter(e["roles"].get("downsizer", {"?"}))): e for e in layoffs}
    ericsson = next(e for name, e in by_company.items() if "爱立信" in name)
    assert "8500" in ericsson["roles"]["layoffCount"]
    assert ericsson["modality"] == "Planned"  # 将在全球范围内裁员: announced, to come
    intel = next(e for name, e in by_company.items() if "英特尔" in name)
    assert "5000" in intel["roles"]["layoffCount"] and intel["modality"] is None
    assert intel["date"] == "2023-12"


def test_leaders_meeting_with_a_dateline(tmp_path):
    store = build(tmp_path, "meeting", articles.MEETING, "2024-01-08")
    meetings = [e for e in events(store, "Meeting") if "organizer" in e["roles"]]
    (meeting,) = meetings
    assert meeting["roles"]["organizer"] == {"习近平"}
    assert any("谢里夫" in a for a in meeting["roles"]["attendee"])
    assert meeting["date"].startswith("2024-01-08")
    places = {row["n"].value for row in store.query(PREFIXES + """
        SELECT ?n WHERE { ?d schema:locationCreated ?p . ?p rdfs:label ?n }""")}
    assert places == {"北京市"}


def test_rules_mode_needs_no_model_trained_on_duee(tmp_path, monkeypatch):
    import kg.extract.event_model as event_model

    def refuse():
        raise AssertionError("--events rules must not load the DuEE model")

    monkeypatch.setattr(event_model, "load_event_model", refuse)
    store = build(tmp_path, "rules", articles.MEETING, "2024-01-08", "--events", "rules")
    assert not events(store, "Layoff")
    (meeting,) = events(store, "Meeting")  # the lexicon's 会见
    assert meeting["roles"]["organizer"] == {"习近平"}


INVESTMENT = ("新华社布达佩斯12月5日电 宁德时代新能源科技股份有限公司5日发布公告。公司董事长曾毓群表示，"
              "将在匈牙利德布勒森建设新工厂，投资73.4亿欧元。\n"
              "另据报道，特斯拉宣布斥资50亿美元在上海新建一座超级工厂。")
STATISTICS = "国家统计局发布数据，今年前三季度，全国固定资产投资同比增长3.1%，外商投资规模稳定。"


@pytest.mark.parametrize("events_mode", ["rules", "model"])
def test_investment_and_new_plants(tmp_path, events_mode):
    store = build(tmp_path, "plant", INVESTMENT, "2023-12-06", "--events", events_mode)
    invest = events(store, "Investment")
    agents = {a for e in invest for a in e["roles"].get("agent", set())}
    assert {"宁德时代新能源科技股份有限公司", "特斯拉"} <= agents  # 公司 is the company named before it
    plants = events(store, "Construction")
    hungary = [e for e in plants if "德布勒森" in e["roles"].get("location", set())]
    assert hungary and hungary[0]["modality"] == "Planned"
    # a country after 在 is where it happens, never who does it
    assert not any("匈牙利" in e["roles"].get("agent", set()) for e in plants + invest)
    assert any("上海市" in e["roles"].get("location", set()) for e in plants)


def test_investment_statistics_are_no_investment(tmp_path):
    store = build(tmp_path, "stats", STATISTICS, "2023-10-20", "--events", "rules")
    assert events(store, "Investment") == []


PLANNED_CHAIN = ("小米集团3日晚间发布公告称，集团拟斥资50亿元在武汉新建一座智能工厂。\n"
                 "某市政府计划投入20亿元，在城东修建一座体育中心。\n"
                 "该公司去年斥资10亿元在成都新建了研发中心。")


@pytest.mark.parametrize("events_mode", ["rules", "model"])
def test_a_plan_governs_the_chain_of_verbs_after_it(tmp_path, events_mode):
    """拟斥资…新建: the building is planned like the spending, not dropped as a
    wish; a chain with no plan before it stays a fact."""
    store = build(tmp_path, "chain", PLANNED_CHAIN, "2025-03-04", "--events", events_mode)
    plants = events(store, "Construction")
    wuhan = [e for e in plants if "武汉市" in e["roles"].get("location", set())]
    chengdu = [e for e in plants if "成都市" in e["roles"].get("location", set())]
    assert len(wuhan) == 1 and wuhan[0]["modality"] == "Planned"
    assert len(chengdu) == 1 and chengdu[0]["modality"] is None
    invest = events(store, "Investment")
    assert any(e["modality"] == "Planned" and "武汉市" in e["roles"].get("location", set()) for e in invest)


RULES_GENRES = (
    "新华社多哈11月25日电 卡塔尔世界杯小组赛B组第二轮，英格兰队2比0击败伊朗队。"
    "赛后主教练表示，全队一定能够战胜困难。\n"
    "当晚另一场比赛中，威尔士队1比2负于美国队。\n"
    "土耳其南部城市加济安泰普6日凌晨发生7.8级地震。\n"
    "杭州市中级人民法院18日判处被告人王某某有期徒刑十年。被告人刘某因诈骗罪被上海市第二中级人民法院判处有期徒刑八年。\n"
    "犯罪嫌疑人陈某在广州被警方抓获。\n"
    "著名作家金庸在香港逝世，享年94岁。今年是周恩来逝世50周年。\n"
    "甲骨文公司宣布裁员约3000人。腾讯公司收购了一家游戏公司。"
)


def test_rules_mode_finds_sport_disaster_court_police_and_business_events(tmp_path, monkeypatch):
    """Without the model trained on DuEE, the trigger lexicon alone gives the
    events of other genres, in the classes and roles the model uses."""
    import kg.extract.event_model as event_model

    monkeypatch.setattr(event_model, "load_event_model", lambda: (_ for _ in ()).throw(AssertionError("no model")))
    store = build(tmp_path, "genres", RULES_GENRES, "2022-11-25", "--events", "rules")
    matches = events(store, "MatchResult")
    pairs = {(frozenset(e["roles"].get("winner", ())), frozenset(e["roles"].get("loser", ()))) for e in matches}
    assert pairs == {(frozenset({"英格兰队"}), frozenset({"伊朗队"})), (frozenset({"美国队"}), frozenset({"威尔士队"}))}
    (quake,) = events(store, "Earthquake")  # 战胜困难 is no match: nobody on the other side
    assert quake["date"] is not None
    jailed = events(store, "Imprisonment")  # 判处…, and 被…判处… with the court between
    assert sorted(p for e in jailed for p in e["roles"]["prisoner"]) == ["刘某", "王某某"]
    (arrest,) = events(store, "Arrest")
    assert arrest["roles"]["arrestee"] == {"陈某"} and "广州市" in arrest["roles"]["location"]
    (death,) = events(store, "Death")  # 逝世50周年 is an anniversary
    assert death["roles"]["deceased"] == {"金庸"}
    (layoff,) = events(store, "Layoff")
    assert layoff["roles"]["downsizer"] == {"甲骨文公司"}
    (deal,) = events(store, "Acquisition")
    assert deal["roles"]["acquirer"] == {"腾讯公司"}


def test_fast_builds_read_the_fast_taggers_states_and_run_no_lac(tmp_path, monkeypatch):
    import kg.ner.lac as lac

    def refuse(self, texts, context):
        raise AssertionError("--tagger fast must not run LAC")

    monkeypatch.setattr(lac.LexicalAnalyzer, "_analyze", refuse)
    store = build(tmp_path, "fast-quake", articles.EARTHQUAKE, "2022-09-05", "--tagger", "fast")
    (quake,) = [q for q in events(store, "Earthquake") if "magnitude" in q["roles"]]
    assert quake["roles"]["magnitude"] == {"6.8"}
    store = build(tmp_path, "fast-layoff", articles.LAYOFF, "2024-03-16", "--tagger", "fast")
    downsizers = {d for e in events(store, "Layoff") for d in e["roles"].get("downsizer", set())}
    assert any("爱立信" in d for d in downsizers) and any("英特尔" in d for d in downsizers)
    store = build(tmp_path, "fast-match", articles.FOOTBALL, "2024-03-03", "--tagger", "fast")
    (match,) = [e for e in events(store, "MatchResult") if "winner" in e["roles"]]
    assert any("皇家马德里" in w for w in match["roles"]["winner"])


@pytest.mark.parametrize("events_mode", ["rules", "model"])
def test_the_person_a_commemoration_honours_takes_no_part(tmp_path, events_mode):
    text = "新华社北京12月26日电 纪念毛泽东同志诞辰130周年座谈会26日上午在人民大会堂隆重举行。\n"
    store = build(tmp_path, "memorial", text, "2023-12-26", "--events", events_mode)
    (meeting,) = events(store, "Meeting")
    assert meeting["date"].startswith("2023-12-26")
    assert not any("毛泽东" in v for values in meeting["roles"].values() for v in values)


DRAW = ("新华社上海4月6日电 中国足球协会超级联赛第4轮6日晚进行，北京国安队客场1比1战平上海申花队。\n"
        "赛后双方主教练都表示满意。\n")


@pytest.mark.parametrize("events_mode", ["rules", "model"])
def test_a_draw_is_a_match_result_with_two_competitors_and_no_winner(tmp_path, events_mode):
    store = build(tmp_path, "draw", DRAW, "2024-04-07", "--events", events_mode)
    (match,) = events(store, "MatchResult")
    assert match["date"] == "2024-04-06"
    competitors = match["roles"]["competitor"]
    assert any("北京国安" in c for c in competitors) and any("上海申花" in c for c in competitors)
    assert "winner" not in match["roles"] and "loser" not in match["roles"]
