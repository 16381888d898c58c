import jieba
import pytest

from kg.ner.features import load_segmenter, read_word_list
from kg.ner.segment import DictSegmenter

REAL = [
    "国家卫生健康委员会主任马晓伟在北京会见联合国秘书长古特雷斯。",
    "2020年1月23日10时起，武汉市城市公交、地铁、轮渡、长途客运暂停运营。",
    "罗伯特·库恩如是说：“中国的做法为世界争取了时间”  GDP增长6.1% A股",
    "abc 12 3.5% #x-y\r\n中文 ＡＢＣ１２３ C++",
]


def _tokenizer(freq: dict[str, int], total: int):
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(freq), total, True
    return tokenizer


@pytest.fixture(scope="module")
def jieba_same_words():
    """A jieba tokenizer over the same packaged word list."""
    freq, total, _ = read_word_list()
    return _tokenizer(freq, total)


def test_cut_matches_jieba_without_hmm(demo_text, jieba_same_words):
    seg = load_segmenter()
    for text in REAL + demo_text.splitlines():
        assert seg.cut(text) == list(jieba_same_words.cut(text, HMM=False)), text


def test_words_join_back_to_text_and_lattice_holds_dictionary_words():
    text = REAL[0]
    words, lattice = load_segmenter().segment(text)
    assert "".join(words) == text
    found = {text[s:e] for s, e in lattice}
    assert {"国家", "卫生", "委员会", "北京", "联合国", "秘书长"} <= found
    assert all(e - s >= 2 for s, e in lattice)


def test_ties_prefer_the_longer_word_like_jieba():
    freq = {"甲": 1, "乙": 1, "甲乙": 1}
    seg = DictSegmenter(freq, 1, {})  # log(1) - log(1) = 0 for every word: a tie
    assert seg.cut("甲乙") == list(_tokenizer(freq, 1).cut("甲乙", HMM=False)) == ["甲乙"]
