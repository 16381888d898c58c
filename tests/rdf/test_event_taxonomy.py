"""The DuEE event taxonomy in the ontology, the shapes and the saved queries.

Checks ontology/kg.ttl against kg/data/lexicons/event_types.tsv and
event_roles.tsv, and both against DuEE's own schema where it is at hand
(../shared/data/events/duee_event_schema.json, a sibling of the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.vocab import KG, NIF, PROV, SCHEMA
from kg.resources import data_path, load_tsv

SH = Namespace("http://www.w3.org/ns/shacl#")
KGSH = Namespace("http://kg.example.org/shapes#")
SCHEMA_JSON = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "events" / "duee_event_schema.json"

FAMILIES = {
    "FinanceEvent": "财经/交易", "ProductEvent": "产品行为", "InteractionEvent": "交往",
    "CompetitionEvent": "竞赛行为", "LifeEvent": "人生", "JusticeEvent": "司法行为",
    "DisasterEvent": "灾害/意外", "OrganizationRelationEvent": "组织关系",
    "OrganizationActionEvent": "组织行为",
}
#: The classes kg had before the taxonomy (kept, placed in it).
OLD_CLASSES = ("Meeting", "Inspection", "PhoneCall", "Lockdown", "Reopening", "Construction",
               "Announcement", "Dispatch", "Aid", "Decision", "Instruction", "Establishment",
               "Speech", "Arrival", "Treatment")
ROOTS = {SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place, SCHEMA.Event}


def kg(name: str) -> URIRef:
    return URIRef(str(KG._NS) + name)


def prop_iri(name: str) -> URIRef:
    return SCHEMA[name[len("schema:"):]] if name.startswith("schema:") else kg(name)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(data_path("ontology", "kg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data_path("ontology", "shapes.ttl"), format="turtle")


@pytest.fixture(scope="module")
def types():
    return load_tsv("lexicons", "event_types.tsv", columns=5)


@pytest.fixture(scope="module")
def roles():
    return load_tsv("lexicons", "event_roles.tsv", columns=4)


@pytest.fixture(scope="module")
def duee_schema():
    if not SCHEMA_JSON.is_file():
        pytest.skip(f"{SCHEMA_JSON} is not here")
    lines = SCHEMA_JSON.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def labels(g: Graph, term, lang: str) -> set[str]:
    return {str(o) for o in g.objects(term, RDFS.label) if getattr(o, "language", None) == lang}


def supers(g: Graph, term) -> set:
    return set(g.transitive_objects(term, RDFS.subClassOf)) - {term}


def super_props(g: Graph, term) -> set:
    return set(g.transitive_objects(term, RDFS.subPropertyOf)) - {term}


# ------------------------------------------------------------ the tsv files

def test_types_file_has_all_65_types_once(types):
    assert len(types) == 65
    assert len({row[0] for row in types}) == 65
    assert len({row[1] for row in types}) == 65  # one class per type
    for duee_type, cls, family, en, zh in types:
        assert FAMILIES[family] == duee_type.split("-", 1)[0], duee_type
        assert cls[0].isupper() and cls.isalnum(), cls
        assert en == en.strip() and zh == zh.strip() and en and zh


def test_roles_file_has_all_217_pairs_and_one_property_per_role(roles, types):
    assert len(roles) == 217
    assert len({(t, r) for t, r, _, _ in roles}) == 217
    assert {t for t, *_ in roles} == {row[0] for row in types}
    by_role: dict[str, set] = {}
    for duee_type, role, prop, kind in roles:
        by_role.setdefault(role, set()).add((prop, kind))
    assert len(by_role) == 121
    assert all(len(v) == 1 for v in by_role.values()), {r: v for r, v in by_role.items() if len(v) > 1}
    # two roles of one type never share a property: the role can be read back from (type, property)
    props_of_type = [(t, p) for t, _, p, _ in roles]
    assert len(props_of_type) == len(set(props_of_type))
    every_type_has_time = {t for t, r, p, k in roles if r == "时间" and p == "schema:startDate" and k == "date"}
    assert len(every_type_has_time) == 65


def test_tsv_files_match_the_duee_schema(types, roles, duee_schema):
    assert [row[0] for row in types] == [e["event_type"] for e in duee_schema]
    pairs = [(e["event_type"], r["role"]) for e in duee_schema for r in e["role_list"]]
    assert [(t, r) for t, r, _, _ in roles] == pairs
    for e in duee_schema:
        assert e["event_type"].startswith(e["class"] + "-")


def test_spec_examples(types, roles):
    assert ("组织关系-裁员", "Layoff", "OrganizationRelationEvent", "layoff", "裁员") in types
    row = {(t, r): (p, k) for t, r, p, k in roles}
    assert row["组织关系-裁员", "裁员人数"] == ("layoffCount", "quantity")
    assert row["竞赛行为-胜负", "胜者"] == ("winner", "participant")
    assert row["人生-死亡", "死者"] == ("deceased", "participant")
    assert row["交往-会见", "会见主体"] == ("organizer", "participant")
    assert row["交往-会见", "会见对象"] == ("attendee", "participant")
    assert row["灾害/意外-地震", "震中"] == ("epicenter", "location")
    assert row["灾害/意外-地震", "死亡人数"] == ("deathToll", "quantity")
    assert row["司法行为-罚款", "罚款金额"] == ("fineAmount", "quantity")
    assert row["产品行为-发布", "发布产品"] == ("product", "thing")
    assert row["竞赛行为-胜负", "赛事名称"] == ("competition", "thing")
    assert row["产品行为-获奖", "奖项"] == ("award", "thing")
    assert row["人生-婚礼", "地点"] == ("schema:location", "location")


# ----------------------------------------------------------- the classes

def test_every_duee_type_has_exactly_one_class_naming_it(onto, types):
    for duee_type, cls, *_ in types:
        holders = set(onto.subjects(KG.dueeType, Literal(duee_type)))
        assert holders == {kg(cls)}, (duee_type, holders)
    assert len(set(onto.subject_objects(KG.dueeType))) == 65
    assert (KG.Meeting, KG.dueeType, Literal("交往-会见")) in onto


def test_duee_type_annotation_is_declared(onto):
    assert (KG.dueeType, RDF.type, OWL.AnnotationProperty) in onto
    assert labels(onto, KG.dueeType, "en") and labels(onto, KG.dueeType, "zh")


def test_same_answer_from_oxigraph():
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(data_path("ontology", "kg.ttl").read_bytes(), pyoxigraph.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX kg: <http://kg.example.org/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX schema: <https://schema.org/>
        SELECT ?class ?type ?family WHERE {
            ?class kg:dueeType ?type ; rdfs:subClassOf ?family .
            ?family rdfs:subClassOf kg:Event .
            kg:Event rdfs:subClassOf schema:Event .
        }"""))
    assert len(rows) == 65
    assert len({r["type"].value for r in rows}) == 65
    found = {r["type"].value: (r["class"].value, r["family"].value) for r in rows}
    assert found["组织关系-裁员"] == (str(KG.Layoff), str(KG.OrganizationRelationEvent))
    assert found["交往-会见"] == (str(KG.Meeting), str(KG.InteractionEvent))


