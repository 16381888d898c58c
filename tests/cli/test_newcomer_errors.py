"""The rough edges a newcomer hit (issue 22 item 6): each mistake gets one line that says what to do."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_store_remove_takes_a_document_name(tmp_path):
    graph = tmp_path / "g.trig"
    graph.write_text('<http://kg.example.org/doc/news-1> { <http://kg.example.org/doc/news-1> '
                     '<http://kg.example.org/ontology#sourceFile> "news/1.txt" . }\n', encoding="utf-8")
    store = tmp_path / "st"
    assert run("store", "add", store, graph).exit_code == 0
    missing = run("store", "remove", store, "no-such-article")
    assert "'no-such-article'" in one_error_line(missing)
    removed = run("store", "remove", store, "news-1")  # the document id, not the IRI
    assert removed.exit_code == 0 and "removed <http://kg.example.org/doc/news-1>" in removed.output


def test_timeline_unknown_class_lists_the_classes(small_graph_path, tmp_path):
    line = one_error_line(run("timeline", small_graph_path, "-o", tmp_path / "t.html", "--class", "Phonecall"))
    assert "unknown event class 'Phonecall'" in line and "did you mean PhoneCall?" in line
    assert "Meeting, Inspection, PhoneCall" in line
    assert not (tmp_path / "t.html").exists()


@pytest.mark.parametrize("command", [["stats"], ["validate"], ["entities"], ["export", "--to", "nt", "-o", "x.nt"],
                                     ["query", "--saved", "people-positions"], ["viz", "-o", "x.html"],
                                     ["timeline", "-o", "x.html"]])
def test_graph_commands_refuse_a_text_file(tmp_path, command):
    article = tmp_path / "article.txt"
    article.write_text("武汉市今天召开会议。\n", encoding="utf-8")
    name, *options = command
    options = [str(tmp_path / o) if o.startswith("x.") else o for o in options]
    line = one_error_line(run(name, article, *options))
    assert f"{article}: not a graph file (.txt)" in line and "kg build" in line
    assert "-o article.txt" not in line and f"-o {article}" not in line


def test_store_add_refuses_a_text_file(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("武汉市今天召开会议。\n", encoding="utf-8")
    assert "not a graph file (.txt)" in one_error_line(run("store", "add", tmp_path / "st", article))


def test_query_without_a_graph_says_the_graph_is_missing():
    line = one_error_line(run("query", "SELECT ?s WHERE { ?s ?p ?o }"))
    assert "no graph given" in line and "--store DIR" in line


def test_viz_refuses_a_picture_name(small_graph_path, tmp_path):
    line = one_error_line(run("viz", small_graph_path, "-o", tmp_path / "x.png"))
    assert line == f"Error: kg viz writes HTML; use -o {tmp_path / 'x.html'}"
    assert not list(tmp_path.iterdir())


def test_validate_warns_when_the_ontology_is_missing(demo_graph_path, tmp_path):
    whole = run("validate", demo_graph_path)
    assert whole.exit_code == 0 and "warning" not in whole.stderr
    from rdflib import RDFS

    from kg.rdf.serialize import load_graph, write_graph

    dataset = load_graph(demo_graph_path)
    dataset.remove((None, RDFS.subClassOf, None, None))
    stripped = tmp_path / "stripped.ttl"
    write_graph(dataset, stripped)
    result = run("validate", stripped)
    assert "warning:" in result.stderr and "subclass" in result.stderr and "warning" not in result.stdout
    assert result.exit_code == (0 if "conforms" in result.stdout else 1)  # the warning changes no exit code
