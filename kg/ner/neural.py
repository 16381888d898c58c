"""The neural base tagger (PER/ORG/LOC): a BiLSTM-CRF (or a convolutional
network with a CRF) run with onnxruntime.

The network (trained by :mod:`kg.training.ner_network`) reads, per character,
five ids -- the character, the bigrams to its left and right, its position
(B/M/E/S) in the dictionary segmentation and that word's dictionary POS --
plus a vector of lexicon marks: the gazetteer categories covering it
(:mod:`kg.ner.gazetteer`) and the dictionary words of a name-like part of
speech that cover it (:func:`lattice_marks`).  Optionally it also reads
LAC's tag (a sixth id), LAC's top-layer states (after the marks), or LAC's
character ids (the last id column) for a fine-tuned copy of LAC's encoder
inside the network, whose character table is an input fed from the LAC
directory (:mod:`kg.ner.lac`).  A lean network reads only characters,
hashed bigrams and gazetteer marks (:mod:`kg.ner.lean`).  It returns per-tag emission
scores; the CRF transition scores live in the JSON file beside the ``.onnx``
model and decoding is a batched Viterbi in numpy.  Only numpy and
onnxruntime are needed at run time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.ner.gazetteer import MATRIX_SLOTS

__all__ = ["NeuralModel", "Head", "Encoder", "session_options", "bigrams_of", "viterbi", "viterbi_many", "length_groups", "lattice_marks", "gazetteer_marks", "SEG", "GAZ_SLOTS", "LATTICE_SLOTS"]

#: Dictionary-segmentation positions (0 is padding).
SEG = {"B": 1, "M": 2, "E": 3, "S": 4}
#: Gazetteer categories and mark positions -> slot in the mark vector.
GAZ_SLOTS = MATRIX_SLOTS
#: Part-of-speech groups of dictionary words used as lattice marks.
POS_GROUPS = {"nr": 0, "nrt": 0, "nrfg": 0, "ns": 1, "nt": 2, "nz": 3}
LATTICE_SLOTS = {(g, p): len(GAZ_SLOTS) + 3 * g + k for g in range(5) for k, p in enumerate("BME")}
N_MARKS = len(GAZ_SLOTS) + 15
#: Characters per onnxruntime call (batches of chunks of similar length):
#: small enough that a batch's activations stay in the CPU's cache (the
#: default tagger runs 18-33% faster than with 4096, with the same tags).
_BATCH_CHARS = 1024
#: Texts per Viterbi call (:func:`viterbi_many` has no padding: larger
#: calls only save steps, this bounds its memory).
_DECODE_TEXTS = 4096


def gazetteer_marks(found, marks: np.ndarray) -> None:
    """Set, in ``marks`` (one row per character), the slot of every gazetteer
    mark in ``found`` (per character, its ``CATEGORY=POS`` marks)."""
    for i, here in enumerate(found):
        if here:
            for m in here:
                slot = GAZ_SLOTS.get(m)
                if slot is not None:
                    marks[i, slot] = 1.0


def lattice_marks(lattice, pos_of: dict[str, str], text: str, marks: np.ndarray) -> None:
    """Set, in ``marks`` (``len(text) x N_MARKS``), the B/M/E slots of every
    dictionary word ``(start, end)`` in ``lattice`` (two or more characters)
    by the word's POS group (person, place, organization, other proper, other)."""
    for start, end in lattice:
        group = POS_GROUPS.get(pos_of.get(text[start:end], "x"), 4)
        marks[start, LATTICE_SLOTS[group, "B"]] = 1.0
        marks[end - 1, LATTICE_SLOTS[group, "E"]] = 1.0
        if end - start > 2:
            marks[start + 1:end - 1, LATTICE_SLOTS[group, "M"]] = 1.0


def bigrams_of(text: str) -> list[str]:
    """The ``len(text) + 1`` character bigrams of ``text`` between a start
    mark (``\\x02``) and an end mark (``\\x03``): character ``i`` has bigram ``i``
    on its left and ``i + 1`` on its right."""
    padded = "\x02" + text + "\x03"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


