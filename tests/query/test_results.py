"""kg.query.results: aligned CJK tables and the W3C result formats."""

import csv
import io
import json

import pytest

from kg.errors import QueryError
from kg.query.results import compact_iri, display_width, format_result, to_table
from kg.query.sparql import QueryResult, Term

ZH = Term("literal", "世界卫生组织", "zh")
IRI = Term("uri", "http://kg.example.org/ontology#Person")
NUMBER = Term("literal", "42", datatype="http://www.w3.org/2001/XMLSchema#integer")
QUOTE = Term("literal", 'say "hi"\nnow')

SELECT = QueryResult("SELECT", variables=["name", "class", "n"],
                     rows=[(ZH, IRI, NUMBER), (Term("literal", "WHO"), None, None), (QUOTE, None, None)])


def test_display_width_counts_cjk_as_two():
    assert display_width("abc") == 3
    assert display_width("世卫") == 4
    assert display_width("，") == 2  # full-width punctuation


def test_table_columns_line_up_by_display_width():
    lines = to_table(SELECT).splitlines()
    positions = {_bar_columns(line) for line in lines[:5] if "|" in line}
    assert positions == {(13, 25)}, lines
    assert lines[1].index("+") == 13
    assert lines[-1] == "(3 rows)"
    assert "kg:Person" in lines[2]


def _bar_columns(line):
    """Display columns at which the '|' separators sit."""
    cols, width = [], 0
    for ch in line:
        if ch == "|":
            cols.append(width)
        width += display_width(ch)
    return tuple(cols)


def test_table_clips_long_cells():
    long = QueryResult("SELECT", variables=["s"], rows=[(Term("literal", "很" * 100),)])
    line = to_table(long, max_width=10).splitlines()[2]
    assert display_width(line) <= 10 and line.endswith("…")


def test_json_is_sparql_results_json():
    data = json.loads(format_result(SELECT, "json"))
    assert data["head"]["vars"] == ["name", "class", "n"]
    first, second = data["results"]["bindings"][:2]
    assert first["name"] == {"type": "literal", "value": "世界卫生组织", "xml:lang": "zh"}
    assert first["class"] == {"type": "uri", "value": IRI.value}
    assert first["n"]["datatype"].endswith("#integer")
    assert "class" not in second  # unbound variables are left out


def test_ask_json_and_table():
    ask = QueryResult("ASK", boolean=True)
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert "true" in format_result(ask)


def test_csv_and_tsv():
    rows = list(csv.reader(io.StringIO(format_result(SELECT, "csv"))))
    assert rows[0] == ["name", "class", "n"] and rows[1] == ["世界卫生组织", IRI.value, "42"]
    assert rows[3][0] == 'say "hi"\nnow'
    tsv = format_result(SELECT, "tsv").splitlines()
    assert tsv[0] == "?name\t?class\t?n"
    assert tsv[1] == f'"世界卫生组织"@zh\t<{IRI.value}>\t"42"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert tsv[3].startswith('"say \\"hi\\"\\nnow"')


def test_xml_parses():
    from xml.etree import ElementTree

    root = ElementTree.fromstring(format_result(SELECT, "xml").encode("utf-8"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == 3


def test_graph_results_as_turtle_and_ntriples():
    graph = QueryResult("CONSTRUCT", triples=[(Term("uri", "http://kg.example.org/id/person/谭德塞"),
                                               Term("uri", "http://www.w3.org/2000/01/rdf-schema#label"),
                                               Term("literal", "谭德塞", "zh"))])
    turtle = format_result(graph)
    assert "@prefix rdfs:" in turtle and '"谭德塞"@zh' in turtle
    assert format_result(graph, "nt") == (
        '<http://kg.example.org/id/person/谭德塞> <http://www.w3.org/2000/01/rdf-schema#label> "谭德塞"@zh .\n')


def test_wrong_format_for_the_result_kind_is_refused():
    with pytest.raises(QueryError, match="--format turtle does not fit SELECT"):
        format_result(SELECT, "turtle")


def test_compact_iri():
    assert compact_iri("https://schema.org/Person") == "schema:Person"
    assert compact_iri("http://kg.example.org/id/person/习近平") == "http://kg.example.org/id/person/习近平"
