"""kg.extract.event_taxonomy: the DuEE type and role tables, and their validation on load."""

from __future__ import annotations

import dataclasses

import pytest

from kg.errors import ResourceError
from kg.extract import event_taxonomy as tax
from kg.vocab import KG, SCHEMA
from kg.resources import read_text


def clear_caches():
    for fn in (tax.event_types, tax.event_roles, tax._roles_by_type, tax._by_class):
        fn.cache_clear()


@pytest.fixture
def files(monkeypatch):
    """Replace one or both packaged files with given text; the caches are cleared around the test."""
    texts = {}

    def fake(*parts):
        return texts.get(parts[-1]) or read_text(*parts)

    monkeypatch.setattr(tax, "read_text", fake)
    clear_caches()
    yield texts
    clear_caches()


def test_types_and_roles_load():
    types, roles = tax.event_types(), tax.event_roles()
    assert len(types) == 65 and len(roles) == 217
    layoff = types["组织关系-裁员"]
    assert layoff == tax.EventType("组织关系-裁员", "Layoff", "OrganizationRelationEvent", "layoff", "裁员")
    assert layoff.iri == KG.Layoff and layoff.family_iri == KG.OrganizationRelationEvent
    assert types["交往-会见"].cls == "Meeting"
    assert types["灾害/意外-地震"].cls == "Earthquake"
    assert types["竞赛行为-胜负"].cls == "MatchResult"
    assert list(types)[0] == "财经/交易-出售/收购"  # schema order
    with pytest.raises(dataclasses.FrozenInstanceError):
        layoff.cls = "Other"


def test_role_properties():
    roles = tax.event_roles()
    assert roles["组织关系-裁员", "裁员人数"] == tax.RoleProperty("layoffCount", "quantity")
    assert roles["组织关系-裁员", "裁员人数"].iri == KG.layoffCount
    assert roles["组织关系-裁员", "时间"] == tax.RoleProperty("schema:startDate", "date")
    assert roles["组织关系-裁员", "时间"].iri == SCHEMA.startDate
    assert roles["人生-婚礼", "地点"].iri == SCHEMA.location
    assert roles["灾害/意外-地震", "震中"] == tax.RoleProperty("epicenter", "location")
    assert roles["竞赛行为-胜负", "败者"].kind == "participant"
    assert roles["产品行为-获奖", "奖项"] == tax.RoleProperty("award", "thing")
    assert roles["人生-婚礼", "参礼人员"].iri == roles["交往-会见", "会见对象"].iri == KG.attendee
    # the same role string is the same property in every type
    assert {roles[t, "死亡人数"] for t, r in roles if r == "死亡人数"} == {tax.RoleProperty("deathToll", "quantity")}


def test_roles_of():
    assert tax.roles_of("组织关系-裁员") == ["时间", "裁员方", "裁员人数"]
    assert tax.roles_of("灾害/意外-地震") == ["时间", "死亡人数", "震级", "震源深度", "震中", "受伤人数"]
    assert all(tax.roles_of(t)[0] == "时间" for t in tax.event_types())
    with pytest.raises(KeyError, match="组织关系-跳槽"):
        tax.roles_of("组织关系-跳槽")


def test_class_label_zh_for_any_event_class():
    assert tax.class_label_zh("Layoff") == "裁员"
    assert tax.class_label_zh("kg:Layoff") == "裁员"
    assert tax.class_label_zh(KG.Earthquake) == "地震"
    assert tax.class_label_zh(str(KG.Inspection)) == "考察视察"  # from the ontology
    assert tax.class_label_zh("FinanceEvent") == "财经/交易"
    assert tax.class_label_zh(KG.Event) == "事件"
    assert tax.class_label_zh("NoSuchClass") == "NoSuchClass"


def test_duee_type_of():
    assert tax.duee_type_of(KG.Meeting) == "交往-会见"
    assert tax.duee_type_of("Fine") == "司法行为-罚款"
    assert tax.duee_type_of("PhoneCall") is None


TYPES_HEAD = "# duee_type\tclass\tfamily\ten_label\tzh_label\n"
ROLES_HEAD = "# duee_type\tduee_role\tproperty\tkind\n"
GOOD_TYPES = TYPES_HEAD + (
    "组织关系-裁员\tLayoff\tOrganizationRelationEvent\tlayoff\t裁员\n"
    "灾害/意外-地震\tEarthquake\tDisasterEvent\tearthquake\t地震\n"
)


