"""kg.extract.event_model's pieces: spans of a tag path, distance buckets, BIO
decoding, widening to words, and the packaged model on fresh sentences."""

from __future__ import annotations

import numpy as np

from kg.extract.event_model import bio_decode, dist_bucket, load_event_model, snap, spans


def test_spans_of_a_tag_path():
    tags = ["B-胜者", "I-胜者", "O", "I-败者", "B-时间", "B-时间", "I-时间"]
    assert spans(tags) == [("胜者", 0, 2), ("败者", 3, 4), ("时间", 4, 5), ("时间", 5, 7)]


def test_distance_buckets_are_symmetric_and_capped():
    assert dist_bucket(5, 5, 7) == dist_bucket(6, 5, 7)  # inside the trigger
    assert dist_bucket(4, 5, 7) == dist_bucket(5, 5, 7) - 1
    assert dist_bucket(7, 5, 7) == dist_bucket(5, 5, 7) + 1
    assert dist_bucket(-100, 5, 7) == 1 and dist_bucket(500, 5, 7) == 61


def test_bio_decode_never_opens_with_an_inside_tag():
    rng = np.random.default_rng(3)
    for path in bio_decode([rng.normal(size=(n, 7)) * 4 for n in (1, 5, 30)]):
        for prev, tag in zip([0] + path, path):
            if tag and tag % 2 == 0:  # I-x follows B-x or I-x
                assert prev in (tag - 1, tag)


def test_snap_widens_to_whole_words_and_drops_dangling_quotes():
    text = "网易文学宣布获奖者江一燕“最佳新人”"
    inside = frozenset({2})
    ids = np.array([1, 2, 2, 2, 1, 2, 1, 2, 2, 1, 2, 2, 1, 1, 2, 2, 2, 1])  # 1 word start, 2 inside
    assert snap(text, ids, inside, 0, 3) == (0, 4)  # 网易文 -> 网易文学
    assert snap(text, ids, inside, 9, 13) == (9, 12)  # 江一燕“ -> 江一燕


def test_packaged_model_reads_fresh_sentences_of_several_genres():
    model = load_event_model()
    found = model.predict([
        "雀巢公司周三宣布在全球裁员4000人。",                  # business
        "北京时间昨晚，湖人队以110比102战胜凯尔特人队。",      # sport
        "日本北海道胆振地区发生6.7级地震，震源深度40公里。",   # disaster
        "该公司前董事长因受贿罪被判处有期徒刑十年。",          # court
    ])
    types = [{e.event_type for e in events} for events in found]
    assert "组织关系-裁员" in types[0]
    assert "竞赛行为-胜负" in types[1]
    assert "灾害/意外-地震" in types[2]
    assert types[3] & {"司法行为-入狱", "司法行为-开庭", "司法行为-罚款", "司法行为-拘捕"}
    layoff = next(e for e in found[0] if e.event_type == "组织关系-裁员")
    assert {(a.role, a.text) for a in layoff.arguments} >= {("裁员人数", "4000人")}


def _best_valid_path(em: np.ndarray) -> list[int]:
    """The best well-formed BIO path by trying them all (a reference for tiny K and length)."""
    import itertools

    n, k = em.shape
    best, best_score = None, -np.inf
    for path in itertools.product(range(k), repeat=n):
        if any(t and t % 2 == 0 and p not in (t - 1, t) for p, t in zip((0,) + path, path)):
            continue
        score = sum(em[i, t] for i, t in enumerate(path))
        if score > best_score:
            best, best_score = list(path), score
    return best


def test_bio_decode_finds_the_best_well_formed_path_for_sentences_of_any_lengths_together():
    rng = np.random.default_rng(11)
    emissions = [rng.normal(size=(n, 5)) * 3 for n in (1, 2, 3, 4, 5, 6, 3, 6, 2)]
    assert bio_decode(emissions) == [_best_valid_path(em) for em in emissions]
    # decoded together or one by one: the same paths
    assert bio_decode(emissions) == [bio_decode([em])[0] for em in emissions]
