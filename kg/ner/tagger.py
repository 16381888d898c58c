"""The NER tagger: networks and CRFs over one analysis, plus boundary rules.

The models share one analysis per sentence (:class:`kg.ner.features.Featurizer`:
segmentation, lattice, gazetteer and, for the models that read them, LAC's
tags and states -- :mod:`kg.ner.lac`):

* the base models (MSRA, SIGHAN 2006) find PER, ORG and LOC: by default the
  packaged BiLSTM-CRF networks (:mod:`kg.ner.neural`), combined as a product
  of experts (a CRF can be added); ``fast``: a lean convolutional network
  that reads no segmentation and no LAC (:mod:`kg.ner.lean`), else the base
  CRF;
* the fine model (CLUENER2020) refines ORG into GOV / COMPANY and adds
  position titles (TITLE) where the base model found nothing.

Traditional Chinese input is tagged on a same-length simplified copy, so
offsets and mention texts always refer to the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from kg.errors import ModelError
from kg.model import Mention
from kg.ner.bio import spans_from_tags
from kg.ner.decoding import owner_runs
from kg.ner.features import Featurizer
from kg.ner.lexicon_marks import MATRIX_SLOTS
from kg.ner.anchored import complete_organizations, names_before_titles, propagate_names
from kg.ner.postrules import apply_rules, strip_punct
from kg.ner.traditional import is_traditional, to_simplified
from kg.resources import data_path, load_lines

__all__ = ["Tagger", "load_tagger", "BASE_MODEL", "NEURAL_GLOB", "packaged_networks", "FINE_MODEL",
           "FAST_NETWORK", "split_chunks"]

BASE_MODEL = ("models", "ner-msra.crfsuite")
#: The packaged networks (combined with each other): every models/ner-bilstm-*.onnx.
NEURAL_GLOB = "ner-bilstm-*.onnx"
FINE_MODEL = ("models", "ner-cluener.crfsuite")
#: The fast tagger's lean network (``kg ner --fast``; :mod:`kg.ner.lean`).
FAST_NETWORK = ("models", "ner-cnn-msra-fast.onnx")

# Chunks for tagging: sentences (ending in 。！？；… or a line break).
_CHUNK = re.compile(r"[^\n。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^\n]+")
_MAX_CHUNK = 400
# Sentences are tagged in slices of about this many characters (bounds memory).
_SLICE_CHARS = 20_000
#: Tags of an organization's characters (BIO and BIOES)
_ORG_TAGS = frozenset(f"{b}-ORG" for b in "BIMES")
# CRF marginals below this count as this when combined with a network
_FLOOR_P = 1e-6


def split_chunks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentence-like chunks of ``text`` (no newlines).

    >>> split_chunks("甲说。乙笑！\\n丙")
    [(0, 3), (3, 6), (7, 8)]
    """
    out = []
    for match in _CHUNK.finditer(text):
        start, end = match.span()
        while end - start > _MAX_CHUNK:  # very long runs: cut at a comma if possible
            cut = text.rfind("，", start, start + _MAX_CHUNK)
            cut = cut + 1 if cut > start else start + _MAX_CHUNK
            out.append((start, cut))
            start = cut
        if text[start:end].strip():
            out.append((start, end))
    return out


def _slices(lengths: list[int], budget: int) -> list[tuple[int, int]]:
    """``(first, last)`` index ranges of consecutive items of about ``budget`` total length.

    >>> _slices([5, 5, 5, 20, 1], 10)
    [(0, 2), (2, 3), (3, 4), (4, 5)]
    """
    out, first, total = [], 0, 0
    for i, n in enumerate(lengths):
        if total and total + n > budget:
            out.append((first, i))
            first, total = i, 0
        total += n
    if first < len(lengths):
        out.append((first, len(lengths)))
    return out


def _text_slices(owners: list[int], lengths: list[int], budget: int) -> list[tuple[int, int]]:
    """:func:`_slices` of the chunks (``owners``: each one's text), cut only
    between texts, except inside a text longer than ``budget``, which is cut
    as it would be alone.

    >>> _text_slices([0, 0, 1, 1, 2], [4, 4, 4, 4, 4], 10)
    [(0, 2), (2, 4), (4, 5)]
    >>> _text_slices([0, 1, 1, 1, 2], [2, 6, 6, 6, 2], 10)
    [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    """
    texts = []  # (first, last, length) of each text's chunks
    for i, (owner, n) in enumerate(zip(owners, lengths)):
        if texts and owners[texts[-1][0]] == owner:
            texts[-1][1:] = [i + 1, texts[-1][2] + n]
        else:
            texts.append([i, i + 1, n])
    out: list[tuple[int, int]] = []
    size, joinable = 0, False  # characters in out[-1]; whether it may take more whole texts
    for first, last, total in texts:
        if total > budget:
            out.extend((first + a, first + b) for a, b in _slices(lengths[first:last], budget))
            joinable = False
        elif joinable and size + total <= budget:
            out[-1], size = (out[-1][0], last), size + total
        else:
            out.append((first, last))
            size, joinable = total, True
    return out


