"""Phrases that refer back (两国, 双方, 该国, 该公司, 本院), titles after a name (李鹏总理)
and countries that only qualify a name (issue 20), through the real pipeline."""

import pytest
from click.testing import CliRunner

ARTICLES = {
    "pair.txt": "中美两国元首通过视频方式举行会晤。两国同意加强在气候变化领域的沟通。",
    "joined.txt": "中国和巴基斯坦签署了农业合作协议。双方同意扩大农产品贸易。两国人民友谊深厚。",
    "other.txt": "德国与法国外长在柏林会面。两国将共同推动欧盟改革。",
    "country.txt": "印度尼西亚政府宣布迁都计划。该国人口已超过两亿七千万。",
    "company.txt": "比亚迪发布了新款电动汽车。该公司去年销量大幅增长。",
    "court.txt": "成都市中级人民法院公开宣判一起诈骗案。本院认为，被告人的行为构成诈骗罪。",
    "alone.txt": "该公司表示将依法维权。两国关系面临考验。",
    "titles.txt": "俄罗斯总统普京抵达北京进行国事访问。普京总统随后出席欢迎宴会。法国马克龙总统当天发表电视讲话。",
    "nocountry.txt": "普京总统在克里姆林宫接见了来访的客人。",
    "qualifier.txt": "澳大利亚昆士兰州政府宣布关闭州界。",
    "catl.txt": "宁德时代新能源科技股份有限公司发布公告。公司董事长曾毓群表示，将在匈牙利建设新工厂。",
    "barealone.txt": "公司董事长王明表示，今年利润增长。",
    "barealone2.txt": "公司董事长李华宣布，明年将扩大生产。",
    "described.txt": "瑞典电信设备制造商爱立信15日宣布削减成本。日本汽车制造商丰田当天宣布新的投资计划。",
    "sanction.txt": "美国宣布对多家外国公司实施制裁。",
    "xiaomi.txt": "小米集团3日晚间发布公告称，集团拟斥资50亿元在武汉新建一座智能工厂。公司总裁卢伟冰表示，新工厂将于明年投产。",
    "hospital.txt": "北京协和医院今天开通了线上问诊平台。医院院长张抒扬介绍，平台每天可接诊三千人次。",
    "branch.txt": "万科企业股份有限公司发布年报。上海分公司总经理陈强表示，销售回暖。公司总部位于深圳。",
}

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kg: <http://kg.example.org/ontology#>
PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#> PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from pyoxigraph import RdfFormat, Store

    from kg.cli import main

    folder = tmp_path_factory.mktemp("references")
    paths = []
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    out = folder / "r.trig"
    result = CliRunner().invoke(main, ["build", *paths, "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    graph = Store()
    graph.load(path=str(out), format=RdfFormat.TRIG)
    return graph


def targets(store, doc, phrase):
    """{(begin index, label of what the phrase points to)} of ``phrase`` in document ``doc``."""
    rows = store.query(PREFIXES + """SELECT ?b ?l WHERE { GRAPH ?g {
        ?p a nif:Phrase ; nif:anchorOf "%s" ; nif:beginIndex ?b ; itsrdf:taIdentRef ?x . ?x rdfs:label ?l .
        FILTER(CONTAINS(STR(?g), "%s")) } }""" % (phrase, doc))
    return {(int(r[0].value), r[1].value) for r in rows}


def test_liang_guo_after_a_pair_of_abbreviations_is_both_countries_every_time(store):
    found = targets(store, "pair", "两国")
    assert {label for _, label in found} == {"中国", "美国"}
    assert len({b for b, _ in found}) == 2


def test_shuang_fang_and_liang_guo_after_two_joined_names_are_those_two(store):
    assert {l for _, l in targets(store, "joined", "双方")} == {"中国", "巴基斯坦"}
    assert {l for _, l in targets(store, "joined", "两国")} == {"中国", "巴基斯坦"}


def test_each_document_resolves_its_own_pair(store):
    assert {l for _, l in targets(store, "other", "两国")} == {"德国", "法国"}


def test_gai_guo_is_the_last_country_named_also_inside_an_organization_s_name(store):
    assert {l for _, l in targets(store, "country", "该国")} == {"印度尼西亚"}


def test_gai_gongsi_is_the_last_company_named_even_without_a_company_ending(store):
    assert {l for _, l in targets(store, "company", "该公司")} == {"比亚迪"}


def test_ben_yuan_is_the_court_before_it(store):
    assert {l for _, l in targets(store, "court", "本院")} == {"成都市中级人民法院"}


def test_phrases_with_nothing_before_them_link_nowhere_and_never_become_nodes(store):
    assert targets(store, "alone", "该公司") == set() and targets(store, "alone", "两国") == set()
    labels = {r[0].value for r in store.query(PREFIXES + "SELECT ?l WHERE { GRAPH ?g { ?x rdfs:label ?l } }")}
    assert not labels & {"两国", "双方", "该国", "该公司", "本院"}


def memberships(store, doc):
    rows = store.query(PREFIXES + """SELECT ?p ?o ?r (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g {
        ?m a org:Membership ; org:member/rdfs:label ?p ; org:organization/rdfs:label ?o ;
           org:role/rdfs:label ?r ; prov:wasDerivedFrom ?s . FILTER(CONTAINS(STR(?g), "%s")) } }
        GROUP BY ?p ?o ?r""" % doc)
    return {(r[0].value, r[1].value, r[2].value): int(r[3].value) for r in rows}


def test_a_title_after_a_name_is_a_position_in_the_organization_the_document_gives(store):
    found = memberships(store, "titles")
    assert found[("普京", "俄罗斯", "总统")] == 2  # 俄罗斯总统普京 and 普京总统: one position, two sentences
    assert ("马克龙", "法国", "总统") in found


def test_a_title_after_a_name_with_no_organization_anywhere_states_no_position(store):
    assert memberships(store, "nocountry") == {}


def test_a_country_that_qualifies_an_organization_is_not_the_announcer(store):
    rows = store.query(PREFIXES + """SELECT ?l WHERE { GRAPH ?g { ?e a kg:Announcement ; kg:agent/rdfs:label ?l .
        FILTER(CONTAINS(STR(?g), "qualifier")) } }""")
    assert {r[0].value for r in rows} == {"昆士兰州政府"}


def test_a_country_before_a_description_of_a_company_is_not_the_announcer(store):
    """瑞典电信设备制造商爱立信宣布: Sweden only says where Ericsson is from; 美国宣布 is the country's act."""
    def agents(doc):
        rows = store.query(PREFIXES + """SELECT ?l WHERE { GRAPH ?g { ?e a kg:Announcement ; kg:agent/rdfs:label ?l .
            FILTER(CONTAINS(STR(?g), "%s")) } }""" % doc)
        return {r[0].value for r in rows}

    assert agents("described") == {"爱立信", "丰田"}
    assert agents("sanction") == {"美国"}


def test_a_country_right_before_an_organization_gives_its_role_to_it():
    from kg.extract.qualifiers import drop_qualifying_countries
    from kg.model import Event, Mention
    from tests.extract.helpers import make_doc

    doc = make_doc("瑞典 外交部当天宣布召回大使。", ("瑞典", "GPE"), ("外交部", "GOV"))
    mentions = (Mention(0, 2, "GPE", "瑞典", ref="place/瑞典"), Mention(3, 6, "GOV", "外交部", ref="organization/外交部"))
    trigger = Mention(8, 10, "TRIGGER", "宣布", ref="e8")
    event = Event("e8", "Announcement", trigger, doc.sentences[0], participants=(("agent", "place/瑞典"),))
    out = drop_qualifying_countries(doc.with_(mentions=mentions, events=(event,)))
    assert out.events[0].participants == (("agent", "organization/外交部"),)


def test_a_bare_gongsi_before_a_title_is_the_company_named_before_it(store):
    assert memberships(store, "catl") == {("曾毓群", "宁德时代新能源科技股份有限公司", "董事长"): 1}


def test_a_bare_gongsi_with_no_company_before_it_is_no_shared_node(store):
    rows = store.query(PREFIXES + """SELECT DISTINCT ?o ?g WHERE { GRAPH ?g {
        ?m a org:Membership ; org:organization ?o ; org:role/rdfs:label ?r FILTER(STR(?r) = "董事长") } }""")
    found = {(r[0].value, r[1].value) for r in rows if "barealone" in r[1].value}
    assert len(found) == 2
    # each document's 公司 is its own: two different nodes, neither the global 公司
    assert len({o for o, _ in found}) == 2
    assert not any(o.endswith("/organization/公司") for o, _ in found)


def test_a_bare_ending_opening_a_clause_before_a_title_is_the_body_named_before_it(store):
    """公司总裁卢伟冰 (the tagger does not mark 公司 as a name), 医院院长张抒扬:
    positions in the body the article named before."""
    assert memberships(store, "xiaomi") == {("卢伟冰", "小米集团", "总裁"): 1}
    assert memberships(store, "hospital") == {("张抒扬", "北京协和医院", "院长"): 1}


def test_a_bare_ending_inside_a_word_or_without_a_title_refers_to_nothing(store):
    """分公司 is a part of 万科 (not 万科 itself); 公司总部 has no title after it."""
    assert ("陈强", "万科企业股份有限公司", "总经理") not in memberships(store, "branch")
    assert targets(store, "branch", "公司") == set()
