"""`kg train events` end to end on a tiny DuEE-format file, then `kg events --eval` on its model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

pytest.importorskip("torch")
#: these tests train a network (torch, the `train` extra): `make test-train`
pytestmark = pytest.mark.training

COMPANIES = ["甲骨文公司", "爱立信", "英特尔", "福特汽车", "雀巢", "诺基亚", "西门子", "戴尔"]
PLACES = ["云南大理", "四川泸定", "甘肃积石山", "新疆乌什", "台湾花莲"]


def rows():
    out = []
    for i, company in enumerate(COMPANIES):
        for n in (300, 1200, 4000, 8500, 12000):
            text = f"{company}{i + 1}月{n % 28 + 1}日宣布裁员{n}人。"
            at = text.index("裁员")
            out.append({"text": text, "id": f"l{i}-{n}", "event_list": [{
                "event_type": "组织关系-裁员", "trigger": "裁员", "trigger_start_index": at,
                "arguments": [{"role": "裁员方", "argument": company, "argument_start_index": 0},
                              {"role": "裁员人数", "argument": f"{n}人", "argument_start_index": at + 2}]}]})
    for place in PLACES:
        for level in ("4.8", "5.1", "6.2", "6.8", "7.1", "5.5", "4.3", "6.0"):
            text = f"{place}发生{level}级地震，暂无人员伤亡报告。"
            at = text.index("地震")
            out.append({"text": text, "id": f"q{place}{level}", "event_list": [{
                "event_type": "灾害/意外-地震", "trigger": "地震", "trigger_start_index": at,
                "arguments": [{"role": "震中", "argument": place, "argument_start_index": 0},
                              {"role": "震级", "argument": f"{level}级", "argument_start_index": len(place) + 2}]}]})
    return out


@pytest.fixture(scope="module")
def tiny_duee(tmp_path_factory):
    path = tmp_path_factory.mktemp("duee") / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows()) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tiny_duee, tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    result = CliRunner().invoke(main, ["train", "events", "--train", str(tiny_duee), "-o", str(out),
                                       "--epochs", "20", "--patience", "20", "--hidden", "32", "--batch-chars", "150", "--minutes", "5"])
    assert result.exit_code == 0, result.output
    return out, result


def test_training_writes_the_three_files_and_its_figures(trained):
    out, result = trained
    for name in ("events.json", "events-trigger.onnx", "events-argument.onnx"):
        assert (out / name).stat().st_size > 1000
    figures = json.loads(result.stdout[result.stdout.index("{"):])
    assert figures["types"] == 2 and figures["roles"] == 4
    assert set(figures["dev"]) >= {"triggers", "arguments", "by_type", "by_role"}
    meta = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert meta["type_roles"]["组织关系-裁员"] == ["裁员人数", "裁员方"] or \
        sorted(meta["type_roles"]["组织关系-裁员"]) == ["裁员人数", "裁员方"]
    assert "non-commercial" in meta["about"]


def test_eval_scores_the_new_model(trained, tiny_duee):
    out, _ = trained
    result = CliRunner().invoke(main, ["events", "--eval", str(tiny_duee), "--model", str(out), "--summary"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{tiny_duee} (all): {len(rows())} sentences")
    trigger = next(line for line in lines if line.startswith("trigger+type")).split()
    assert float(trigger[3]) > 0.8  # twenty short epochs learn the two trigger words
    assert any(line.startswith("argument") for line in lines)
    result = CliRunner().invoke(main, ["events", "--eval", str(tiny_duee), "--model", str(out), "--format", "json"])
    scores = json.loads(result.output)
    assert set(scores["by_type"]) <= {"组织关系-裁员", "灾害/意外-地震"}


def test_training_without_data_fails_clearly(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "events", "--train", str(empty), "-o", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert "too few sentences" in result.output


def test_argument_network_alone_on_a_reused_trigger_network(trained, tiny_duee, tmp_path):
    source, _ = trained
    out = tmp_path / "args-only"
    result = CliRunner().invoke(main, ["train", "events", "--train", str(tiny_duee), "-o", str(out),
                                       "--trigger-from", str(source), "--second", "16", "--hidden", "32",
                                       "--epochs", "2", "--batch-chars", "150", "--argument-nets", "2"])
    assert result.exit_code == 0, result.output
    assert (out / "events-trigger.onnx").read_bytes() == (source / "events-trigger.onnx").read_bytes()
    figures = json.loads(result.stdout[result.stdout.index("{"):])
    assert figures["trigger"]["reused_from"] == str(source)
    assert len(figures["argument"]["by_epoch"]) == 2 and len(figures["argument-2"]["by_epoch"]) == 2
    meta = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert meta["argument_files"] == ["events-argument.onnx", "events-argument-2.onnx"]
    assert (out / "events-argument.onnx").read_bytes() != (out / "events-argument-2.onnx").read_bytes()
    from kg.extract.event_model import EventModel

    assert len(EventModel(out).argument_nets) == 2


def test_a_fast_reader_reads_the_fast_taggers_states_and_learns_the_triggers(tiny_duee, tmp_path):
    out = tmp_path / "fast"
    result = CliRunner().invoke(main, ["train", "events", "--train", str(tiny_duee), "-o", str(out),
                                       "--reads", "fast", "--arch", "cnn", "--hidden", "32", "--epochs", "20",
                                       "--patience", "20", "--batch-chars", "150", "--minutes", "5"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert meta["reads"] == "fast" and meta["lac_tags"] == [] and meta["snap"] is False
    assert "the fast tagger's states" in meta["about"] and "non-commercial" in meta["about"]
    from kg.extract.event_model import EventModel
    from kg.extract.fast_reading import FastFeatures

    model = EventModel(out)
    assert isinstance(model.features, FastFeatures)
    # the trigger network reads one id per character and the network's 96 states
    shapes = {i.name: i.shape for i in model.trigger_net.get_inputs()}
    assert shapes["ids"][2] == 1 and shapes["marks"][2] == model.features.width
    (record,), = model.predict(["诺基亚3月5日宣布裁员4000人。"])
    assert (record.event_type, record.trigger) == ("组织关系-裁员", "裁员")
    # `kg train int8` makes its trigger network int8, calibrated on news; it finds the same events
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in
                              ["西门子宣布裁员2000人。", "台湾花莲发生6.2级地震。", "英特尔将裁员5%。"]),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "int8", str(out), "--calibration", str(corpus)])
    assert result.exit_code == 0, result.output
    assert [s["network"] for s in json.loads(result.stdout)] == [str(out / "events-trigger.onnx")]
    import onnx

    assert "QLinearConv" in {n.op_type for n in onnx.load(str(out / "events-trigger.onnx")).graph.node}
    (again,), = EventModel(out).predict(["诺基亚3月5日宣布裁员4000人。"])
    assert (again.event_type, again.trigger) == ("组织关系-裁员", "裁员")
