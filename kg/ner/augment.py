"""Training sentences changed: names swapped (``--swap``), words swapped (``--perturb``).

A network that has seen 江泽民 in a thousand sentences learns the name, not
the context that makes it one.  Each epoch, ``kg train ner --swap R`` gives
a share ``R`` of the training sentences with every annotated entity replaced
by another entity of the same type, drawn from the training data's own
entities (:class:`MentionPool`), so the contexts are seen with other
names in them.  The labels move with the names; nothing else changes.

:class:`WordSwapper` changes sentences for ``kg train relabel --perturb R``:
a share ``R`` of their dictionary words (content words and names) is
replaced by random words of the same part of speech, and the larger tagger
then labels the new sentences.  A smaller network trained on them sees its
teacher's reading of contexts and names that no training sentence has.
"""

from __future__ import annotations

import random
import re
from itertools import accumulate
from math import sqrt

from kg.ner.bio import spans_from_tags, tags_from_spans

__all__ = ["MentionPool", "WordSwapper", "SWAPPED_POS"]

#: Parts of speech (jieba's) whose words :class:`WordSwapper` replaces:
#: nouns, names, verbs, adjectives, adverbs, time and place words, idioms.
SWAPPED_POS = frozenset("n nr nrt nrfg ns nt nz v vn a ad an d t s j i l".split())
_HAN_WORD = re.compile("[\u4E00-\u9FD5]{2,8}")


class MentionPool:
    """The distinct entities of each type in a set of ``(text, tags)`` examples.

    >>> pool = MentionPool([("王辰在北京", ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"])])
    >>> pool.names
    {'LOC': ['北京'], 'PER': ['王辰']}
    >>> pool.swap("李明去北京", ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"], random.Random(1))
    ('王辰去北京', ['B-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC'])
    """

    def __init__(self, examples, max_length: int = 20):
        found: dict[str, set[str]] = {}
        for text, tags in examples:
            for start, end, label in spans_from_tags(tags):
                if end - start <= max_length:
                    found.setdefault(label, set()).add(text[start:end])
        #: label -> its entities, sorted (so that a seed gives the same draws)
        self.names = {label: sorted(names) for label, names in sorted(found.items())}

    def swap(self, text: str, tags: list[str], rng: random.Random) -> tuple[str, list[str]]:
        """``text`` with each entity replaced by a random one of its type, and its tags."""
        pieces, spans, at, length = [], [], 0, 0  # length: of the new text so far
        for start, end, label in spans_from_tags(tags):
            names = self.names.get(label)
            if not names:
                continue
            name = names[rng.randrange(len(names))]
            begin = length + start - at
            pieces += [text[at:start], name]
            spans.append((begin, begin + len(name), label))
            at, length = end, begin + len(name)
        pieces.append(text[at:])
        new = "".join(pieces)
        return new, tags_from_spans(len(new), spans)


def swap_share(items: list, pool: MentionPool, share: float, rng: random.Random, prepare) -> list:
    """``items`` (the trainer's ``(text, inputs, tag ids, tags)``) with about
    ``share`` of them, chosen by ``rng``, replaced in place by swapped copies
    made into items by ``prepare`` (a list of ``(text, tags)`` -> items)."""
    chosen = [i for i in range(len(items)) if rng.random() < share]
    fresh = prepare([pool.swap(items[i][0], items[i][3], rng) for i in chosen])
    out = list(items)
    for i, item in zip(chosen, fresh):
        out[i] = item
    return out


class WordSwapper:
    """Replace about ``rate`` of a sentence's dictionary words of two or
    more characters whose part of speech is in :data:`SWAPPED_POS` by a word
    of that part of speech from the word list, one of two to eight Han
    characters, drawn with weight sqrt(frequency); ``seed`` makes the draws
    repeatable.  Single characters (often part of a name the dictionary
    lacks), other words, digits and punctuation are kept.

    >>> swapper = WordSwapper(1.0, seed=1)
    >>> out = swapper.perturb("今天，总理在北京会见了代表团。")
    >>> out != "今天，总理在北京会见了代表团。" and out.endswith("。") and "，" in out
    True
    >>> WordSwapper(0.0).perturb("总理在北京会见了代表团。")
    '总理在北京会见了代表团。'
    """

    def __init__(self, rate: float, seed: int = 1, segmenter=None):
        from kg.ner.features import load_segmenter

        #: the segmenter and its word list (default: the packaged one, shared with the tagger)
        self.segmenter = segmenter or load_segmenter()
        freq, pos = self.segmenter.known, self.segmenter.pos
        self.pos = pos
        buckets: dict[str, list[str]] = {}
        for word, tag in pos.items():  # the word list's order: deterministic
            if tag in SWAPPED_POS and freq.get(word, 0) > 0 and _HAN_WORD.fullmatch(word):
                buckets.setdefault(tag, []).append(word)
        #: part of speech -> its words, and their cumulative weights
        self.words = buckets
        self.weights = {tag: list(accumulate(sqrt(freq[w]) for w in ws)) for tag, ws in buckets.items()}
        self.rate = rate
        self.rng = random.Random(seed)
        #: words that could have been replaced so far, and those that were
        self.eligible = self.replaced = 0

    def perturb(self, text: str) -> str:
        """``text`` with some of its words replaced (see the class)."""
        out = []
        for word in self.segmenter.cut(text):
            tag = self.pos.get(word)
            if tag in self.words and len(word) > 1:
                self.eligible += 1
                if self.rng.random() < self.rate:
                    word = self.rng.choices(self.words[tag], cum_weights=self.weights[tag])[0]
                    self.replaced += 1
            out.append(word)
        return "".join(out)
