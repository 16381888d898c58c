"""`kg timeline` through CliRunner, on the demo article's graph."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.timeline import find_cjk_font


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_ttl(tmp_path_factory, demo_path):
    """The demo graph, built with the default tagger when its model is there, else jieba."""
    from kg.errors import ModelError
    from kg.builder import extract
    from kg.rdf.serialize import write_graph
    from kg.rdf.writer import build_dataset

    try:
        docs = extract([str(demo_path)], tagger="crf")
    except ModelError:
        docs = extract([str(demo_path)], tagger="jieba")
    path = tmp_path_factory.mktemp("tl") / "demo.ttl"
    write_graph(build_dataset(docs), path)
    return path


def test_timeline_html_is_written_atomically_and_deterministically(demo_ttl, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    result = run("timeline", str(demo_ttl), "-o", str(a))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {a}: ") and "dated" in result.output
    run("timeline", str(demo_ttl), "-o", str(b))
    assert a.read_bytes() == b.read_bytes()
    page = a.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page and "封城" in page and "2020年4月8日" in page
    assert not list(tmp_path.glob(".*.tmp"))


def test_timeline_filters(demo_ttl, tmp_path):
    out = tmp_path / "f.html"
    result = run("timeline", str(demo_ttl), "-o", str(out), "--from", "2020-04-01", "--class", "Reopening")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "1 event(s), 1 dated" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "x.svg"], "name the output .html or .png"),
        (["-o", "x.html", "--from", "Jan 2020"], "is not a date"),
        (["-o", "x.html", "--class", "Banquet"], "unknown event class 'Banquet'"),
        (["-o", "x.html", "--class", "Meeting", "--from", "2099"], "no events to draw"),
    ],
)
def test_timeline_errors_say_how_to_fix(demo_ttl, tmp_path, args, message):
    args = [a if a not in ("x.svg", "x.html") else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(main, ["timeline", str(demo_ttl), *args])
    assert result.exit_code != 0 and message in result.output


def test_timeline_missing_graph(tmp_path):
    result = CliRunner().invoke(main, ["timeline", str(tmp_path / "none.ttl"), "-o", str(tmp_path / "t.html")])
    assert result.exit_code == 1 and "no such graph file" in result.output


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")
def test_timeline_png(demo_ttl, tmp_path):
    out = tmp_path / "t.png"
    result = run("timeline", str(demo_ttl), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"