class Encoder:
    """Turns text into the network's inputs (``ids`` and ``marks``)."""

    def __init__(self, chars: str, bigrams: list[str], pos: list[str], featurizer=None,
                 lac: list[str] | None = None, context: int = 0, lac_chars: bool = False):
        from kg.ner.features import Featurizer

        self.char_index = {c: i + 2 for i, c in enumerate(chars)}
        self.bigram_index = {b: i + 2 for i, b in enumerate(bigrams)}
        self.pos_index = {p: i + 2 for i, p in enumerate(pos)}
        #: LAC's tags (a sixth id per character), if the network reads them
        self.lac_index = {t: i + 2 for i, t in enumerate(lac)} if lac else None
        self.columns = 6 if lac else 5
        #: LAC's character ids as the last id column (a network with LAC's encoder inside)
        self.lac_vocabulary = None
        if lac_chars:
            from kg.ner.lac import load_lac_vocabulary

            self.lac_vocabulary = load_lac_vocabulary()
            self.columns += 1
        self.featurizer = featurizer or Featurizer()
        #: width of LAC's top-layer states appended to the marks (0: none)
        self.context = context
        self.dense_width = N_MARKS + context
        if context:
            self.featurizer.context = True

    def encode_many(self, texts: list[str], analyses=None) -> list:
        """:meth:`encode` of each text (None for an empty one)."""
        return [self.encode(t, analyses[i] if analyses else None) if t else None
                for i, t in enumerate(texts)]

    def encode(self, text: str, analysis=None) -> tuple[np.ndarray, np.ndarray]:
        """``(ids (T, 5 or 6) int64, marks (T, dense_width) float32)`` of
        ``text`` (``analysis``: its :meth:`Featurizer.analyze`, if already
        known); with ``context``, LAC's top-layer states follow the marks."""
        a = analysis or self.featurizer.analyze(text)
        gaz, words, lattice, lac = a.marks, a.words, a.lattice, a.lac
        n = len(text)
        ids = np.empty((n, self.columns), dtype=np.int64)
        chars, bigrams, pos = self.char_index, self.bigram_index, self.pos_index
        ids[:, 0] = [chars.get(c, 1) for c in text]
        pairs = [bigrams.get(b, 1) for b in bigrams_of(text)]
        ids[:, 1] = pairs[:-1]
        ids[:, 2] = pairs[1:]
        ids[:, 3] = [SEG[p] for _, p, _ in words]
        ids[:, 4] = [pos.get(t, 1) for _, _, t in words]
        if self.lac_index is not None:
            if lac is None:
                raise ModelError("this network reads LAC tags but the featurizer has no LAC "
                                 "analyser; reinstall kg for kg/data/models/lac")
            ids[:, 5] = [self.lac_index.get(t, 1) for t in lac]
        if self.lac_vocabulary is not None:
            ids[:, -1] = self.lac_vocabulary.ids(text)
        marks = np.zeros((n, self.dense_width), dtype=np.float32)
        if self.context:
            if a.context is None or a.context.shape != (n, self.context):
                raise ModelError(f"this network reads LAC's {self.context} top-layer states per "
                                 "character but the LAC encoder gives none; remake kg/data/models/lac "
                                 "with `kg train lac`")
            marks[:, N_MARKS:] = a.context
        gazetteer_marks(gaz, marks)
        lattice_marks(lattice, self.featurizer.segmenter.pos, text, marks)
        return ids, marks


def viterbi(emissions: np.ndarray, lengths, transitions: np.ndarray,
            start: np.ndarray, end: np.ndarray) -> list[list[int]]:
    """Best tag-index paths of a padded batch of emission matrices ``(B, T, K)``
    (``lengths``: each row's length; rows are left-aligned, padded after):
    :func:`viterbi_many` of the rows.

    >>> em = np.array([[[1.0, 0.0], [0.5, 0.0]]])
    >>> tr = np.array([[-5.0, 0.0], [0.0, 0.0]])  # tag 0 -> tag 0 is expensive
    >>> viterbi(em, [2], tr, np.zeros(2), np.zeros(2))
    [[0, 1]]
    """
    emissions = np.asarray(emissions)
    return viterbi_many([emissions[b, :n] for b, n in enumerate(np.asarray(lengths, dtype=np.int64))],
                        transitions, start, end)


