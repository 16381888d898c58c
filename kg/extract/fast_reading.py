"""What the learned readers read under ``--tagger fast``: the fast tagger's own states.

The learned event and relation extractors read, per character, the character
and a vector of what a tagger computed about it in context.  The default
models read LAC's (:class:`kg.extract.event_model.EventFeatures`: LAC's tag
and its 256 top-layer states), which costs a LAC pass over every sentence.
The *fast readers* (``kg/data/models/fast/``, made by ``kg train events
--reads fast`` and ``kg train relations --reads fast``) read instead the
states of the fast tagger's network (:mod:`kg.ner.lean`, its ``states``
output): the tagger computed them while finding the names, and keeps them
(:meth:`kg.ner.neural.NeuralModel.states_many`), so a ``--tagger fast``
build runs no LAC at all.

:class:`FastFeatures` has the interface of ``EventFeatures``: ``of(texts)``
gives per text ``ids`` ``(len, 1)`` (the character's id in the reader's own
table) and ``states`` ``(len, width)`` float32.
"""

from __future__ import annotations

import numpy as np

from kg.errors import ModelError
from kg.ner.lean import code_points

__all__ = ["FastFeatures", "fast_network", "fold_width", "packaged_readers", "READS", "FAST_DIR"]

#: What a reader model reads (its ``reads`` in the model's JSON): LAC's analysis, or the fast tagger's states.
READS = ("lac", "fast")
#: Where the packaged fast readers are, under kg/data/models.
FAST_DIR = "fast"
#: Full-width forms folded to their ASCII twins (ＡＢＣ１２３ read as ABC123).
_FULL_WIDTH = np.arange(0xFF01, 0xFF5F)


def fold_width(char: str) -> str:
    """A full-width form's ASCII twin (Ａ -> A, １ -> 1), else ``char``.

    >>> fold_width("Ａ") + fold_width("中") + fold_width("1")
    'A中1'
    """
    point = ord(char)
    return chr(point - 0xFEE0) if 0xFF01 <= point <= 0xFF5E else char


def packaged_readers(reads: str):
    """The directory of the packaged reader models that read ``reads``
    (``lac``: kg/data/models; ``fast``: kg/data/models/fast)."""
    from kg.resources import data_path

    if reads not in READS:
        raise ModelError(f"unknown reader input {reads!r}; use one of {', '.join(READS)}")
    return data_path("models") if reads == "lac" else data_path("models", FAST_DIR)


def fast_network():
    """The packaged fast tagger's network, whose states the fast readers read."""
    from kg.ner.tagger import load_tagger

    networks = [n for n in load_tagger(fast=True).networks if n.state_width]
    if not networks:
        raise ModelError("the fast readers need the packaged fast tagger's network with its states "
                         "(kg/data/models/ner-cnn-msra-fast.onnx); reinstall kg, or build with "
                         "`--events rules --relations rules`")
    return networks[0]


class FastFeatures:
    """Per-character inputs of a fast reader: character ids and the fast network's states."""

    #: no LAC tags: readers that widen spans to LAC's words do not (``snap``)
    inside_ids = frozenset()

    def __init__(self, chars: list[str], network=None):
        self.network = network or fast_network()
        self.width = self.network.state_width
        points = code_points("".join(chars))
        #: character id by code point (0 padding, 1 unknown; ids start at 2)
        self.char_ids = np.ones(max(int(points.max(initial=0)) + 1, 0x10000), dtype=np.int64)
        self.char_ids[points] = np.arange(2, len(chars) + 2)
        unknown = _FULL_WIDTH[self.char_ids[_FULL_WIDTH] == 1]
        self.char_ids[unknown] = self.char_ids[unknown - 0xFEE0]

    def of(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: ids ``(len, 1)`` int64 and states ``(len, width)`` float32."""
        states = self.network.states_many(texts)
        out = []
        for text, state in zip(texts, states):
            points = code_points(text)
            ids = np.ones((len(text), 1), dtype=np.int64)
            inside = points < len(self.char_ids)
            ids[inside, 0] = self.char_ids[points[inside]]
            out.append((ids, np.asarray(state, dtype=np.float32)))
        return out
