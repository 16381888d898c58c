import json

from click.testing import CliRunner

from kg.cli import main


def test_entities_lists_classes_aliases_and_mentions(demo_graph_path):
    result = CliRunner().invoke(main, ["entities", str(demo_graph_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["label"]: r for r in json.loads(result.output)}
    wuhan = rows["武汉市"]
    assert wuhan["class"] == "City" and "武汉" in wuhan["aliases"] and wuhan["mentions"] > 10
    assert rows["习近平"]["kind"] == "Person"
    labels = [r["label"] for r in json.loads(result.output)]
    assert len(labels) == len(set(labels)), "an entity appears twice"


def test_entities_table_and_kind_filter(demo_graph_path):
    result = CliRunner().invoke(main, ["entities", str(demo_graph_path), "--kind", "place"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["label", "kind", "class"]
    assert all(" Place " in line for line in lines[2:])


def test_entities_csv(demo_graph_path):
    result = CliRunner().invoke(main, ["entities", str(demo_graph_path), "--format", "csv"])
    assert result.output.splitlines()[0] == "label,kind,class,mentions,aliases,entity"
