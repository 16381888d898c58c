"""Character features for the CRF tagger.

Per character: the characters in a ±2 window, the bigrams and trigrams around
it, character types, the word it belongs to in a dictionary segmentation
(jieba's maximum-probability segmentation over a packaged word list, no
HMM: :mod:`kg.ner.segment`), and gazetteer marks
(:mod:`kg.ner.lexicon_marks`).  :func:`char_features` is pure; :class:`Featurizer`
owns the segmenter and gazetteer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator, NamedTuple, Sequence

from kg.ner.lexicon_marks import LexiconMatcher, load_lexicon_matcher
from kg.ner.segment import DictSegmenter
from kg.ner.wordlist import read_word_list

__all__ = ["Analysis", "char_type", "char_features", "Featurizer", "load_segmenter", "read_word_list", "word_positions", "positions_of_words", "neighbour_tags"]


class Analysis(NamedTuple):
    """What the taggers read of one text besides its characters."""

    marks: list[Sequence[str]] | None  # gazetteer marks per character (None: see ``gazetteer``)
    words: list[tuple[str, str, str]] | None  # (word, B/M/E/S, POS) per character (None: not segmented)
    lattice: list[tuple[int, int]] | None  # dictionary words of 2+ characters
    lac: list[str] | None = None  # LAC's tag per character (kg.ner.lac), if wanted
    context: Any = None  # LAC's top-layer states, (len, 256) float16, if its encoder has them
    #: the gazetteer marks as a (len, 24) matrix (LexiconMatcher.matrices) instead of
    #: ``marks``, for taggers whose models read nothing else (``segment=False``)
    gazetteer: Any = None

_PUNCT = set("，。、；：？！“”‘’（）《》【】—…·,.;:?!\"'()[]-_/%　 \t")
_CN_DIGITS = set("〇零一二三四五六七八九十百千万亿两")


def char_type(ch: str) -> str:
    """A one-letter class: D digit, N Chinese numeral, H Han, L Latin, P punct, O other.

    >>> [char_type(c) for c in "3三中A，·"]
    ['D', 'N', 'H', 'L', 'P', 'P']
    """
    if ch.isdigit():
        return "D"
    if ch in _CN_DIGITS:
        return "N"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "H"
    if ch.isascii() and ch.isalpha() or "ａ" <= ch.lower() <= "ｚ":
        return "L"
    if ch in _PUNCT or ch.isspace():
        return "P"
    return "O"


_TYPES: dict[str, str] = {}


def _type_of(ch: str) -> str:
    kind = _TYPES[ch] = char_type(ch)
    return kind


@lru_cache(maxsize=1)
def load_segmenter() -> DictSegmenter:
    """The segmenter over the packaged word list (loaded once, ~0.3 s).

    The list is jieba's dictionary (word, count, POS); segmentation is
    jieba's maximum-probability path without the HMM (:mod:`kg.ner.segment`).
    """
    return DictSegmenter(*read_word_list())


def word_positions(text: str, segmenter=None) -> list[tuple[str, str, str]]:
    """Per character, ``(word, position, POS)``: position in B/M/E/S, POS the
    word's dictionary part of speech (``x`` if unknown).

    >>> word_positions("习近平在北京")[2:5]
    [('习近平', 'E', 'nrfg'), ('在', 'S', 'p'), ('北京', 'B', 'ns')]
    """
    segmenter = segmenter or load_segmenter()
    return positions_of_words(segmenter.cut(text), segmenter.pos)


def positions_of_words(words: list[str], pos_of: dict[str, str]) -> list[tuple[str, str, str]]:
    """Per character of the joined ``words``, ``(word, position, POS)``."""
    out: list[tuple[str, str, str]] = []
    for word in words:
        n = len(word)
        tag = pos_of.get(word, "x")
        if n == 1:
            out.append((word, "S", tag))
        else:
            out.append((word, "B", tag))
            out.extend((word, "M", tag) for _ in range(n - 2))
            out.append((word, "E", tag))
    return out


def neighbour_tags(words: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Per character, the POS of the previous and of the next word."""
    spans = []  # (start, end, tag) of each word
    i = 0
    while i < len(words):
        n = len(words[i][0])
        spans.append((i, i + n, words[i][2]))
        i += n
    out = []
    for k, (start, end, _) in enumerate(spans):
        prev = spans[k - 1][2] if k else "^"
        nxt = spans[k + 1][2] if k + 1 < len(spans) else "$"
        out.extend((prev, nxt) for _ in range(start, end))
    return out


#: Dictionary parts of speech whose words become lattice features, by group.
LATTICE_GROUPS = {"nr": "P", "nrt": "P", "nrfg": "P", "ns": "L", "nt": "O", "nz": "Z"}


def lattice_features(n: int, lattice: list[tuple[int, int]], words_text: str,
                     pos_of: dict[str, str]) -> list[list[str]]:
    """Per character, ``l<group><B|M|E>`` for every dictionary word of a
    name-like part of speech (person P, place L, organization O, other
    proper noun Z) covering it, whatever the segmentation chose."""
    out: list[list[str]] = [[] for _ in range(n)]
    for start, end in lattice:
        group = LATTICE_GROUPS.get(pos_of.get(words_text[start:end], ""))
        if group is None:
            continue
        out[start].append("l" + group + "B")
        out[end - 1].append("l" + group + "E")
        for k in range(start + 1, end - 1):
            out[k].append("l" + group + "M")
    return out


