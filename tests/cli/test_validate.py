from click.testing import CliRunner

from kg.cli import main


def test_validate_accepts_the_demo_graph(demo_graph_path):
    result = CliRunner().invoke(main, ["validate", str(demo_graph_path)])
    assert result.exit_code == 0 and "conforms" in result.output


def test_validate_reports_violations(tmp_path, demo_graph_path):
    text = demo_graph_path.read_text(encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    # a phrase whose anchor no longer matches its offsets, and a person without a label
    broken.write_text(
        text.replace('nif:anchorOf "张继先"', 'nif:anchorOf "张三"', 1)
        + '\n<http://kg.example.org/id/person/nobody> a <http://kg.example.org/ontology#Person> .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "anchorOf must equal" in result.output
    assert "exactly one rdfs:label" in result.output
    assert "2 SHACL violation(s)" in result.output


def test_validate_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code != 0 and "no such graph file" in result.output
