"""The NER tagger: CRF models over character features, plus boundary rules.

Two CRF models share one feature extraction:

* the base model (MSRA, SIGHAN 2006) finds PER, ORG and LOC;
* the fine model (CLUENER2020) refines ORG into GOV / COMPANY and adds
  position titles (TITLE) where the base model found nothing.

Traditional Chinese input is tagged on a same-length simplified copy, so
offsets and mention texts always refer to the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.errors import ModelError
from kg.model import Mention
from kg.ner.bio import spans_from_tags
from kg.ner.features import Featurizer
from kg.ner.anchored import complete_organizations, names_before_titles, propagate_names
from kg.ner.postrules import apply_rules
from kg.ner.traditional import is_traditional, to_simplified
from kg.resources import data_path, load_lines

__all__ = ["Tagger", "load_tagger", "BASE_MODEL", "NEURAL_MODEL", "FINE_MODEL", "split_chunks"]

BASE_MODEL = ("models", "ner-msra.crfsuite")
NEURAL_MODEL = ("models", "ner-msra.onnx")
FINE_MODEL = ("models", "ner-cluener.crfsuite")

# Chunks for tagging: sentences (ending in 。！？；… or a line break).
_CHUNK = re.compile(r"[^\n。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^\n]+")
_MAX_CHUNK = 400
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

    ``model_path`` is the base model: a neural network (``.onnx``, see
    :mod:`kg.ner.neural`) or a CRF (``.crfsuite``).  A network can be
    combined with a CRF (``crf_path``): the CRF's log-marginals are added to
    the network's emission scores before decoding (a product of experts).
    The fine labels come from the network's second output layer when it has
    one, else from the CRF ``fine_model_path`` (if given).
    """

    def __init__(self, model_path: str | Path, fine_model_path: str | Path | None = None,
                 featurizer: Featurizer | None = None, *, crf_path: str | Path | None = None):
        self.model_path = Path(model_path)
        self.featurizer = featurizer or Featurizer()
        self._neural = self._base = self._fine = None
        if self.model_path.suffix == ".onnx":
            from kg.ner.neural import NeuralModel

            self._neural = NeuralModel(self.model_path, self.featurizer)
            if crf_path:
                self._base = _open_model(Path(crf_path))
        else:
            self._base = _open_model(self.model_path)
        if self._neural is not None and self._neural.has_fine:
            fine_model_path = None
        self.fine_model_path = Path(fine_model_path) if fine_model_path else None
        self._fine = _open_model(self.fine_model_path) if self.fine_model_path else None

    # -- finding ---------------------------------------------------------
    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Sorted, non-overlapping ``(start, end, label)`` spans of ``text``."""
        source = to_simplified(text) if is_traditional(text) else text
        chunks = split_chunks(source)
        texts = [source[start:end] for start, end in chunks]
        marks = [self.featurizer.gazetteer.marks(chunk) for chunk in texts]
        out: list[tuple[int, int, str]] = []
        for (start, _), (base, fine), chunk in zip(chunks, self._tag_chunks(texts, marks), texts):
            base = apply_rules(chunk, spans_from_tags(base))
            if fine:
                base = combine(base, apply_rules(chunk, spans_from_tags(fine)), chunk)
            out.extend((start + s, start + e, label) for s, e, label in base)
        out = complete_organizations(source, out)
        return propagate_names(source, names_before_titles(source, out))

    def _tag_chunks(self, texts: list[str], marks: list[list[list[str]]]):
        """Per chunk, ``(base tags, fine tags)``; fine tags are empty where
        the fine model was not needed.

        The fine model only refines ORG spans and finds titles, which
        (almost) always end in a title word: it runs only on chunks with an
        ORG tag or a title-word mark.
        """

        def needs_fine(i: int, tags: list[str]) -> bool:
            return any(t.endswith("-ORG") for t in tags) or any("TTL=E" in m for m in marks[i])

        import pycrfsuite

        if self._neural is not None:
            extra = None
            if self._base is not None:
                extra = [self._crf_log_marginals(pycrfsuite.ItemSequence(
                    self.featurizer.features(chunk, marks[i])), len(chunk))
                    for i, chunk in enumerate(texts)]
            base_tags, fine_tags = self._neural.tag_many(texts, marks, needs_fine, extra)
            if fine_tags is not None:
                return list(zip(base_tags, fine_tags))
        else:
            base_tags = None

        out = []
        for i, chunk in enumerate(texts):
            items = None
            if base_tags is None or self._fine is not None:
                items = pycrfsuite.ItemSequence(self.featurizer.features(chunk, marks[i]))
            base = base_tags[i] if base_tags is not None else self._base.tag(items)
            fine = self._fine.tag(items) if self._fine is not None and needs_fine(i, base) else []
            out.append((base, fine))
        return out

    def _crf_log_marginals(self, items, length: int):
        """``(length, K)`` log-marginals of the CRF, in the network's tag order."""
        import numpy as np

        crf = self._base
        crf.set(items)
        labels = set(crf.labels())
        out = np.zeros((length, len(self._neural.base_tags)))
        for k, tag in enumerate(self._neural.base_tags):
            if tag in labels:
                out[:, k] = [crf.marginal(tag, i) for i in range(length)]
        return np.log(np.maximum(out, _FLOOR_P))

    # -- annotating ------------------------------------------------------
    def tag(self, text: str) -> list[Mention]:
        """Mentions of ``text``, sorted, with offsets into ``text``."""
        return [Mention(s, e, label, text[s:e], source="ner") for s, e, label in self.spans(text)]


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
        if fe > fs and any(chunk_text[fs:fe].endswith(h) for h in heads):
            out.append((fs, fe, "TITLE"))
    out.sort()
    return out


@lru_cache(maxsize=8)
def _cached(model: str, fine: str | None, crf: str | None) -> Tagger:
    return Tagger(model, fine, crf_path=crf)


def _packaged(name: tuple[str, str]) -> str | None:
    path = data_path(*name)
    return str(path) if path.is_file() else None


def load_tagger(model_path: str | None = None, fine_model_path: str | None = "default",
                crf_path: str | None = "default", fast: bool = False) -> Tagger:
    """The tagger for ``model_path``, cached.

    By default: the packaged network combined with the packaged base CRF
    (the most accurate), or the packaged CRF alone if no network is
    installed.  ``fast``: the packaged CRF models only (about twice as fast).
    ``crf_path``: the CRF combined with a network (``"default"``: the
    packaged one; ``None``: none).  ``fine_model_path``: the CRF
    GOV/COMPANY/TITLE model used when the base model has no fine layer
    (``"default"``: the packaged one; ``None``: none).
    """
    if fast:
        model_path, crf_path = model_path or str(data_path(*BASE_MODEL)), None
    model_path = str(model_path or _packaged(NEURAL_MODEL) or data_path(*BASE_MODEL))
    if not model_path.endswith(".onnx"):
        crf_path = None
    elif crf_path == "default":
        crf_path = _packaged(BASE_MODEL)
    if fine_model_path == "default":
        fine_model_path = _packaged(FINE_MODEL)
    return _cached(model_path, fine_model_path, crf_path)
