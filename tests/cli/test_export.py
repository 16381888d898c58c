"""`kg export` through CliRunner: every format, parsed back."""

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "jsonld", "nt", "nq"])
def test_export_files(tmp_path, demo_graph_path, fmt):
    out = tmp_path / f"demo.{fmt}"
    result = run("export", demo_graph_path, "--to", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() > 10
    if fmt == "gexf":
        assert nx.read_gexf(out).number_of_nodes() > 10


def test_export_neo4j_csv_directory(tmp_path, demo_graph_path):
    result = run("export", demo_graph_path, "--to", "csv", "-o", tmp_path / "neo")
    assert result.exit_code == 0, result.output
    header = (tmp_path / "neo" / "nodes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id:ID,label,:LABEL")
    header = (tmp_path / "neo" / "relationships.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(":START_ID,:END_ID,:TYPE")


def test_export_errors(tmp_path, demo_graph_path):
    afile = tmp_path / "f"
    afile.write_text("x")
    result = run("export", demo_graph_path, "--to", "csv", "-o", afile)
    assert result.exit_code == 1 and "writes a directory" in result.output
    result = run("export", tmp_path / "missing.ttl", "--to", "gexf", "-o", tmp_path / "g.gexf")
    assert result.exit_code == 1 and "no such graph file" in result.output