def test_families_sit_under_kg_event_with_labels(onto):
    for name, zh in FAMILIES.items():
        family = kg(name)
        assert (family, RDF.type, OWL.Class) in onto
        assert set(onto.objects(family, RDFS.subClassOf)) == {KG.Event}, name
        assert labels(onto, family, "zh") == {zh}
        assert len(labels(onto, family, "en")) == 1


def test_every_class_is_under_one_family_and_schema_event(onto, types):
    families = {kg(name) for name in FAMILIES}
    for duee_type, cls, family, en, zh in types:
        above = supers(onto, kg(cls))
        assert above & families == {kg(family)}, cls
        assert SCHEMA.Event in above and above & ROOTS == {SCHEMA.Event}, cls
        assert (kg(cls), RDFS.subClassOf, kg(family)) in onto
        assert labels(onto, kg(cls), "zh") == {zh}, cls
        (en_label,) = labels(onto, kg(cls), "en")
        assert en_label.lower() == en.lower(), cls


def test_old_classes_keep_their_iris_and_sit_in_at_most_one_family(onto):
    families = {kg(name) for name in FAMILIES}
    placed = {}
    for name in OLD_CLASSES:
        above = supers(onto, kg(name))
        assert SCHEMA.Event in above and above & ROOTS == {SCHEMA.Event}, name
        assert len(above & families) <= 1, name
        placed[name] = {str(f)[len(str(KG._NS)):] for f in above & families}
    assert placed["PhoneCall"] == {"InteractionEvent"}
    assert placed["Meeting"] == {"InteractionEvent"}
    assert placed["Establishment"] == {"OrganizationActionEvent"}
    assert placed["Lockdown"] == {"OrganizationActionEvent"}


