import gzip
import hashlib
import pickle

from kg.ner import wordlist
from kg.ner.wordlist import parse_word_list, read_word_list
from kg.resources import data_path


def test_the_shipped_cache_is_made_from_the_shipped_word_list():
    data = data_path(*wordlist.WORDS_FILE).read_bytes()
    with gzip.open(data_path(*wordlist.CACHE_FILE), "rb") as fh:
        stamp, freq, total, pos = pickle.load(fh)
    assert stamp == hashlib.sha256(data).hexdigest(), (
        "words_jieba.pickle.gz is stale: run "
        "python -c 'from kg.ner.wordlist import write_cache; write_cache()'")
    assert (freq, total, pos) == parse_word_list(data)


def test_words_and_prefixes():
    freq, total, pos = parse_word_list("# header\n武汉市 120 ns\n武汉 900 ns\n抵达 50 v\n".encode())
    assert freq == {"武汉市": 120, "武": 0, "武汉": 900, "抵达": 50, "抵": 0}
    assert total == 1070 and pos["抵达"] == "v"


def test_a_stale_or_broken_cache_is_ignored(tmp_path, monkeypatch):
    (tmp_path / "lexicons").mkdir()
    words = "钟南山 30 nr\n广州 500 ns\n".encode()
    (tmp_path / "lexicons" / "words_jieba.txt").write_bytes(words)
    monkeypatch.setattr(wordlist, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    cache = tmp_path / "lexicons" / "words_jieba.pickle.gz"
    with gzip.open(cache, "wb") as fh:
        pickle.dump(("not the digest", {"x": 1}, 1, {"x": "n"}), fh)
    assert read_word_list() == parse_word_list(words)
    cache.write_bytes(b"garbage")
    assert read_word_list() == parse_word_list(words)
    wordlist.write_cache()
    first = cache.read_bytes()
    wordlist.write_cache()
    assert cache.read_bytes() == first  # deterministic bytes
    assert read_word_list() == parse_word_list(words)
