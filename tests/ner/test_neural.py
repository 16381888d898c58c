import json

import numpy as np
import pytest

from kg.errors import ModelError
from kg.ner.decoding import viterbi, viterbi_many
from kg.ner.lexicon_marks import GAZ_SLOTS, LATTICE_SLOTS, N_MARKS
from kg.ner.neural import Encoder, NeuralModel
from kg.ner.tagger import Tagger


def test_encoder_ids_and_marks():
    text = "世卫组织总干事谭德塞"
    enc = Encoder("世卫组织总干事谭", ["世卫", "卫组"], ["n", "nr"])
    ids, marks = enc.encode(text)
    assert ids.shape == (len(text), 5) and marks.shape == (len(text), N_MARKS)
    assert ids[0, 0] == 2 and ids[-1, 0] == 1  # 世 is the first char; 塞 is unknown
    assert ids[0, 2] == 2 and ids[1, 1] == 2  # bigram 世卫 right of 世, left of 卫
    assert ids[1, 2] == 3 and ids[5, 2] == 1  # 卫组; 干事 is not in the bigram list
    assert marks[0, GAZ_SLOTS["ORG=B"]] == 1 and marks[3, GAZ_SLOTS["ORG=E"]] == 1
    assert marks[6, GAZ_SLOTS["TTL=E"]] == 1
    # dictionary words: 干事 (n: group 4) at 5-6, 德塞 (ns: a place, group 1) at 8-9
    assert marks[5, LATTICE_SLOTS[4, "B"]] == 1 and marks[6, LATTICE_SLOTS[4, "E"]] == 1
    assert marks[8, LATTICE_SLOTS[1, "B"]] == 1 and marks[9, LATTICE_SLOTS[1, "E"]] == 1
    assert marks[4, len(GAZ_SLOTS):].sum() == 0  # 总 alone is in no dictionary word


def test_viterbi_respects_lengths_and_transitions():
    em = np.array([[[0.0, 3.0], [0.0, 3.0], [5.0, 0.0]],
                   [[0.0, 1.0], [9.0, 0.0], [9.0, 0.0]]])
    tr = np.array([[0.0, 0.0], [-3.0, 0.0]])  # 1 -> 0 costs 3
    paths = viterbi(em, [3, 1], tr, np.zeros(2), np.zeros(2))
    assert paths == [[1, 1, 0], [1]]


def _best_by_enumeration(em, tr, start, end):
    """The best path of one ``(T, K)`` matrix over every path (the first
    best in lexicographic order), and its score."""
    import itertools

    best = None
    for path in itertools.product(range(em.shape[1]), repeat=len(em)):
        score = start[path[0]] + end[path[-1]] + sum(em[t, j] for t, j in enumerate(path))
        score += sum(tr[a, b] for a, b in zip(path, path[1:]))
        if best is None or score > best[1]:
            best = (list(path), score)
    return best


def _score(path, em, tr, start, end):
    return (start[path[0]] + end[path[-1]] + sum(em[t, j] for t, j in enumerate(path))
            + sum(tr[a, b] for a, b in zip(path, path[1:])))


def test_viterbi_many_finds_the_best_path_of_every_sequence():
    """Against enumerating every path, on random batches of mixed lengths
    (empty ones included); with integer scores, ties are frequent, so only
    the best score is compared, and integer-free scores must give the path."""
    rng = np.random.default_rng(7)
    for trial in range(150):
        k = int(rng.integers(1, 4))
        ints = trial % 2 == 0
        lengths = rng.integers(0, 6, int(rng.integers(1, 6)))
        draw = ((lambda *shape: rng.integers(-2, 3, shape).astype(float)) if ints
                else (lambda *shape: rng.normal(size=shape)))
        em = [draw(int(n), k) for n in lengths]
        tr, start, end = draw(k, k), draw(k), draw(k)
        for e, path in zip(em, viterbi_many(em, tr, start, end)):
            if not len(e):
                assert path == []
                continue
            expected, score = _best_by_enumeration(e, tr, start, end)
            assert np.isclose(_score(path, e, tr, start, end), score), trial
            if not ints:
                assert path == expected, trial


