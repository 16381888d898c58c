"""The vocabulary constants and the ontology must not drift apart."""

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import KG, SCHEMA
from kg.resources import data_path

ROOTS = {SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place, SCHEMA.Event}


def ontology():
    return Graph().parse(data_path("ontology", "kg.ttl"))


def test_every_ontology_term_is_a_constant_and_back():
    g = ontology()
    ns = str(KG._NS)
    declared = {str(s)[len(ns):] for s in g.subjects(RDF.type, None) if str(s).startswith(ns)}
    constants = set(KG.__annotations__)
    assert declared == constants


def test_every_term_has_english_and_chinese_label_and_comment():
    g = ontology()
    for name in KG.__annotations__:
        term = URIRef(str(KG._NS) + name)
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in g.objects(term, prop)}
            assert {"en", "zh"} <= langs, (name, prop)


def test_entity_classes_reach_exactly_one_schema_root():
    g = ontology()
    for cls in g.subjects(RDF.type, OWL.Class):
        supers = set(g.transitive_objects(cls, RDFS.subClassOf))
        roots = supers & ROOTS
        if cls in (KG.Role, KG.TimeValue, KG.Extraction, KG.Modality):  # value classes
            assert not roots
        else:
            assert len(roots) == 1, (cls, roots)


def test_own_properties_have_domain_range_and_label():
    g = ontology()
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)):
        assert (prop, RDFS.domain, None) in g and (prop, RDFS.range, None) in g, prop
