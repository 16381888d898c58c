"""The learned relation extractor: a span tagger and a pair classifier over LAC's reading.

One network (the *encoder*) reads, per character, the character, LAC's tag
and LAC's 256 top-layer states (as :mod:`kg.extract.event_model` does) into
a BiLSTM.  Its states serve two small layers:

* a **span tagger** (``B-``/``I-`` PER, ORG, LOC) that marks the people,
  organizations and places DuIE's triples of kg's predicates name, as DuIE
  writes them (泸州老窖股份有限公司 in 泸州老窖股份有限公司党委书记、董事长刘淼);
* a **pair classifier** (``relations-pair.onnx``) that scores a candidate
  (subject, object) pair — spans the tagger or kg's pipeline found — for each
  predicate of :data:`LABELS`: the states at both spans' first and last
  characters, their mean between the spans, both spans' kinds and the
  distance between them (a bucket, signed by order), through one hidden layer
  to one sigmoid per predicate.

A pair whose score passes the predicate's threshold (chosen on the 'stop'
part to reach a precision of 0.85) is a triple.  Predicates are in DuIE's
orientation (董事长: organization → person).  The files
(``kg/data/models/relations.json``, ``relations-encoder.onnx``,
``relations-pair.onnx``) are made by ``kg train relations``
(:mod:`kg.training.relations`, torch at training time only); running them needs
numpy and onnxruntime.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.extract.event_model import BATCH_CHARS, read_features, reader_features, spans as bio_spans
from kg.ner.decoding import Head, length_groups, owner_runs, session_options, viterbi_many
from kg.resources import data_path

__all__ = ["LABELS", "KINDS", "SLOTS", "SYMMETRIC", "MODEL_FILES", "Span", "Pair", "RelationModel",
           "load_relation_model", "candidate_pairs", "pair_features", "dist_code", "N_DIST", "plain",
           "allowed", "merge_spans", "stored_pairs"]

#: The model's files under kg/data/models.
MODEL_FILES = ("relations.json", "relations-encoder.onnx", "relations-pair.onnx")
#: Span kinds (0 is padding).
KINDS = ("", "PER", "ORG", "LOC", "DATE")
#: The predicates, as ``kg relations --eval`` reports them, and the kinds of their
#: subject and object (DuIE's orientation).
SLOTS = {
    "董事长": ("ORG", "PER"), "校长": ("ORG", "PER"), "创始人": ("ORG", "PER"),
    "国籍": ("PER", "LOC"), "总部地点": ("ORG", "LOC"), "成立日期": ("ORG", "DATE"),
    "毕业院校": ("PER", "ORG"), "祖籍": ("PER", "LOC"), "妻子/丈夫": ("PER", "PER"),
    "父亲/母亲": ("PER", "PER"),
}
LABELS = tuple(SLOTS)
#: Predicates that hold both ways: only pairs in text order are scored.
SYMMETRIC = frozenset({"妻子/丈夫"})
#: Distances in characters between two spans, bucketed (each order its own buckets).
DIST_EDGES = (0, 1, 2, 3, 4, 6, 9, 14, 20, 30, 45, 70)
N_DIST = 2 * len(DIST_EDGES) + 1
#: At most this many pairs go through the pair classifier at once (4,096 pairs
#: of 256-wide states: 20 MB of features).
PAIR_BATCH = 4096


def plain(text: str) -> str:
    """A text compared without a final 省/市 (as :mod:`kg.extract.duie` compares)."""
    return text[:-1] if len(text) > 2 and text[-1] in "省市" else text


@dataclass(frozen=True)
class Span:
    """A candidate subject or object: its characters ``start..end`` in the
    sentence, its kind (PER, ORG, LOC, DATE) and what kg calls it (an entity or
    time key, or None for a span only the tagger found)."""

    start: int
    end: int
    kind: str
    ref: str | None = None


@dataclass(frozen=True)
class Pair:
    """A scored pair: subject and object spans, predicate, probability."""

    subject: Span
    object: Span
    label: str
    score: float


def dist_code(s: Span, o: Span) -> int:
    """The distance code of a pair (1..N_DIST-1): characters between the spans,
    bucketed, plus an offset when the object comes first.

    >>> dist_code(Span(0, 2, "ORG"), Span(2, 4, "PER")), dist_code(Span(5, 7, "ORG"), Span(0, 2, "PER"))
    (1, 15)
    """
    after = o.start >= s.end
    gap = o.start - s.end if after else max(s.start - o.end, 0)
    bucket = sum(1 for e in DIST_EDGES[1:] if gap >= e)
    return 1 + bucket + (0 if after else len(DIST_EDGES))


def _fits(subject: str, obj: str, backwards: bool) -> np.ndarray:
    return np.array([1.0 if SLOTS[k] == (subject, obj) and not (k in SYMMETRIC and backwards)
                     else 0.0 for k in LABELS], dtype=np.float32)


#: :func:`allowed` by (subject kind, object kind, object first)
_FITS = {(a, b, back): _fits(a, b, back) for a in KINDS[1:] for b in KINDS[1:] for back in (False, True)}


def allowed(s: Span, o: Span) -> np.ndarray:
    """1.0 for each predicate the kinds of ``s`` and ``o`` fit, else 0.0."""
    fits = _FITS.get((s.kind, o.kind, o.start < s.start))
    return fits.copy() if fits is not None else _fits(s.kind, o.kind, o.start < s.start)


def candidate_pairs(spans: list[Span]) -> list[tuple[Span, Span]]:
    """Ordered pairs of distinct, non-overlapping spans whose kinds fit some predicate."""
    out = []
    for s in spans:
        for o in spans:
            if s.start < o.end and o.start < s.end:
                continue
            fits = _FITS.get((s.kind, o.kind, o.start < s.start))
            if fits.any() if fits is not None else allowed(s, o).any():
                out.append((s, o))
    return out


def pair_features(states: np.ndarray, pairs: list[tuple[Span, Span]]) -> tuple[np.ndarray, np.ndarray]:
    """The pair classifier's inputs: ``(P, 5 * width)`` float32 — the states at
    the subject's first and last character, the object's, and their mean
    between the two spans (zeros when adjacent) — and ``(P, 3)`` int64 codes
    (subject kind, object kind, distance code)."""
    width = states.shape[1]
    vec = np.zeros((len(pairs), 5 * width), dtype=np.float32)
    codes = np.zeros((len(pairs), 3), dtype=np.int64)
    if not pairs:
        return vec, codes
    ends = np.array([(s.start, s.end - 1, o.start, o.end - 1) for s, o in pairs])
    for k in range(4):
        vec[:, k * width:(k + 1) * width] = states[ends[:, k]]
    means: dict[tuple[int, int], np.ndarray] = {}  # a span between two names serves both orders
    for i, (s, o) in enumerate(pairs):
        a, b = (s.end, o.start) if s.end <= o.start else (o.end, s.start)
        if b > a:
            if (a, b) not in means:
                total = np.add.reduce(states[a:b], axis=0)  # np.mean's own sum and division, bit for bit
                means[a, b] = np.true_divide(total, np.intp(b - a), out=total, casting="unsafe")
            vec[i, 4 * width:] = means[a, b]
        codes[i] = (KINDS.index(s.kind), KINDS.index(o.kind), dist_code(s, o))
    return vec, codes


class RelationModel:
    """The encoder and pair classifier of a model directory, with their thresholds."""

    def __init__(self, directory: str | Path | None = None, analyzer=None):
        self.directory = Path(directory) if directory else data_path("models")
        missing = [n for n in MODEL_FILES if not (self.directory / n).is_file()]
        if missing:
            raise ModelError(f"relation model in {str(self.directory)!r} lacks {', '.join(missing)}; "
                             "make it with `kg train relations`, or build with `--relations rules`")
        try:
            import onnxruntime as ort

            meta = json.loads((self.directory / MODEL_FILES[0]).read_text(encoding="utf-8"))
            self.meta = meta
            if tuple(meta["labels"]) != LABELS:
                raise ModelError(f"relation model in {str(self.directory)!r} predicts {meta['labels']}, "
                                 "not this kg's predicates; remake it with `kg train relations`")
            self.head = Head(meta["tagger"])
            self.thresholds = np.array([meta["thresholds"][k] for k in LABELS])
            options = session_options(ort)
            self.encoder = ort.InferenceSession(str(self.directory / MODEL_FILES[1]), options,
                                                providers=["CPUExecutionProvider"])
            self.pair_net = ort.InferenceSession(str(self.directory / MODEL_FILES[2]), options,
                                                 providers=["CPUExecutionProvider"])
        except ModelError:
            raise
        except Exception as exc:  # OSError, ValueError, KeyError, onnxruntime's own errors
            raise ModelError(f"relation model in {str(self.directory)!r} cannot be read ({exc}); "
                             "remake it with `kg train relations`") from exc
        #: what the encoder reads besides the characters: LAC's analysis or the fast tagger's states
        self.reads = meta.get("reads", "lac")
        self.features = reader_features(meta, analyzer)

    def encode(self, texts: list[str], owners: list | None = None) -> list[tuple[list[Span], np.ndarray]]:
        """Per text: the spans the tagger marks, and the encoder's states
        ``(len, width)`` (``owners``: each text's document; the networks read
        each document's texts apart, the decoding runs over all at once)."""
        feats = read_features(self.features, texts, owners)
        out: list = [None] * len(texts)
        ems: list = [np.zeros((0, len(self.head.tags)))] * len(texts)
        hiddens: list = [np.zeros((0, 0), dtype=np.float32)] * len(texts)
        for group in length_groups([len(t) for t in texts], BATCH_CHARS, owners):
            n = max(len(texts[i]) for i in group)
            ids = np.zeros((len(group), n, feats[group[0]][0].shape[1]), dtype=np.int64)
            states = np.zeros((len(group), n, feats[group[0]][1].shape[1]), dtype=np.float32)
            for row, i in enumerate(group):
                ids[row, :len(texts[i])], states[row, :len(texts[i])] = feats[i]
            lengths = np.array([len(texts[i]) for i in group], dtype=np.int64)
            tags, hidden = self.encoder.run(None, {"ids": ids, "marks": states, "lengths": lengths})
            for row, i in enumerate(group):
                ems[i] = tags[row, :len(texts[i])].astype(np.float64)
                hiddens[i] = hidden[row, :len(texts[i])]
        # all texts decoded together: the steps of the longest, not of each batch's longest
        paths = viterbi_many(ems, self.head.transitions, self.head.start, self.head.end)
        for i, path in enumerate(paths):
            found = [Span(a, b, kind) for kind, a, b in bio_spans([self.head.tags[j] for j in path])]
            out[i] = (found, hiddens[i])
        return out

    def score(self, states: np.ndarray, pairs: list[tuple[Span, Span]]) -> np.ndarray:
        """``(P, len(LABELS))`` probabilities, zero where the kinds do not fit."""
        if not pairs:
            return np.zeros((0, len(LABELS)))
        vec, codes = pair_features(states, pairs)
        probs = self.pair_net.run(None, {"pairs": vec, "codes": codes})[0]
        return probs * np.stack([allowed(s, o) for s, o in pairs])

    def _classify(self, states: list[np.ndarray], pairs: list[list[tuple[Span, Span]]]) -> np.ndarray:
        """``(P, len(LABELS))`` probabilities of every text's pairs, in order,
        zero where the kinds do not fit.  The classifier's rows are independent,
        so it runs over the pairs of several texts at once, but over at most
        :data:`PAIR_BATCH` of them: a sentence listing hundreds of names (a
        committee, a list of delegates) has hundreds of thousands of pairs,
        whose features would otherwise take gigabytes at once."""
        out, part, rows = [], [], 0

        def run():
            vec = np.concatenate([v for v, _ in part])
            probs = self.pair_net.run(None, {"pairs": vec, "codes": np.concatenate([c for _, c in part])})[0]
            out.append(probs)

        for text_states, candidates in zip(states, pairs):
            for at in range(0, len(candidates), PAIR_BATCH):
                chunk = candidates[at:at + PAIR_BATCH]
                part.append(pair_features(text_states, chunk))
                rows += len(chunk)
                if rows >= PAIR_BATCH:
                    run()
                    part, rows = [], 0
        if part:
            run()
        if not out:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return np.concatenate(out) * np.stack([allowed(s, o) for p in pairs for s, o in p])

    def predict(self, texts: list[str], known: list[list[Span]] | None = None) -> list[list[Pair]]:
        """The triples of each text (a sentence): candidates are the tagger's spans
        and ``known`` (kg's mentions of each text, with their keys); a span both
        found keeps the tagger's kind and kg's key."""
        return [found for _, found in self.read(texts, known)]

    def read(self, texts: list[str], known: list[list[Span]] | None = None,
             owners: list | None = None) -> list[tuple[tuple[Span, ...], list[Pair]]]:
        """Per text, the tagger's spans and :meth:`predict`'s triples (for
        :func:`stored_pairs`, with other keys for the same spans); ``owners``:
        each text's document (texts of one document consecutive), whose
        texts the networks read apart from the others'."""
        encoded = self.encode(texts, owners)
        pairs = [candidate_pairs(merge_spans(tagged, known[t] if known else []))
                 for t, (tagged, _) in enumerate(encoded)]
        probs = np.concatenate([self._classify([states for _, states in encoded[a:b]], pairs[a:b])
                                for a, b in owner_runs(owners, len(texts))] or [np.zeros((0, len(LABELS)))])
        out, at = [], 0
        for (tagged, _), candidates in zip(encoded, pairs):
            found = []
            for (s, o), row in zip(candidates, probs[at:at + len(candidates)]):
                for k in np.flatnonzero(row >= self.thresholds):
                    found.append(Pair(s, o, LABELS[k], float(row[k])))
            at += len(candidates)
            out.append((tuple(tagged), found))
        return out


def merge_spans(tagged: list[Span], known: list[Span]) -> list[Span]:
    """The tagger's spans and kg's, one per position: a position both found
    keeps the tagger's kind (DATE: kg's) and kg's key."""
    by_pos = {(s.start, s.end): s for s in known}
    out = {}
    for s in tagged:
        k = by_pos.get((s.start, s.end))
        out[(s.start, s.end)] = Span(s.start, s.end, s.kind, k.ref if k else None)
    for pos, s in by_pos.items():
        out.setdefault(pos, s)
    return [out[p] for p in sorted(out)]


def stored_pairs(tagged: tuple[Span, ...], scored: tuple[Span, ...], found: tuple[Pair, ...],
                 known: list[Span]) -> list[Pair] | None:
    """:meth:`RelationModel.predict`'s triples of a sentence with the spans
    ``known`` now, from those found before (``found``, among the candidates
    ``scored``: the tagger's spans ``tagged`` merged with kg's spans then):
    the same pairs, with the keys of ``known``.  None when a candidate is new
    (a position, or a kind at a position, not scored then): the sentence must
    be read again.  A pair's score depends only on its spans' positions and
    kinds, so where every candidate was scored the answer is the same."""
    spans = merge_spans(list(tagged), known)
    was = {(s.start, s.end, s.kind) for s in scored}
    now = {(s.start, s.end, s.kind): s for s in spans}
    if not now.keys() <= was:
        return None
    out = []
    for pair in found:
        s = now.get((pair.subject.start, pair.subject.end, pair.subject.kind))
        o = now.get((pair.object.start, pair.object.end, pair.object.kind))
        if s is not None and o is not None:
            out.append(Pair(s, o, pair.label, pair.score))
    return out


@lru_cache(maxsize=2)
def load_relation_model(reads: str = "lac") -> RelationModel:
    """The packaged relation model (loaded once): the one reading LAC's
    analysis, or (``reads`` ``fast``) the one reading the fast tagger's states."""
    from kg.extract.fast_reading import packaged_readers

    return RelationModel(packaged_readers(reads))