def crf_reads_lac(path: Path) -> bool:
    """True if the CRF model at ``path`` was trained with LAC features: its
    attribute strings (stored length-prefixed and NUL-terminated) include
    ``L0=`` with the tag of punctuation or of a noun, which every training
    text has."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    return any(b"\x00L0=" + tag + b"\x00" in data for tag in (b"w-B", b"n-B"))


def _open_model(path: Path):
    import pycrfsuite

    if not path.is_file():
        raise ModelError(
            f"NER model {str(path)!r} does not exist; give --model a .crfsuite file "
            "made by `kg train ner`, or reinstall kg for the packaged model"
        )
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except Exception as exc:  # pycrfsuite raises ValueError/OSError
        raise ModelError(
            f"NER model {str(path)!r} cannot be read ({exc}); retrain it with `kg train ner`"
        ) from exc
    return tagger


class Tagger:
    """Tags Chinese text with PER, ORG, GOV, COMPANY, LOC and TITLE mentions.

    ``model_path`` is the base model: one or more neural networks (``.onnx``,
    see :mod:`kg.ner.neural`) or one CRF (``.crfsuite``).  Networks can be
    combined with each other and with a CRF (``crf_path``): their emission
    and transition scores and the CRF's log-marginals are added before
    decoding (a product of experts).  The fine labels come from the
    networks' second output layers when they have them, else from the CRF
    ``fine_model_path`` (if given).
    """

    def __init__(self, model_path: str | Path | Sequence[str | Path],
                 fine_model_path: str | Path | None = None,
                 featurizer: Featurizer | None = None, *, crf_path: str | Path | None = None):
        paths = [Path(model_path)] if isinstance(model_path, (str, Path)) else [Path(p) for p in model_path]
        if not paths:
            raise ModelError("no NER model given; give a .onnx or .crfsuite file")
        self.model_path = paths[0]
        self.featurizer = featurizer or Featurizer()
        self._networks: list = []
        self._base = self._fine = self._base_head = self._fine_head = None
        self._crf_path: Path | None = None
        if all(p.suffix == ".onnx" for p in paths):
            from kg.ner.decoding import Head
            from kg.ner.neural import NeuralModel

            self._networks = [NeuralModel(p, self.featurizer) for p in paths]
            self._base_head = Head.sum([n.heads[0] for n in self._networks])
            fine_heads = [n.heads[1] for n in self._networks if n.has_fine]
            self._fine_head = Head.sum(fine_heads) if fine_heads else None
            if crf_path:
                self._crf_path = Path(crf_path)
                self._base = _open_model(self._crf_path)
        elif len(paths) == 1:
            self._base = _open_model(self.model_path)
        else:
            raise ModelError("only networks (.onnx) can be combined; give one .crfsuite model")
        if self._networks and self._fine_head is not None:
            fine_model_path = None
        self.fine_model_path = Path(fine_model_path) if fine_model_path else None
        self._fine = _open_model(self.fine_model_path) if self.fine_model_path else None
        base_crf = self._crf_path if self._networks else self.model_path
        #: True if a model of this tagger reads LAC's tags (:mod:`kg.ner.lac`)
        self.reads_lac = (any(n.reads_lac for n in self._networks)
                          or base_crf is not None and crf_reads_lac(base_crf))
        if self.featurizer.lexical is None and self.reads_lac:
            from kg.ner.lac import require_lexical_analyzer

            self.featurizer.lexical = require_lexical_analyzer()
        if self._networks and all(n.lean for n in self._networks) and self._base is None and self._fine is None:
            self.featurizer.segment = False  # nothing reads the segmentation: skip it

    @property
    def networks(self) -> tuple:
        """The tagger's networks (:class:`kg.ner.neural.NeuralModel`; none for a CRF)."""
        return tuple(self._networks)

    # -- finding ---------------------------------------------------------
    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Sorted, non-overlapping ``(start, end, label)`` spans of ``text``."""
        return self.spans_many([text])[0]

    def spans_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """:meth:`spans` of each text, their sentences tagged in batches.

        The texts are taken in slices of about :data:`_SLICE_CHARS`
        characters, whole texts together (a longer text is sliced alone);
        the networks' batches never mix sentences of two texts, so each
        text's scores are those of tagging it alone, and the decoding runs
        over the slice at once (each sentence's path is its own: the same
        as alone, in fewer steps)."""
        sources = [to_simplified(t) if is_traditional(t) else t for t in texts]
        owners, chunks = [], []
        for k, source in enumerate(sources):
            for start, end in split_chunks(source):
                owners.append(k)
                chunks.append((start, source[start:end]))
        tagged = []
        for n, (first, last) in enumerate(_text_slices(owners, [len(chunk) for _, chunk in chunks], _SLICE_CHARS)):
            part, part_owners = [chunk for _, chunk in chunks[first:last]], owners[first:last]
            analyses = [a for x, y in owner_runs(part_owners, len(part)) for a in self.featurizer.analyze_many(part[x:y])]
            tagged.extend(self._tag_chunks(part, analyses, part_owners, keep="replace" if n == 0 else "add"))
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for k, (start, chunk), (base, fine) in zip(owners, chunks, tagged):
            base = apply_rules(chunk, spans_from_tags(base))
            if fine:  # combine reads only the fine ORG/GOV/COMPANY and TITLE spans: of the
                # rules, only the punctuation one touches those
                fine_spans = (strip_punct(chunk, s) for s in spans_from_tags(fine))
                base = combine(base, [s for s in fine_spans if s is not None], chunk)
            found[k].extend((start + s, start + e, label) for s, e, label in base)
        out = []
        for source, spans in zip(sources, found):
            spans = complete_organizations(source, spans)
            out.append(propagate_names(source, names_before_titles(source, spans)))
        return out

    def fine_spans(self, text: str) -> list[tuple[int, int, str]]:
        """The fine model's own spans (PER, ORG, GOV, COMPANY, TITLE, LOC) of
        ``text``, with the boundary rules but not merged with the base model:
        for scoring the fine layer on CLUENER data."""
        import pycrfsuite

        source = to_simplified(text) if is_traditional(text) else text
        chunks = split_chunks(source)
        texts = [source[start:end] for start, end in chunks]
        analyses = self.featurizer.analyze_many(texts)
        if self._networks and self._fine_head is not None:
            scores = [n.scores(texts, analyses) for n in self._networks if n.has_fine]
            tags = self._fine_head.decode([sum(s[1][i] for s in scores) for i in range(len(texts))])
        elif self._fine is not None:
            tags = [self._fine.tag(pycrfsuite.ItemSequence(self.featurizer.features(chunk, a)))
                    for chunk, a in zip(texts, analyses)]
        else:
            raise ModelError("this tagger has no fine model; give --fine-model or a network with one")
        out = []
        for (start, _), chunk, chunk_tags in zip(chunks, texts, tags):
            out.extend((start + s, start + e, label)
                       for s, e, label in apply_rules(chunk, spans_from_tags(chunk_tags)))
        return out

    def _tag_chunks(self, texts: list[str], analyses: list, owners: list[int] | None = None, keep: str = "replace"):
        """Per chunk, ``(base tags, fine tags)``; fine tags are empty where
        the fine model was not needed.  ``owners``: each chunk's text (the
        networks batch only chunks of the same text); ``keep``: whether the
        networks' states replace those kept from the last call or join them
        (:meth:`kg.ner.neural.NeuralModel.scores`).

        The fine model only refines ORG spans and finds titles, which
        (almost) always end in a title word: it runs only on chunks with an
        ORG tag or a title-word mark.
        """
        import pycrfsuite

        def needs_fine(i: int, tags: list[str]) -> bool:
            if not _ORG_TAGS.isdisjoint(tags):
                return True
            if analyses[i].marks is None:  # marks as a matrix (Featurizer(segment=False))
                return bool(analyses[i].gazetteer[:, MATRIX_SLOTS["TTL=E"]].any())
            return any("TTL=E" in m for m in analyses[i].marks)

        items = [None] * len(texts)

        def crf_items(i: int):
            if items[i] is None:
                items[i] = pycrfsuite.ItemSequence(self.featurizer.features(texts[i], analyses[i]))
            return items[i]

        if self._networks:
            scores = [n.scores(texts, analyses, owners=owners, keep=keep) for n in self._networks]
            base_em = [sum(s[0][i] for s in scores) for i in range(len(texts))]
            if self._base is not None:
                for i, chunk in enumerate(texts):
                    base_em[i] = base_em[i] + self._crf_log_marginals(crf_items(i), len(chunk))
            base_tags = self._base_head.decode(base_em)
        else:
            base_tags = [self._base.tag(crf_items(i)) for i in range(len(texts))]
        fine_tags: list[list[str]] = [[] for _ in texts]
        wanted = [i for i in range(len(texts)) if needs_fine(i, base_tags[i])]
        if self._networks and self._fine_head is not None:
            fine_em = [sum(s[1][i] for s in scores if len(s) > 1) for i in wanted]
            for i, tags in zip(wanted, self._fine_head.decode(fine_em)):
                fine_tags[i] = tags
        elif self._fine is not None:
            for i in wanted:  # features only for the chunks the fine CRF reads
                fine_tags[i] = self._fine.tag(crf_items(i))
        return list(zip(base_tags, fine_tags))

    def _crf_log_marginals(self, items, length: int):
        """``(length, K)`` log-marginals of the CRF, in the networks' tag order."""
        import numpy as np

        crf = self._base
        crf.set(items)
        labels = set(crf.labels())
        tags = self._base_head.tags
        out = np.zeros((length, len(tags)))
        for k, tag in enumerate(tags):
            if tag in labels:
                out[:, k] = [crf.marginal(tag, i) for i in range(length)]
        return np.log(np.maximum(out, _FLOOR_P))

    # -- annotating ------------------------------------------------------
    def tag(self, text: str) -> list[Mention]:
        """Mentions of ``text``, sorted, with offsets into ``text``."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: list[str]) -> list[list[Mention]]:
        """:meth:`tag` of each text, their sentences tagged in batches."""
        return [[Mention(s, e, label, text[s:e], source="ner") for s, e, label in spans]
                for text, spans in zip(texts, self.spans_many(texts))]


@lru_cache(maxsize=1)
def _title_heads() -> tuple[str, ...]:
    words = set(load_lines("lexicons", "titles.txt")) | set(load_lines("lexicons", "title_heads.txt"))
    return tuple(sorted(words))


def combine(base, fine, chunk_text: str):
    """Refine base ORG spans with the fine model's GOV/COMPANY; add its TITLEs.

    A TITLE is kept only if it ends in a title word (``titles.txt``,
    ``title_heads.txt``); one overlapping a base span keeps only its part
    after that span (国务院总理 next to ORG 国务院 -> TITLE 总理).
    """
    out = []
    for start, end, label in base:
        if label == "ORG":
            best, overlap = None, 0
            for fs, fe, fl in fine:
                o = min(end, fe) - max(start, fs)
                if o > overlap and fl in ("GOV", "COMPANY", "ORG"):
                    best, overlap = fl, o
            if best and overlap * 2 >= end - start:
                label = best
        out.append((start, end, label))
    heads = _title_heads()
    for fs, fe, fl in fine:
        if fl != "TITLE":
            continue
        for start, end, _ in base:
            if start < fe and fs < end:
                if start <= fs and fe <= end:  # inside a base span: drop
                    fs = fe
                    break
                if end < fe:  # runs past the base span: keep what follows it
                    fs = end
                else:  # ends inside it: keep what precedes it
                    fe = start
        if fe > fs and chunk_text[fs:fe].endswith(heads):
            out.append((fs, fe, "TITLE"))
    out.sort()
    return out


@lru_cache(maxsize=8)
def _cached(models: tuple[str, ...], fine: str | None, crf: str | None) -> Tagger:
    return Tagger(list(models), fine, crf_path=crf)


def _packaged(name: tuple[str, str]) -> str | None:
    path = data_path(*name)
    return str(path) if path.is_file() else None


def packaged_networks() -> list[str]:
    """Paths of the networks shipped in ``kg/data/models`` (may be none)."""
    folder = data_path("models")
    return sorted(str(p) for p in folder.glob(NEURAL_GLOB)) if folder.is_dir() else []


def load_tagger(model_path: str | Sequence[str] | None = None,
                fine_model_path: str | None = "default",
                crf_path: str | None = None, fast: bool = False) -> Tagger:
    """The tagger for ``model_path`` (one path or several networks), cached.

    By default: the packaged networks combined with each other (the most
    accurate), or the packaged base CRF alone if no network is installed.
    ``fast``: the packaged lean network (:data:`FAST_NETWORK`: convolutions
    over characters, hashed bigrams and gazetteer marks, with its own
    GOV/COMPANY/TITLE layer; no LAC, no segmentation), or the packaged CRF
    models if it is not installed.  ``crf_path``: a CRF whose log-marginals are added to the
    networks' scores (``None``: none).  ``fine_model_path``: the CRF
    GOV/COMPANY/TITLE model used when the base model has no fine layer
    (``"default"``: the packaged one; ``None``: none).
    """
    if isinstance(model_path, (str, Path)):
        model_path = [str(model_path)]
    models = [str(m) for m in model_path or ()]
    if fast:
        models, crf_path = models or [_packaged(FAST_NETWORK) or str(data_path(*BASE_MODEL))], None
    models = models or packaged_networks() or [str(data_path(*BASE_MODEL))]
    if not all(m.endswith(".onnx") for m in models):
        crf_path = None
    if fine_model_path == "default":
        fine_model_path = _packaged(FINE_MODEL)
    return _cached(tuple(models), fine_model_path, crf_path)