def viterbi_many(emissions: list[np.ndarray], transitions: np.ndarray,
                 start: np.ndarray, end: np.ndarray) -> list[list[int]]:
    """Best tag-index path of each ``(len, K)`` emission matrix in ``emissions``.

    All sequences are decoded together, step by step, in a packed layout
    without padding: the sequences are sorted longest first, so the ones
    still running at step ``t`` are the first ``running[t]``, and their
    scores are the columns ``offset[t] : offset[t] + running[t]`` of one
    ``(K, total length)`` table.  Every operation then runs along the
    sequences (long, contiguous) rather than along the few tags.  The
    backward pass recovers each step's best previous tag (the lowest-numbered
    on ties), so no back-pointer table is built.
    """
    lengths = np.array([len(e) for e in emissions], dtype=np.int64)
    out: list[list[int]] = [[] for _ in emissions]
    if not lengths.any():
        return out
    order = np.argsort(-lengths, kind="stable")
    sorted_len = lengths[order]
    steps, rows = int(sorted_len[0]), len(lengths)
    # running[t]: sequences longer than t; offset[t]: where step t's columns start
    running = rows - np.cumsum(np.bincount(sorted_len, minlength=steps + 1))[:steps]
    offset = np.concatenate(([0], np.cumsum(running)))
    row_of = np.repeat(np.arange(rows), sorted_len)
    step_of = np.arange(len(row_of)) - np.repeat(np.cumsum(sorted_len) - sorted_len, sorted_len)
    columns = offset[step_of] + row_of  # each character's column, sequence by sequence
    best = np.empty((emissions[order[0]].shape[1], len(columns)))  # (K, all characters)
    best[:, columns] = np.concatenate([emissions[i] for i in order if lengths[i]]).T
    trans = np.asarray(transitions, dtype=np.float64)
    transitions3 = trans[:, :, None]
    best[:, :running[0]] += np.asarray(start, dtype=np.float64)[:, None]
    for t in range(1, steps):
        n, before, here = running[t], offset[t - 1], offset[t]
        best[:, here:here + n] += (best[:, None, before:before + n] + transitions3).max(axis=0)
    paths = np.empty(len(columns), dtype=np.int64)
    finals = offset[np.maximum(sorted_len - 1, 0)] + np.arange(rows)
    ending = sorted_len > 0
    finals = finals[ending]
    paths[finals] = (best[:, finals] + np.asarray(end, dtype=np.float64)[:, None]).argmax(axis=0)
    for t in range(steps - 1, 0, -1):
        n, before, here = running[t], offset[t - 1], offset[t]
        paths[before:before + n] = (best[:, before:before + n] + trans[:, paths[here:here + n]]).argmax(axis=0)
    by_sequence = paths[columns]
    at = 0
    for row, i in enumerate(order):
        n = int(sorted_len[row])
        out[i] = by_sequence[at:at + n].tolist()
        at += n
    return out


