"""`kg store add|list|remove` and `kg build --store` through CliRunner."""

import json

from click.testing import CliRunner

from kg.cli import main

DOC = "http://kg.example.org/doc/demo-article-2020-epidemic-response"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_store_add_list_remove(tmp_path, demo_graph_path, demo_dataset):
    from kg.rdf.serialize import write_graph

    store = tmp_path / "st"
    result = run("store", "add", store, demo_graph_path)  # .ttl: no named graphs
    assert result.exit_code == 0 and "default graph only" in result.output
    assert json.loads(run("store", "list", store, "--format", "json").output) == []
    trig = tmp_path / "demo.trig"
    write_graph(demo_dataset, trig)
    result = run("store", "add", store, trig)
    assert result.exit_code == 0 and "1 document graph(s)" in result.output
    listed = json.loads(run("store", "list", store, "--format", "json").output)
    assert [row["graph"] for row in listed] == [DOC]


def test_build_into_store_then_list_query_remove(tmp_path, demo_path):
    store = tmp_path / "st"
    built = run("build", "--tagger", "jieba", demo_path, "--store", store, "-q")
    assert built.exit_code == 0, built.output
    listed = json.loads(run("store", "list", store, "--format", "json").output)
    assert [row["graph"] for row in listed] == [DOC] and listed[0]["triples"] > 1000
    table = run("store", "list", store)
    assert DOC in table.output and "default graph" in table.output
    assert "true" in run("query", "--store", store, "ASK { ?m a org:Membership }").output
    removed = run("store", "remove", store, DOC)
    assert removed.exit_code == 0 and "removed" in removed.output
    assert json.loads(run("store", "list", store, "--format", "json").output) == []
    again = run("store", "remove", store, DOC)
    assert again.exit_code == 1 and "kg store list" in again.output


def test_build_needs_an_output(demo_path):
    result = run("build", demo_path)
    assert result.exit_code == 1 and "-o GRAPH_FILE" in result.output and "--store" in result.output


def test_list_a_missing_store(tmp_path):
    result = run("store", "list", tmp_path / "nope")
    assert result.exit_code == 1 and "not a kg store" in result.output
