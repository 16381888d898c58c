import json

import numpy as np
import pytest

from kg.errors import ModelError
from kg.ner.features import Featurizer
from kg.ner.lac import load_lac_vocabulary, load_lexical_analyzer
from kg.ner.neural import NeuralModel
from kg.ner.tagger import Tagger

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")
#: these tests train a network (torch, the `train` extra): `make test-train`
pytestmark = pytest.mark.training

TEXTS = ["世界卫生组织总干事谭德塞在日内瓦表示，疫情仍在全球蔓延。", "钟南山在广州", "好"]


def test_the_torch_copy_of_lac_gives_the_packaged_states():
    from kg.training.lac_finetune import lac_encoder

    lexical = load_lexical_analyzer()
    encoder = lac_encoder(torch, lexical)
    ids, lengths = lexical.padded_ids(TEXTS)
    with torch.no_grad():
        got = encoder(torch.from_numpy(ids), torch.from_numpy(lengths)).numpy()
    _, states = lexical.analyze_many(TEXTS)
    for row, state in enumerate(states):
        assert np.allclose(got[row, :len(TEXTS[row])], state.astype(np.float32), atol=2e-3)
    # the embeddings are frozen; the two layers of two directions train
    trainable = [n for n, x in encoder.named_parameters() if x.requires_grad]
    assert len(trainable) == 16 and not any("embedding" in n for n in trainable)


def test_a_wrong_gate_order_is_caught(monkeypatch):
    import kg.training.lac_finetune as finetune

    monkeypatch.setattr(finetune, "_torch_order", lambda block, hidden: block)  # ONNX's z, r, h as is
    with pytest.raises(ModelError, match="differs from the packaged one"):
        finetune.lac_encoder(torch, load_lexical_analyzer())


def test_a_network_with_lac_inside_needs_no_lac_pass(tiny_bio, tmp_path):
    from kg.training.ner_network import train_neural

    out = tmp_path / "tuned.onnx"
    summary = train_neural(tiny_bio, out, finetune=True, epochs=30, patience=100, hidden=16,
                           char_dim=16, bigram_dim=8, context_dim=16, lr=0.03, dropout=0.0,
                           char_unk=0.0, bigram_minfreq=1, log=lambda m: None)
    assert summary["params"]["finetune_lr"] == 5e-4
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["lac_encoder"] is True and "context" not in meta and "lac" not in meta
    # LAC's character table is not in the file: the network reads the LAC directory's copy
    import onnx

    graph = onnx.load(str(out)).graph
    assert "lac_embedding" in [i.name for i in graph.input]
    assert not any(i.name.startswith("lac_encoder.embedding") for i in graph.initializer)
    assert out.stat().st_size < 3_000_000  # LAC's GRUs (2 MB), not its 30 MB table
    model = NeuralModel(out, Featurizer())
    assert not model.reads_lac and model.encoder.featurizer.lexical is None
    text = TEXTS[1]
    ids, _ = model.encoder.encode(text)
    assert ids.shape == (len(text), 6)
    assert ids[:, -1].tolist() == load_lac_vocabulary().ids(text)
    tagger = Tagger(out, featurizer=Featurizer())
    assert not tagger.reads_lac and tagger.featurizer.lexical is None
    assert (6, 9, "PER") in tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")


def test_frozen_and_fine_tuned_states_do_not_mix(tiny_bio, tmp_path):
    from kg.training.ner_network import train_neural

    with pytest.raises(ModelError, match="either frozen"):
        train_neural(tiny_bio, tmp_path / "x.onnx", context=True, finetune=True, log=lambda m: None)


def test_frozen_layers_keep_lacs_weights():
    from kg.training.lac_finetune import lac_encoder

    encoder = lac_encoder(torch, load_lexical_analyzer(), check=False, frozen_layers=1)
    trainable = [n for n, x in encoder.named_parameters() if x.requires_grad]
    # the first BiGRU layer (GRUs 0 and 1) is frozen, the second (2 and 3) trains
    assert trainable and all(n.startswith(("grus.2.", "grus.3.")) for n in trainable)
    assert len(trainable) == 8


def test_fine_tuning_with_lac_tags_from_the_command_line(tiny_bio, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()

    out = tmp_path / "tuned.onnx"
    result = runner.invoke(main, ["train", "ner", "--neural", "--lac", "--lac-finetune",
                                  "--finetune-lr", "2e-4", "--finetune-freeze", "1", "--epochs", "1",
                                  "--hidden", "8", "--train", str(tiny_bio), "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["lac_encoder"] is True and meta["lac"]  # LAC's tags and LAC's encoder inside
    assert meta["params"]["finetune_lr"] == 2e-4 and meta["params"]["finetune_freeze"] == 1
    model = NeuralModel(out, Featurizer())
    assert model.reads_lac
    ids, _ = model.encoder.encode(TEXTS[1], model.encoder.featurizer.analyze(TEXTS[1]))
    assert ids.shape == (len(TEXTS[1]), 7)  # five ids, LAC's tag, LAC's character


def test_fine_tuning_options_need_lac_finetune(tiny_bio, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()

    result = runner.invoke(main, ["train", "ner", "--neural", "--finetune-lr", "1e-4",
                                  "--train", str(tiny_bio), "-o", str(tmp_path / "m.onnx")])
    assert result.exit_code == 2 and "go with --lac-finetune" in result.output
    assert not (tmp_path / "m.onnx").exists()
