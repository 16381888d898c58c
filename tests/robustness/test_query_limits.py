"""`kg query` refuses what is over a limit or fetches data, with one line, on
every engine; no query crashes it (3,000 nested brackets used to)."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main

N = 3000
DEEP = {
    "braces": "SELECT * WHERE " + "{" * N + " ?s ?p ?o " + "}" * N,
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * N + "1" + ")" * N + ") }",
    "path groups": "SELECT * WHERE { ?s " + "(" * N + "rdfs:label" + ")" * N + " ?o }",
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def store(tmp_path_factory, demo_graph_path):
    path = tmp_path_factory.mktemp("limits") / "st"
    assert run("store", "add", "--default", path, demo_graph_path).exit_code == 0
    return path


@pytest.fixture(params=["rdflib", "oxigraph", "store"])
def source(request, demo_graph_path, store):
    """The arguments naming what to query: a file on either engine, or a store."""
    if request.param == "store":
        return ["--store", store]
    return [demo_graph_path, "--engine", request.param]


def one_line_error(result, *needles):
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("Error: ")
    for needle in needles:
        assert needle in result.output, result.output


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_is_one_line_error(source, name, tmp_path):
    rq = tmp_path / "deep.rq"
    rq.write_text(DEEP[name], encoding="utf-8")
    one_line_error(run("query", *source, "-f", rq), "nests deeper than 64 levels", "(--max-depth)")


def test_limits_are_flags(source):
    query = "SELECT * WHERE { { ?s ?p ?o . ?s ?p ?o } }"
    one_line_error(run("query", *source, query, "--max-depth", "1"), "deeper than 1 levels")
    one_line_error(run("query", *source, query, "--max-query-bytes", "10"), "over the limit of 10 (--max-query-bytes)")
    one_line_error(run("query", *source, query, "--max-patterns", "1"), "more than 1 triple patterns")
    assert run("query", *source, query + " LIMIT 1", "--max-depth", "2").exit_code == 0


def test_service_and_foreign_from_are_refused(source):
    one_line_error(run("query", *source, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
                   "SERVICE is refused", "--allow-federation")
    one_line_error(run("query", *source, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
                   "FROM <file:///etc/passwd> is refused")
    one_line_error(run("query", *source, "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }"),
                   "names no graph of this data")


def test_allow_federation_reads_a_local_file_with_rdflib(tmp_path, demo_graph_path):
    other = tmp_path / "other.ttl"
    other.write_text('<http://x/a> <http://x/b> "from the other file" .\n', encoding="utf-8")
    query = f"SELECT ?o FROM <{other.as_uri()}> WHERE {{ ?s <http://x/b> ?o }}"
    result = run("query", demo_graph_path, query, "--allow-federation", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["o", "from the other file"]


def test_oxigraph_survives_what_once_crashed_it(demo_graph_path, tmp_path):
    """With the depth limit lifted, 3,000 nested braces reach Oxigraph (a
    segmentation fault on the main thread's stack) and now simply run."""
    rq = tmp_path / "deep.rq"
    rq.write_text(DEEP["braces"].replace("SELECT *", "SELECT (COUNT(*) AS ?n)"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(demo_graph_path), "-f", str(rq),
                           "--engine", "oxigraph", "--max-depth", "4000", "--format", "csv"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[1]) > 100


CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8704^3 rows: never ends


def test_timeout_stops_a_runaway_query_on_every_engine(source, tmp_path):
    import time

    out = tmp_path / "never.csv"
    started = time.monotonic()
    result = run("query", *source, CROSS, "--timeout", "1.5", "--format", "csv", "-o", out)
    one_line_error(result, "ran past --timeout 1.5 s and was stopped", "raise --timeout")
    assert time.monotonic() - started < 60 and not out.exists()


def test_a_query_within_its_timeout_answers_as_without_one(source):
    text = "SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p LIMIT 3"
    plain, timed = run("query", *source, text), run("query", *source, text, "--timeout", "60")
    assert timed.exit_code == 0, timed.output
    assert timed.output == plain.output and "(3 rows)" in timed.output
    bad = run("query", *source, "SELECT ?p WHERE { ?p a kg:Person } ORDER BY unknown:x(?p)", "--timeout", "60")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