def session_options(ort):
    """onnxruntime options for kg's models: one thread by default
    (``KG_NER_THREADS``), and int8 tables dequantized once, at load (by
    default onnxruntime keeps a DequantizeLinear in the graph and reruns it
    on every call)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = _threads()
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.disable_quant_qdq", "1")
    return options


def _threads() -> int:
    try:
        return max(1, int(os.environ.get("KG_NER_THREADS") or os.environ.get("OMP_NUM_THREADS") or 1))
    except ValueError:
        return 1


class NeuralModel:
    """An ONNX emission network plus its CRF transitions (``path`` is the .onnx)."""

    def __init__(self, path: str | Path, featurizer=None):
        self.path = Path(path)
        meta_path = self.path.with_suffix(".json")
        for needed in (self.path, meta_path):
            if not needed.is_file():
                raise ModelError(
                    f"neural NER model file {str(needed)!r} does not exist (a network is a .onnx "
                    "and a .json beside it); train one with `kg train ner --neural`"
                )
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - a dependency of kg
            raise ModelError("the neural NER model needs onnxruntime; pip install onnxruntime") from exc
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            self.session = ort.InferenceSession(str(self.path), session_options(ort),
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"neural NER model {str(self.path)!r} cannot be read ({exc}); "
                             "retrain it with `kg train ner --neural`") from exc
        try:
            if meta.get("lean"):  # characters, hashed bigrams and gazetteer marks only
                from kg.ner.lean import LeanEncoder

                self.encoder = LeanEncoder(meta["chars"], int(meta["lean"]["buckets"]), featurizer,
                                           bool(meta["lean"].get("lattice")))
            else:
                self.encoder = Encoder(meta["chars"], meta["bigrams"], meta["pos"], featurizer,
                                       meta.get("lac"), int(meta.get("context", 0)),
                                       bool(meta.get("lac_encoder")))
            if ((self.encoder.lac_index is not None or self.encoder.context)
                    and self.encoder.featurizer.lexical is None):
                from kg.ner.lac import require_lexical_analyzer

                self.encoder.featurizer.lexical = require_lexical_analyzer()
            self.heads = [Head(meta)]
            if meta.get("fine"):
                self.heads.append(Head(meta["fine"]))
            #: inputs besides ids, marks and lengths: LAC's character table, for a
            #: network with LAC's encoder inside (shared with the LAC directory)
            self._feed = {}
            from kg.ner.lac import EMBEDDING_INPUT, LAC_DIR, load_embedding

            if any(i.name == EMBEDDING_INPUT for i in self.session.get_inputs()):
                from kg.resources import data_path

                self._feed[EMBEDDING_INPUT] = load_embedding(str(data_path(*LAC_DIR)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"neural NER model {str(meta_path)!r} lacks or garbles {exc}; "
                             "retrain it with `kg train ner --neural`") from exc

    @property
    def base_tags(self) -> list[str]:
        """The base output layer's tag names (O, B-PER, I-PER, ...)."""
        return self.heads[0].tags

    @property
    def reads_lac(self) -> bool:
        """True if the network reads LAC's tags or states (its featurizer must have LAC)."""
        return self.encoder.lac_index is not None or bool(self.encoder.context)

    @property
    def lean(self) -> bool:
        """True if the network reads no dictionary segmentation (:mod:`kg.ner.lean`)."""
        return getattr(self.encoder, "lean", False)

    @property
    def has_fine(self) -> bool:
        """True if the network also has the GOV/COMPANY/TITLE output layer."""
        return len(self.heads) > 1

    def emissions(self, ids: np.ndarray, marks: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
        """Emission scores ``(B, T, K)`` of each output layer for padded inputs."""
        return self.session.run(None, {"ids": ids, "marks": marks, "lengths": lengths, **self._feed})

    def scores(self, texts: list[str], analyses: list | None = None) -> list[list[np.ndarray]]:
        """Per output layer, per text, the ``(len, K)`` emission scores
        (``analyses``: the texts' :meth:`Featurizer.analyze`, if known)."""
        encoded = self.encoder.encode_many(texts, analyses)
        out = [[np.zeros((0, len(h.tags)), dtype=np.float32) for _ in texts] for h in self.heads]
        for group in length_groups([len(t) for t in texts]):
            width = len(texts[group[0]])
            ids = np.zeros((len(group), width, self.encoder.columns), dtype=np.int64)
            marks = np.zeros((len(group), width, self.encoder.dense_width), dtype=np.float32)
            lengths = np.array([len(texts[i]) for i in group], dtype=np.int64)
            for row, i in enumerate(group):
                n = len(texts[i])
                ids[row, :n], marks[row, :n] = encoded[i]
            for layer, em in zip(out, self.emissions(ids, marks, lengths)):
                for row, i in enumerate(group):
                    layer[i] = em[row, : lengths[row]]
        return out

    def tag_many(self, texts: list[str]) -> list[list[str]]:
        """Base tag sequences of ``texts``."""
        return self.heads[0].decode(self.scores(texts)[0])

    def tag(self, text: str) -> list[str]:
        """The base tag sequence of one text."""
        return self.tag_many([text])[0]


def length_groups(lengths: list[int], batch_chars: int = _BATCH_CHARS) -> list[list[int]]:
    """Indices of the non-empty items, longest first, in groups of about
    ``batch_chars`` padded characters."""
    order = sorted((i for i, n in enumerate(lengths) if n), key=lambda i: -lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and lengths[groups[-1][0]] * (len(groups[-1]) + 1) <= batch_chars:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


class Head:
    """One output layer's tag names and CRF scores (transitions, start, end)."""

    def __init__(self, meta: dict):
        self.tags: list[str] = list(meta["tags"])
        self.transitions = np.asarray(meta["transitions"], dtype=np.float64)
        self.start = np.asarray(meta["start"], dtype=np.float64)
        self.end = np.asarray(meta["end"], dtype=np.float64)

    @classmethod
    def sum(cls, heads: list["Head"]) -> "Head":
        """The product of experts of layers with the same tags: summed scores."""
        if any(h.tags != heads[0].tags for h in heads):
            raise ModelError("networks combined in one tagger must have the same tags")
        return cls({"tags": heads[0].tags,
                    "transitions": sum(h.transitions for h in heads),
                    "start": sum(h.start for h in heads), "end": sum(h.end for h in heads)})

    def decode(self, emissions: list[np.ndarray]) -> list[list[str]]:
        """Best tag sequences for per-text ``(len, K)`` emission scores."""
        out: list[list[str]] = []
        tags = self.tags
        for at in range(0, len(emissions), _DECODE_TEXTS):
            paths = viterbi_many(emissions[at:at + _DECODE_TEXTS], self.transitions, self.start, self.end)
            out.extend([tags[j] for j in path] for path in paths)
        return out
