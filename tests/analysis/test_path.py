"""Names and shortest paths on the small graph."""

from __future__ import annotations

import pytest

from kg.analysis.path import candidates, find_entity, shortest_paths
from kg.errors import GraphError

EX = "http://example.org/id/"


def test_find_by_label_alias_and_iri(small_entities):
    assert find_entity(small_entities, "孙春兰") == EX + "sun"
    assert find_entity(small_entities, "世卫组织") == EX + "who"
    assert find_entity(small_entities, EX + "xi") == EX + "xi"


def test_unknown_name_lists_candidates(small_entities):
    with pytest.raises(GraphError, match=r"no entity named '孙春'.*close candidates: 孙春兰"):
        find_entity(small_entities, "孙春")
    assert "武汉市" in candidates(small_entities, "武汉")


def test_ambiguous_name_lists_matches(small_entities):
    with pytest.raises(GraphError, match=r"ambiguous.*li1.*li2"):
        find_entity(small_entities, "李明")


def test_person_membership_organization_location_place(small_entities):
    (path,) = shortest_paths(small_entities, EX + "sun", EX + "china", max_paths=3)
    assert [(s["from_label"], s["facts"][0]["type"], s["facts"][0]["label"], s["to_label"]) for s in path] == [
        ("孙春兰", "memberOf", "副总理", "国务院"),
        ("国务院", "location", "地点", "北京市"),
        ("北京市", "containedInPlace", "位于", "中国"),
    ]
    assert path[0]["facts"][0]["evidence"] == "国务院副总理孙春兰在武汉市考察。"


def test_steps_against_the_edge_direction(small_entities):
    (path,) = shortest_paths(small_entities, EX + "china", EX + "wuhan")
    assert [s["to_label"] for s in path] == ["湖北省", "武汉市"]
    assert {f["direction"] for s in path for f in s["facts"]} == {"backward"}


def test_not_connected(small_entities):
    with pytest.raises(GraphError, match="not connected in the entities view; try --view cooccurrence"):
        shortest_paths(small_entities, EX + "sun", EX + "zhang")
