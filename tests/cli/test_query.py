"""`kg query` through CliRunner: inline, -f, --saved, --list, --store, formats, errors."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query.results import display_width


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_list_shows_every_saved_query_with_its_description():
    result = run("query", "--list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["contacts", "events-timeline", "organizations-places",
                                                    "people-positions", "provenance", "quantities-by-unit"]
    assert all(len(line.split(maxsplit=1)[1]) > 20 for line in lines)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_saved_query_table_aligns_chinese(demo_graph_path, engine):
    result = run("query", demo_graph_path, "--saved", "people-positions", "--engine", engine)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split(" | ")[0].strip() == "person"
    bars = {tuple(i for i, c in enumerate(_expand(line)) if c == "|") for line in lines[2:-1]}
    assert len(bars) == 1, lines[:5]  # every '|' at the same display column
    assert lines[-1].endswith("rows)")


def _expand(line):
    """The line with each wide character doubled, so indexes are display columns."""
    return "".join(c * display_width(c) for c in line)


def test_inline_query_with_predeclared_prefixes_as_json(demo_graph_path):
    result = run("query", demo_graph_path, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a/rdfs:subClassOf* schema:Person }",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["n"] and int(data["results"]["bindings"][0]["n"]["value"]) > 0


def test_query_file_csv_and_output_file(tmp_path, demo_graph_path):
    rq = tmp_path / "q.rq"
    rq.write_text("# people\nSELECT DISTINCT ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l LIMIT 3\n",
                  encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("query", demo_graph_path, "-f", rq, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == "l"
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_construct_gives_turtle(demo_graph_path):
    result = run("query", demo_graph_path,
                 "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Person ; rdfs:label ?l } LIMIT 2")
    assert result.exit_code == 0 and "@prefix rdfs:" in result.output


def test_ask_table(demo_graph_path):
    result = run("query", demo_graph_path, "ASK { ?x a org:Membership }")
    assert result.exit_code == 0 and "true" in result.output


@pytest.mark.parametrize("args, message", [
    (["SELECT ?x WHERE {\n ?x ?y \n}"], "SPARQL syntax error at line"),
    (["INSERT DATA { <a:b> <a:b> <a:b> }"], "read-only"),
    (["--saved", "nope"], "no saved query 'nope'"),
    ([], "give exactly one query"),
    (["-f", "missing.rq"], "missing.rq: no such query file"),
    (["ASK {}", "--format", "turtle"], "--format turtle does not fit ASK"),
])
def test_errors_are_one_line_and_exit_non_zero(tmp_path, demo_graph_path, args, message):
    out = tmp_path / "never.csv"
    result = run("query", demo_graph_path, *args, "-o", out)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_graph_names_the_fix(tmp_path):
    result = run("query", tmp_path / "none.trig", "ASK {}")
    assert result.exit_code == 1 and "no such graph file" in result.output


def test_query_a_store(tmp_path, demo_graph_path):
    store = tmp_path / "st"
    assert run("store", "add", "--default", store, demo_graph_path).exit_code == 0
    result = run("query", "--store", store, "--saved", "quantities-by-unit", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("?unit\t?value")
    assert run("query", "--store", store, demo_graph_path, "ASK {}").exit_code == 1
