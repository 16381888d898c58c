"""Regenerate kg/data/lexicons/words_jieba_f10.txt from jieba's dict.txt.

Keeps the words of frequency >= 10 (word and frequency only).
Usage:  python scripts/make_ner_words.py
"""

import os
from pathlib import Path

import jieba

OUT = Path(__file__).resolve().parents[1] / "kg/data/lexicons/words_jieba_f10.txt"
HEADER = """# Word list for the word-boundary feature of the NER tagger: word<SPACE>frequency.
# Derived from jieba 0.42.1's dict.txt (MIT licence, https://github.com/fxsjy/jieba):
# the words with frequency >= 10 (105,157 of 349,046), POS column dropped, so that
# loading takes ~0.3 s instead of ~1 s.  Regenerate with scripts/make_ner_words.py.
"""


def main() -> None:
    src = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    keep = []
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            word, freq = line.split()[:2]
            if int(freq) >= 10:
                keep.append(f"{word} {freq}")
    OUT.write_text(HEADER + "\n".join(keep) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