@pytest.mark.parametrize("text, message", [
    (TYPES_HEAD + "组织关系-裁员\tLayoff\tOrgEvent\tlayoff\t裁员\n", "line 2: unknown family 'OrgEvent'"),
    (TYPES_HEAD + "组织关系-裁员\tLayoff\tDisasterEvent\tlayoff\t裁员\n", "line 2: '组织关系-裁员' is not of family"),
    (TYPES_HEAD + "组织关系-裁员\tLayOff\tOrganizationRelationEvent\tlayoff\t裁员\n", "line 2: class 'LayOff' is not declared"),
    (TYPES_HEAD + "组织关系-裁员\tlayoffCount\tOrganizationRelationEvent\tlayoff\t裁员\n", "class 'layoffCount' is not declared"),
    (GOOD_TYPES + "组织关系-裁员\tLayoff\tOrganizationRelationEvent\tlayoff\t裁员\n", "line 4: type '组织关系-裁员' listed twice"),
    (GOOD_TYPES + "组织关系-解雇\tLayoff\tOrganizationRelationEvent\tdismissal\t解雇\n", "line 4: class Layoff already stands for"),
    (TYPES_HEAD + "组织关系-裁员\tLayoff\tOrganizationRelationEvent\tlayoff\n", "line 2: expected 5 non-empty"),
])
def test_bad_types_file_names_file_and_line(files, text, message):
    files["event_types.tsv"] = text
    with pytest.raises(ResourceError, match=message) as info:
        tax.event_types()
    assert "lexicons/event_types.tsv line" in str(info.value)


@pytest.mark.parametrize("rows, message", [
    ("组织关系-裁员\t裁员人数\tlayoffCount\tcount\n", "line 2: unknown kind 'count'"),
    ("组织关系-裁员\t裁员人数\tlayoffTotal\tquantity\n", "line 2: property 'layoffTotal' is not declared"),
    ("组织关系-裁员\t裁员人数\tLayoff\tquantity\n", "line 2: property 'Layoff' is not declared"),
    ("组织关系-裁员\t时间\tschema:startDate\tthing\n", "line 2: schema:startDate is of kind date"),
    ("组织关系-裁员\t时间\tschema:endDate\tdate\n", "line 2: property 'schema:endDate' is not declared"),
    ("组织关系-裁员\t时间\tdeathToll\tdate\n", "line 2: kind date needs schema:startDate"),
    ("组织关系-跳槽\t时间\tschema:startDate\tdate\n", "line 2: type '组织关系-跳槽' is not in event_types.tsv"),
    ("组织关系-裁员\t裁员方\tdownsizer\tparticipant\n灾害/意外-地震\t裁员方\tdeceased\tparticipant\n",
     "line 3: role '裁员方' maps to downsizer"),
    ("组织关系-裁员\t裁员方\tdownsizer\tparticipant\n组织关系-裁员\t裁员人数\tdownsizer\tparticipant\n",
     "line 3: downsizer already holds role '裁员方'"),
    ("组织关系-裁员\t裁员方\tdownsizer\tparticipant\n组织关系-裁员\t裁员方\tdownsizer\tparticipant\n",
     r"line 3: \(组织关系-裁员, 裁员方\) listed twice"),
])
def test_bad_roles_file_names_file_and_line(files, rows, message):
    files["event_types.tsv"] = GOOD_TYPES
    files["event_roles.tsv"] = ROLES_HEAD + rows
    with pytest.raises(ResourceError, match="lexicons/event_roles.tsv " + message):
        tax.event_roles()


def test_good_small_files_load(files):
    files["event_types.tsv"] = GOOD_TYPES
    files["event_roles.tsv"] = ROLES_HEAD + (
        "组织关系-裁员\t时间\tschema:startDate\tdate\n"
        "组织关系-裁员\t裁员人数\tlayoffCount\tquantity\n"
        "灾害/意外-地震\t震中\tepicenter\tlocation\n"
        "灾害/意外-地震\t地点\tschema:location\tlocation\n"
    )
    assert tax.roles_of("灾害/意外-地震") == ["震中", "地点"]
    assert tax.class_label_zh("Earthquake") == "地震"
