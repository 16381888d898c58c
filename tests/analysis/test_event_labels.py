"""Event labels (class · key participant · date, plus a modality marker), read from RDF alone."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.analysis.event_labels import date_label, event_labels
from kg.analysis.projection import entity_graph

NEWS = Path(__file__).parent / "news_events.ttl"
EX = "http://example.org/id/"
KG = "http://kg.example.org/ontology#"
NIF_SENTENCE = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#sentence")

EXPECTED = {
    "e1": "裁员 · 甲骨文 · 2019-05-07",
    "e2": "地震 · 泸定县 · 2022-09-05 12:52",
    "e3": "宣判 · 王某",
    "e4": "成立 · 腾讯 · 2024（计划）",
    "e5": "Match result · 中国女排 · 2021-07",
    "e6": "Closure · 上海工厂（否认）",
    "e7": "罢工（假设）",
    "e8": "会议 · 李华",
}


@pytest.fixture()
def news() -> Graph:
    return Graph().parse(NEWS, format="turtle")


def texts(graph) -> dict[str, str]:
    return {str(e).removeprefix(EX): label.text for e, label in event_labels(graph).items()}


def test_labels_say_what_each_event_is(news):
    assert texts(news) == EXPECTED


def test_parts_of_a_layoff(news):
    layoff = event_labels(news)[URIRef(EX + "e1")]
    # typed kg:Layoff and kg:Event: the most specific class names it
    assert str(layoff.cls) == KG + "Layoff" and layoff.class_label == "裁员"
    # 李华 is mentioned first in the document and sorts first by name, but 甲骨文 comes first
    # in the layoff's own sentence (and is reached through kg:layoffOrg -> kg:agent -> schema:participant)
    assert (layoff.key, layoff.date, layoff.modality, layoff.trigger) == ("甲骨文", "2019-05-07", None, "裁员")
    assert layoff.rest == "甲骨文 · 2019-05-07"


def test_an_earthquake_with_only_a_place_and_an_undated_event(news):
    labels = event_labels(news)
    quake, verdict = labels[URIRef(EX + "e2")], labels[URIRef(EX + "e3")]
    assert (quake.key, quake.date) == ("泸定县", "2022-09-05 12:52")  # kg:epicenter ⊑ schema:location
    assert (verdict.key, verdict.date) == ("王某", None)


def test_participants_come_before_the_place(news):
    planned = event_labels(news)[URIRef(EX + "e4")]
    assert (planned.key, planned.modality) == ("腾讯", "计划")  # not 新加坡, its schema:location


def test_modality_markers_default_when_the_graph_has_no_zh_label(news):
    news.remove((URIRef(KG + "Planned"), RDFS.label, None))
    news.remove((URIRef(KG + "Hypothetical"), RDFS.label, None))
    news.add((URIRef(KG + "Hypothetical"), RDFS.label, Literal("hypothetical", lang="en")))
    assert texts(news)["e4"] == "成立 · 腾讯 · 2024（计划）"
    assert texts(news)["e7"] == "罢工（假设）"
    news.add((URIRef(KG + "Negated"), RDFS.label, Literal("否定", lang="zh")))
    assert texts(news)["e6"] == "Closure · 上海工厂（否定）"  # the graph's own word wins


def test_class_label_falls_back_to_en_then_local_name(news):
    news.remove((URIRef(KG + "Layoff"), RDFS.label, Literal("裁员", lang="zh")))
    assert texts(news)["e1"] == "layoff · 甲骨文 · 2019-05-07"
    news.remove((URIRef(KG + "Layoff"), RDFS.label, None))
    assert texts(news)["e1"] == "Layoff · 甲骨文 · 2019-05-07"


def test_phrases_without_nif_sentence_are_placed_by_their_offsets(news):
    news.remove((None, NIF_SENTENCE, None))
    assert texts(news) == EXPECTED


def test_labels_do_not_depend_on_triple_order(news):
    triples = list(news)
    random.Random(19).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    assert texts(shuffled) == EXPECTED


@pytest.mark.parametrize(
    "value, shown",
    [
        (Literal("2019-05-07", datatype=XSD.date), "2019-05-07"),
        (Literal("2020-01-23T10:00:00", datatype=XSD.dateTime), "2020-01-23 10:00"),
        (Literal("2020-04-08T00:00:00", datatype=XSD.dateTime), "2020-04-08 00:00"),
        (Literal("2019-12", datatype=XSD.gYearMonth), "2019-12"),
        (Literal("2020", datatype=XSD.gYear), "2020"),
        (Literal("2020-01-23+08:00", datatype=XSD.date), "2020-01-23"),
        (Literal("P76D", datatype=XSD.duration), None),
        (None, None),
    ],
)
def test_date_label(value, shown):
    assert date_label(value) == shown


def test_projection_nodes_carry_the_label_and_the_trigger(news):
    G = entity_graph(news)
    assert {n.removeprefix(EX): d["label"] for n, d in G.nodes(data=True) if d["kind"] == "Event"} == EXPECTED
    assert G.nodes[EX + "e4"]["trigger"] == "设立" and G.nodes[EX + "e4"]["date"] == "2024"
    assert G.nodes[EX + "e8"]["trigger"] == ""  # no phrase points to it
    assert G.nodes[EX + "oracle"]["label"] == "甲骨文" and "trigger" not in G.nodes[EX + "oracle"]
