"""The saved queries (ontology/queries/*.rq) answer correctly, on both engines."""

import pytest

from kg.errors import QueryError
from kg.query.saved import saved_queries, saved_query
from kg.query.sources import load_for_query
from kg.query.sparql import run_query

NAMES = ["contacts", "events-timeline", "organizations-places", "people-positions", "provenance",
         "quantities-by-unit"]


def rows(target, name):
    result = run_query(target, saved_query(name).text, source=name)
    return [{var: (t.value if t else None) for var, t in zip(result.variables, row)} for row in result.rows]


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def demo(request, demo_trig_path):
    return load_for_query(demo_trig_path, request.param)


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def contract(request, contract_graph_path):
    return load_for_query(contract_graph_path, request.param)


def test_every_saved_query_is_listed_with_a_description():
    found = saved_queries()
    assert [q.name for q in found] == NAMES
    for query in found:
        assert query.text.startswith("# ") and len(query.description) > 20


def test_unknown_saved_query_names_the_choices():
    with pytest.raises(QueryError, match="people-positions"):
        saved_query("people")


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_the_demo(demo_trig_path, name):
    rdflib_rows = rows(load_for_query(demo_trig_path, "rdflib"), name)
    oxigraph_rows = rows(load_for_query(demo_trig_path, "oxigraph"), name)
    assert len(rdflib_rows) == len(oxigraph_rows)
    if name != "events-timeline":  # GROUP_CONCAT order is engine-specific
        assert rdflib_rows == oxigraph_rows


def test_people_positions_lists_the_members_with_their_roles(demo, demo_dataset):
    from kg.rdf.serialize import union_graph
    from kg.vocab import ORG
    from rdflib import RDFS

    graph = union_graph(demo_dataset)
    members = {str(graph.value(person, RDFS.label)) for person in graph.objects(None, ORG.member)}
    assert members, "the demo graph should hold memberships"
    found = rows(demo, "people-positions")
    with_positions = {r["person"] for r in found if r["organization"]}
    assert members <= with_positions
    assert all(r["sentence"] for r in found if r["organization"])


def test_people_positions_on_the_contract_graph(contract):
    found = rows(contract, "people-positions")
    assert found[0] == {"person": "谭德塞", "role": "总干事", "organization": "世界卫生组织",
                        "sentence": "世卫组织总干事谭德塞会见王毅。"}
    assert {r["person"] for r in found} == {"谭德塞", "王毅", "习近平", "古特雷斯"}


def test_events_are_in_date_order(demo, contract):
    for target in (demo, contract):
        dates = [r["date"] for r in rows(target, "events-timeline")]
        dated = [d for d in dates if d]
        assert dated == sorted(dated)
        assert dates[:len(dated)] == dated  # undated events come last
    found = rows(contract, "events-timeline")
    assert [r["date"] for r in found] == ["2020-01", "2020-01-28", "2020-03-12", None]
    meeting = found[1]
    assert meeting["place"] == "北京市" and set(meeting["participants"].split("、")) == {"习近平", "谭德塞"}


def test_contacts_find_meetings_calls_and_relations(contract):
    found = {(r["who"], r["how"], r["whom"], r["date"]) for r in rows(contract, "contacts")}
    assert found == {("习近平", "会议", "谭德塞", "2020-01-28"), ("习近平", "通话", "古特雷斯", "2020-03-12"),
                     ("谭德塞", "会见", "王毅", None)}


def test_provenance_sentences_contain_the_anchored_text(demo, contract):
    for target in (demo, contract):
        found = rows(target, "provenance")
        assert found
        anchored = [r for r in found if r["anchor"]]
        assert anchored
        for r in anchored:
            assert r["anchor"] in r["sentence"], r
    kinds = {r["kind"] for r in rows(contract, "provenance")}
    assert kinds == {"Membership", "Meeting", "Dispatch", "QuantitativeValue", "PhoneCall"}


def test_organizations_places(demo):
    found = rows(demo, "organizations-places")
    assert found and all(r["type"] for r in found)
    placed = [r for r in found if r["place"]]
    assert placed == found[:len(placed)]  # organizations with a place first


def test_quantities_grouped_by_unit_largest_first(demo, contract):
    found = rows(demo, "quantities-by-unit")
    assert found
    units = [r["unit"] for r in found]
    assert units == sorted(units)
    for unit in set(units):
        values = [float(r["value"]) for r in found if r["unit"] == unit]
        assert values == sorted(values, reverse=True)
    assert rows(contract, "quantities-by-unit")[0]["value"] == "42000"
