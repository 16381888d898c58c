"""The packaged tagger on real sentences (exact boundaries)."""

import pytest

from kg.errors import ModelError
from kg.ner import Tagger, load_tagger
from kg.ner.tagger import combine, split_chunks


def found(tagger, text):
    mentions = tagger.tag(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.source == "ner"
    return {(m.text, m.label) for m in mentions}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中共中央政治局委员、国务院副总理孙春兰率领中央指导组抵达武汉", {("孙春兰", "PER")}),
        ("美国中国问题专家罗伯特·库恩如是说", {("罗伯特·库恩", "PER")}),
        ("世卫组织总干事谭德塞感叹", {("谭德塞", "PER")}),
        ("柬埔寨首相洪森来华访问", {("洪森", "PER"), ("柬埔寨", "LOC")}),
        ("联合国秘书长古特雷斯呼吁各国团结", {("古特雷斯", "PER")}),
    ],
)
def test_people_exact(tagger, text, expected):
    assert expected <= found(tagger, text)


def test_org_refined_and_title(tagger):
    result = found(tagger, "世卫组织总干事谭德塞感叹")
    assert ("世卫组织", "ORG") in result or ("世卫组织", "GOV") in result
    assert ("谭德塞", "PER") in result


def test_long_government_body_is_one_mention(tagger):
    result = found(tagger, "国家卫生健康委员会发布通报")
    labels = {label for text, label in result if text == "国家卫生健康委员会"}
    assert labels & {"ORG", "GOV"}, result


def test_traditional_offsets_point_into_original(tagger):
    text = "世衛組織總幹事譚德塞感嘆"
    mentions = tagger.tag(text)
    by_text = {m.text: m for m in mentions}
    assert "譚德塞" in by_text
    m = by_text["譚德塞"]
    assert (m.start, m.end, m.label) == (7, 10, "PER")
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_sorted_non_overlapping_across_lines(tagger):
    text = "李克强主持召开国务院常务会议。\n\n习近平在北京会见洪森。"
    mentions = tagger.tag(text)
    assert mentions == sorted(mentions)
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    assert {"李克强", "习近平", "洪森", "北京"} <= {m.text for m in mentions}


def test_split_chunks_offsets():
    text = "甲说：“好。”乙笑！\n\n丙"
    chunks = split_chunks(text)
    assert "".join(text[s:e] for s, e in chunks) == text.replace("\n", "")


def test_combine_refines_org_and_trims_title():
    text = "国务院总理李克强"
    base = [(0, 3, "ORG"), (5, 8, "PER")]
    fine = [(0, 3, "GOV"), (0, 5, "TITLE")]
    assert combine(base, fine, text) == [(0, 3, "GOV"), (3, 5, "TITLE"), (5, 8, "PER")]


def test_combine_drops_titles_without_a_title_word():
    text = "坚持统一领导统一指挥"
    assert combine([], [(2, 6, "TITLE"), (6, 10, "TITLE")], text) == []


