"""The extraction pipeline: named stages that each take and return a Document.

A stage is any callable ``Document -> Document`` with a ``name`` (and, if
it gains from seeing several documents at once, a ``many`` method doing the
same for a list); a corpus
stage (``corpus = True``) takes and returns the list of all documents, for
decisions that need every document at once (cross-document resolution).
Stages run in order; nothing flows backwards.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from kg.errors import KgError
from kg.io import InputText
from kg.model import Document

__all__ = ["Stage", "Pipeline", "default_pipeline", "extract_texts", "run_block"]


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class Pipeline:
    """An ordered list of stages."""

    stages: list = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run_one(self, doc: Document) -> Document:
        return self.run([doc])[0]

    def run(
        self, docs: Iterable[Document], progress: Callable[[Document], None] | None = None
    ) -> list[Document]:
        """Run every stage in order; ``progress`` is called once per document
        after the first run of per-document stages (the expensive part)."""
        out = list(docs)
        first_block = True
        i = 0
        while i < len(self.stages):
            if getattr(self.stages[i], "corpus", False):
                out = self.stages[i](out)
                i += 1
                continue
            block = []
            while i < len(self.stages) and not getattr(self.stages[i], "corpus", False):
                block.append(self.stages[i])
                i += 1
            out = run_block(block, out, each=progress if first_block else None)
            first_block = False
        return out


def run_block(block: list, docs: Iterable[Document], times: dict | None = None,
              each: Callable[[Document], None] | None = None) -> list[Document]:
    """Run the per-document stages of ``block`` over ``docs``: each document
    through the stages in turn, except that a stage with a ``many`` method
    (``many(docs) -> docs``, the same documents as one call each) takes all
    the documents at once, once each has been through the stages before it.
    ``times``: CPU seconds added per stage name; ``each``: called with each
    document once it is through all the stages."""
    from kg.extract.sliced import run_stage, run_stage_many

    times = {} if times is None else times
    docs = list(docs)
    at = 0
    while at < len(block):
        end = next((i for i in range(at, len(block)) if hasattr(block[i], "many")), len(block))
        last = end == len(block)
        done = []
        for doc in docs:
            for stage in block[at:end]:
                doc = run_stage(stage, doc, times)
            done.append(doc)
            if last and each is not None:
                each(doc)
        docs = done
        if not last:
            docs = run_stage_many(block[end], docs, times)
            if end + 1 == len(block) and each is not None:
                for doc in docs:
                    each(doc)
        at = end + 1
    return docs


def document_from_input(item: InputText, date: str | None = None) -> Document:
    return Document(id=item.doc_id, text=item.text, source=item.source, date=date)


def default_pipeline(tagger: str = "ner", aliases: str | None = None, events: str = "model",
                     relations: str = "model") -> Pipeline:
    """The standard kg pipeline.

    ``tagger`` is ``ner`` (LAC, the trained network and the CRF combined,
    :func:`kg.ner.load_tagger`), ``crf`` (a CRF alone, faster) or
    ``jieba`` (jieba's POS tags, a fast baseline); ``aliases`` a user alias file;
    ``events`` ``model`` (learned from DuEE) or ``rules`` (the trigger lexicon only);
    ``relations`` ``model`` (patterns plus the extractor learned from DuIE) or ``rules`` (patterns only).
    """
    from kg.extract.stages import build_stages

    return Pipeline(build_stages(tagger=tagger, aliases=aliases, events=events, relations=relations))


def extract_texts(texts: list[str], tagger: str = "ner", progress=None, relations: str = "rules",
                  model_dir: str | None = None, batch_size: int = 200) -> list:
    """Documents made from ``texts`` (one each) through kg's pipeline without its
    event stage, in batches; a text the pipeline fails on yields an empty document.
    ``relations`` ``model`` adds the learned relation extractor (the one in
    ``model_dir``, if given).  Used by ``kg relations --eval`` and by training."""
    from kg.extract.learned_relations import LearnedRelationStage
    from kg.extract.stages import build_stages

    stages = [s for s in build_stages(tagger=tagger, events="rules", relations="rules")
              if s.name not in ("events", "learned_relations")]
    if relations == "model":
        at = next(i for i, s in enumerate(stages) if s.name == "facts") + 1
        stages.insert(at, LearnedRelationStage("model", directory=model_dir,
                                               reads="fast" if tagger == "fast" else "lac"))
    pipeline = Pipeline(stages)
    docs = [Document(id=f"s{i}", text=t) for i, t in enumerate(texts)]
    out = []
    for at in range(0, len(docs), batch_size):
        batch = docs[at:at + batch_size]
        try:
            out += pipeline.run(batch)
        except KgError:
            for doc in batch:  # find the one that fails; keep the others
                try:
                    out += pipeline.run([doc])
                except KgError as exc:
                    print(f"warning: sentence {doc.id[1:]} skipped: {exc}", file=sys.stderr)
                    out.append(doc)
        if progress is not None:
            progress(len(batch))
    return out
