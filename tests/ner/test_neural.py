"""The neural base tagger: numpy Viterbi and the packaged ONNX model."""

import itertools

import numpy as np
import pytest

from kg.ner.neural import bigram_ids, viterbi


def brute_force(em, tr, start, end):
    steps, k = em.shape
    best, best_path = -np.inf, None
    for path in itertools.product(range(k), repeat=steps):
        s = start[path[0]] + end[path[-1]] + sum(em[t, path[t]] for t in range(steps))
        s += sum(tr[path[t - 1], path[t]] for t in range(1, steps))
        if s > best:
            best, best_path = s, list(path)
    return best_path


def test_viterbi_hand_made():
    em = np.array([[[2.0, 0.0], [0.0, 1.0], [2.0, 0.0]]])
    tr = np.array([[0.0, -3.0], [-3.0, 0.0]])  # switching tags costs 3
    zero = np.zeros(2)
    # greedy would say 0 1 0 (score -1); staying in tag 0 scores 4
    assert viterbi(em, [3], tr, zero, zero) == [[0, 0, 0]]
    # a bonus of 5 for ending in tag 1 makes 1 1 1 (1 + 5) the best path
    assert viterbi(em, [3], tr, zero, np.array([0.0, 5.0])) == [[1, 1, 1]]
    # a start bonus for tag 1 and no end bonus: 1 1 1 scores 1 + 4 = 5 > 4
    assert viterbi(em, [3], tr, np.array([0.0, 4.0]), zero) == [[1, 1, 1]]


def test_viterbi_batch_with_padding_matches_brute_force():
    rng = np.random.default_rng(0)
    k, lengths = 3, [4, 1, 3, 2]
    em = rng.normal(size=(len(lengths), max(lengths), k))
    tr, start, end = rng.normal(size=(k, k)), rng.normal(size=k), rng.normal(size=k)
    paths = viterbi(em, lengths, tr, start, end)
    for row, n in enumerate(lengths):
        assert paths[row] == brute_force(em[row, :n], tr, start, end)


def test_bigram_ids_are_stable():
    left, right = bigram_ids("武汉市", 1 << 17)
    assert left[1:] == right[:-1]
    assert all(1 <= i <= 1 << 17 for i in left + right)
    assert bigram_ids("武汉市", 1 << 17) == (left, right)


@pytest.fixture(scope="module")
def neural_tagger():
    pytest.importorskip("onnxruntime")
    from kg.ner.tagger import NEURAL_MODEL, Tagger
    from kg.resources import data_path

    path = data_path(*NEURAL_MODEL)
    if not path.is_file():
        pytest.skip("the neural model is not installed")
    return Tagger(path)


def test_onnx_model_tags_a_sentence(neural_tagger):
    text = "国务院副总理孙春兰率领工作组抵达武汉"
    spans = neural_tagger.spans(text)
    assert (6, 9, "PER") in spans
    assert (16, 18, "LOC") in spans
    assert text[6:9] == "孙春兰" and text[16:18] == "武汉"


def test_onnx_batch_equals_single(neural_tagger):
    from kg.ner.features import word_positions

    model = neural_tagger._base
    texts = ["国务院副总理孙春兰率领工作组抵达武汉", "钟南山院士在广州接受采访", "新华社北京电"]
    words = [word_positions(t) for t in texts]
    assert model.tag_many(texts, words) == [model.tag(t, w) for t, w in zip(texts, words)]