def test_missing_model(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        Tagger(tmp_path / "none.crfsuite")


def test_garbage_model(tmp_path):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot be read"):
        Tagger(bad)


def test_load_tagger_is_cached():
    assert load_tagger() is load_tagger()


def test_default_tagger_is_the_packaged_networks_combined(tagger):
    from kg.ner.tagger import packaged_networks

    networks = packaged_networks()
    assert len(networks) == 2, "kg/data/models should hold the two networks ner-bilstm-msra-lac-*.onnx"
    assert [str(n.path) for n in tagger._networks] == networks
    # one reads LAC's tags and states, the other holds a fine-tuned copy of LAC's encoder
    assert sorted((n.reads_lac, n.encoder.lac_vocabulary is not None) for n in tagger._networks) == [
        (False, True), (True, False)]
    assert tagger._base is None  # no CRF: the two networks alone tag best
    assert tagger._fine is not None  # GOV/COMPANY/TITLE from the CLUENER CRF
    fast = load_tagger(fast=True)  # the lean network with its own fine layer; no segmentation
    assert [n.path.name for n in fast._networks] == ["ner-cnn-msra-fast.onnx"]
    assert fast._networks[0].lean and fast._networks[0].has_fine
    assert fast._networks[0].encoder.lattice  # it reads the dictionary words (looked up, not segmented)
    assert fast._base is None and fast._fine is None and fast.featurizer.segment is False


def test_fast_tagger_finds_every_demo_person(demo_text):
    from kg.ner import load_tagger

    found = {m.text for m in load_tagger(fast=True).tag(demo_text) if m.label == "PER"}
    assert set(DEMO_PEOPLE) <= found
    # its one false name: the idiom 念兹在兹, which jieba's dictionary files as a
    # person's name (README, known limits)
    assert found - set(DEMO_PEOPLE) <= {"念兹在兹"}


#: Every person the demo article names (read off the article by hand).
DEMO_PEOPLE = ("习近平", "李克强", "孙春兰", "张继先", "汪伟", "胡世翥", "彭红", "王辰", "王国念",
               "罗伯特·库恩", "谭德塞", "布鲁斯·艾尔沃德", "古特雷斯", "比尔·盖茨", "洪森",
               "巴特图勒嘎", "阿尔维", "宋彩萍")


@pytest.fixture(scope="module")
def demo_people(tagger, demo_text) -> set[str]:
    return {m.text for m in tagger.tag(demo_text) if m.label == "PER"}


@pytest.mark.parametrize("name", DEMO_PEOPLE)
def test_demo_person_comes_out_whole(demo_people, name):
    assert name in demo_people


def test_demo_has_no_false_people(demo_people):
    strays = demo_people - set(DEMO_PEOPLE)
    assert not strays  # e.g. LAC's 念兹 (念兹在兹) and 越洋 (越洋通话), found by session 3's tagger


def test_slices_are_cut_between_texts_and_a_long_text_is_cut_as_alone():
    from kg.ner.chunks import slices, text_slices

    assert text_slices([0, 0, 1, 1, 2], [4, 4, 4, 4, 4], 10, group=10) == [(0, 2), (2, 4), (4, 5)]
    # text 1 (18 characters) is longer than a slice: cut as alone, never joined to its neighbours
    assert text_slices([0, 1, 1, 1, 2], [2, 6, 6, 6, 2], 10, group=10) == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    # text 1 (6 characters) is longer than a group but not than a slice: one slice, alone
    assert text_slices([0, 1, 1, 2], [2, 3, 3, 2], 10, group=4) == [(0, 1), (1, 3), (3, 4)]
    assert slices([6, 6, 6], 10) == [(0, 1), (1, 2), (2, 3)]
    assert text_slices([], [], 10, group=4) == []


def test_network_batches_and_runs_of_owners():
    from kg.ner.decoding import length_groups, owner_runs

    assert length_groups([3, 5, 4, 2], 100) == [[1, 2, 0, 3]]
    assert length_groups([3, 5, 4, 0, 2], 100, owners=["a", "b", "a", "a", "b"]) == [[2, 0], [1, 4]]
    assert owner_runs([0, 0, 1, 2, 2], 5) == [(0, 2), (2, 3), (3, 5)]
    assert owner_runs(None, 3) == [(0, 3)] and owner_runs(None, 0) == []


def test_texts_tagged_together_get_the_spans_each_gets_alone():
    tagger = load_tagger(fast=True)
    long_text = "".join(f"第{i}届中国国际进口博览会在上海开幕，商务部部长王文涛出席。" for i in range(700))
    texts = ["阿森纳主场2比1战胜利物浦，萨卡破门。", long_text, "爱立信宣布在瑞典裁员1400人。", ""]
    assert len(long_text) > 20_000  # more than a slice: cut as it would be alone
    assert tagger.spans_many(texts, apart=True) == [tagger.spans_many([t])[0] for t in texts]