def char_features(
    text: str,
    words: list[tuple[str, str, str]] | None = None,
    marks: list[list[str]] | None = None,
    lattice: list[list[str]] | None = None,
    lac: list[str] | None = None,
) -> list[list[str]]:
    """The feature strings of every character of ``text`` (``lattice``:
    :func:`lattice_features`; ``lac``: LAC's tag per character)."""
    n = len(text)
    around = neighbour_tags(words) if words is not None else None
    c = ["^2", "^1", *text, "$1", "$2"]
    types = _TYPES
    t = ["^", "^", *(types.get(ch) or _type_of(ch) for ch in text), "$", "$"]
    feats: list[list[str]] = []
    for i in range(n):
        k = i + 2
        a, b, x, d, e = c[k - 2], c[k - 1], c[k], c[k + 1], c[k + 2]
        f = [
            "b",
            "u0=" + x,
            "u-1=" + b,
            "u1=" + d,
            "u-2=" + a,
            "u2=" + e,
            "b-1=" + b + x,
            "b0=" + x + d,
            "b-2=" + a + b,
            "b1=" + d + e,
            "b-11=" + b + d,
            "t0=" + b + x + d,
            "t-1=" + a + b + x,
            "t1=" + x + d + e,
            "y=" + t[k - 1] + t[k] + t[k + 1],
            "y0=" + t[k],
        ]
        if words is not None:
            word, pos, tag = words[i]
            f.append("wt-1=" + around[i][0])
            f.append("wt+1=" + around[i][1])
            f.append("wp=" + pos + str(min(len(word), 5)))
            f.append("w=" + word + pos)
            f.append("wt=" + tag + pos)
        if lattice is not None and lattice[i]:
            f.extend(lattice[i])
        if lac is not None:
            here = lac[i]
            after = lac[i + 1] if i + 1 < n else "$"
            f.append("L0=" + here)
            f.append("L-1=" + (lac[i - 1] if i else "^"))
            f.append("L1=" + after)
            f.append("L01=" + here + "|" + after)
        if marks is not None:
            for m in marks[i]:
                f.append("g" + m)
            if i > 0:
                for m in marks[i - 1]:
                    f.append("g-" + m)
            if i + 1 < n:
                for m in marks[i + 1]:
                    f.append("g+" + m)
        feats.append(f)
    return feats


class Featurizer:
    """Computes :func:`char_features` with the segmenter, the gazetteer and,
    if given, LAC (``lexical``: a :class:`kg.ner.lac.LexicalAnalyzer`).

    ``segment=False``: the analyses have gazetteer marks only, as matrices
    (``Analysis.gazetteer``; no words, no lattice), for taggers whose models
    all read nothing else (lean networks, :mod:`kg.ner.lean`); the
    dictionary segmentation is most of the cost.
    """

    def __init__(self, gazetteer: LexiconMatcher | None = None, segmenter=None, lexical=None,
                 context: bool = False, segment: bool = True):
        self.gazetteer = gazetteer or load_lexicon_matcher()
        self.segmenter = segmenter or load_segmenter()
        self.lexical = lexical
        #: keep LAC's top-layer states in the analyses (a network reads them)
        self.context = context
        #: segment the texts (word positions and lattice in the analyses)
        self.segment = segment

    def __call__(self, text: str) -> list[list[str]]:
        return self.features(text)

    def features(self, text: str, analysis: Analysis | None = None) -> list[list[str]]:
        """Features of ``text`` (``analysis``: its :meth:`analyze`, if already known)."""
        a = analysis or self.analyze(text)
        lattice = None if a.lattice is None else lattice_features(len(text), a.lattice, text, self.segmenter.pos)
        return char_features(text, a.words, a.marks, lattice, a.lac)

    def analyze(self, text: str) -> Analysis:
        """The gazetteer marks, word positions, dictionary-word lattice and
        (with ``lexical``) LAC tags of ``text``: computed once, shared by the
        CRF and the networks."""
        return self.analyze_many([text])[0]

    def analyze_stream(self, texts: list[str], batch: int = 2000) -> Iterator[Analysis]:
        """:meth:`analyze` of each text, ``batch`` texts at a time (for
        training sets: bounds the memory the analyses take)."""
        for k in range(0, len(texts), batch):
            yield from self.analyze_many(texts[k:k + batch])

    def analyze_many(self, texts: list[str]) -> list[Analysis]:
        """:meth:`analyze` of each text (LAC runs on them in batches)."""
        if self.lexical is not None:
            lac, states = self.lexical.analyze_many(texts, context=self.context)
        else:
            lac = states = [None] * len(texts)
        if not self.segment:
            return [Analysis(None, None, None, tags, state, matrix) for tags, state, matrix
                    in zip(lac, states, self.gazetteer.matrices(texts))]
        out = []
        for text, tags, state in zip(texts, lac, states):
            cut, lattice = self.segmenter.segment(text)
            out.append(Analysis(self.gazetteer.marks(text), positions_of_words(cut, self.segmenter.pos),
                                lattice, tags, state))
        return out
