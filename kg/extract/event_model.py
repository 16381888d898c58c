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
``kg train events`` (:mod:`kg.training.events`, torch at training time only);
running them needs numpy and onnxruntime.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.extract.duee import Argument, EventRecord
from kg.ner.decoding import Head, length_groups, owner_runs, session_options
from kg.resources import data_path

__all__ = ["EventModel", "load_event_model", "EventFeatures", "reader_features", "read_features", "MODEL_FILES", "dist_bucket",
           "bio_decode", "N_MARKS", "MAX_DIST", "MASKED"]

#: The model's files under kg/data/models.
MODEL_FILES = ("events.json", "events-trigger.onnx", "events-argument.onnx")
#: Distances to the trigger beyond this share one bucket (each side).
MAX_DIST = 30
#: Trigger marks per character: 0 padding, 1 outside, 2 first trigger character, 3 inside.
N_MARKS = 4
#: Score given to the tags of roles an event type does not have.
MASKED = -1e4
#: Padded characters per network run: sentences of similar length in small
#: batches (a document's sentences in batches of 2048 ran about half as fast:
#: the padding, and the LSTM's steps over larger matrices).
BATCH_CHARS = 300


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
        #: ids of LAC's tags that continue a word (``v-I``, ``ORG-I`` …)
        self.inside_ids = frozenset(i for t, i in self.lac_ids.items() if t.endswith("-I"))
        self.q2b = load_lac_vocabulary().q2b
        self.analyzer = analyzer or require_lexical_analyzer()
        #: the id of each character, full-width forms folded (as LAC folds them)
        self.folded_ids = dict(self.char_ids)
        self.folded_ids.update((c, self.char_ids.get(half, 1)) for c, half in self.q2b.items())

    def of(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: ids ``(len, 2)`` int64 (character, LAC tag) and states ``(len, 256)`` float32."""
        tags, states = self.analyzer.analyze_many(texts, context=True)
        out = []
        for text, tag_row, state in zip(texts, tags, states):
            ids = np.zeros((len(text), 2), dtype=np.int64)
            ids[:, 0] = [self.folded_ids.get(c, 1) for c in text]
            ids[:, 1] = [self.lac_ids.get(t, 0) for t in tag_row]
            if state is None:
                state = np.zeros((len(text), self.analyzer.context_width), dtype=np.float32)
            out.append((ids, np.asarray(state, dtype=np.float32)))
        return out


def argument_ids(ids: np.ndarray, start: int, end: int, type_id: int) -> np.ndarray:
    """The argument network's ids for one trigger: the reader's own ids
    (character and LAC tag, or the character alone), then the trigger mark,
    the distance bucket and the event type (1-based)."""
    n, k = ids.shape
    out = np.zeros((n, k + 3), dtype=np.int64)
    out[:, :k] = ids
    marks = np.ones(n, dtype=np.int64)
    marks[start:end] = 3
    marks[start] = 2
    out[:, k] = marks
    # dist_bucket of each position, at once
    at = np.arange(n)
    out[:, k + 1] = MAX_DIST + 1 + np.where(at < start, -np.minimum(start - at, MAX_DIST),
                                            np.where(at >= end, np.minimum(at - end + 1, MAX_DIST), 0))
    out[:, k + 2] = type_id
    return out


def reader_features(meta: dict, analyzer=None, network=None):
    """The features a reader model reads (its JSON's ``reads``): LAC's
    (:class:`EventFeatures`, the default) or the fast tagger's states
    (:class:`kg.extract.fast_reading.FastFeatures`; ``network``: the fast
    network whose states, by default the packaged one)."""
    reads = meta.get("reads", "lac")
    if reads == "fast":
        from kg.extract.fast_reading import FastFeatures

        return FastFeatures(meta["chars"], network)
    if reads != "lac":
        raise ModelError(f"a reader model reads {reads!r}; this kg reads lac or fast models")
    return EventFeatures(meta["chars"], meta["lac_tags"], analyzer)


def read_features(features, texts: list[str], owners: list | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """``features.of`` the texts, one document's texts at a time (``owners``:
    each text's document), so that what a text reads never depends on the
    other documents read with it."""
    return [f for a, b in owner_runs(owners, len(texts)) for f in features.of(texts[a:b])]


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
            # one argument network, or several trained alike whose scores are averaged
            self.argument_nets = [ort.InferenceSession(str(self.directory / name), options,
                                                       providers=["CPUExecutionProvider"])
                                  for name in meta.get("argument_files", [MODEL_FILES[2]])]
        except ModelError:
            raise
        except Exception as exc:  # OSError, ValueError, KeyError, onnxruntime's own errors
            raise ModelError(f"event model in {str(self.directory)!r} cannot be read ({exc}); "
                             "remake it with `kg train events`") from exc
        #: what the networks read besides the characters: LAC's analysis or the fast tagger's states
        self.reads = meta.get("reads", "lac")
        self.features = reader_features(meta, analyzer)
        #: least tag probability of a trigger and of an argument (chosen on the stop part)
        self.thresholds = tuple(meta.get("thresholds", (0.0, 0.0)))
        #: widen arguments to LAC's word boundaries (:func:`snap`; chosen on the stop part)
        self.snap = bool(meta.get("snap", False)) and self.reads == "lac"
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

    def _emissions(self, session, items: list[tuple[np.ndarray, np.ndarray]], owners: list | None = None) -> list[np.ndarray]:
        out: list = [None] * len(items)
        for group in length_groups([len(ids) for ids, _ in items], BATCH_CHARS, owners):
            for i, em in zip(group, self._run(session, [items[i] for i in group])):
                out[i] = em
        return [em if em is not None else np.zeros((0, 1)) for em in out]

    def predict(self, texts: list[str], thresholds: tuple[float, float] | None = None,
                owners: list | None = None) -> list[list[EventRecord]]:
        """The events of each text (a sentence): type, trigger and role-labelled arguments.

        A trigger or argument is kept when the network's probability of each of
        its tags is at least the model's threshold (``thresholds``: trigger,
        argument; by default the ones ``kg train events`` chose on the stop part).
        ``owners``: as :meth:`read`.
        """
        thresholds = thresholds if thresholds is not None else self.thresholds
        return self.keep(self.read(texts, min_trigger=thresholds[0], owners=owners), thresholds)

    def keep(self, read: list[list[tuple]], thresholds: tuple[float, float] | None = None) -> list[list[EventRecord]]:
        """The events of :meth:`read`'s output whose tags are as probable as ``thresholds``."""
        min_trigger, min_argument = thresholds if thresholds is not None else self.thresholds
        return [[EventRecord(record.event_type, record.trigger, record.start,
                             tuple(a for a, p in zip(record.arguments, arg_probs) if p >= min_argument))
                 for record, p_trigger, arg_probs in events if p_trigger >= min_trigger]
                for events in read]

    def read(self, texts: list[str], min_trigger: float = 0.0,
             owners: list | None = None) -> list[list[tuple[EventRecord, float, tuple[float, ...]]]]:
        """Per text: each event with all its arguments, the least tag probability
        of its trigger and that of each argument (only triggers at least as
        probable as ``min_trigger``: the argument network runs for those only).
        ``owners``: each text's document (one document's texts consecutive):
        the networks read each document's texts apart from the others' (what
        they compute never depends on the documents read with it); the
        decoding runs over all at once."""
        feats = read_features(self.features, texts, owners)
        trig_em = self._emissions(self.trigger_net, feats, owners)
        head = self.trigger_head
        found: list[tuple[int, str, int, int, float]] = []  # (text index, type, start, end, probability)
        for t, path in enumerate(bio_decode(trig_em)):
            if not any(path):  # no trigger (most sentences)
                continue
            probs = _tag_probabilities(trig_em[t], path)
            for label, s, e in spans([head.tags[j] for j in path]):
                if probs[s:e].min() >= min_trigger:
                    found.append((t, label, s, e, float(probs[s:e].min())))
        items = [(argument_ids(feats[t][0], s, e, self.types.index(label) + 1), feats[t][1])
                 for t, label, s, e, _ in found]
        arg_em = []
        if items:
            item_owners = [owners[f[0]] for f in found] if owners is not None else None
            runs = [self._emissions(net, items, item_owners) for net in self.argument_nets]
            arg_em = [sum(ems) / len(ems) for ems in zip(*runs)]
        arg_em = [em + self.masks[f[1]][None, :] for em, f in zip(arg_em, found)]
        head = self.argument_head
        paths = bio_decode(arg_em) if arg_em else []
        out: list[list[tuple]] = [[] for _ in texts]
        for (t, label, s, e, p_trigger), path, em in zip(found, paths, arg_em):
            text = texts[t]
            probs = _tag_probabilities(em, path)
            args = []
            for role, a, b in spans([head.tags[j] for j in path]):
                p_arg = float(probs[a:b].min())
                if self.snap:
                    a, b = snap(text, feats[t][0][:, 1], self.features.inside_ids, a, b)
                if b > a and not (a < e and s < b):
                    args.append((Argument(role, a, text[a:b]), p_arg))
            record = EventRecord(label, text[s:e], s, tuple(a for a, _ in args))
            out[t].append((record, p_trigger, tuple(p for _, p in args)))
        return out


def bio_decode(emissions: list[np.ndarray], chunk: int = 256) -> list[list[int]]:
    """The best well-formed BIO path of each ``(len, K)`` score matrix, tags laid
    out as ``O, B-1, I-1, B-2, I-2 …``: an ``I-x`` follows ``B-x`` or ``I-x``, no
    path starts with ``I-x``.  The same paths as a Viterbi pass with those
    transitions forbidden, in O(K) per character instead of O(K²) (the
    networks are trained per character, with no transition scores).

    >>> em = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 3.0], [2.0, 0.0, 0.0]])
    >>> bio_decode([em])  # I-1 cannot open the path: B-1 I-1 O
    [[1, 2, 0]]
    """
    out: list[list[int]] = [[] for _ in emissions]
    hard = []
    for i, em in enumerate(emissions):
        if len(em):
            path = _best_tags(em)
            if path is None:
                hard.append(i)
            else:
                out[i] = path
    order = sorted(hard, key=lambda i: -len(emissions[i]))
    for at in range(0, len(order), chunk):
        group = order[at:at + chunk]
        for i, path in zip(group, _bio_decode_batch([emissions[i] for i in group])):
            out[i] = path
    return out


def _best_tags(em: np.ndarray) -> list[int] | None:
    """Each character's best tag, if that path is well-formed BIO (then no
    path scores more, so it is the one the search finds; almost every
    sentence), else None."""
    path = em.argmax(axis=1)
    inside = (path > 0) & (path % 2 == 0)  # I-x tags
    if inside.any():
        before = np.concatenate(([0], path[:-1]))
        if not np.all((before[inside] == path[inside]) | (before[inside] == path[inside] - 1)):
            return None
    return path.tolist()


def _bio_decode_batch(emissions: list[np.ndarray]) -> list[list[int]]:
    """:func:`bio_decode` of score matrices given longest first: at step
    ``t`` only the sequences still running (the first ``running``) move on,
    and the way back keeps, per step, each sequence's best tag (where an
    opening tag came from) and whether each ``I-x`` came from ``I-x``."""
    n, steps, k = len(emissions), len(emissions[0]), emissions[0].shape[1]
    lengths = np.array([len(em) for em in emissions])
    table = np.zeros((n, steps, k))
    for row, em in enumerate(emissions):
        table[row, :len(em)] = em
    b_tags, i_tags = np.arange(1, k, 2), np.arange(2, k, 2)
    opening = np.concatenate(([0], b_tags))
    score = table[:, 0].copy()
    score[:, i_tags] = MASKED * 10
    best_before = np.zeros((steps, n), dtype=np.int64)  # the best tag at t - 1: where an opening tag at t came from
    inside_before = np.zeros((steps, n, len(i_tags)), dtype=bool)  # I-x at t came from I-x (else from B-x)
    running = [int((lengths > t).sum()) for t in range(steps)]
    for t in range(1, steps):
        m = running[t]
        now = score[:m]
        best = now.argmax(axis=1)
        from_i = now[:, i_tags] > now[:, b_tags]
        new = np.empty_like(now)
        new[:, opening] = now[np.arange(m), best][:, None] + table[:m, t, opening]
        new[:, i_tags] = np.where(from_i, now[:, i_tags], now[:, b_tags]) + table[:m, t, i_tags]
        best_before[t, :m], inside_before[t, :m] = best, from_i
        score[:m] = new
    paths = []
    for row in range(n):
        tag = int(score[row].argmax())
        path = [tag]
        for t in range(int(lengths[row]) - 1, 0, -1):
            if tag == 0 or tag % 2:
                tag = int(best_before[t, row])
            elif not inside_before[t, row, tag // 2 - 1]:
                tag -= 1
            path.append(tag)
        paths.append(path[::-1])
    return paths


#: Marks an argument does not end with (an opening quote) or start with (a closing one).
_OPENERS, _CLOSERS = "“「《（(‘", "”」》）)’"


def snap(text: str, lac_ids: np.ndarray, inside: frozenset, start: int, end: int) -> tuple[int, int]:
    """``start..end`` widened to whole words of LAC's segmentation (网易文 ->
    网易文学: a span never ends or starts inside a word), without a dangling
    quotation mark at either end (江一燕“ -> 江一燕)."""
    n = len(text)
    while start > 0 and int(lac_ids[start]) in inside:
        start -= 1
    while end < n and int(lac_ids[end]) in inside:
        end += 1
    while end > start and text[end - 1] in _OPENERS:
        end -= 1
    while end > start and text[start] in _CLOSERS:
        start += 1
    return start, end


def _tag_probabilities(emissions: np.ndarray, path: list[int]) -> np.ndarray:
    """Each character's probability of its tag on ``path`` (a softmax of its scores)."""
    if not len(path):
        return np.zeros(0)
    shifted = emissions - emissions.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    return probs[np.arange(len(path)), path]


@lru_cache(maxsize=2)
def load_event_model(reads: str = "lac") -> EventModel:
    """The packaged event model (loaded once): the one reading LAC's analysis,
    or (``reads`` ``fast``) the one reading the fast tagger's states."""
    from kg.extract.fast_reading import packaged_readers

    return EventModel(packaged_readers(reads))
