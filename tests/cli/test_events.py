"""`kg events` through CliRunner: articles in, events listed; --eval on DuEE-format files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import main
from tests.extract import genre_articles as articles


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_events_of_an_article_as_json(tmp_path):
    path = tmp_path / "layoff.txt"
    path.write_text(articles.LAYOFF, encoding="utf-8")
    result = run("events", str(path), "--date", "2024-03-16", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    layoffs = [r for r in rows if r["class"] == "Layoff"]
    assert {r["trigger"] for r in layoffs} == {"裁员"}
    assert any("layoffCount=8500人" in r["arguments"] and r["modality"] == "Planned" for r in layoffs)
    assert all(r["document"] == "layoff" and r["sentence"] for r in rows)


def test_eval_on_a_duee_file(tmp_path):
    text = "日本北海道发生6.7级地震，已造成9人死亡。"
    row = {"text": text, "id": "x", "event_list": [
        {"event_type": "灾害/意外-地震", "trigger": "地震", "trigger_start_index": text.index("地震"),
         "arguments": [{"role": "震中", "argument": "日本北海道", "argument_start_index": 0},
                       {"role": "震级", "argument": "6.7级", "argument_start_index": 7}]}]}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("events", "--eval", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{path} (all): 1 sentences")
    assert "by type (trigger+type)" in result.output and "灾害/意外-地震/震级" in result.output
    scores = json.loads(run("events", "--eval", str(path), "--format", "json").output)
    assert scores["triggers"]["support"] == 1 and scores["arguments"]["support"] == 2
    assert scores["by_type"]["灾害/意外-地震"]["tp"] == 1


def test_errors_are_one_line(tmp_path):
    result = run("events")
    assert result.exit_code != 0 and "no input" in result.output
    result = run("events", "--eval", str(tmp_path / "missing.jsonl"))
    assert result.exit_code != 0 and "no such file" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = run("events", "--eval", str(bad))
    assert result.exit_code != 0 and "line 1 is not JSON" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = run("events", "--eval", str(bad), str(bad))
    assert result.exit_code != 0 and "not both" in result.output
    result = run("events", "--eval", str(bad), "--model", str(tmp_path))
    assert result.exit_code != 0