def test_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        NeuralModel(tmp_path / "none.onnx")


def test_broken_model_files_are_model_errors(tmp_path):
    import shutil

    from kg.ner.tagger import packaged_networks

    packaged = packaged_networks()[0]
    onnx = tmp_path / "n.onnx"
    shutil.copy(packaged, onnx)
    with pytest.raises(ModelError, match=r"n\.json.*does not exist"):
        NeuralModel(onnx)
    onnx.with_suffix(".json").write_text('{"chars": "x"}', encoding="utf-8")
    with pytest.raises(ModelError, match="lacks or garbles 'bigrams'"):
        NeuralModel(onnx)
    onnx.write_bytes(b"garbage")
    with pytest.raises(ModelError, match="cannot be read"):
        NeuralModel(onnx)


@pytest.fixture(scope="module")
def trained(tmp_path_factory, tiny_bio, tiny_cluener):
    """A tiny network trained on real sentences, with a fine layer."""
    pytest.importorskip("torch")
    from kg.training.ner_network import train_neural

    out = tmp_path_factory.mktemp("neural") / "tiny.onnx"
    summary = train_neural(tiny_bio, out, fine_path=tiny_cluener, epochs=60, patience=100, hidden=16,
                           char_dim=16, bigram_dim=8, lr=0.03, dropout=0.0, char_unk=0.0,
                           bigram_minfreq=1, log=lambda m: None)
    return out, summary


@pytest.mark.training
def test_trained_network_runs_on_onnxruntime(trained):
    out, summary = trained
    assert out.is_file() and out.with_suffix(".json").is_file()
    assert summary["epochs"] == 60 and summary["bytes"] > 0
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["fine"]["tags"][0] == "O" and "B-COMPANY" in meta["fine"]["tags"]
    model = NeuralModel(out)
    assert model.has_fine
    texts = ["国务院副总理孙春兰率领中央指导组抵达武汉", "钟南山院士在广州接受采访", "世卫组织总干事谭德塞"]
    tags = model.tag(texts[0])
    assert tags[6:9] == ["B-PER", "I-PER", "E-PER"]
    # batches of different lengths give what single texts give
    together = model.tag_many(texts)
    assert together == [model.tag(t) for t in texts]


@pytest.mark.training
def test_tagger_uses_the_network_and_its_fine_layer(trained):
    out, _ = trained
    tagger = Tagger(out, fine_model_path="ignored-when-the-network-has-a-fine-layer.crfsuite")
    assert tagger._fine is None
    spans = tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")
    assert (6, 9, "PER") in spans


@pytest.mark.training
@pytest.mark.parametrize("bits", [16, 8])
def test_compact_shrinks_tables_and_keeps_the_tags(trained, tmp_path, bits):
    import shutil

    import onnx

    from kg.training.onnx_compact import compact

    out, _ = trained  # its tables are below compact's default size: float32
    copy = tmp_path / "c.onnx"
    shutil.copy(out, copy)
    shutil.copy(out.with_suffix(".json"), copy.with_suffix(".json"))
    compact(copy, min_size=1, bits=bits)
    assert copy.stat().st_size < out.stat().st_size
    stored = {i.data_type for i in onnx.load(str(copy)).graph.initializer
              if i.name.endswith("_q") or i.name.endswith("_fp16")}
    assert stored == {onnx.TensorProto.INT8 if bits == 8 else onnx.TensorProto.FLOAT16}
    texts = ["世卫组织总干事谭德塞在日内瓦表示", "国务院副总理孙春兰率领中央指导组抵达武汉"]
    assert NeuralModel(copy).tag_many(texts) == NeuralModel(out).tag_many(texts)


