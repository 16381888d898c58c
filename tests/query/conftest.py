"""Fixtures for the query tests: a small hand-written graph per the RDF contract.

Two documents (two named graphs) with people, organizations, places, a
membership, a quantity and events of mixed date precision, so that every
saved query has rows to check, whatever the extractor finds today.
"""

from __future__ import annotations

import pytest

from kg.rdf.writer import ontology_graph

DOC_A = "http://kg.example.org/doc/a"
DOC_B = "http://kg.example.org/doc/b"

CONTRACT_TRIG = """
@prefix kg: <http://kg.example.org/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <http://kg.example.org/id/> .

<http://kg.example.org/doc/a> {
  <http://kg.example.org/doc/a> a nif:Context ; nif:isString "世卫组织总干事谭德塞会见王毅。2020年1月28日，习近平在北京会见谭德塞。" .
  <http://kg.example.org/doc/a#sentence=0,14> a nif:Sentence ; nif:referenceContext <http://kg.example.org/doc/a> ;
      nif:beginIndex 0 ; nif:endIndex 14 ; nif:anchorOf "世卫组织总干事谭德塞会见王毅。" .
  <http://kg.example.org/doc/a#sentence=14,37> a nif:Sentence ; nif:referenceContext <http://kg.example.org/doc/a> ;
      nif:beginIndex 14 ; nif:endIndex 37 ; nif:anchorOf "2020年1月28日，习近平在北京会见谭德塞。" .
  <http://kg.example.org/id/person/谭德塞> a kg:Person ; rdfs:label "谭德塞"@zh .
  <http://kg.example.org/id/person/王毅> a kg:Person ; rdfs:label "王毅"@zh .
  <http://kg.example.org/id/person/习近平> a kg:Person ; rdfs:label "习近平"@zh .
  <http://kg.example.org/id/organization/世界卫生组织> a kg:InternationalOrganization ; rdfs:label "世界卫生组织"@zh .
  <http://kg.example.org/id/place/北京市> a kg:City ; rdfs:label "北京市"@zh ;
      schema:containedInPlace <http://kg.example.org/id/place/中国> .
  <http://kg.example.org/id/place/中国> a kg:Country ; rdfs:label "中国"@zh .
  <http://kg.example.org/id/person/谭德塞> kg:metWith <http://kg.example.org/id/person/王毅> .
  <http://kg.example.org/id/role/总干事> a kg:Role ; rdfs:label "总干事"@zh .
  <http://kg.example.org/id/membership/m1> a org:Membership ; org:member <http://kg.example.org/id/person/谭德塞> ;
      org:organization <http://kg.example.org/id/organization/世界卫生组织> ; org:role <http://kg.example.org/id/role/总干事> ;
      prov:wasDerivedFrom <http://kg.example.org/doc/a#sentence=0,14> .
  <http://kg.example.org/id/event/a/e1> a kg:Meeting ; rdfs:label "会见 2020-01-28"@zh ;
      schema:startDate "2020-01-28"^^xsd:date ; schema:location <http://kg.example.org/id/place/北京市> ;
      kg:organizer <http://kg.example.org/id/person/习近平> ; kg:attendee <http://kg.example.org/id/person/谭德塞> ;
      prov:wasDerivedFrom <http://kg.example.org/doc/a#sentence=14,37> .
  <http://kg.example.org/doc/a#char=31,33> a nif:Phrase ; nif:referenceContext <http://kg.example.org/doc/a> ;
      nif:beginIndex 31 ; nif:endIndex 33 ; nif:anchorOf "会见" ; nif:sentence <http://kg.example.org/doc/a#sentence=14,37> ;
      itsrdf:taIdentRef <http://kg.example.org/id/event/a/e1> .
}

<http://kg.example.org/doc/b> {
  <http://kg.example.org/doc/b> a nif:Context ; nif:isString "2020年1月，武汉派出4.2万名医务人员。3月12日习近平同古特雷斯通电话。" .
  <http://kg.example.org/doc/b#sentence=0,21> a nif:Sentence ; nif:referenceContext <http://kg.example.org/doc/b> ;
      nif:beginIndex 0 ; nif:endIndex 21 ; nif:anchorOf "2020年1月，武汉派出4.2万名医务人员。" .
  <http://kg.example.org/doc/b#sentence=21,41> a nif:Sentence ; nif:referenceContext <http://kg.example.org/doc/b> ;
      nif:beginIndex 21 ; nif:endIndex 41 ; nif:anchorOf "3月12日习近平同古特雷斯通电话。" .
  <http://kg.example.org/id/person/习近平> a kg:Person ; rdfs:label "习近平"@zh .
  <http://kg.example.org/id/person/古特雷斯> a kg:Person ; rdfs:label "古特雷斯"@zh .
  <http://kg.example.org/id/place/武汉市> a kg:City ; rdfs:label "武汉市"@zh .
  <http://kg.example.org/id/event/b/e1> a kg:Dispatch ; rdfs:label "派出 2020-01"@zh ;
      schema:startDate "2020-01"^^xsd:gYearMonth ; kg:agent <http://kg.example.org/id/place/武汉市> ;
      prov:wasDerivedFrom <http://kg.example.org/doc/b#sentence=0,21> .
  <http://kg.example.org/id/event/b/e2> a kg:PhoneCall ; rdfs:label "通电话 2020-03-12"@zh ;
      schema:startDate "2020-03-12"^^xsd:date ;
      kg:caller <http://kg.example.org/id/person/习近平> ; kg:callee <http://kg.example.org/id/person/古特雷斯> ;
      prov:wasDerivedFrom <http://kg.example.org/doc/b#sentence=21,41> .
  <http://kg.example.org/id/event/b/e3> a kg:Speech ; rdfs:label "讲话"@zh .
  <http://kg.example.org/id/quantity/b/q1> a schema:QuantitativeValue ; schema:value 42000 ; schema:unitText "人" ;
      kg:counts "医务人员" ; prov:wasDerivedFrom <http://kg.example.org/doc/b#sentence=0,21> .
  <http://kg.example.org/doc/b#char=11,19> a nif:Phrase ; nif:referenceContext <http://kg.example.org/doc/b> ;
      nif:beginIndex 11 ; nif:endIndex 19 ; nif:anchorOf "4.2万名医务人员" ; nif:sentence <http://kg.example.org/doc/b#sentence=0,21> ;
      itsrdf:taIdentRef <http://kg.example.org/id/quantity/b/q1> .
}
"""


@pytest.fixture(scope="session")
def contract_graph_path(tmp_path_factory):
    """The hand-written graph plus the ontology (default graph) as a .trig file."""
    path = tmp_path_factory.mktemp("contract") / "contract.trig"
    ontology = ontology_graph().serialize(format="turtle")
    path.write_text(ontology + "\n" + CONTRACT_TRIG, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_trig_path(tmp_path_factory, demo_dataset):
    """The demo graph as TriG: one named graph per document, ontology in the default graph."""
    from kg.rdf.serialize import write_graph

    path = tmp_path_factory.mktemp("demo-trig") / "demo.trig"
    write_graph(demo_dataset, path)
    return path
