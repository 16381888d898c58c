"""Queries are checked before any engine sees them: length, nesting, triple
patterns, SERVICE and FROM; engines run on a large stack, so nothing crashes."""

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, QueryRefused
from kg.query.limits import QueryLimits, check_query
from kg.query.sources import load_for_query
from kg.query.sparql import run_query

N = 3000
DEEP = {
    "braces": "SELECT * WHERE " + "{" * N + " ?s ?p ?o " + "}" * N,
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * N + "1" + ")" * N + ") }",
    "path groups": "SELECT * WHERE { ?s " + "(" * N + "rdfs:label" + ")" * N + " ?o }",
    "blank nodes": "SELECT * WHERE { ?s rdfs:label " + "[ rdfs:label " * N + "1" + " ]" * N + " }",
    "negations": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * N + "true) }",
    "minus signs": "SELECT * WHERE { ?s ?p ?o FILTER(" + "- " * N + "1 < 0) }",
}
LONG = {
    "path steps": "SELECT * WHERE { ?s " + "/".join(["rdfs:label"] * N) + " ?o }",
    "alternatives": "SELECT * WHERE { ?s " + "|".join(["rdfs:label"] * N) + " ?o }",
    "unions": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * N) + " }",
    "patterns": "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o" for i in range(N)) + " }",
    "collection": "SELECT * WHERE { ?s rdfs:label (" + " 1" * N + " ) }",
}


def patterns(text: str) -> int:
    """How many patterns check_query counts in ``text``."""
    for limit in range(0, 100):
        try:
            check_query(text, QueryLimits(max_patterns=limit))
            return limit
        except QueryError:
            continue
    raise AssertionError("over 100")


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_is_refused_naming_the_limit(name):
    with pytest.raises(QueryError, match=r"nests deeper than 64 levels.*\(--max-depth\)"):
        check_query(DEEP[name])


@pytest.mark.parametrize("name", list(LONG))
def test_long_chains_count_as_patterns(name):
    with pytest.raises(QueryError, match=r"more than 200 triple patterns and path steps \(--max-patterns\)"):
        check_query(LONG[name])


def test_length_limit_counts_utf8_bytes():
    text = 'SELECT * WHERE { ?s ?p "' + "习" * 40_000 + '" }'  # 120 kB in UTF-8
    with pytest.raises(QueryError, match=r"is 120027 bytes, over the limit of 100000 \(--max-query-bytes\)"):
        check_query(text)
    assert check_query(text, QueryLimits(max_bytes=200_000)) == []


def test_strings_iris_and_comments_are_skipped():
    text = ('# SERVICE { { { FROM <file:///etc/passwd>\n'
            'SELECT * WHERE { ?s rdfs:label "{ { ( SERVICE", ?o ; rdfs:comment """ } \n { [ ""  """ ;\n'
            "  <http://kg.example.org/id/(x)[y]> 'it''s (' . ?s <http://a/b#(> 'a\\'{' } # }}}}")
    assert check_query(text, QueryLimits(max_depth=1)) == []
    assert patterns(text) == 5


@pytest.mark.parametrize("text, count", [
    ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f ; ?g ?h , ?i . ?x kg:a 1. }", 5),
    ("SELECT * WHERE { ?p a/rdfs:subClassOf* schema:Person ; rdfs:label ?l }", 3),
    ("SELECT ?x WHERE { ?x ?p ?o FILTER(CONCAT(?a, ?b, ?c) = ?d) BIND(1 + 2 AS ?e) }", 1),
    ("SELECT * WHERE { VALUES ?x { " + " ".join(f"<x:{i}>" for i in range(500)) + " } ?x ?p ?o }", 1),
    ("SELECT * WHERE { VALUES (?x ?y) { " + " ".join(f"(<x:{i}> {i})" for i in range(500)) + " } }", 0),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s ?q ?r } }", 2),
])
def test_pattern_counts(text, count):
    assert patterns(text) == count


def test_service_and_file_from_are_refused_unless_federation_is_allowed():
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryRefused, match="SERVICE is refused.*--allow-federation"):
        check_query(service)
    for clause in ("FROM <file:///etc/passwd>", "FROM NAMED <FILE:/etc/hosts>"):
        with pytest.raises(QueryRefused, match="kg reads no files.*--allow-federation"):
            check_query(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")
    allowed = QueryLimits(allow_federation=True)
    assert check_query(service, allowed) == []
    assert check_query("SELECT * FROM <file:///x.ttl> WHERE { ?s ?p ?o }", allowed) == ["file:///x.ttl"]
    local = "PREFIX d: <http://kg.example.org/doc/> SELECT * FROM d:a FROM NAMED <http://x/y> WHERE { ?s ?p ?o }"
    assert check_query(local) == ["http://kg.example.org/doc/a", "http://x/y"]


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def target(request, contract_graph_path):
    return load_for_query(contract_graph_path, request.param)


@pytest.mark.parametrize("name", list(DEEP))
def test_engines_get_a_clear_error_not_a_crash(target, name):
    with pytest.raises(QueryError, match="--max-depth"):
        run_query(target, DEEP[name])


def test_from_names_a_graph_of_the_data_or_is_refused(target):
    text = "SELECT (COUNT(*) AS ?n) FROM <{}> WHERE {{ ?s a kg:Person }}"
    assert int(run_query(target, text.format("http://kg.example.org/doc/b")).rows[0][0].value) == 2
    with pytest.raises(QueryRefused, match="names no graph of this data"):
        run_query(target, text.format("http://127.0.0.1:9/graph.ttl"))


def test_a_long_flat_chain_within_the_length_limit_runs_on_the_large_stack():
    """12,000 `&&` overflow Oxigraph's parser on the main thread's 8 MB stack."""
    text = "ASK { FILTER(" + " && ".join(["true"] * 12_000) + ") }"
    result = run_query(ox.Store(), text, limits=QueryLimits(max_bytes=len(text)))
    assert result.boolean is True


def test_rdflib_recursion_is_a_query_error(contract_graph_path):
    rdflib_graph = load_for_query(contract_graph_path, "rdflib")
    text = "ASK " + "{" * 60 + "}" * 60
    with pytest.raises(QueryError, match="nests too deeply for the rdflib engine; .*--engine oxigraph"):
        run_query(rdflib_graph, text)
    assert run_query(load_for_query(contract_graph_path, "oxigraph"), text).boolean is True


def test_answers_are_cut_at_about_max_bytes(target):
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    whole = run_query(target, text)
    cut = run_query(target, text, max_bytes=5_000)
    assert not whole.truncated and len(whole) > 200
    assert cut.truncated and cut.truncated_by == "bytes" and 0 < len(cut) < len(whole) / 4
    assert run_query(target, text, limit=3, max_bytes=5_000).truncated_by == "rows"
