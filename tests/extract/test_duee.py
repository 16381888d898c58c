"""kg.extract.duee: reading DuEE files, the split, and the scores."""

from __future__ import annotations

import gzip
import json

import pytest

from kg.errors import InputError
from kg.extract.duee import (Argument, EventRecord, Sentence, format_event_scores, read_duee,
                             score_events, split_of)

LAYOFF = {"text": "甲骨文公司周二宣布裁员3000人。", "id": "a", "event_list": [
    {"event_type": "组织关系-裁员", "trigger": "裁员", "trigger_start_index": 9, "arguments": [
        {"role": "裁员方", "argument": "甲骨文公司", "argument_start_index": 0},
        {"role": "裁员人数", "argument": "3000人", "argument_start_index": 11}]}]}
QUAKE = {"text": "云南大理发生5.1级地震。", "id": "b", "event_list": [
    {"event_type": "灾害/意外-地震", "trigger": "地震", "trigger_start_index": 10, "arguments": [
        {"role": "震级", "argument": "5.1级", "argument_start_index": 6}]}]}


def write(tmp_path, rows, name="d.jsonl.gz"):
    path = tmp_path / name
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


def test_read_duee_keeps_offsets(tmp_path):
    sentences = list(read_duee(write(tmp_path, [LAYOFF, QUAKE])))
    assert [s.id for s in sentences] == ["a", "b"]
    event = sentences[0].events[0]
    assert sentences[0].text[event.start:event.end] == "裁员"
    assert [(a.role, sentences[0].text[a.start:a.end]) for a in event.arguments] == [
        ("裁员方", "甲骨文公司"), ("裁员人数", "3000人")]


def test_split_is_by_text_and_covers_every_part():
    texts = [f"第{i}条新闻。" for i in range(400)]
    parts = [split_of(t) for t in texts]
    assert parts == [split_of(t) for t in texts]
    share = {p: parts.count(p) / len(parts) for p in ("train", "stop", "dev")}
    assert 0.7 < share["train"] < 0.9 and 0.05 < share["dev"] < 0.15 and 0.05 < share["stop"] < 0.15


def test_parts_partition_the_file(tmp_path):
    rows = [dict(LAYOFF, text=f"第{i}家公司宣布裁员。", event_list=[]) for i in range(60)]
    path = write(tmp_path, rows)
    parts = {p: [s.text for s in read_duee(path, p)] for p in ("train", "stop", "dev")}
    assert sorted(sum(parts.values(), [])) == sorted(r["text"] for r in rows)


@pytest.mark.parametrize("content, message", [
    ("not json\n", "line 1 is not JSON"),
    ('{"id": 1}\n', 'no "text" string'),
    ('{"text": "x", "event_list": [{"trigger": "x"}]}\n', "an event lacks"),
])
def test_bad_files_name_the_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_duee(path))


def test_missing_file_and_part(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_duee(tmp_path / "none.jsonl"))
    with pytest.raises(InputError, match="unknown part"):
        list(read_duee(write(tmp_path, [LAYOFF]), "test"))


def test_scores_count_types_and_roles():
    gold = Sentence("甲骨文公司周二宣布裁员3000人。", (EventRecord("组织关系-裁员", "裁员", 9, (
        Argument("裁员方", 0, "甲骨文公司"), Argument("裁员人数", 11, "3000人"))),))
    # right trigger, one right argument, one argument with the wrong text
    pred = Sentence(gold.text, (EventRecord("组织关系-裁员", "裁员", 9, (
        Argument("裁员方", 0, "甲骨文公司"), Argument("裁员人数", 11, "3000"))),))
    wrong_type = Sentence(gold.text, (EventRecord("组织关系-解雇", "裁员", 9, ()),))
    scores = score_events([(gold, pred)])
    assert scores["triggers"]["f1"] == 1.0
    assert scores["arguments"]["tp"] == 1 and scores["arguments"]["fp"] == 1 and scores["arguments"]["fn"] == 1
    assert scores["by_role"]["组织关系-裁员/裁员方"]["f1"] == 1.0
    assert scores["by_role"]["组织关系-裁员/裁员人数"]["f1"] == 0.0
    scores = score_events([(gold, wrong_type)])
    assert scores["triggers"]["tp"] == 0 and scores["by_type"]["组织关系-解雇"]["fp"] == 1
    report = format_event_scores(scores)
    assert "trigger+type" in report and "by role (argument)" in report and "组织关系-裁员/裁员方" in report
