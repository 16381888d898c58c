"""`kg train int8`: a float NER network made int8 in place, calibrated on news stories."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from kg.cli import main

pytest.importorskip("torch")
pytestmark = pytest.mark.training

#: Stories of several kinds of news, as a corpus gives them (JSON lines, a "text" each).
STORIES = [
    "阿森纳主场2比2战平切尔西。萨卡在第30分钟破门。",
    "土耳其南部当地时间6日凌晨发生7.8级地震，已造成数千人死亡。",
    "被告人李某某犯故意杀人罪，被判处有期徒刑十五年。",
    "外交部长王毅在北京会见法国外长，双方就乌克兰问题交换意见。",
    "爱立信宣布在瑞典裁员1400人，以削减成本。",
    "国家统计局15日发布数据，10月份居民消费价格同比上涨0.2%。",
]
SENTENCES = [(("李兰娟在杭州工作", "B-PER I-PER I-PER O B-LOC I-LOC O O")),
             ("王毅访问法国", "B-PER I-PER O O B-LOC I-LOC"),
             ("国家统计局发布数据", "B-ORG I-ORG I-ORG I-ORG I-ORG O O O O"),
             ("萨卡在伦敦", "B-PER I-PER O B-LOC I-LOC")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in STORIES * 4),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def float_network(tmp_path_factory):
    folder = tmp_path_factory.mktemp("net")
    bio = folder / "tiny.bio"
    bio.write_text("".join("".join(f"{c}\t{t}\n" for c, t in zip(text, tags.split())) + "\n"
                           for text, tags in SENTENCES * 3), encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "ner", "--neural", "--arch", "cnn", "--lean", "--hidden", "16",
                                       "--bigram-dim", "4", "--epochs", "2", "--train", str(bio),
                                       "-o", str(folder / "m.onnx")])
    assert result.exit_code == 0, result.output
    return folder / "m.onnx"


def ops(path) -> set[str]:
    import onnx

    return {node.op_type for node in onnx.load(str(path)).graph.node}


def test_int8_replaces_the_convolutions_and_keeps_the_scores_and_states(float_network, corpus):
    from kg.ner.neural import NeuralModel

    fresh = ["切尔西主场迎战利物浦", "四川泸定发生6.8级地震", "法院以受贿罪判处其有期徒刑"]
    before = NeuralModel(float_network)
    scores, states = before.scores(fresh)[0], before.states_many(fresh)
    assert "Conv" in ops(float_network)
    result = CliRunner().invoke(main, ["train", "int8", str(float_network), "--calibration", str(corpus),
                                       "--stories", "5"])
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.stdout)
    assert summary["quantized"] == {"Conv": 4, "MatMul": summary["quantized"]["MatMul"]}
    assert summary["bytes"][1] < summary["bytes"][0]
    assert {"QLinearConv", "QLinearMatMul"} <= ops(float_network) and "Conv" not in ops(float_network)
    after = NeuralModel(float_network)
    assert after.state_width == before.state_width
    for old, new in zip(scores + states, after.scores(fresh)[0] + after.states_many(fresh)):
        assert new.dtype == np.float32 and new.shape == old.shape
        # int8 moves the numbers by a small part of their range, no more
        assert np.abs(new - old).max() <= 0.1 * (np.abs(old).max() + 1e-3)
    again = CliRunner().invoke(main, ["train", "int8", str(float_network), "--calibration", str(corpus)])
    assert again.exit_code == 0 and "already int8" in again.stdout


def test_int8_refuses_a_calibration_file_that_is_not_news_and_a_model_it_cannot_read(float_network, corpus, tmp_path):
    bio = tmp_path / "x.bio"
    bio.write_text("李\tB-PER\n\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "int8", str(float_network), "--calibration", str(bio)])
    assert result.exit_code == 1 and "not a news corpus" in result.output and str(bio) in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = CliRunner().invoke(main, ["train", "int8", str(tmp_path), "--calibration", str(corpus)])
    assert result.exit_code == 1 and "neither an NER network" in result.output
    assert len(result.output.strip().splitlines()) == 1
