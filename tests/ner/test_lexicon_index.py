"""Dictionary words found with numpy: the segmenter's lattice, without its loop."""

import numpy as np

from kg.ner.features import load_segmenter
from kg.ner.lean import word_marks
from kg.ner.lexicon_marks import LATTICE_SLOTS, N_MARKS, lattice_marks
from kg.ner.lexicon_index import WordIndex, load_word_index


def test_finds_the_segmenters_lattice_in_order(demo_text):
    seg = load_segmenter()
    index = load_word_index(seg)
    texts = [demo_text, *demo_text.splitlines(), "", "中", "ab-12中国人民", "𠀀中国𠀀人民",
             "联合国秘书长古特雷斯", "中华人民共和国国务院总理"]
    for text in texts:
        starts, ends, groups = index.find_words(text)
        assert list(zip(starts.tolist(), ends.tolist())) == seg.segment(text)[1], text


def test_groups_are_the_words_parts_of_speech():
    index = load_word_index(load_segmenter())
    text = "联合国秘书长在北京会见李白"
    found = {text[s:e]: g for s, e, g in zip(*(a.tolist() for a in index.find_words(text)))}
    assert found["联合国"] == 2 and found["北京"] == 1 and found["李白"] == 0  # nt, ns, nr
    assert found["秘书长"] == 4 and found["会见"] == 4


def test_long_words_are_checked_not_only_hashed():
    """Words of five or more characters are confirmed against the dictionary:
    a hash shared with a non-word (forced here) finds nothing."""
    seg = load_segmenter()
    index = WordIndex(seg)
    text = "中华人民共和国"
    assert (0, 7) in set(zip(*(a.tolist() for a in index.find_words(text)[:2])))
    index.entries = {}  # the confirmation now fails for every long hit
    assert (0, 7) not in set(zip(*(a.tolist() for a in index.find_words(text)[:2])))
    assert (0, 2) in set(zip(*(a.tolist() for a in index.find_words(text)[:2])))  # 中华: exact


def test_word_marks_match_lattice_marks(demo_text):
    seg = load_segmenter()
    index = load_word_index(seg)
    for text in demo_text.splitlines()[:60]:
        expected = np.zeros((len(text), N_MARKS), dtype=np.float32)
        lattice_marks(seg.segment(text)[1], seg.pos, text, expected)
        got = np.zeros_like(expected)
        word_marks(*index.find_words(text), got)
        assert (got == expected).all(), text
    got = np.zeros((7, N_MARKS), dtype=np.float32)
    word_marks(*index.find_words("中华人民共和国"), got)
    assert got[3, LATTICE_SLOTS[1, "M"]] == 1  # 人 inside 中华人民共和国 (ns)
