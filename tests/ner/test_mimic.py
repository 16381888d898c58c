"""A training-only layer that learns LAC's reading of each character (kg.ner.mimic)."""

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ModelError
from kg.ner.lac import load_lexical_analyzer
from kg.ner.mimic import LacTargets
from kg.ner.neural import NeuralModel

TEXTS = ["国务院副总理孙春兰率领中央指导组抵达武汉", "钟南山院士在广州接受采访"]


@pytest.fixture(scope="module")
def lac():
    analyzer = load_lexical_analyzer()
    if analyzer is None:
        pytest.fail("the packaged LAC model (kg/data/models/lac) is missing")
    return analyzer


def test_tag_targets_are_lacs_tags(lac):
    targets = LacTargets("tags")
    got = targets.of(TEXTS)
    assert [len(t) for t in got] == [len(t) for t in TEXTS]
    assert [[targets.tag_names[i] for i in row] for row in got] == lac.tag_many(TEXTS)
    assert targets.width == len(set(lac.tags))


def test_state_targets_are_lacs_top_layer(lac):
    targets = LacTargets("states")
    got = targets.of(TEXTS)
    _, states = lac.analyze_many(TEXTS)
    assert targets.width == lac.context_width == got[0].shape[1]
    assert all(np.array_equal(a, b) for a, b in zip(got, states))


@pytest.mark.parametrize("mode", ["tags", "states"])
def test_loss_is_zero_for_a_perfect_guess_whatever_the_padding(mode):
    torch = pytest.importorskip("torch")
    targets = LacTargets(mode, weight=2.0)
    gold = targets.of(TEXTS)
    steps = max(map(len, TEXTS))
    lengths = torch.tensor([len(t) for t in TEXTS])
    guess = torch.full((2, steps, targets.width), 7.0)  # the padding holds nonsense
    for row, g in enumerate(gold):
        if mode == "tags":
            guess[row, :len(g)] = -50.0
            guess[row, torch.arange(len(g)), torch.from_numpy(g)] = 50.0
        else:
            guess[row, :len(g)] = torch.from_numpy(g.astype(np.float32))
    assert targets.loss(torch, guess, gold, [0, 1], lengths).item() == pytest.approx(0.0, abs=1e-6)
    wrong = targets.loss(torch, torch.zeros_like(guess), gold, [0, 1], lengths).item()
    # weighted, summed over characters, averaged over the two texts
    if mode == "tags":
        assert wrong == pytest.approx(2.0 * sum(map(len, TEXTS)) * np.log(targets.width) / 2, rel=1e-4)
    else:
        squares = sum(float((g.astype(np.float32) ** 2).mean(axis=1).sum()) for g in gold)
        assert wrong == pytest.approx(2.0 * squares / 2, rel=1e-3)


def test_unknown_mode_is_refused():
    with pytest.raises(ModelError, match="unknown LAC imitation"):
        LacTargets("words")


def test_training_imitates_lac_without_exporting_the_layer(tiny_bio, tiny_cluener, tmp_path):
    pytest.importorskip("torch")
    out = tmp_path / "mimic.onnx"
    result = CliRunner().invoke(main, ["train", "ner", "--neural", "--arch", "cnn", "--lean", "--lattice",
                                       "--hidden", "16", "--bigram-dim", "4", "--epochs", "20",
                                       "--patience", "20", "--mimic-lac", "tags", "--mimic-weight", "0.5",
                                       "--train", str(tiny_bio), "--fine", str(tiny_cluener), "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["params"]["mimic"] == "tags" and summary["params"]["mimic_weight"] == 0.5
    imitation = [float(x) for x in re.findall(r"imitating LAC ([0-9.]+)", result.output)]
    assert len(imitation) == summary["epochs"] == 20
    assert imitation[-1] < 0.85 * imitation[0]  # the layer learns LAC's tags
    model = NeuralModel(out)
    assert [o.name for o in model.session.get_outputs()] == ["emissions", "fine_emissions"]
    assert model.lean and not model.reads_lac


def test_cli_mimic_options_are_checked(tiny_bio, tmp_path):
    runner = CliRunner()
    base = ["train", "ner", "--train", str(tiny_bio), "-o", str(tmp_path / "x.onnx")]
    result = runner.invoke(main, base + ["--mimic-lac", "tags"])
    assert result.exit_code == 2 and "--mimic-lac" in result.output and "are for --neural" in result.output
    result = runner.invoke(main, base + ["--neural", "--mimic-weight", "0.2"])
    assert result.exit_code == 2 and "--mimic-weight goes with --mimic-lac" in result.output
    result = runner.invoke(main, base + ["--neural", "--mimic-lac", "tags", "--mimic-weight", "0"])
    assert result.exit_code == 2
    result = runner.invoke(main, base + ["--neural", "--mimic-lac", "tags", "--swap", "0.2"])
    assert result.exit_code != 0 and "leave out --swap" in result.output
    assert not (tmp_path / "x.onnx").exists()
