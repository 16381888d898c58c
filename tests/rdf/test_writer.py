"""The demo article's graph, held to shared/design/rdf-contract.md."""

import pyoxigraph
import pytest

from kg.rdf.iris import Iris
from kg.rdf.serialize import serialize
from kg.rdf.shacl import validate_graph
from kg.vocab import KG

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def store(demo_graph_path):
    s = pyoxigraph.Store()
    s.load(path=str(demo_graph_path), format=pyoxigraph.RdfFormat.TURTLE)
    return s


def select(store, query):
    return [[t.value if t is not None else None for t in row] for row in store.query(PREFIXES + query)]


def test_graph_is_shacl_valid(demo_dataset):
    assert validate_graph(demo_dataset) == []


def test_people_found_through_subclass_axioms(store):
    rows = select(store, "SELECT ?l WHERE { ?p a/rdfs:subClassOf* schema:Person ; rdfs:label ?l }")
    names = {r[0] for r in rows}
    assert {"习近平", "张继先", "李克强"} <= names


@pytest.mark.parametrize("root", ["Organization", "Place"])
def test_other_roots_have_instances(store, root):
    rows = select(store, f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a/rdfs:subClassOf* schema:{root} }}")
    assert int(rows[0][0]) > 5


def test_one_label_per_language_and_alt_labels(store):
    rows = select(store, """SELECT ?x (COUNT(?l) AS ?n) WHERE {
        ?x a/rdfs:subClassOf* schema:Thing ; rdfs:label ?l } GROUP BY ?x HAVING (COUNT(?l) > 1)""")
    assert rows == []
    wuhan = select(store, """SELECT ?alt WHERE { ?x rdfs:label "武汉市"@zh ; skos:altLabel ?alt }""")
    assert ["武汉"] in wuhan


def test_every_anchor_matches_its_offsets(store):
    rows = select(store, """SELECT ?anchor ?b ?e ?text WHERE {
        ?p a nif:Phrase ; nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?e ;
           nif:referenceContext ?c . ?c nif:isString ?text }""")
    assert len(rows) > 200
    for anchor, b, e, text in rows:
        assert text[int(b) : int(e)] == anchor


def test_mentions_point_into_sentences_that_contain_them(store):
    rows = select(store, """SELECT ?b ?e ?sb ?se WHERE {
        ?p a nif:Phrase ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:sentence ?s .
        ?s nif:beginIndex ?sb ; nif:endIndex ?se }""")
    for b, e, sb, se in rows:
        assert int(sb) <= int(b) < int(e) <= int(se)


def test_times_and_quantities_follow_the_contract(store):
    dates = {r[0] for r in select(store, """SELECT ?v WHERE {
        ?p itsrdf:taIdentRef ?t . ?t rdf:value ?v FILTER(datatype(?v) = xsd:date) }""")}
    assert {"2020-01-22", "2019-12-30", "2019-12-31", "2020-01-24", "2020-01-27"} <= dates
    values = {(r[0], r[1]) for r in select(store, """SELECT ?v ?u WHERE {
        ?q a schema:QuantitativeValue ; schema:value ?v ; schema:unitText ?u ; prov:wasDerivedFrom ?s .
        ?s a nif:Sentence }""")}
    assert ("42600", "人") in values and ("145200000000", "元") in values


def test_memberships_have_provenance(store):
    rows = select(store, """SELECT ?name ?role WHERE {
        ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r ;
           prov:wasDerivedFrom ?s ; prov:wasGeneratedBy ?a .
        ?p rdfs:label ?name . ?r rdfs:label ?role . ?s a nif:Sentence }""")
    assert ["李克强", "总理"] in rows


def test_every_format_parses_with_pyoxigraph(demo_dataset):
    counts = {}
    for fmt, ox in [("turtle", "TURTLE"), ("nt", "N_TRIPLES"), ("trig", "TRIG"),
                    ("nquads", "N_QUADS"), ("json-ld", "JSON_LD")]:
        s = pyoxigraph.Store()
        s.load(serialize(demo_dataset, fmt).encode("utf-8"), format=getattr(pyoxigraph.RdfFormat, ox))
        counts[fmt] = len(s)
    assert len(set(counts.values())) == 1, counts


# ------------------------------------------------------------------ places in places
SNIPPETS = {
    "世卫": "世界卫生组织总干事谭德塞3月11日在日内瓦宣布，新冠肺炎疫情已具有全球大流行特征。",
    "纽约": "美国纽约州州长科莫4月2日在纽约表示，纽约州的呼吸机储备将在6天内耗尽。",
    "武汉": "习近平总书记来到武汉考察。",
}


@pytest.fixture(scope="module")
def snippets_store(tmp_path_factory):
    from kg.builder import build
    from tests.conftest import TAGGER

    folder = tmp_path_factory.mktemp("snippets")
    for name, text in SNIPPETS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    s = pyoxigraph.Store()
    s.load(serialize(build([str(folder)], tagger=TAGGER), "trig").encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    return s


@pytest.mark.parametrize("doc, place, cls, parent, parent_cls", [
    ("世卫", "日内瓦", "City", "瑞士", "Country"),
    ("纽约", "纽约", "City", "美国", "Country"),
    ("武汉", "武汉市", "City", "湖北省", "Province"),  # the same triple a Chinese city gets
])
def test_city_contained_in_its_country_or_province(snippets_store, doc, place, cls, parent, parent_cls):
    rows = select(snippets_store, f"""
        SELECT ?pc ?cc WHERE {{ GRAPH <{Iris().document(doc)}> {{
            ?p rdfs:label "{place}"@zh ; a ?pc ; schema:containedInPlace ?c .
            ?c rdfs:label "{parent}"@zh ; a ?cc . }} }}""")
    assert rows == [[str(KG[cls]), str(KG[parent_cls])]]