def test_class_names_are_distinct_camel_case(types):
    names = [cls for _, cls, *_ in types] + list(FAMILIES)
    assert len(names) == len(set(names))
    assert all(n[0].isupper() and n.isalnum() and not n.isupper() for n in names)


# -------------------------------------------------------- the properties

def test_every_role_maps_to_a_declared_labelled_property(onto, roles):
    for duee_type, role, prop, kind in roles:
        iri = prop_iri(prop)
        if prop.startswith("schema:"):
            assert prop in ("schema:startDate", "schema:location")
            continue
        assert (iri, RDF.type, None) in onto, prop
        assert len(labels(onto, iri, "en")) == 1 and len(labels(onto, iri, "zh")) == 1, prop
        assert (iri, RDFS.domain, KG.Event) in onto, prop
        assert Literal(role) in set(onto.objects(iri, KG.dueeRole)), (prop, role)


def test_new_properties_are_labelled_with_their_role_word(onto, roles):
    reused = {"organizer", "attendee", "target"}
    for _, role, prop, _ in roles:
        if not prop.startswith("schema:") and prop not in reused:
            assert labels(onto, kg(prop), "zh") == {role}, prop


def test_duee_role_annotations_are_exactly_the_tsv_mapping(onto, roles):
    from_tsv = {(kg(p), r) for _, r, p, _ in roles if not p.startswith("schema:")}
    from_ttl = {(s, str(o)) for s, o in onto.subject_objects(KG.dueeRole)}
    assert from_ttl == from_tsv
    assert (KG.dueeRole, RDF.type, OWL.AnnotationProperty) in onto


def test_property_kinds(onto, roles):
    kinds = {prop: kind for _, _, prop, kind in roles}
    assert set(kinds.values()) == {"participant", "location", "date", "quantity", "thing"}
    for prop, kind in kinds.items():
        iri = prop_iri(prop)
        ranges = set(onto.objects(iri, RDFS.range))
        if kind == "date":
            assert iri == SCHEMA.startDate
        elif kind == "participant":
            assert (iri, RDF.type, OWL.ObjectProperty) in onto, prop
            assert SCHEMA.participant in super_props(onto, iri), prop
            # nothing narrower than "a person, organization or place"
            assert ranges and ranges <= {SCHEMA.Thing, PROV.Agent}, prop
        elif kind == "location":
            assert iri == SCHEMA.location or SCHEMA.location in super_props(onto, iri), prop
            if iri != SCHEMA.location:
                assert ranges == {SCHEMA.Place}, prop
        elif kind == "quantity":
            assert (iri, RDF.type, OWL.ObjectProperty) in onto, prop
            assert ranges == {SCHEMA.QuantitativeValue}, prop
            assert not super_props(onto, iri) & {SCHEMA.participant, SCHEMA.location}, prop
        else:
            assert (iri, RDF.type, OWL.DatatypeProperty) in onto, prop
            assert ranges == {RDF.langString}, prop


