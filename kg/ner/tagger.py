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

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from kg.errors import ModelError
from kg.model import Mention
from kg.ner.bio import spans_from_tags
from kg.ner.chunks import SLICE_CHARS, slices, split_chunks, text_slices
from kg.ner.decoding import owner_runs
from kg.ner.features import Featurizer
from kg.ner.lexicon_marks import MATRIX_SLOTS
from kg.ner.anchored import complete_organizations, names_before_titles, names_cut_by_words, propagate_names
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

#: Tags of an organization's characters (BIO and BIOES)
_ORG_TAGS = frozenset(f"{b}-ORG" for b in "BIMES")
# CRF marginals below this count as this when combined with a network
_FLOOR_P = 1e-6


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

    def spans_many(self, texts: list[str], apart: bool = False) -> list[list[tuple[int, int, str]]]:
        """:meth:`spans` of each text, their sentences tagged in batches (in
        slices of about :data:`kg.ner.chunks.SLICE_CHARS` characters).

        ``apart`` (documents, as a build tags them): the slices hold whole
        texts (a longer text is sliced as alone) and the networks' batches
        never mix sentences of two texts, so each text's scores are exactly
        those of tagging it alone, whatever texts come with it; only the
        decoding, whose paths do not depend on each other, runs over the
        slice at once.  Otherwise (many short texts: sentences to score)
        the batches mix texts, which runs faster; a float network's scores
        may then differ in their last bits with the company a text keeps."""
        sources = [to_simplified(t) if is_traditional(t) else t for t in texts]
        owners, chunks = [], []
        for k, source in enumerate(sources):
            for start, end in split_chunks(source):
                owners.append(k)
                chunks.append((start, source[start:end]))
        lengths = [len(chunk) for _, chunk in chunks]
        parts = text_slices(owners, lengths, SLICE_CHARS) if apart else slices(lengths, SLICE_CHARS)
        tagged = []
        for n, (first, last) in enumerate(parts):
            part = [chunk for _, chunk in chunks[first:last]]
            part_owners = owners[first:last] if apart else None
            analyses = [a for x, y in owner_runs(part_owners, len(part))
                        for a in self.featurizer.analyze_many(part[x:y])]
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
            out.append(propagate_names(source, names_cut_by_words(source, names_before_titles(source, spans))))
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

    def tag_many(self, texts: list[str], apart: bool = False) -> list[list[Mention]]:
        """:meth:`tag` of each text, their sentences tagged in batches (``apart``: as :meth:`spans_many`)."""
        return [[Mention(s, e, label, text[s:e], source="ner") for s, e, label in spans]
                for text, spans in zip(texts, self.spans_many(texts, apart))]


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
