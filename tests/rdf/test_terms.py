"""N-Triples term text and its Turtle forms (kg.rdf.terms)."""

import pyoxigraph
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.terms import RDF_TYPE, from_rdflib, iri, literal, number, to_rdflib, turtle_term, unescape

ODD = 'say "hi" \\ back\nslash\r\x01\x1f\x7f\ttab """ 中文 😀'


def test_literal_escapes_per_n_triples():
    assert literal(ODD) == '"say \\"hi\\" \\\\ back\\nslash\\r\\u0001\\u001F\\u007F\ttab \\"\\"\\" 中文 😀"'
    assert literal("北京", lang="ZH") == '"北京"@zh'
    assert literal("2020-01-02", XSD.date) == f'"2020-01-02"^^<{XSD}date>'
    assert literal("plain", XSD.string) == '"plain"'


@pytest.mark.parametrize("text", [ODD, "", "\\u0041 is not an escape", "a\\"])
def test_literal_round_trips_through_pyoxigraph_and_rdflib(text):
    line = f"<http://x.org/s> <http://x.org/p> {literal(text, lang='zh')} .\n"
    [quad] = list(pyoxigraph.parse(line.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert quad.object.value == text
    assert to_rdflib(literal(text, lang="zh")) == Literal(text, lang="zh")
    assert unescape(literal(text)[1:-1]) == text


def test_numbers():
    assert number(3) == number(3.0) == f'"3"^^<{XSD}integer>'
    assert number(1e-05) == f'"0.00001"^^<{XSD}decimal>'
    assert number(2.5) == f'"2.5"^^<{XSD}decimal>'


def test_iris_escape_what_iriref_forbids():
    assert iri("http://x.org/a b<c>") == "<http://x.org/a\\u0020b\\u003Cc\\u003E>"
    assert iri(URIRef("http://x.org/中")) == "<http://x.org/中>"
    assert type(iri(URIRef("http://x.org/y"))) is str
    assert to_rdflib(iri("http://x.org/a b")) == URIRef("http://x.org/a b")


@pytest.mark.parametrize("value, form", [
    ("http://kg.example.org/ontology#Person", "kg:Person"),
    ("https://schema.org/", "schema:"),
    ("http://www.w3.org/2001/XMLSchema#nonNegativeInteger", "xsd:nonNegativeInteger"),
    ("https://schema.org/名字", "schema:名字"),
    ("https://schema.org/a.b", "schema:a.b"),
    ("https://schema.org/1a", "schema:1a"),
    ("https://schema.org/a%20b", "schema:a%20b"),
    ("https://schema.org/a_-b", "schema:a_-b"),
    # not valid PN_LOCAL without escapes: written as full IRIs
    ("https://schema.org/ab.", "<https://schema.org/ab.>"),
    ("https://schema.org/-ab", "<https://schema.org/-ab>"),
    ("https://schema.org/a/b", "<https://schema.org/a/b>"),
    ("https://schema.org/a,b", "<https://schema.org/a,b>"),
    ("https://schema.org/a~b", "<https://schema.org/a~b>"),
    ("http://kg.example.org/id/person/习近平", "<http://kg.example.org/id/person/习近平>"),
])
def test_prefixed_names_only_when_valid(value, form):
    assert turtle_term(iri(value)) == form
    text = f"@prefix kg: <http://kg.example.org/ontology#> . @prefix schema: <https://schema.org/> .\n" \
           f"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://x.org/s> <http://x.org/p> {form} ."
    [quad] = list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    assert quad.object.value == value


def test_rdf_type_is_a_only_as_predicate():
    assert turtle_term(RDF_TYPE, predicate=True) == "a"
    assert turtle_term(RDF_TYPE) == "rdf:type"
    assert turtle_term(literal("1", XSD.integer)) == '"1"^^xsd:integer'
    assert turtle_term(iri("https://schema.org/a%2")) == "<https://schema.org/a%2>"  # not a PERCENT


def test_rdflib_terms_round_trip():
    for term in (URIRef("http://x.org/y"), Literal("a\"b", lang="en"), Literal(5),
                 Literal("2020", datatype=XSD.gYear), Literal(ODD), BNode("b1")):
        assert to_rdflib(from_rdflib(term)) == term
