"""Library entry point: articles in, RDF dataset out."""

from __future__ import annotations

from typing import Callable

from rdflib import Dataset

from kg.io import collect_inputs, read_input
from kg.model import Document
from kg.pipeline import default_pipeline, document_from_input
from kg.rdf.iris import DEFAULT_BASE
from kg.rdf.writer import build_dataset

__all__ = ["extract", "build"]


def extract(
    inputs: list[str],
    tagger: str = "ner",
    aliases: str | None = None,
    date: str | None = None,
    events: str = "model",
    relations: str = "model",
    progress: Callable[[Document], None] | None = None,
) -> list[Document]:
    """Read the inputs (files, directories, ``-``) and run the pipeline.

    Every input is read and checked before any extraction starts, so a bad
    file fails fast.  ``events`` is ``model`` (the extractor learned from
    DuEE, with the trigger lexicon's finer classes) or ``rules`` (the trigger
    lexicon only: no model trained on DuEE's non-commercial data); ``relations``
    likewise: ``model`` adds the extractor learned from DuIE to the patterns, ``rules``
    uses the patterns only.
    """
    texts = [read_input(path) for path in collect_inputs(inputs)]
    seen: dict[str, int] = {}
    docs = []
    for item in texts:
        n = seen.get(item.doc_id, 0)
        seen[item.doc_id] = n + 1
        doc_id = item.doc_id if n == 0 else f"{item.doc_id}-{n + 1}"
        docs.append(document_from_input(item, date).with_(id=doc_id))
    pipeline = default_pipeline(tagger=tagger, aliases=aliases, events=events, relations=relations)
    return pipeline.run(docs, progress=progress)


def build(inputs: list[str], base: str = DEFAULT_BASE, **options) -> Dataset:
    """Articles -> an RDF dataset (one named graph per document)."""
    return build_dataset(extract(inputs, **options), base=base)
