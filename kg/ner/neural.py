"""The neural base tagger (PER/ORG/LOC): a BiLSTM-CRF (or a convolutional
network with a CRF) run with onnxruntime.

The network (trained by :mod:`kg.training.ner_network`) reads, per character,
five ids -- the character, the bigrams to its left and right, its position
(B/M/E/S) in the dictionary segmentation and that word's dictionary POS --
plus a vector of lexicon marks: the gazetteer categories covering it
(:mod:`kg.ner.lexicon_marks`) and the dictionary words of a name-like part of
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
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.ner.decoding import Head, length_groups, session_options, viterbi, viterbi_many
from kg.ner.lexicon_marks import GAZ_SLOTS, LATTICE_SLOTS, N_MARKS, gazetteer_marks, lattice_marks

__all__ = ["NeuralModel", "Encoder", "bigrams_of", "SEG", "STATES"]

#: The name of a network's optional output: the states its output layers read.
STATES = "states"
#: Most characters whose states a network keeps from the tagger's last call
#: (:meth:`NeuralModel.states_many`): a batch of documents (kg.corpus sends
#: workers up to 40,000), or the last slices of a longer document.
KEEP_CHARS = 60_000
#: Dictionary-segmentation positions (0 is padding).
SEG = {"B": 1, "M": 2, "E": 3, "S": 4}


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
            outputs = {o.name: o for o in self.session.get_outputs()}
            #: the outputs run for the heads: all but the states
            self._outputs = [name for name in outputs if name != STATES]
            #: numbers per character in the ``states`` output (0: none; :meth:`states_many`)
            self.state_width = int(outputs[STATES].shape[2]) if STATES in outputs else 0
            #: the states of the texts of the last :meth:`scores` call
            self._states: dict[str, np.ndarray] = {}
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
        """Emission scores ``(B, T, K)`` of each output layer for padded inputs
        (and, last, the states, if the network has them)."""
        names = self._outputs + ([STATES] if self.state_width else [])
        return self.session.run(names, {"ids": ids, "marks": marks, "lengths": lengths, **self._feed})

    def states_many(self, texts: list[str]) -> list[np.ndarray]:
        """Per text, the ``(len, state_width)`` float32 states the network's
        output layers read (what it computed about each character in context),
        for networks that read them in turn (:mod:`kg.extract.fast_reading`).
        The states of the texts of the tagger's last call (its documents, up
        to :data:`KEEP_CHARS` characters: :meth:`scores`) are kept, so that
        tagging documents' sentences and then reading them runs the network
        once; other texts are computed here.  The network's batches hold one
        document's texts only, so what a text's states are made from depends
        on its document, never on the documents tagged with it or before it
        (a worker's output does not depend on which documents it was given;
        the one exception, a sentence found word for word in two documents,
        gets the same states from either with an int8 network, ``kg train
        int8``, whose integer arithmetic does not depend on the batch)."""
        if not self.state_width:
            raise ModelError(f"neural NER model {str(self.path)!r} has no {STATES!r} output; "
                             "retrain it with `kg train ner --neural --arch cnn --lean`")
        found = {t: self._states.get(t) for t in texts}
        missing = [t for t, v in found.items() if v is None]
        if missing:
            found.update(zip(missing, self._run(missing, keep=None)[1]))
        return [found[t] for t in texts]

    def scores(self, texts: list[str], analyses: list | None = None, owners: list | None = None,
               keep: str = "replace") -> list[list[np.ndarray]]:
        """Per output layer, per text, the ``(len, K)`` emission scores
        (``analyses``: the texts' :meth:`Featurizer.analyze`, if known;
        ``owners``: the document of each text, if several: a batch holds
        texts of one document only).  The texts' states are kept for
        :meth:`states_many`: in place of those kept before (``keep``
        ``replace``), or beside them (``add``: the tagger's later slices of
        one call) while all kept make at most :data:`KEEP_CHARS` characters."""
        return self._run(texts, analyses, keep, owners)[0]

    def _run(self, texts: list[str], analyses: list | None = None, keep: str | None = "replace",
             owners: list | None = None):
        """``(scores, states)``: :meth:`scores`, and each text's states (None
        without a states output), kept as ``keep`` says (None: not kept)."""
        encoded = self.encoder.encode_many(texts, analyses)
        out = [[np.zeros((0, len(h.tags)), dtype=np.float32) for _ in texts] for h in self.heads]
        states: list = [np.zeros((len(t), self.state_width), np.float32) if self.state_width else None
                         for t in texts]
        for group in length_groups([len(t) for t in texts], owners=owners):
            width = len(texts[group[0]])
            ids = np.zeros((len(group), width, self.encoder.columns), dtype=np.int64)
            marks = np.zeros((len(group), width, self.encoder.dense_width), dtype=np.float32)
            lengths = np.array([len(texts[i]) for i in group], dtype=np.int64)
            for row, i in enumerate(group):
                n = len(texts[i])
                ids[row, :n], marks[row, :n] = encoded[i]
            results = self.emissions(ids, marks, lengths)
            for layer, em in zip(out, results):
                for row, i in enumerate(group):
                    layer[i] = em[row, : lengths[row]]
            if self.state_width:
                for row, i in enumerate(group):
                    states[i] = results[-1][row, : lengths[row]].copy()
        if keep and self.state_width:
            if keep != "add" or sum(map(len, self._states)) + sum(map(len, texts)) > KEEP_CHARS:
                self._states = {}
            self._states.update(zip(texts, states))
        return out, states

    def tag_many(self, texts: list[str]) -> list[list[str]]:
        """Base tag sequences of ``texts``."""
        return self.heads[0].decode(self.scores(texts)[0])

    def tag(self, text: str) -> list[str]:
        """The base tag sequence of one text."""
        return self.tag_many([text])[0]
