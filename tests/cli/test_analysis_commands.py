"""`kg stats`, `kg path` and `kg viz` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, main


@pytest.fixture()
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args])


def test_commands_registered_and_documented(runner):
    for name in ("stats", "path", "viz"):
        assert name in COMMANDS
        result = run(runner, name, "--help")
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output and "--view" in result.output


def test_stats_table_on_demo(runner, demo_graph):
    result = run(runner, "stats", demo_graph, "--top", "5")
    assert result.exit_code == 0, result.output
    for heading in ("Nodes by class", "Top by PageRank", "Top by betweenness", "Communities", "Connected components", "Documents"):
        assert heading in result.output
    assert "习近平" in result.output
    assert run(runner, "stats", demo_graph, "--top", "5").output == result.output  # deterministic


def test_stats_json_small(runner, small_graph_path):
    result = run(runner, "stats", small_graph_path, "--format", "json", "--top", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["nodes"] == 16 and data["edges"] == 13
    assert [r["label"] for r in data["centrality"]["pagerank"]] == ["中国", "谭德塞"]
    assert data["documents"][0]["events"] == 2


def test_stats_csv_and_views(runner, small_graph_path):
    result = run(runner, "stats", small_graph_path, "--format", "csv", "--view", "cooccurrence")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {"class", "degree", "pagerank", "betweenness", "community", "document"} <= {r["section"] for r in rows}
    assert next(r for r in rows if r["section"] == "degree")["label"] == "武汉市"
    result = run(runner, "stats", small_graph_path, "--view", "rdf", "--top", "1")
    assert result.exit_code == 0 and "rdf view" in result.output


def test_stats_missing_file(runner, tmp_path):
    result = run(runner, "stats", tmp_path / "nope.ttl")
    assert result.exit_code == 1
    assert "no such graph file" in result.output and "kg build" in result.output


def test_path_table(runner, small_graph_path):
    result = run(runner, "path", small_graph_path, "孙春兰", "中国")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Path 1 (3 steps): 孙春兰 — 国务院 — 北京市 — 中国"
    assert "→ 副总理 (memberOf)" in result.output and "国务院副总理孙春兰在武汉市考察。" in result.output


def test_path_json_by_alias(runner, small_graph_path):
    result = run(runner, "path", small_graph_path, "习主席", "世卫组织", "--format", "json")
    assert result.exit_code == 0, result.output
    (path,) = json.loads(result.output)["paths"]
    assert [s["facts"][0]["type"] for s in path] == ["talksWith", "memberOf"]


def test_path_on_demo(runner, demo_graph):
    result = run(runner, "path", demo_graph, "习近平", "武汉市", "--max-paths", "2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Path 1 (")


@pytest.mark.parametrize("name, message", [
    ("孙春", "no entity named '孙春'"),
    ("李明", "is ambiguous"),
    ("张继先", "not connected in the entities view"),
])
def test_path_errors(runner, small_graph_path, name, message):
    result = run(runner, "path", small_graph_path, "孙春兰", name)
    assert result.exit_code == 1
    assert message in result.output


def test_path_unknown_name_on_demo(runner, demo_graph):
    result = run(runner, "path", demo_graph, "习近", "不存在的人")
    assert result.exit_code == 1 and "close candidates: 习近平" in result.output


def test_viz_writes_page(runner, demo_graph, tmp_path):
    out = tmp_path / "g.html"
    result = run(runner, "viz", demo_graph, "-o", out, "--max-nodes", "50")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    nodes = json.loads(re.search(r"var rawNodes = (\[.*?\]);\n", html).group(1))
    assert len(nodes) == 50
    assert "wrote" in result.output and "50 of" in result.output
    again = tmp_path / "g2.html"
    run(runner, "viz", demo_graph, "-o", again, "--max-nodes", "50")
    assert again.read_bytes() == out.read_bytes()


def test_viz_errors(runner, small_graph_path, tmp_path):
    result = run(runner, "viz", tmp_path / "missing.ttl", "-o", tmp_path / "x.html")
    assert result.exit_code == 1 and "no such graph file" in result.output
    result = run(runner, "viz", small_graph_path, "-o", tmp_path / "x.html", "--max-nodes", "0")
    assert result.exit_code == 2
    assert not (tmp_path / "x.html").exists()