def test_modality(onto):
    assert (KG.modality, RDF.type, OWL.ObjectProperty) in onto
    assert (KG.modality, RDFS.domain, KG.Event) in onto
    assert (KG.modality, RDFS.range, KG.Modality) in onto
    assert not supers(onto, KG.Modality) & (ROOTS | {KG.Event})
    expected = {KG.Planned: "计划", KG.Negated: "否定", KG.Hypothetical: "假设"}
    assert set(onto.subjects(RDF.type, KG.Modality)) == set(expected)
    for value, zh in expected.items():
        assert labels(onto, value, "zh") == {zh}
        assert len(labels(onto, value, "en")) == 1


# ------------------------------------------------------------ the shapes

def alternatives(shapes: Graph, shape) -> set:
    path = shapes.value(shape, SH.path)
    return set(Collection(shapes, shapes.value(path, SH.alternativePath)))


def test_shape_role_lists_match_the_ontology(onto, shapes):
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    participants = {p for p in props if SCHEMA.participant in super_props(onto, p)}
    locations = {p for p in props if SCHEMA.location in super_props(onto, p)} | {SCHEMA.location}
    quantities = {p for p in props if (p, RDFS.range, SCHEMA.QuantitativeValue) in onto}
    things = {p for p in props if (p, RDFS.range, RDF.langString) in onto}
    assert alternatives(shapes, KGSH.ParticipantRoles) == participants
    assert alternatives(shapes, KGSH.LocationRoles) == locations
    assert alternatives(shapes, KGSH.QuantityRoles) == quantities
    assert alternatives(shapes, KGSH.ThingRoles) == things
    assert len(participants) > 80 and len(quantities) >= 18 and len(things) >= 18


EX = Namespace("http://kg.example.org/id/")


