"""A baseline tagger from jieba's part-of-speech tags (nr, ns, nt).

Fast and dependency-light, but it splits foreign names and long
organization names; kg uses the trained CRF tagger (:mod:`kg.ner`) by
default and keeps this one as ``kg build --tagger jieba`` and as the
reference point of the NER benchmark.
"""

from __future__ import annotations

from kg.model import Mention

__all__ = ["JiebaTagger"]

POS_LABELS = {"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}


class JiebaTagger:
    """Tag PER/LOC/ORG from jieba.posseg word classes."""

    def __init__(self):
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        self._cut = jieba.posseg.cut

    def tag(self, text: str) -> list[Mention]:
        mentions, pos = [], 0
        for pair in self._cut(text):
            word, flag = pair.word, pair.flag
            start = text.find(word, pos)
            if start < 0:
                continue
            pos = start + len(word)
            label = POS_LABELS.get(flag)
            if label and len(word) > 1:
                mentions.append(Mention(start, pos, label, word, source="jieba"))
        return mentions
