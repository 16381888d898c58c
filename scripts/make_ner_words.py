"""Regenerate kg/data/lexicons/words_jieba.txt from jieba's dict.txt.

Keeps the words of frequency >= 10 and every person/place/organization name
(POS nr, nrt, nrfg, ns, nt), as ``word freq pos``, then remakes its load
cache, ``words_jieba.pickle.gz`` (:mod:`kg.ner.wordlist`).
Usage:  python scripts/make_ner_words.py
"""

import os
from pathlib import Path

import jieba

OUT = Path(__file__).resolve().parents[1] / "kg/data/lexicons/words_jieba.txt"
NAME_POS = {"nr", "nrt", "nrfg", "ns", "nt"}
HEADER = """# Word list for the word features of the NER tagger: word<SPACE>frequency<SPACE>POS.
# Derived from jieba 0.42.1's dict.txt (MIT licence, https://github.com/fxsjy/jieba):
# the words with frequency >= 10 plus all names (POS nr/nrt/nrfg/ns/nt), 182,635 of
# 349,046, so that loading is faster than jieba's own dictionary.
# Regenerate with scripts/make_ner_words.py.
"""


def main() -> None:
    src = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    keep = []
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            word, freq, pos = line.split()[:3]
            if int(freq) >= 10 or pos in NAME_POS:
                keep.append(f"{word} {freq} {pos}")
    OUT.write_text(HEADER + "\n".join(keep) + "\n", encoding="utf-8")
    from kg.ner.wordlist import write_cache

    print(write_cache())


if __name__ == "__main__":
    main()
