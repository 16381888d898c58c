"""kg.query.sparql: query forms, prefixes, union default graph, errors, both engines."""

import pytest

from kg.errors import QueryError
from kg.query.sources import load_for_query
from kg.query.sparql import query_form, run_query


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def contract(request, contract_graph_path):
    return load_for_query(contract_graph_path, request.param)


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("# a comment with SELECT\nask { ?s ?p ?o }", "ASK"),
    ("PREFIX ex: <http://example.org/#>\nBASE <http://x/>\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://kg.example.org/id/person/习近平#x>", "DESCRIBE"),
])
def test_query_form(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize("text", ["INSERT DATA { <a:b> <a:b> <a:b> }", "PREFIX x: <a:>\nDELETE WHERE { ?s ?p ?o }",
                                  "DROP ALL", "CLEAR DEFAULT"])
def test_updates_are_refused(text):
    with pytest.raises(QueryError, match="read-only"):
        query_form(text)


def test_garbage_is_not_a_query():
    with pytest.raises(QueryError, match="not SELECT, ASK, CONSTRUCT or DESCRIBE"):
        query_form("hello")


def test_prefixes_are_predeclared_and_union_sees_every_document(contract):
    result = run_query(contract, "SELECT DISTINCT ?p WHERE { ?p a kg:Person } ORDER BY ?p")
    names = [row[0].value.rsplit("/", 1)[1] for row in result.rows]
    assert names == sorted({"谭德塞", "王毅", "习近平", "古特雷斯"})  # from both named graphs


def test_union_counts_differ_without_distinct(contract_graph_path):
    """Oxigraph's union default graph keeps a solution per graph; rdflib merges. Use DISTINCT."""
    text = "SELECT ?p WHERE { ?p a kg:Person }"
    rdflib_rows = run_query(load_for_query(contract_graph_path, "rdflib"), text).rows
    oxigraph_rows = run_query(load_for_query(contract_graph_path, "oxigraph"), text).rows
    assert len(rdflib_rows) == 4 and len(oxigraph_rows) == 5  # 习近平 is typed in both documents


def test_graph_clause_names_the_documents(contract):
    result = run_query(contract, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a nif:Context } } ORDER BY ?g")
    assert [row[0].value for row in result.rows] == ["http://kg.example.org/doc/a", "http://kg.example.org/doc/b"]


def test_subclass_path_works_on_the_file_alone(contract):
    assert run_query(contract, "ASK { <http://kg.example.org/id/place/北京市> a/rdfs:subClassOf* schema:Place }").boolean
    assert not run_query(contract, "ASK { <http://kg.example.org/id/place/北京市> a schema:Person }").boolean


def test_construct_and_describe_give_sorted_triples(contract):
    result = run_query(contract, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Person ; rdfs:label ?l }")
    assert result.is_graph and len(result.triples) == 4
    assert result.triples == sorted(result.triples)
    described = run_query(contract, "DESCRIBE <http://kg.example.org/id/person/谭德塞>")
    assert any(t[1].value.endswith("metWith") for t in described.triples)


def test_limit_truncates(contract):
    result = run_query(contract, "SELECT ?s WHERE { ?s ?p ?o }", limit=3)
    assert len(result.rows) == 3 and result.truncated


@pytest.mark.parametrize("text, lines", [
    ("SELECT ?x WHERE {\n  ?x ?y \n}", (2, 3)),  # rdflib points at the triple, Oxigraph at the brace
    ("SELECT ?x\nWHERE { ?x a kg:Person ?x }", (2,)),
    ("SELECT ?x WHERE { ?x a kg:Person }\n\nLIMIT ten", (3,)),
])
def test_syntax_errors_name_line_and_column(contract, text, lines):
    with pytest.raises(QueryError) as info:
        run_query(contract, text, source="my.rq")
    message = str(info.value)
    assert message.startswith("my.rq: SPARQL syntax error at line ")
    assert any(f"line {line}, column " in message for line in lines), message
    assert "\n" not in message


def test_literals_keep_language_and_datatype(contract):
    result = run_query(contract, 'SELECT ?l ?d WHERE { ?e a kg:Meeting ; rdfs:label ?l ; schema:startDate ?d }')
    label, date = result.rows[0]
    assert (label.value, label.lang, label.datatype) == ("会见 2020-01-28", "zh", None)
    assert date.datatype == "http://www.w3.org/2001/XMLSchema#date"
