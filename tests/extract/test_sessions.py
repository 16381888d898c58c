"""Numbered congresses and sessions are meetings (issue 20): one kg:Meeting per meeting and
document, with its organizer, date and place, through the real pipeline."""

import pytest
from click.testing import CliRunner

from kg.extract.sessions import find_sessions

ARTICLES = {
    "npc.txt": "2025年3月5日上午，十四届全国人大三次会议在人民大会堂开幕。出席十四届全国人大三次会议的代表"
               "听取了政府工作报告。第十四届全国人民代表大会第三次会议共有六项议程。",
    "cppcc.txt": "全国政协十四届三次会议于2025年3月4日下午在北京开幕。全国政协十四届三次会议期间，委员们提交了大量提案。",
    "plenum.txt": "中国共产党第二十届中央委员会第三次全体会议于2024年7月15日至18日在北京举行。"
                  "中共二十届三中全会审议通过了深化改革的决定。",
    "congress.txt": "党的二十大以来，各地加快推进乡村振兴。二十大报告对此作出了部署。",
    "ordinary.txt": "该市公布了十大民生实事。这里是全国第二大港口，也是一大早就热闹的地方。",
    "planned.txt": "全国政协十四届四次会议将于2026年3月4日在北京开幕。",
    "province.txt": "浙江省十四届人大三次会议2025年1月在杭州召开，代表们审议了预算报告。",
}

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kg: <http://kg.example.org/ontology#>
PREFIX schema: <https://schema.org/> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from pyoxigraph import RdfFormat, Store

    from kg.cli import main

    folder = tmp_path_factory.mktemp("sessions")
    paths = []
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    out = folder / "s.trig"
    result = CliRunner().invoke(main, ["build", *paths, "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    graph = Store()
    graph.load(path=str(out), format=RdfFormat.TRIG)
    return graph


def meetings(store, doc):
    rows = store.query(PREFIXES + """
        SELECT ?e ?label ?date ?place ?organizer ?modality WHERE { GRAPH ?g {
          ?e a kg:Meeting ; rdfs:label ?label .
          OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?e schema:location/rdfs:label ?place }
          OPTIONAL { ?e kg:organizer/rdfs:label ?organizer } OPTIONAL { ?e kg:modality ?modality }
          FILTER(CONTAINS(STR(?g), "%s")) } }""" % doc)
    return [{k: (row[k].value if row[k] is not None else None)
             for k in ("e", "label", "date", "place", "organizer", "modality")} for row in rows]


def test_a_national_session_named_three_times_is_one_meeting_with_its_date_place_and_body(store):
    found = meetings(store, "npc")
    assert len({m["e"] for m in found}) == 1
    m = found[0]
    assert m["label"].startswith("十四届全国人大三次会议") and m["date"] == "2025-03-05"
    assert m["place"] == "人民大会堂" and m["organizer"] == "全国人民代表大会"


def test_the_consultative_conference_is_its_organizer(store):
    [m] = meetings(store, "cppcc")
    assert (m["date"], m["place"], m["organizer"]) == ("2025-03-04", "北京市", "中国人民政治协商会议全国委员会")


def test_a_plenum_in_long_and_short_form_is_one_meeting_of_the_central_committee(store):
    [m] = meetings(store, "plenum")
    assert m["label"].startswith("中国共产党第二十届中央委员会第三次全体会议")
    assert (m["date"], m["organizer"]) == ("2024-07-15", "中国共产党中央委员会")


def test_a_party_congress_is_a_meeting_not_an_organization_or_a_count(store):
    [m] = meetings(store, "congress")
    assert m["label"] == "党的二十大" and m["organizer"] == "中国共产党" and m["date"] is None
    labels = {r[0].value for r in store.query(PREFIXES + """SELECT ?l WHERE { GRAPH ?g {
        ?x a schema:Organization ; rdfs:label ?l } }""")}
    assert not any("二十大" in label or "会议" in label for label in labels)


def test_numbers_before_da_in_ordinary_words_are_no_meetings(store):
    assert meetings(store, "ordinary") == []


def test_a_session_to_come_is_planned(store):
    [m] = meetings(store, "planned")
    assert m["modality"].endswith("Planned") and m["date"] == "2026-03-04"


def test_a_provincial_congress_session_is_held_by_that_province_s_congress(store):
    [m] = meetings(store, "province")
    assert (m["organizer"], m["place"]) == ("浙江省人民代表大会", "杭州市")


@pytest.mark.parametrize("text, kinds", [
    ("十九大以来", [("congress", 19, None)]),
    ("全国人大十三届三次会议", [("session", 3, 13)]),
    ("十三届全国人大常委会第二十次会议", [("session", 20, 13)]),
    ("中国人民政治协商会议第十三届全国委员会第五次会议", [("session", 5, 13)]),
    ("十大新闻", []),
    ("五大发展理念", []),
])
def test_meeting_names_are_read_with_their_numbers(text, kinds):
    assert [(s.kind, s.number, s.term) for s in find_sessions(text)] == kinds


def test_long_and_short_forms_share_an_identity():
    a, b = find_sessions("十九届六中全会和中国共产党第十九届中央委员会第六次全体会议")
    assert a.identity == b.identity and a.organizer is None and b.organizer == "中国共产党中央委员会"
