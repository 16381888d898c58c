"""`kg train relations` end to end on a tiny DuIE-format file, then `kg relations --eval --model` on it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

pytest.importorskip("torch")
#: these tests train a network (torch, the `train` extra): `make test-train`
pytestmark = pytest.mark.training

COMPANIES = ["华宇电子公司", "东方钢铁集团", "星河乳业", "远航物流公司", "金桥化工集团", "蓝海科技公司"]
PEOPLE = ["王建国", "李秀英", "张志强", "刘海涛", "陈明华", "杨丽娟", "赵德胜", "孙立平"]
COUNTRIES = ["法国", "巴西", "日本", "埃及", "瑞典"]
PLAYERS = ["卡洛斯", "德尚", "马丁内斯", "彼得森", "穆罕默德"]


def spo(predicate, subject, obj):
    return {"predicate": predicate, "subject": subject, "object": {"@value": obj},
            "subject_type": "企业", "object_type": {"@value": "人物"}}


def rows():
    out = []
    for i, company in enumerate(COMPANIES):
        for j, person in enumerate(PEOPLE):
            if (i + j) % 2:
                text = f"{company}董事长{person}在年会上发表讲话。"
                out.append({"text": text, "spo_list": [spo("董事长", company, person)]})
            else:
                text = f"{person}于多年前创办了{company}，如今公司员工过千。"
                out.append({"text": text, "spo_list": [spo("创始人", company, person)]})
    for country in COUNTRIES:
        for player in PLAYERS:
            out.append({"text": f"{player}，{country}籍足球运动员，司职前锋。",
                        "spo_list": [spo("国籍", player, country)]})
    return out


@pytest.fixture(scope="module")
def tiny_duie(tmp_path_factory):
    path = tmp_path_factory.mktemp("duie") / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows()) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tiny_duie, tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    result = CliRunner().invoke(main, ["train", "relations", "--train", str(tiny_duie), "-o", str(out),
                                       "--epochs", "12", "--patience", "12", "--hidden", "32",
                                       "--batch-chars", "200", "--minutes", "5"])
    assert result.exit_code == 0, result.output
    return out, result


def test_training_writes_the_three_files_and_its_figures(trained):
    out, result = trained
    for name in ("relations.json", "relations-encoder.onnx", "relations-pair.onnx"):
        assert (out / name).stat().st_size > 1000
    figures = json.loads(result.stdout[result.stdout.index("{"):])
    assert figures["positive_pairs"] > 0 and figures["train_pairs"] >= figures["positive_pairs"]
    assert set(figures["thresholds"]) >= {"董事长", "创始人", "国籍"}
    meta = json.loads((out / "relations.json").read_text(encoding="utf-8"))
    assert "non-commercial" in meta["about"]
    assert meta["labels"][:3] == ["董事长", "校长", "创始人"]


def test_eval_scores_the_new_model_above_the_patterns(trained, tiny_duie):
    out, _ = trained
    result = CliRunner().invoke(main, ["relations", "--eval", str(tiny_duie), "--model", str(out), "-q",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    learned = json.loads(result.output)
    result = CliRunner().invoke(main, ["relations", "--eval", str(tiny_duie), "--relations", "rules", "-q",
                                       "--format", "json"])
    rules = json.loads(result.output)
    # twelve short epochs learn the three phrasings; the model adds to the patterns
    assert learned["by_predicate"]["董事长"]["recall"] > 0.8
    assert learned["overall"]["tp"] > rules["overall"]["tp"]


def test_training_without_data_fails_clearly(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "relations", "--train", str(empty), "-o", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert "too few sentences" in result.output


def test_a_fast_reader_learns_the_phrasings_from_the_fast_taggers_states(tiny_duie, tmp_path):
    out = tmp_path / "fast"
    result = CliRunner().invoke(main, ["train", "relations", "--train", str(tiny_duie), "-o", str(out),
                                       "--reads", "fast", "--arch", "cnn", "--epochs", "12", "--patience", "12",
                                       "--hidden", "32", "--batch-chars", "200", "--minutes", "5"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "relations.json").read_text(encoding="utf-8"))
    assert meta["reads"] == "fast" and "the fast tagger's states" in meta["about"]
    result = CliRunner().invoke(main, ["relations", "--eval", str(tiny_duie), "--model", str(out), "-q",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["by_predicate"]["董事长"]["recall"] > 0.8
