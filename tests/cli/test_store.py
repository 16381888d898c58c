"""`kg store add|list|remove` and `kg build --store` through CliRunner, checked with pyoxigraph."""

import json

import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli import main

DOC = "http://kg.example.org/doc/demo-article-2020-epidemic-response"
BASE = "http://kg.example.org/doc/"
P = "<http://kg.example.org/ontology#p>"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def trig(path, docs: dict, source=None):
    """A TriG file: one graph per document, ``docs`` = id -> list of literal values."""
    parts = ['<urn:kg:ontology> a <http://www.w3.org/2002/07/owl#Ontology> .']
    for doc_id, values in docs.items():
        iri = f"<{BASE}{doc_id}>"
        lines = [f'{iri} {P} "{v}" .' for v in values]
        if source:
            lines.append(f'{iri} <http://kg.example.org/ontology#sourceFile> "{source}/{doc_id}.txt" .')
        parts.append(f"{iri} {{\n" + "\n".join(lines) + "\n}")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def quads(store_dir):
    """Every quad in the store as (graph, subject, object) strings, opened read-only."""
    store = ox.Store.read_only(str(store_dir))
    return sorted((str(q.graph_name), str(q.subject), str(q.object)) for q in store)


def listed(store_dir):
    return json.loads(run("store", "list", store_dir, "--format", "json").output)


def test_add_twice_and_rebuilt_documents_replace(tmp_path):
    store = tmp_path / "st"
    first = trig(tmp_path / "v1.trig", {"a": ["1", "2", "3"], "b": ["x"]})
    assert run("store", "add", store, first).exit_code == 0
    once = quads(store)
    result = run("store", "add", store, first)
    assert result.exit_code == 0 and "2 document graph(s)" in result.output
    assert quads(store) == once and len(once) == 5  # 4 document triples + the ontology line
    rebuilt = trig(tmp_path / "v2.trig", {"a": ["1", "新"]})  # document a changed, b not in it
    assert run("store", "add", store, rebuilt).exit_code == 0
    a = [o for g, _, o in quads(store) if g == f"<{BASE}a>"]
    assert sorted(a) == ['"1"', '"新"']  # "2" and "3" are gone
    assert [row["triples"] for row in listed(store)] == [2, 1]  # b is kept


def test_triples_files_are_refused_unless_merged(tmp_path, demo_graph_path):
    store = tmp_path / "st"
    result = run("store", "add", store, demo_graph_path)  # .ttl: no named graphs
    assert result.exit_code == 1 and "no named graphs" in result.output
    assert ".trig" in result.output and "--default" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = run("store", "add", store, demo_graph_path, "--default")
    assert result.exit_code == 0 and "merged into the default graph" in result.output
    assert listed(store) == [] and len(quads(store)) > 100
    assert "--default" in run("store", "add", "--help").output


def test_remove_takes_what_list_prints(tmp_path):
    store = tmp_path / "st"
    run("store", "add", store, trig(tmp_path / "g.trig", {"a": ["1"], "b": ["2"], "c": ["3"], "d": ["4"]},
                                    source="news"))
    table = run("store", "list", store).output
    assert f"{BASE}a" in table and "news/a.txt" in table
    assert run("store", "remove", store, f"<{BASE}a>").exit_code == 0  # as printed, with <>
    assert run("store", "remove", store, f"{BASE}b").exit_code == 0
    result = run("store", "remove", store, "c")  # the document id
    assert result.exit_code == 0 and f"removed <{BASE}c>: 2 triples" in result.output
    assert run("store", "remove", store, "news/d.txt").exit_code == 0  # the source file
    assert listed(store) == [] and [g for g, _, _ in quads(store)] == ["DEFAULT"]
    missing = run("store", "remove", store, "a")
    assert missing.exit_code == 1 and "'a'" in missing.output and f"kg store list {store}" in missing.output
    assert len(missing.output.strip().splitlines()) == 1


def test_remove_refuses_an_ambiguous_name(tmp_path):
    store = tmp_path / "st"
    run("store", "add", store, trig(tmp_path / "g.trig", {"x/news": ["1"], "y/news": ["2"]}))
    result = run("store", "remove", store, "news")
    assert result.exit_code == 1 and "2 documents" in result.output and "graph IRI" in result.output
    assert len(listed(store)) == 2


def test_build_into_store_then_list_query_remove(tmp_path, demo_path):
    store = tmp_path / "st"
    built = run("build", "--tagger", "jieba", demo_path, "--store", store, "-q")
    assert built.exit_code == 0, built.output
    rows = listed(store)
    assert [row["graph"] for row in rows] == [DOC] and rows[0]["triples"] > 1000
    table = run("store", "list", store)
    assert DOC in table.output and "default graph" in table.output
    assert "true" in run("query", "--store", store, "ASK { ?m a org:Membership }").output
    removed = run("store", "remove", store, DOC)
    assert removed.exit_code == 0 and "removed" in removed.output
    assert listed(store) == []
    again = run("store", "remove", store, DOC)
    assert again.exit_code == 1 and "kg store list" in again.output


def test_build_needs_an_output(demo_path):
    result = run("build", demo_path)
    assert result.exit_code == 1 and "-o GRAPH_FILE" in result.output and "--store" in result.output


def test_list_a_missing_store(tmp_path):
    result = run("store", "list", tmp_path / "nope")
    assert result.exit_code == 1 and "not a kg store" in result.output


def test_same_file_name_in_two_folders_keeps_both_documents_in_a_store(tmp_path):
    store = tmp_path / "st"
    for folder, text in (("a", "武汉封城。"), ("b", "湖北省中西医结合医院。")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(text, encoding="utf-8")

    def build(*paths):
        result = run("build", "-q", "--tagger", "jieba", "--events", "rules", "--relations", "rules",
                     *paths, "--store", store)
        assert result.exit_code == 0, result.output
        return {row["source"]: row["graph"] for row in listed(store)}

    a, b = str(tmp_path / "a" / "news.txt"), str(tmp_path / "b" / "news.txt")
    assert build(a) == {a: BASE + "news"}
    graphs = build(b)
    assert set(graphs) == {a, b} and graphs[a] == BASE + "news"
    assert graphs[b].startswith(BASE + "news-") and graphs[b] != BASE + "news"
    assert build(b) == graphs and build(a) == graphs  # a re-build replaces its own document
    assert build(a, b) == graphs  # together, each keeps the IRI it has in the store


def test_a_new_store_makes_its_folders_as_an_output_file_does(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("国务院总理李强在北京会见了新加坡总理黄循财。\n", encoding="utf-8")
    store = tmp_path / "new" / "deeper" / "store"
    result = run("build", article, "--store", store, "-q")
    assert result.exit_code == 0, result.output
    assert [d["graph"] for d in listed(store)] == ["http://kg.example.org/doc/a"]
    (tmp_path / "file").write_text("x", encoding="utf-8")  # a parent that is a file: one clear line
    result = run("build", article, "--store", tmp_path / "file" / "store", "-q")
    assert result.exit_code != 0 and "cannot open the store" in result.output and "\n" not in result.output.strip()
