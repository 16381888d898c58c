"""The lean network: characters, hashed bigrams, gazetteer marks, convolutions."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ModelError
from kg.ner.lean import N_GAZ, LeanEncoder, bigram_buckets
from kg.ner.lexicon_marks import GAZ_SLOTS, LATTICE_SLOTS, N_MARKS
from kg.ner.neural import NeuralModel
from kg.ner.tagger import Tagger


def test_bigram_buckets_are_stable_and_in_range():
    ids = bigram_buckets("世卫组织总干事谭德塞", 64)
    assert ids.shape == (11,) and ids.min() >= 2 and ids.max() < 64
    # the same bigram gets the same bucket wherever it is (世卫 at 1 and at 2)
    assert bigram_buckets("世卫", 1 << 15)[1] == bigram_buckets("在世卫", 1 << 15)[2]
    # a pure function of the text: no per-process hash seed
    assert bigram_buckets("中国", 1 << 15).tolist() == bigram_buckets("中国", 1 << 15).tolist()


def test_lean_encoder_ids_and_marks():
    text = "世卫组织总干事谭德塞𠀀"
    enc = LeanEncoder("世卫组织总干事谭", 1 << 10)
    ids, marks = enc.encode(text)
    assert ids.shape == (len(text), 3) and marks.shape == (len(text), N_GAZ)
    assert ids[0, 0] == 2 and ids[7, 0] == 9  # 世 is the first character, 谭 the eighth
    assert ids[8, 0] == 1 and ids[10, 0] == 1  # 德 and 𠀀 (beyond the BMP) are unknown
    assert (ids[:-1, 2] == ids[1:, 1]).all()  # the bigram right of i is the one left of i + 1
    assert marks[0, GAZ_SLOTS["ORG=B"]] == 1 and marks[3, GAZ_SLOTS["ORG=E"]] == 1
    assert marks[6, GAZ_SLOTS["TTL=E"]] == 1


def test_lean_encoder_with_lattice_marks_dictionary_words():
    text = "联合国秘书长古特雷斯"
    plain, marked = LeanEncoder(text, 1 << 10), LeanEncoder(text, 1 << 10, lattice=True)
    ids, marks = marked.encode(text)
    assert marks.shape == (len(text), N_MARKS) and marked.dense_width == N_MARKS
    assert (ids == plain.encode(text)[0]).all()
    assert (marks[:, :N_GAZ] == plain.encode(text)[1]).all()  # the gazetteer part is unchanged
    # 联合国 (nt: organization group 2) and 秘书长 (another word: group 4)
    assert marks[0, LATTICE_SLOTS[2, "B"]] == 1 and marks[1, LATTICE_SLOTS[2, "M"]] == 1
    assert marks[2, LATTICE_SLOTS[2, "E"]] == 1 and marks[3, LATTICE_SLOTS[4, "B"]] == 1
    batch = marked.encode_many([text, "", "世卫组织"])
    assert batch[1] is None and (batch[0][1] == marks).all()


@pytest.fixture(scope="module")
def lean_network(tmp_path_factory, tiny_bio, tiny_cluener):
    """A tiny lean convolutional network trained on real sentences, with a fine layer."""
    pytest.importorskip("torch")
    from kg.training.ner_network import train_neural

    out = tmp_path_factory.mktemp("lean") / "lean.onnx"
    summary = train_neural(tiny_bio, out, fine_path=tiny_cluener, arch="cnn", lean=True, epochs=80,
                           patience=100, hidden=16, char_dim=16, bigram_dim=8, bigram_buckets=512,
                           lr=0.02, dropout=0.0, char_unk=0.0, log=lambda m: None)
    return out, summary


@pytest.mark.training
def test_lean_network_learns_and_batches_like_single_texts(lean_network):
    out, summary = lean_network
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["lean"] == {"buckets": 512, "lattice": False} and meta["bigrams"] == []
    assert meta["params"]["arch"] == "cnn"
    model = NeuralModel(out)
    assert model.lean and model.has_fine and not model.reads_lac
    texts = ["国务院副总理孙春兰率领中央指导组抵达武汉", "钟南山院士在广州接受采访", "世卫组织"]
    assert model.tag(texts[0])[6:9] == ["B-PER", "I-PER", "E-PER"]
    # padding is masked before every convolution: a batch gives what single texts give
    together = model.scores(texts)[0]
    for text, scores in zip(texts, together):
        assert np.allclose(scores, model.scores([text])[0][0], atol=1e-4)


@pytest.mark.training
def test_tagger_with_only_lean_networks_skips_segmentation(lean_network):
    out, _ = lean_network
    tagger = Tagger(out)
    assert tagger.featurizer.segment is False and tagger._fine is None
    assert (6, 9, "PER") in tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")
    analysis = tagger.featurizer.analyze("钟南山院士")
    assert analysis.words is None and analysis.lattice is None and analysis.marks is None
    assert analysis.gazetteer.shape == (5, N_GAZ) and analysis.gazetteer[4, GAZ_SLOTS["TTL=E"]] == 1


@pytest.mark.training
def test_a_lean_network_with_a_crf_still_segments(lean_network):
    from kg.ner.tagger import BASE_MODEL
    from kg.resources import data_path

    out, _ = lean_network
    tagger = Tagger(out, crf_path=data_path(*BASE_MODEL))
    assert tagger.featurizer.segment is True
    assert (6, 9, "PER") in tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")


@pytest.mark.training
def test_lean_network_reads_no_lac(tiny_bio, tmp_path):
    pytest.importorskip("torch")
    from kg.training.ner_network import train_neural

    with pytest.raises(ModelError, match="lean network"):
        train_neural(tiny_bio, tmp_path / "x.onnx", lean=True, lac=True, log=lambda m: None)


@pytest.mark.training
def test_lattice_and_lac_characters(tiny_bio, tmp_path):
    """--lattice: the network reads the dictionary words too; --char-init lac:
    its character vectors start as LAC's (before training: equal to them)."""
    torch = pytest.importorskip("torch")
    from kg.ner.lac import LAC_DIR, LacVocabulary, load_embedding
    from kg.training.ner_network import DEFAULTS, _build_net
    from kg.training.torch_layers import chars_from_lac
    from kg.resources import data_path

    out = tmp_path / "lattice.onnx"
    summary = train_neural_quietly(tiny_bio, out, arch="cnn", lean=True, lattice=True,
                                   char_init="lac", epochs=1, hidden=8, bigram_dim=4)
    assert summary["params"]["char_dim"] == 128
    model = NeuralModel(out)
    assert model.lean and model.encoder.lattice and model.encoder.dense_width == N_MARKS
    assert len(model.tag("联合国秘书长古特雷斯")) == 10
    chars = "中国𠀀"  # 𠀀 is not in LAC's vocabulary
    net = _build_net(torch, {"chars": 5, "bigrams": 8, "tags": 13},
                     {**DEFAULTS, "char_dim": 128, "lean": True, "arch": "cnn"})
    before = net.char.weight[4].clone()
    assert chars_from_lac(torch, net.char, chars) == 2
    directory = data_path(*LAC_DIR)
    table, ids = load_embedding(str(directory)), LacVocabulary(directory).ids(chars)
    assert np.allclose(net.char.weight[2:4].detach().numpy(), table[ids[:2]])
    assert torch.equal(net.char.weight[4], before)
    with pytest.raises(ModelError, match="lean network"):
        train_neural_quietly(tiny_bio, tmp_path / "x.onnx", lattice=True)


