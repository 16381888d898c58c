"""The fast readers' inputs: the fast tagger's states, computed once per sentence (kg.extract.fast_reading)."""

from __future__ import annotations

import numpy as np
import pytest

from kg.extract.fast_reading import FastFeatures, fast_network, fold_width, packaged_readers
from kg.errors import ModelError
from kg.ner.tagger import load_tagger

SENTENCES = ["皇家马德里队主场以3比1战胜巴塞罗那队，积分升至联赛第一。",
             "四川省甘孜州泸定县发生6.8级地震，震源深度16千米。",
             "江苏省南京市中级人民法院公开开庭审理了王建国受贿一案。"]


def test_the_packaged_fast_network_gives_its_states_for_each_character():
    network = fast_network()
    assert network.state_width == 96
    states = network.states_many(SENTENCES)
    assert [s.shape for s in states] == [(len(t), 96) for t in SENTENCES]
    assert all(s.dtype == np.float32 and np.abs(s).sum() > 0 for s in states)


def test_a_sentences_states_do_not_depend_on_what_it_is_batched_with():
    network = fast_network()
    together = network._run(SENTENCES + ["短句。"])[1]
    for text, batched in zip(SENTENCES, together):
        alone = network._run([text])[1][0]
        assert np.allclose(alone, batched, atol=1e-5)


def test_tagging_a_sentence_keeps_its_states_for_the_readers(monkeypatch):
    tagger = load_tagger(fast=True)
    network = fast_network()
    assert network in tagger.networks
    text = "国家主席习近平在人民大会堂会见来华进行国事访问的巴基斯坦总理。"
    tagger.tag_many([text])
    calls = []
    monkeypatch.setattr(network, "emissions", lambda *args: calls.append(args) or [])
    (states,) = network.states_many([text])
    assert calls == [] and states.shape == (len(text), 96)  # from the cache: the network did not run again
    monkeypatch.undo()
    # only the last call's states are kept: what a sentence's states are made from
    # never depends on the documents tagged before it
    tagger.tag_many(["巴基斯坦总理谢里夫结束访问。"])
    monkeypatch.setattr(network, "emissions", lambda *args: calls.append(args) or network.__class__.emissions(network, *args))
    (again,) = network.states_many([text])
    assert len(calls) == 1 and np.allclose(again, states, atol=1e-5)


def test_features_fold_full_width_characters_as_the_training_did():
    features = FastFeatures(["A", "B", "1", "赛"])
    (ids_full, states_full), (ids_half, _) = features.of(["ＡＢ１赛", "AB1赛"])
    assert ids_full[:, 0].tolist() == ids_half[:, 0].tolist() == [2, 3, 4, 5]
    assert states_full.shape == (4, features.width)
    (unknown, _), = features.of(["Ｚ龘"])
    assert unknown[:, 0].tolist() == [1, 1]
    assert fold_width("Ｑ") == "Q" and fold_width("。") == "。"


def test_a_network_without_states_says_how_to_get_one(tmp_path):
    from kg.ner.neural import NeuralModel
    from kg.resources import data_path

    network = NeuralModel(data_path("models", "ner-bilstm-msra-lac-tuned.onnx"))
    with pytest.raises(ModelError, match="no 'states' output"):
        network.states_many(["一句话。"])
    with pytest.raises(ModelError, match="unknown reader input"):
        packaged_readers("bert")
