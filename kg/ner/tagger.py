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

__all__ = ["Tagger", "load_tagger", "BASE_MODEL", "FINE_MODEL", "split_chunks"]

BASE_MODEL = ("models", "ner-msra.crfsuite")
FINE_MODEL = ("models", "ner-cluener.crfsuite")

# Chunks for tagging: sentences (ending in 。！？；… or a line break).
_CHUNK = re.compile(r"[^\n。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^\n]+")
_MAX_CHUNK = 400


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
    """Tags Chinese text with PER, ORG, GOV, COMPANY, LOC and TITLE mentions."""

    def __init__(self, model_path: str | Path, fine_model_path: str | Path | None = None,
                 featurizer: Featurizer | None = None):
        self.model_path = Path(model_path)
        self.fine_model_path = Path(fine_model_path) if fine_model_path else None
        self._base = _open_model(self.model_path)
        self._fine = _open_model(self.fine_model_path) if self.fine_model_path else None
        self.featurizer = featurizer or Featurizer()

    # -- finding ---------------------------------------------------------
    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Sorted, non-overlapping ``(start, end, label)`` spans of ``text``."""
        import pycrfsuite

        source = to_simplified(text) if is_traditional(text) else text
        out: list[tuple[int, int, str]] = []
        featurizer = self.featurizer
        for start, end in split_chunks(source):
            chunk = source[start:end]
            marks = featurizer.gazetteer.marks(chunk)
            items = pycrfsuite.ItemSequence(featurizer.features(chunk, marks))
            base = apply_rules(chunk, spans_from_tags(self._base.tag(items)))
            # the fine model only refines ORG spans and finds titles, which
            # (almost) always end in a title word: skip it elsewhere
            if self._fine is not None and (
                any(label == "ORG" for _, _, label in base) or any("TTL=E" in m for m in marks)
            ):
                fine = apply_rules(chunk, spans_from_tags(self._fine.tag(items)))
                base = combine(base, fine, chunk)
            out.extend((start + s, start + e, label) for s, e, label in base)
        out = complete_organizations(source, out)
        return propagate_names(source, names_before_titles(source, out))

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
def _cached(model: str | None, fine: str | None) -> Tagger:
    return Tagger(model or data_path(*BASE_MODEL), fine)


def load_tagger(model_path: str | None = None, fine_model_path: str | None = "default") -> Tagger:
    """The tagger for ``model_path`` (default: the packaged MSRA model), cached.

    ``fine_model_path`` is the GOV/COMPANY/TITLE model: ``"default"`` for the
    packaged one (if installed), or ``None`` for none.
    """
    if fine_model_path == "default":
        path = data_path(*FINE_MODEL)
        fine_model_path = str(path) if path.is_file() else None
    return _cached(str(model_path) if model_path else None, fine_model_path)
