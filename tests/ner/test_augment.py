import random
import re

from kg.ner.augment import MentionPool, swap_share
from kg.ner.bio import spans_from_tags, tags_from_spans

SENTENCES = [
    ("国务院副总理孙春兰率领中央指导组抵达武汉", [(0, 3, "ORG"), (6, 9, "PER"), (18, 20, "LOC")]),
    ("世卫组织总干事谭德塞在日内瓦表示", [(0, 4, "ORG"), (7, 10, "PER"), (11, 14, "LOC")]),
    ("钟南山院士在广州接受采访", [(0, 3, "PER"), (6, 8, "LOC")]),
]
EXAMPLES = [(text, tags_from_spans(len(text), spans)) for text, spans in SENTENCES]


def test_pool_keeps_the_distinct_names_by_type():
    pool = MentionPool(EXAMPLES + EXAMPLES)
    assert pool.names == {"LOC": ["广州", "日内瓦", "武汉"], "ORG": ["世卫组织", "国务院"],
                          "PER": ["孙春兰", "谭德塞", "钟南山"]}
    assert MentionPool(EXAMPLES, max_length=3).names["ORG"] == ["国务院"]


def test_swap_moves_labels_with_the_new_names_and_keeps_the_context():
    pool = MentionPool(EXAMPLES)
    rng = random.Random(7)
    for text, tags in EXAMPLES * 5:
        new, new_tags = pool.swap(text, tags, rng)
        spans = spans_from_tags(new_tags)
        assert len(new) == len(new_tags)
        assert [label for *_, label in spans] == [label for *_, label in spans_from_tags(tags)]
        assert all(new[s:e] in pool.names[label] for s, e, label in spans)
        # what lies between the names is unchanged
        old_gaps = _gaps(text, spans_from_tags(tags))
        assert _gaps(new, spans) == old_gaps


def _gaps(text, spans):
    out, at = [], 0
    for s, e, _ in spans:
        out.append(text[at:s])
        at = e
    return out + [text[at:]]


def test_swap_is_reproducible_with_a_seed():
    pool = MentionPool(EXAMPLES)
    runs = [[pool.swap(t, g, rng) for t, g in EXAMPLES] for rng in (random.Random(3), random.Random(3))]
    assert runs[0] == runs[1]


def test_swap_share_replaces_only_the_chosen_items():
    pool = MentionPool(EXAMPLES)
    items = [(text, None, None, tags) for text, tags in EXAMPLES] * 20
    made = []

    def prepare(raw):
        made.extend(raw)
        return [("swapped", text) for text, _ in raw]

    out = swap_share(items, pool, 0.5, random.Random(1), prepare)
    swapped = [i for i, item in enumerate(out) if item[0] == "swapped"]
    assert len(out) == len(items) and 15 < len(swapped) < 45 and len(made) == len(swapped)
    assert all(out[i] is items[i] for i in range(len(items)) if i not in swapped)
    assert swap_share(items, pool, 0.0, random.Random(1), prepare) == items


def test_word_swapper_replaces_content_words_by_words_of_the_same_part_of_speech():
    from kg.ner.augment import WordSwapper
    from kg.ner.segment import DictSegmenter
    from kg.ner.wordlist import parse_word_list

    segmenter = DictSegmenter(*parse_word_list("总理 50 n\n部长 50 n\n北京 80 ns\n上海 80 ns\n会见 30 v\n接见 30 v\n"
                            "代表团 20 n\n了 900 ul\n在 900 p\n京 5 ns\n".encode()))
    seen = set()
    for seed in range(12):
        new = WordSwapper(1.0, seed=seed, segmenter=segmenter).perturb("总理在北京会见了代表团。京")
        # nouns for nouns, places for places, verbs for verbs; function words,
        # punctuation and single characters stay
        assert re.fullmatch("(总理|部长|代表团)在(北京|上海)(会见|接见)了(总理|部长|代表团)。京", new), new
        seen.add(new)
    assert len(seen) > 4
    assert WordSwapper(1.0, seed=5, segmenter=segmenter).perturb("总理在北京") == \
        WordSwapper(1.0, seed=5, segmenter=segmenter).perturb("总理在北京")   # a seed repeats the draws
    assert WordSwapper(0.0, segmenter=segmenter).perturb("总理在北京会见了代表团。") == "总理在北京会见了代表团。"


def test_word_swapper_rate_is_about_the_share_of_words_replaced():
    from kg.ner.augment import WordSwapper

    swapper = WordSwapper(0.2, seed=1)
    text = "中国科学院院士钟南山在广州接受记者采访时表示，疫情防控工作取得积极进展。"
    words = swapper.segmenter.cut(text)
    eligible = sum(1 for w in words if swapper.pos.get(w) in swapper.words and len(w) > 1)
    for _ in range(50):
        swapper.perturb(text)
    assert swapper.eligible == 50 * eligible > 400
    assert 0.15 < swapper.replaced / swapper.eligible < 0.25
