"""Anonymized people (张某, 李某某) in court, police and accident news."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.extract.anonymized import anonymized_people, is_anonymized
from kg.model import Mention


def people(text, mentions=()):
    return [m.text for m in anonymized_people(text, list(mentions)) if m.label == "PER"]


@pytest.mark.parametrize("name", ["张某", "李某某", "欧阳某", "王某甲", "司马某某"])
def test_a_surname_and_mou_is_anonymized(name):
    assert is_anonymized(name)


@pytest.mark.parametrize("name", ["张三", "某某", "张某某某", "于某", "某公司"])
def test_other_names_are_not(name):
    assert not is_anonymized(name)


def test_each_anonymized_name_of_a_sentence_is_a_person():
    text = "被告人刘某某与同案犯陈某乙共谋，骗取被害人赵某钱款20万元。"
    assert people(text) == ["刘某某", "陈某乙", "赵某"]


def test_mou_as_a_determiner_or_after_a_function_word_is_no_name():
    assert people("该厂于某日向某国出口一批货物，由某人签收，以提高某项指标。") == []
    assert people("记者从张某公司了解到，黄某地块已经出让。") == []


def test_the_taggers_piece_of_the_name_gives_way_and_a_longer_name_stays():
    text = "犯罪嫌疑人欧阳某甲在家中被抓获。周某集团董事长出席。"
    piece = Mention(5, 7, "PER", "欧阳")
    longer = Mention(16, 20, "ORG", "周某集团")
    out = anonymized_people(text, [piece, longer])
    assert [(m.text, m.label) for m in out] == [("欧阳某甲", "PER"), ("周某集团", "ORG")]
    retyped = anonymized_people("据张某介绍", [Mention(1, 3, "LOC", "张某")])
    assert [(m.text, m.label) for m in retyped] == [("张某", "PER")]


def test_anonymized_people_take_part_in_events_and_stay_in_their_own_article(tmp_path):
    from pyoxigraph import RdfFormat, Store

    from kg.cli import main

    trial = tmp_path / "trial.txt"
    trial.write_text("杭州市中级人民法院18日公开宣判被告人张某受贿案，判处其有期徒刑十二年。", encoding="utf-8")
    crash = tmp_path / "crash.txt"
    crash.write_text("当天下午，货车司机张某驾车行至路口时与一辆客车相撞，造成2人受伤。", encoding="utf-8")
    out = tmp_path / "g.trig"
    result = CliRunner().invoke(main, ["build", str(trial), str(crash), "-o", str(out), "-q", "--date", "2021-06-18"])
    assert result.exit_code == 0, result.output
    store = Store()
    store.load(path=str(out), format=RdfFormat.TRIG)
    rows = store.query("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kg: <http://kg.example.org/ontology#>
        SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a kg:Person ; rdfs:label "张某"@zh } }""")
    assert len({r[0].value for r in rows}) == 2  # two articles, two people
    jailed = store.query("""PREFIX kg: <http://kg.example.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?l WHERE { GRAPH ?g { ?e a kg:Imprisonment ; ?role ?p . ?p rdfs:label ?l } }""")
    assert "张某" in {r[0].value for r in jailed}
