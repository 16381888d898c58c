"""The packaged word list (``lexicons/words_jieba.txt``) and its load cache.

Parsing the 182,635 words and laying out every prefix, as jieba's ``FREQ``
does, takes most of a second -- most of ``kg ner``'s start-up.  The same
structures are therefore also shipped pickled (``words_jieba.pickle.gz``),
stamped with the SHA-256 of the text file they were made from; a stale or
missing cache is ignored and the text file parsed instead, so the text file
stays the only source.  ``scripts/make_ner_words.py`` remakes both; after
editing the word list by hand::

    python -c "from kg.ner.wordlist import write_cache; write_cache()"
"""

from __future__ import annotations

import gzip
import hashlib
import pickle

from kg.resources import data_path

__all__ = ["WORDS_FILE", "CACHE_FILE", "read_word_list", "parse_word_list", "write_cache"]

WORDS_FILE = ("lexicons", "words_jieba.txt")
CACHE_FILE = ("lexicons", "words_jieba.pickle.gz")


def parse_word_list(data: bytes) -> tuple[dict[str, int], int, dict[str, str]]:
    """``(freq, total, pos)`` of the word list's bytes, ``freq`` laid out as
    jieba's ``FREQ``: every word with its count, every prefix with 0."""
    freq: dict[str, int] = {}
    pos: dict[str, str] = {}
    total = 0
    for line in data.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, count, tag = line.split()
        n = int(count)
        freq[word] = n
        pos[word] = tag
        total += n
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    return freq, total, pos


def read_word_list() -> tuple[dict[str, int], int, dict[str, str]]:
    """``(freq, total, pos)`` of the packaged word list, from the cache when
    it was made from the current text file."""
    data = data_path(*WORDS_FILE).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    cache = data_path(*CACHE_FILE)
    if cache.is_file():
        try:
            with gzip.open(cache, "rb") as fh:
                stamp, freq, total, pos = pickle.load(fh)
            if stamp == digest:
                return freq, total, pos
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            pass  # unreadable cache: parse the text file
    return parse_word_list(data)


def write_cache() -> str:
    """Write the cache of the packaged word list (deterministic bytes); its path."""
    data = data_path(*WORDS_FILE).read_bytes()
    payload = pickle.dumps((hashlib.sha256(data).hexdigest(), *parse_word_list(data)), protocol=4)
    path = data_path(*CACHE_FILE)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(payload)
    tmp.replace(path)
    return str(path)