@pytest.mark.training
def test_compact_turns_float16_tables_into_int8(trained, tmp_path):
    import shutil

    import onnx

    from kg.training.onnx_compact import compact

    out, _ = trained
    copy = tmp_path / "n.onnx"
    shutil.copy(out, copy)
    shutil.copy(out.with_suffix(".json"), copy.with_suffix(".json"))
    compact(copy, min_size=1, bits=16)
    half = copy.stat().st_size
    compact(copy, min_size=1, bits=8)
    assert copy.stat().st_size < half
    graph = onnx.load(str(copy)).graph
    assert not [i.name for i in graph.initializer if i.data_type == onnx.TensorProto.FLOAT16]
    assert not [n for n in graph.node if n.op_type == "Cast" and n.input[0].endswith("_fp16")]
    text = "世卫组织总干事谭德塞在日内瓦表示"
    assert NeuralModel(copy).tag(text) == NeuralModel(out).tag(text)


@pytest.mark.training
def test_networks_combine_with_each_other_and_the_crf(trained):
    from kg.ner.tagger import BASE_MODEL
    from kg.resources import data_path

    out, _ = trained
    text = "国务院副总理孙春兰率领中央指导组抵达武汉"
    one = Tagger(out).spans(text)
    # the same network twice doubles every score: the same best path
    assert Tagger([out, out]).spans(text) == one
    # with the packaged CRF's log-marginals added, the name is still found
    assert (6, 9, "PER") in Tagger(out, crf_path=data_path(*BASE_MODEL)).spans(text)


@pytest.mark.training
def test_a_crf_cannot_be_combined(trained, tmp_path):
    from kg.ner.tagger import BASE_MODEL
    from kg.resources import data_path

    out, _ = trained
    with pytest.raises(ModelError, match="only networks"):
        Tagger([out, data_path(*BASE_MODEL)])


@pytest.mark.training
def test_a_network_can_read_lac_tags(tiny_bio, tmp_path):
    pytest.importorskip("torch")
    from kg.ner.features import Featurizer
    from kg.training.ner_network import train_neural

    out = tmp_path / "lac.onnx"
    train_neural(tiny_bio, out, lac=True, epochs=40, patience=100, hidden=16, char_dim=16,
                 bigram_dim=8, lr=0.03, dropout=0.0, char_unk=0.0, bigram_minfreq=1,
                 log=lambda m: None)
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert "PER-B" in meta["lac"] and "v-B" in meta["lac"]
    model = NeuralModel(out, Featurizer())  # a featurizer without LAC gets the packaged one
    assert model.reads_lac and model.encoder.featurizer.lexical is not None
    ids, _ = model.encoder.encode("钟南山院士在广州接受采访")
    assert ids.shape[1] == 6
    assert ids[0, 5] == meta["lac"].index("PER-B") + 2
    tagger = Tagger(out, featurizer=Featurizer())
    assert tagger.reads_lac
    assert (6, 9, "PER") in tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")


@pytest.mark.training
def test_a_network_can_read_lac_context(tiny_bio, tmp_path):
    pytest.importorskip("torch")
    import numpy as np

    from kg.ner.features import Featurizer
    from kg.ner.lac import load_lexical_analyzer
    from kg.ner.lexicon_marks import N_MARKS
    from kg.training.ner_network import train_neural

    out = tmp_path / "context.onnx"
    train_neural(tiny_bio, out, context=True, epochs=40, patience=100, hidden=16, char_dim=16,
                 bigram_dim=8, context_dim=16, lr=0.03, dropout=0.0, char_unk=0.0, bigram_minfreq=1,
                 log=lambda m: None)
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["context"] == 256 and "lac" not in meta
    model = NeuralModel(out, Featurizer())
    assert model.reads_lac and model.encoder.featurizer.context
    text = "钟南山院士在广州接受采访"
    ids, dense = model.encoder.encode(text)
    assert ids.shape == (len(text), 5) and dense.shape == (len(text), N_MARKS + 256)
    _, (states,) = load_lexical_analyzer().analyze_many([text])
    assert np.array_equal(dense[:, N_MARKS:], states.astype(np.float32))
    tagger = Tagger(out, featurizer=Featurizer())
    assert (6, 9, "PER") in tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")
    # an analysis without the states (an old LAC directory) is refused, with the fix
    bare = Featurizer().analyze(text)
    with pytest.raises(ModelError, match="kg train lac"):
        model.encoder.encode(text, bare)
