"""kg.extract.facts: founder, nationality, headquarters, founding date, birthplace,
native place, alumni, spouse, parent/child and parent organization, on fresh sentences
(business, sport, schools, diplomacy, family), through the real pipeline and `kg build`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ResourceError
from kg.extract import facts
from kg.extract.facts import FactStage, compile_pattern, find_facts
from kg.model import Document, Entity, Mention
from kg.model import Sentence as Span

ARTICLE = "\n".join([
    # business
    "蓝鲸动力科技有限公司由工程师周明远于2009年在苏州创办。",
    "据介绍，星河乳业创始人赵立群曾在内蒙古工作多年。",
    "华锐风电成立于2006年，总部设在北京。",
    "远航物流是顺通集团旗下的全资子公司。",
    # sport
    "法国球星德尚加盟了俱乐部。",
    "巴西籍前锋卡洛斯上场。",
    "排球名将李婷与丈夫王刚出席了颁奖典礼。",
    # schools and diplomacy
    "新任外交部发言人孙建华，男，汉族，1972年生，江苏盐城人，1995年毕业于北京外国语大学。",
    # family
    "歌手林静的父亲林国栋是一名渔民。",
])


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    from kg.builder import extract

    path = tmp_path_factory.mktemp("facts") / "facts.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return extract([str(path)], events="rules")[0]


def stated(doc, kind):
    names = {e.key: e.label for e in doc.entities}
    return {(names.get(r.subject, r.subject), names.get(r.object, r.object.split("/")[-1]))
            for r in doc.relations if r.kind == kind and r.sentences}


@pytest.mark.parametrize("kind, subject, obj", [
    ("founder", "蓝鲸动力科技有限公司", "周明远"),
    ("founder", "星河乳业", "赵立群"),
    ("foundingDate", "华锐风电", "2006"),
    ("location", "华锐风电", "北京市"),
    ("subOrganizationOf", "远航物流", "顺通集团"),
    ("nationality", "德尚", "法国"),
    ("nationality", "卡洛斯", "巴西"),
    ("spouse", "李婷", "王刚"),
    ("spouse", "王刚", "李婷"),
    ("alumniOf", "孙建华", "北京外国语大学"),
    ("ancestralHome", "孙建华", "盐城市"),
    ("parent", "林静", "林国栋"),
    ("children", "林国栋", "林静"),
])
def test_each_relation_on_fresh_sentences(doc, kind, subject, obj):
    assert (subject, obj) in stated(doc, kind)


def test_no_fact_without_its_cue(doc):
    assert not stated(doc, "nationality") & {("孙建华", "中国"), ("李婷", "中国")}
    assert not stated(doc, "founder") & {("华锐风电", "赵立群"), ("顺通集团", "周明远")}
    assert not stated(doc, "spouse") & {("林静", "林国栋")}


def test_every_fact_keeps_its_sentence(doc):
    for rel in doc.relations:
        if rel.kind in facts.FACT_KINDS and rel.sentences:
            text = doc.sentence_text(rel.sentences[0])
            names = {e.key: e.label for e in doc.entities}
            assert names.get(rel.subject, "")[:2] in text or rel.kind == "children"


def _hand_doc(text, spans):
    mentions, pos = [], 0
    for surface, ref in spans:
        start = text.index(surface, pos)
        mentions.append(Mention(start, start + len(surface), "X", surface, ref))
        pos = start + len(surface)
    entities = tuple(Entity(r, r.split("/")[0], "Thing", r.split("/")[1]) for _, r in spans)
    return Document("h", text, sentences=(Span(0, len(text)),), mentions=tuple(mentions),
                    entities=tuple(dict((e.key, e) for e in entities).values()))


def test_a_list_of_founders_and_an_abbreviated_nationality():
    doc = _hand_doc("青藤书院由陈墨、吴桐和许宁共同创办。美籍华人科学家高远出席。",
                    [("青藤书院", "organization/青藤书院"), ("陈墨", "person/陈墨"),
                     ("吴桐", "person/吴桐"), ("许宁", "person/许宁"), ("高远", "person/高远")])
    found, added = find_facts(doc)
    founders = {r.object for r in found if r.kind == "founder"}
    assert founders == {"person/陈墨", "person/吴桐", "person/许宁"}
    assert [(r.subject, r.object) for r in found if r.kind == "nationality"] == [("person/高远", "place/美国")]
    assert [e.key for e in added] == ["place/美国"]
    out = FactStage()(doc)
    assert "place/美国" in {e.key for e in out.entities}


def test_a_gap_never_steps_over_a_name():
    doc = _hand_doc("白鹭基金会理事长方舟会见了创始人代表团。",
                    [("白鹭基金会", "organization/白鹭基金会"), ("方舟", "person/方舟")])
    assert not [r for r in find_facts(doc)[0] if r.kind == "founder"]


def test_bad_patterns_are_refused():
    with pytest.raises(ValueError, match="unknown slot type"):
        compile_pattern("founder", "{S:ORG}创始人{O:HUMAN}")
    facts.patterns.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(facts, "load_tsv", lambda *a, **k: (("founder", "{S:ORG}创始人"),))
            with pytest.raises(ResourceError, match="fact_patterns.tsv pattern 1"):
                facts.patterns()
            mp.setattr(facts, "load_tsv", lambda *a, **k: (("likes", "{S:PER}喜欢{O:PER}"),))
            facts.patterns.cache_clear()
            with pytest.raises(ResourceError, match="unknown relation 'likes'"):
                facts.patterns()
    finally:
        facts.patterns.cache_clear()


def test_kg_build_writes_schema_properties_with_statements(tmp_path):
    from pyoxigraph import RdfFormat, Store

    path = tmp_path / "facts.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "g.trig"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out), "--events", "rules", "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = Store()
    store.load(path=str(out), format=RdfFormat.TRIG)
    query = """
        PREFIX schema: <https://schema.org/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?s ?o ?text WHERE { GRAPH ?g {
            ?x <%s> ?y .
            ?st a rdf:Statement ; rdf:subject ?x ; rdf:predicate <%s> ; rdf:object ?y ;
                prov:wasDerivedFrom ?sent .
            ?sent nif:anchorOf ?text .
            ?x rdfs:label ?s .
            OPTIONAL { ?y rdfs:label ?l } BIND(COALESCE(STR(?l), STR(?y)) AS ?o) } }"""
    expected = {
        "https://schema.org/founder": ("星河乳业", "赵立群", "创始人赵立群"),
        "https://schema.org/nationality": ("德尚", "法国", "法国球星德尚"),
        "https://schema.org/location": ("华锐风电", "北京市", "总部设在北京"),
        "https://schema.org/foundingDate": ("华锐风电", "2006", "成立于2006年"),
        "https://schema.org/alumniOf": ("孙建华", "北京外国语大学", "毕业于"),
        "https://schema.org/spouse": ("李婷", "王刚", "与丈夫王刚"),
        "https://schema.org/parent": ("林静", "林国栋", "的父亲"),
        "https://schema.org/children": ("林国栋", "林静", "的父亲"),
        "http://www.w3.org/ns/org#subOrganizationOf": ("远航物流", "顺通集团", "旗下"),
        "http://kg.example.org/ontology#ancestralHome": ("孙建华", "盐城市", "江苏盐城人"),
    }
    for prop, (subject, obj, cue) in expected.items():
        rows = {(r["s"].value, r["o"].value, r["text"].value) for r in store.query(query % (prop, prop))}
        assert any(s == subject and o == obj and cue in t for s, o, t in rows), (prop, rows)
