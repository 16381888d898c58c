"""Mention replacement: training sentences with their names swapped.

A network that has seen 江泽民 in a thousand sentences learns the name, not
the context that makes it one.  Each epoch, ``kg train ner --swap R`` gives
a share ``R`` of the training sentences with every annotated entity replaced
by another entity of the same type, drawn from the training data's own
entities (:class:`MentionPool`), so the contexts are seen with other
names in them.  The labels move with the names; nothing else changes.
"""

from __future__ import annotations

import random

from kg.ner.bio import spans_from_tags, tags_from_spans

__all__ = ["MentionPool"]


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
