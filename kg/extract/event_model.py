"""The learned event extractor: two small networks over LAC's reading of a sentence.

Both networks read, per character, the character (a table started from LAC's),
LAC's tag (``v-B``, ``ORG-I`` …) and LAC's top-layer states (256 numbers
that carry what Baidu's analyser learnt from far more text than DuEE's).

* The **trigger network** tags each character ``O`` or ``B-``/``I-`` one of
  the 65 DuEE event types (a BiLSTM and a CRF): each tagged span is a trigger
  of that type.
* The **argument network** reads the same sentence once per trigger, with
  three more inputs per character: whether it is in the trigger, its distance
  to the trigger, and the event type.  It tags the arguments' roles (``B-``/
  ``I-`` one of DuEE's 121 roles); roles the type does not have are masked out
  before decoding.

The files (``kg/data/models/events-*.onnx`` and ``events.json``) are made by
``kg train events`` (:mod:`kg.train.events`, torch at training time only);
running them needs numpy and onnxruntime.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.extract.duee import Argument, EventRecord
from kg.ner.neural import Head, length_groups, session_options, viterbi_many
from kg.resources import data_path

__all__ = ["EventModel", "load_event_model", "EventFeatures", "MODEL_FILES", "dist_bucket",
           "N_MARKS", "MAX_DIST", "MASKED"]

#: The model's files under kg/data/models.
MODEL_FILES = ("events.json", "events-trigger.onnx", "events-argument.onnx")
#: Distances to the trigger beyond this share one bucket (each side).
MAX_DIST = 30
#: Trigger marks per character: 0 padding, 1 outside, 2 first trigger character, 3 inside.
N_MARKS = 4
#: Score given to the tags of roles an event type does not have.
MASKED = -1e4


def dist_bucket(position: int, start: int, end: int) -> int:
    """The distance bucket of ``position`` to the trigger ``start..end``
    (1..2*MAX_DIST+1; 0 is padding).

    >>> [dist_bucket(i, 3, 5) for i in (0, 3, 4, 5, 99)]
    [28, 31, 31, 32, 61]
    """
    if position < start:
        d = -min(start - position, MAX_DIST)
    elif position >= end:
        d = min(position - end + 1, MAX_DIST)
    else:
        d = 0
    return d + MAX_DIST + 1


class EventFeatures:
    """Per-character inputs of both networks: character and LAC-tag ids, and LAC's states."""

    def __init__(self, chars: list[str], lac_tags: list[str], analyzer=None):
        from kg.ner.lac import load_lac_vocabulary, require_lexical_analyzer

        self.char_ids = {c: i + 2 for i, c in enumerate(chars)}  # 0 padding, 1 unknown
        self.lac_ids = {t: i + 1 for i, t in enumerate(lac_tags)}  # 0 padding/unknown
        self.q2b = load_lac_vocabulary().q2b
        self.analyzer = analyzer or require_lexical_analyzer()

    def of(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: ids ``(len, 2)`` int64 (character, LAC tag) and states ``(len, 256)`` float32."""
        tags, states = self.analyzer.analyze_many(texts, context=True)
        out = []
        for text, tag_row, state in zip(texts, tags, states):
            ids = np.zeros((len(text), 2), dtype=np.int64)
            ids[:, 0] = [self.char_ids.get(self.q2b.get(c, c), 1) for c in text]
            ids[:, 1] = [self.lac_ids.get(t, 0) for t in tag_row]
            if state is None:
                state = np.zeros((len(text), self.analyzer.context_width), dtype=np.float32)
            out.append((ids, np.asarray(state, dtype=np.float32)))
        return out


def argument_ids(ids: np.ndarray, start: int, end: int, type_id: int) -> np.ndarray:
    """The argument network's ids for one trigger: character, LAC tag, trigger
    mark, distance bucket, event type (1-based)."""
    n = len(ids)
    out = np.zeros((n, 5), dtype=np.int64)
    out[:, :2] = ids
    marks = np.ones(n, dtype=np.int64)
    marks[start:end] = 3
    marks[start] = 2
    out[:, 2] = marks
    out[:, 3] = [dist_bucket(i, start, end) for i in range(n)]
    out[:, 4] = type_id
    return out


def spans(tags: list[str]) -> list[tuple[str, int, int]]:
    """``(label, start, end)`` of the B-/I- runs of a tag sequence (an I- without
    its B- opens a span)."""
    out, label, begin = [], None, 0
    for i, tag in enumerate(tags + ["O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if label is not None:
            out.append((label, begin, i))
            label = None
        if tag != "O":
            label, begin = tag[2:], i
    return out


class EventModel:
    """The trigger and argument networks of a model directory."""

    def __init__(self, directory: str | Path | None = None, analyzer=None):
        self.directory = Path(directory) if directory else data_path("models")
        missing = [n for n in MODEL_FILES if not (self.directory / n).is_file()]
        if missing:
            raise ModelError(f"event model in {str(self.directory)!r} lacks {', '.join(missing)}; "
                             "make it with `kg train events`, or build with `--events rules`")
        try:
            import onnxruntime as ort

            meta = json.loads((self.directory / MODEL_FILES[0]).read_text(encoding="utf-8"))
            self.meta = meta
            self.types: list[str] = meta["types"]
            self.roles: list[str] = meta["roles"]
            self.trigger_head = Head(meta["trigger"])
            self.argument_head = Head(meta["argument"])
            options = session_options(ort)
            self.trigger_net = ort.InferenceSession(str(self.directory / MODEL_FILES[1]), options,
                                                    providers=["CPUExecutionProvider"])
            self.argument_net = ort.InferenceSession(str(self.directory / MODEL_FILES[2]), options,
                                                     providers=["CPUExecutionProvider"])
        except ModelError:
            raise
        except Exception as exc:  # OSError, ValueError, KeyError, onnxruntime's own errors
            raise ModelError(f"event model in {str(self.directory)!r} cannot be read ({exc}); "
                             "remake it with `kg train events`") from exc
        self.features = EventFeatures(meta["chars"], meta["lac_tags"], analyzer)
        role_index = {r: i for i, r in enumerate(self.roles)}
        self.masks = {}
        for t, allowed in meta["type_roles"].items():
            mask = np.full(len(self.argument_head.tags), MASKED)
            mask[0] = 0.0
            for role in allowed:
                i = role_index[role]
                mask[1 + 2 * i] = mask[2 + 2 * i] = 0.0
            self.masks[t] = mask

    @staticmethod
    def _run(session, batch: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        n = max(len(ids) for ids, _ in batch)
        ids = np.zeros((len(batch), n, batch[0][0].shape[1]), dtype=np.int64)
        states = np.zeros((len(batch), n, batch[0][1].shape[1]), dtype=np.float32)
        for row, (i, s) in enumerate(batch):
            ids[row, :len(i)], states[row, :len(s)] = i, s
        lengths = np.array([len(i) for i, _ in batch], dtype=np.int64)
        em = session.run(None, {"ids": ids, "marks": states, "lengths": lengths})[0]
        return [em[row, :len(i)].astype(np.float64) for row, (i, _) in enumerate(batch)]

    def _emissions(self, session, items: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        out: list = [None] * len(items)
        for group in length_groups([len(ids) for ids, _ in items], 2048):
            for i, em in zip(group, self._run(session, [items[i] for i in group])):
                out[i] = em
        return [em if em is not None else np.zeros((0, 1)) for em in out]

    def predict(self, texts: list[str]) -> list[list[EventRecord]]:
        """The events of each text (a sentence): type, trigger and role-labelled arguments."""
        feats = self.features.of(texts)
        trig_em = self._emissions(self.trigger_net, feats)
        head = self.trigger_head
        found: list[tuple[int, str, int, int]] = []  # (text index, type, start, end)
        for t, path in enumerate(viterbi_many(trig_em, head.transitions, head.start, head.end)):
            for label, s, e in spans([head.tags[j] for j in path]):
                found.append((t, label, s, e))
        items = [(argument_ids(feats[t][0], s, e, self.types.index(label) + 1), feats[t][1])
                 for t, label, s, e in found]
        arg_em = self._emissions(self.argument_net, items) if items else []
        arg_em = [em + self.masks[label][None, :] for em, (_, label, _, _) in zip(arg_em, found)]
        head = self.argument_head
        paths = viterbi_many(arg_em, head.transitions, head.start, head.end) if arg_em else []
        out: list[list[EventRecord]] = [[] for _ in texts]
        for (t, label, s, e), path in zip(found, paths):
            text = texts[t]
            args = tuple(Argument(role, a, text[a:b]) for role, a, b in spans([head.tags[j] for j in path])
                         if not (a < e and s < b))
            out[t].append(EventRecord(label, text[s:e], s, args))
        return out


@lru_cache(maxsize=1)
def load_event_model() -> EventModel:
    """The packaged event model (loaded once)."""
    return EventModel()