def train_neural_quietly(*args, **kwargs):
    from kg.training.ner_network import train_neural

    return train_neural(*args, log=lambda m: None, **kwargs)


def test_cli_arch_and_lean_need_neural(tiny_bio, tmp_path):
    runner = CliRunner()
    for extra in (["--arch", "cnn"], ["--lean"], ["--bigram-dim", "16"], ["--char-init", "lac"],
                  ["--patience", "5"]):
        result = runner.invoke(main, ["train", "ner", "--train", str(tiny_bio), "-o",
                                      str(tmp_path / "x.crfsuite"), *extra])
        assert result.exit_code == 2 and "--neural" in result.output
    result = runner.invoke(main, ["train", "ner", "--neural", "--lean", "--lac", "--train",
                                  str(tiny_bio), "-o", str(tmp_path / "x.onnx")])
    assert result.exit_code == 2 and "--lean reads no LAC" in result.output
    result = runner.invoke(main, ["train", "ner", "--neural", "--lattice", "--train",
                                  str(tiny_bio), "-o", str(tmp_path / "x.onnx")])
    assert result.exit_code == 2 and "--lattice is for --lean" in result.output


@pytest.mark.training
def test_cli_trains_a_lean_cnn(tiny_bio, tmp_path):
    pytest.importorskip("torch")
    out = tmp_path / "cnn.onnx"
    result = CliRunner().invoke(main, ["train", "ner", "--neural", "--arch", "cnn", "--lean",
                                       "--lattice", "--char-init", "lac", "--patience", "4", "--hidden", "8", "--bigram-dim", "4", "--epochs", "2",
                                       "--train", str(tiny_bio), "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["params"]["arch"] == "cnn" and summary["params"]["lean"] is True
    assert summary["params"]["lattice"] is True and summary["params"]["char_init"] == "lac"
    assert summary["params"]["patience"] == 4
    assert NeuralModel(out).lean and NeuralModel(out).encoder.lattice