def event_graph(onto: Graph, bad: bool) -> Graph:
    """The ontology plus one document and one event per case, good or bad."""
    g = Graph()
    for t in onto:
        g.add(t)
    doc, sent, run = EX["doc/t"], EX["doc/t#s1"], EX["run"]
    text = "甲骨文公司宣布裁员。"
    g.add((doc, RDF.type, NIF.Context))
    g.add((doc, NIF.isString, Literal(text, datatype=XSD.string)))
    g.add((sent, RDF.type, NIF.Sentence))
    g.add((sent, NIF.referenceContext, doc))
    g.add((sent, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((sent, NIF.endIndex, Literal(len(text), datatype=XSD.nonNegativeInteger)))
    g.add((run, RDF.type, KG.Extraction))
    company, city, person = EX["org/甲骨文"], EX["place/北京市"], EX["person/张三"]
    g.add((company, RDF.type, KG.Company))
    g.add((company, RDFS.label, Literal("甲骨文", lang="zh")))
    g.add((city, RDF.type, KG.City))
    g.add((city, RDFS.label, Literal("北京市", lang="zh")))
    g.add((person, RDF.type, KG.Person))
    g.add((person, RDFS.label, Literal("张三", lang="zh")))
    qty = EX["qty/1"]
    g.add((qty, RDF.type, SCHEMA.QuantitativeValue))
    g.add((qty, SCHEMA.value, Literal(900, datatype=XSD.integer)))
    g.add((qty, SCHEMA.unitText, Literal("人", datatype=XSD.string)))
    g.add((qty, PROV.wasDerivedFrom, sent))

    def event(name, cls, *pairs):
        e = EX["event/" + name]
        g.add((e, RDF.type, cls))
        g.add((e, PROV.wasDerivedFrom, sent))
        g.add((e, PROV.wasGeneratedBy, run))
        for p, o in pairs:
            g.add((e, p, o))
        return e

    if not bad:  # no date, a planned layoff, a named product, an epicenter, a document with metadata
        event("layoff", KG.Layoff, (KG.downsizer, company), (KG.layoffCount, qty), (KG.modality, KG.Planned))
        event("launch", KG.ProductLaunch, (KG.launcher, company), (KG.product, Literal("新手机", lang="zh")))
        event("quake", KG.Earthquake, (KG.epicenter, city), (KG.magnitude, qty))
        g.add((doc, SCHEMA.datePublished, Literal("2019-05-07", datatype=XSD.date)))
        g.add((doc, SCHEMA.locationCreated, city))
        g.add((doc, SCHEMA.author, person))
        g.add((doc, SCHEMA.editor, person))
    else:
        event("participant-literal", KG.Layoff, (KG.downsizer, Literal("甲骨文", lang="zh")))
        event("count-literal", KG.Layoff, (KG.layoffCount, Literal(900)))
        event("plain-thing", KG.ProductLaunch, (KG.product, Literal("新手机")))
        event("epicenter-not-place", KG.Earthquake, (KG.epicenter, company))
        event("odd-modality", KG.Death, (KG.modality, KG.Event))
        event("two-modalities", KG.Death, (KG.modality, KG.Planned), (KG.modality, KG.Negated))
        g.add((doc, SCHEMA.datePublished, Literal("2019年5月7日")))
        g.add((doc, SCHEMA.locationCreated, Literal("北京")))
        g.add((doc, SCHEMA.author, Literal("张三")))
        g.add((doc, SCHEMA.editor, company))
    return g


def test_shapes_accept_events_with_roles_and_no_date(onto):
    from kg.rdf.shacl import validate_graph

    assert validate_graph(event_graph(onto, bad=False)) == []


def test_shapes_reject_wrong_role_values_and_document_metadata(onto):
    from kg.rdf.shacl import validate_graph

    def local(iri: str) -> str:
        return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    # (focus, what caught it): the path, or the role list's shape (an alternative path is a blank node)
    found = {(local(v.focus), local(v.path) if v.path.startswith("http") else local(v.shape))
             for v in validate_graph(event_graph(onto, bad=True))}
    assert found == {
        ("participant-literal", "ParticipantRoles"), ("count-literal", "QuantityRoles"),
        ("plain-thing", "ThingRoles"), ("epicenter-not-place", "LocationRoles"),
        ("odd-modality", "modality"), ("two-modalities", "modality"),
        ("t", "datePublished"), ("t", "locationCreated"), ("t", "author"), ("t", "editor"),
    }


# ------------------------------------------------------ the saved queries

@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_saved_queries_leave_out_events_with_modality(onto, tmp_path, engine):
    from kg.query.saved import saved_query
    from kg.query.sources import load_for_query
    from kg.query.sparql import run_query

    g = Graph()
    for t in onto:
        g.add(t)
    a, b = EX["person/甲"], EX["person/乙"]
    for who, name in ((a, "甲"), (b, "乙")):
        g.add((who, RDF.type, KG.Person))
        g.add((who, RDFS.label, Literal(name, lang="zh")))
    for name, modality, date in (("held", None, "2020-01-08"), ("planned", KG.Planned, "2020-02-01"),
                                 ("denied", KG.Negated, "2020-01-09")):
        for cls, (p, q) in ((KG.Meeting, (KG.organizer, KG.attendee)), (KG.PhoneCall, (KG.caller, KG.callee))):
            e = EX[f"event/{cls.rsplit('#', 1)[-1]}-{name}"]
            g.add((e, RDF.type, cls))
            g.add((e, RDFS.label, Literal(name, lang="zh")))
            g.add((e, p, a))
            g.add((e, q, b))
            g.add((e, SCHEMA.startDate, Literal(date, datatype=XSD.date)))
            if modality is not None:
                g.add((e, KG.modality, modality))
    path = tmp_path / "modality.ttl"
    g.serialize(path, format="turtle")
    target = load_for_query(path, engine)

    def rows(name):
        result = run_query(target, saved_query(name).text, source=name)
        return [{v: (t.value if t else None) for v, t in zip(result.variables, row)} for row in result.rows]

    timeline = rows("events-timeline")
    assert [r["event"] for r in timeline] == ["held", "held"]
    assert {r["date"] for r in timeline} == {"2020-01-08"}
    contacts = rows("contacts")
    assert len(contacts) == 2 and {r["date"] for r in contacts} == {"2020-01-08"}
    assert {(r["who"], r["whom"]) for r in contacts} == {("甲", "乙")}
    for name in ("events-timeline", "contacts"):
        assert "kg:modality" in saved_query(name).description
