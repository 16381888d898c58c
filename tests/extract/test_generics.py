"""Generic mentions (issue 20 item 5): resolved inside their document, never merged
across documents; and foreign cities from the GeoNames list (item 6)."""

import pytest
from click.testing import CliRunner

from kg.extract.aliases import load_alias_rules
from kg.extract.generics import is_local
from kg.extract.corpus_resolve import CorpusResolveStage
from kg.extract.resolve import ResolveStage
from kg.model import Dateline
from tests.extract.helpers import make_doc

ARTICLES = {
    "zhejiang.txt": "新华社杭州4月2日电 省委书记陈立新在湖州调研生态保护工作。他强调，各地要守住生态红线。",
    "guangdong.txt": "新华社广州4月3日电 省委书记吴国平主持召开会议，部署防汛救灾工作。",
    "nowhere.txt": "省委常委会召开会议，研究部署春耕生产。",
}

PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <http://kg.example.org/ontology#> PREFIX schema: <https://schema.org/>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from pyoxigraph import RdfFormat, Store

    from kg.cli import main

    folder = tmp_path_factory.mktemp("generic")
    paths = []
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    out = folder / "g.trig"
    result = CliRunner().invoke(main, ["build", *paths, "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    graph = Store()
    graph.load(path=str(out), format=RdfFormat.TRIG)
    return graph


def test_party_committees_of_two_provinces_are_two_nodes_with_one_secretary_each(store):
    found = {(r[0].value, r[1].value) for r in store.query(PREFIXES + """
        SELECT DISTINCT ?orgname ?person WHERE { GRAPH ?g {
          ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role/rdfs:label "书记"@zh .
          ?p rdfs:label ?person . ?o rdfs:label ?orgname } }""")}
    assert ("中共浙江省委员会", "陈立新") in found and ("中共广东省委员会", "吴国平") in found
    secretaries = {}
    for org, person in found:
        secretaries.setdefault(org, set()).add(person)
    assert all(len(people) == 1 for people in secretaries.values())


def test_a_generic_with_no_referent_is_local_to_its_document(store):
    iris = {r[0].value for r in store.query(PREFIXES + """
        SELECT DISTINCT ?o WHERE { GRAPH ?g { ?o rdfs:label ?l . FILTER(STRSTARTS(STR(?l), "省委")) } }""")}
    assert iris and all(iri.endswith("@nowhere") for iri in iris)


def resolve(doc):
    rules = load_alias_rules()
    return CorpusResolveStage(rules)([ResolveStage(rules)(doc)])[0]


def test_a_place_plus_generic_is_the_full_name_and_the_generic_follows_it():
    doc = resolve(make_doc("江苏省政府印发通知。省政府要求各地落实。", ("江苏省政府", "GOV"), ("省政府", "GOV")))
    assert {m.ref for m in doc.mentions if m.ref} == {"organization/江苏省人民政府"}


def test_the_dateline_place_gives_the_city_for_a_city_generic():
    doc = make_doc("本报成都5月8日讯 市委召开全会。", ("市委", "ORG"))
    doc = resolve(doc.with_(dateline=Dateline(0, 11, None, "成都")))
    assert [e.label for e in doc.entities] == ["中共成都市委员会"]


def test_generic_keys_carry_their_document():
    a = resolve(make_doc("常委会审议了预算报告。", ("常委会", "GOV"), doc_id="a"))
    b = resolve(make_doc("常委会审议了预算报告。", ("常委会", "GOV"), doc_id="b"))
    assert a.entities[0].key != b.entities[0].key and is_local(a.entities[0].key)
    assert a.entities[0].label == "常委会"


@pytest.mark.parametrize("text, tags, phrase, target", [
    ("宁德时代公司发布年报。该公司净利润增长三成。", [("宁德时代公司", "COMPANY")], "该公司", "宁德时代公司"),
    ("杭州市中级人民法院公开宣判。本院认为，被告人构成受贿罪。", [("杭州市中级人民法院", "GOV")], "本院",
     "杭州市中级人民法院"),
    ("华西医院开通绿色通道。该院已接诊伤员四十人。", [("华西医院", "ORG")], "该院", "华西医院"),
])
def test_reference_phrases_link_to_the_organization_before_them(text, tags, phrase, target):
    doc = resolve(make_doc(text, *tags))
    linked = [m for m in doc.mentions if m.text == phrase]
    assert linked and linked[0].ref == f"organization/{target}"
    assert phrase not in next(e for e in doc.entities if e.label == target).aliases


def test_a_reference_phrase_with_nothing_before_it_links_nowhere():
    doc = resolve(make_doc("该公司表示将依法维权。"))
    assert not doc.mentions and not doc.entities
