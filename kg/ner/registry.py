"""The one registry of name taggers: ``kg build --tagger`` kinds to tagger objects.

Every tagger has ``tag(text) -> list[Mention]``.  ``ner`` (LAC and the two
networks combined, the default), ``fast`` (the lean network), ``crf`` (a CRF
alone), ``jieba`` (jieba's POS tags, a baseline); ``model`` files (``kg build
--model``) replace the packaged ones of ``ner``.
"""

from __future__ import annotations

from kg.errors import ModelError

__all__ = ["TAGGER_KINDS", "tagger_for"]

#: The kinds ``kg build --tagger`` and ``kg ner`` offer.
TAGGER_KINDS = ("ner", "fast", "crf", "jieba")


def tagger_for(kind: str, model: tuple = ()):
    """The tagger of ``kind``, loaded once per process (the loaders cache)."""
    from kg.ner.tagger import BASE_MODEL, load_tagger

    if kind not in TAGGER_KINDS:
        raise ModelError(f"unknown tagger {kind!r}; use one of {', '.join(TAGGER_KINDS)}")
    if model:
        return load_tagger(list(model))
    if kind == "jieba":
        from kg.ner.jieba_tagger import JiebaTagger

        return JiebaTagger()
    if kind == "crf":
        from kg.resources import data_path

        return load_tagger(str(data_path(*BASE_MODEL)))
    return load_tagger(fast=kind == "fast")
