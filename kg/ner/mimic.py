"""Teaching a network to read text as LAC does (``kg train ner --mimic-lac``).

The fast tagger cannot afford LAC at run time: LAC's two BiGRU layers alone,
before any decoding or features, run at 44,000-55,000 characters a second on
one core (``benchmarks/ner_speed.py``), the 50,000 the fast tagger must beat.  What LAC knows
(it was trained by Baidu on far more text than ours) can still reach a lean
network at training time: a second output layer, used in training only and
not exported, learns to predict LAC's reading of every training character
from the network's own hidden states, beside the NER layer:

* ``tags``: LAC's tag of the character (its best path: part of speech and
  word position, or PER / LOC / ORG / TIME), a cross-entropy;
* ``states``: LAC's top-layer states (256 numbers per character), a mean
  squared error.

Both are summed over a sentence's characters and averaged over the batch,
like the CRF's negative log-likelihood, and weighted by ``weight``.
"""

from __future__ import annotations

import numpy as np

from kg.errors import ModelError
from kg.ner.lac import require_lexical_analyzer

__all__ = ["LacTargets", "MODES", "DEFAULT_WEIGHTS"]

MODES = ("tags", "states")
#: Weight of the imitation loss against the CRF's, by mode.
DEFAULT_WEIGHTS = {"tags": 0.3, "states": 0.5}


class LacTargets:
    """LAC's reading of training texts and the loss of a layer predicting it."""

    def __init__(self, mode: str, weight: float | None = None):
        if mode not in MODES:
            raise ModelError(f"unknown LAC imitation {mode!r}; use one of {', '.join(MODES)}")
        self.mode = mode
        self.weight = DEFAULT_WEIGHTS[mode] if weight is None else weight
        self.lexical = require_lexical_analyzer()
        if mode == "states" and not self.lexical.has_context:
            raise ModelError("the packaged LAC encoder has no `context` output; remake it with `kg train lac`")
        self.tag_names = sorted(set(self.lexical.tags))
        self._tag_index = {t: i for i, t in enumerate(self.tag_names)}

    @property
    def width(self) -> int:
        """Outputs of the imitating layer: LAC's tags, or its state width."""
        return len(self.tag_names) if self.mode == "tags" else self.lexical.context_width

    def of(self, texts: list[str]) -> list[np.ndarray]:
        """Per text, LAC's tag ids (``int64``) or states (``(len, 256)`` float16)."""
        tags, states = self.lexical.analyze_many(texts, context=self.mode == "states")
        if self.mode == "states":
            return states
        return [np.array([self._tag_index[t] for t in row], dtype=np.int64) for row in tags]

    def loss(self, torch, predicted, targets: list[np.ndarray], idx: list[int], lengths):
        """The weighted imitation loss of ``predicted`` ``(B, T, width)``
        against the targets of items ``idx`` (padded to ``T``)."""
        batch, steps = predicted.shape[:2]
        mask = (torch.arange(steps)[None, :] < lengths[:, None]).to(predicted.dtype)
        if self.mode == "tags":
            gold = np.zeros((batch, steps), dtype=np.int64)
            for row, i in enumerate(idx):
                gold[row, :len(targets[i])] = targets[i]
            per_char = torch.nn.functional.cross_entropy(
                predicted.reshape(-1, self.width), torch.from_numpy(gold).reshape(-1),
                reduction="none").reshape(batch, steps)
        else:
            gold = np.zeros((batch, steps, self.width), dtype=np.float32)
            for row, i in enumerate(idx):
                gold[row, :len(targets[i])] = targets[i]
            per_char = ((predicted - torch.from_numpy(gold)) ** 2).mean(dim=2)
        return self.weight * (per_char * mask).sum() / batch
