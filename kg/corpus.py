"""Building one graph from many documents, on one core, several or a cluster.

The pipeline (:mod:`kg.pipeline`) is cut into *segments*: runs of
per-document stages, which go to an executor (:mod:`kg.executors`) in
batches of documents, and corpus stages (cross-document resolution).  A
corpus build keeps no document in memory: after the first segment each
document goes to a document cache on disk (:mod:`kg.document_cache`) and
only a summary of its entities stays; the corpus stage decides from the
summaries, and the workers apply the decision as they run the last segment,
which also turns each document into the text of its named graph
(:mod:`kg.rdf.stream`).  The graph file is streamed, document by document in
graph-IRI order, without one in-memory graph.  What is
written depends only on the input and the options, never on the executor or
the batching: ``--workers 1``, ``--workers 4`` and a Dask cluster write
byte-identical files.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from kg import __version__
from kg.model import Document
from kg.pipeline import run_block

__all__ = ["BuildOptions", "DocumentOutput", "StageTimes", "Segments", "batches", "run_segment",
           "finish_segment", "graph_iri", "documents_in_graph_order", "CONTENT_HASH"]

#: ``Document.meta`` key of the document's content hash (:func:`kg.document_cache.content_hash`).
CONTENT_HASH = "content_hash"

#: Characters per batch of documents sent to a worker (fewer when the corpus is small).
BATCH_CHARS = 40_000
#: At most this many documents per batch.
BATCH_DOCS = 100


@dataclass(frozen=True)
class BuildOptions:
    """What the pipeline is built from; picklable, so it travels to workers."""

    tagger: str = "ner"
    aliases: object = None  # kg.extract.aliases.AliasRules, or None for the packaged aliases
    events: str = "model"
    relations: str = "model"
    lexicons: object = None  # kg.lexicons.LexiconSet: the user's entries (kg build --lexicon), or None
    model: object = None  # kg.ner.model_files.ModelFiles: the NER model files (kg build --model), or None

    def key(self) -> str:
        """A short digest of everything that changes what the pipeline extracts."""
        rules = self.aliases
        alias_part = "" if rules is None else repr((sorted(rules.same.items()), sorted(rules.distinct)))
        if rules is not None and rules.kinds:
            alias_part += repr(sorted(rules.kinds.items()))
        user = "".join(part.key for part in (self.lexicons, self.model) if part)
        parts = (__version__, self.tagger, self.events, self.relations, alias_part) + ((user,) if user else ())
        text = "\0".join(parts)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class DocumentOutput:
    """One finished document as the writer needs it: its graph's text per format."""

    doc_id: str
    graph: str
    chunks: dict
    triples: int
    entities: tuple[str, ...]
    events: int
    content_hash: str = ""
    document: Document | None = None


@dataclass
class StageTimes:
    """CPU seconds spent in each stage (summed over workers; the process's CPU time,
    so other load on the machine does not count) and the characters read."""

    seconds: dict = field(default_factory=lambda: defaultdict(float))
    chars: int = 0

    def add(self, other: dict) -> None:
        for name, seconds in other.items():
            self.seconds[name] += seconds

    def report(self) -> list[str]:
        """One line per stage: CPU seconds, share and characters per second of one core."""
        total = sum(self.seconds.values()) or 1e-9
        lines = [f"{'stage':<20} {'seconds':>9} {'share':>6} {'chars/s':>11}"]
        for name, seconds in self.seconds.items():
            rate = f"{self.chars / seconds:,.0f}" if seconds > 0 else "-"
            lines.append(f"{name:<20} {seconds:9.2f} {seconds / total:6.1%} {rate:>11}")
        lines.append(f"{'total':<20} {total:9.2f} {1:6.1%} {self.chars / total:>11,.0f}")
        return lines


class Segments:
    """The pipeline of ``options`` cut at its corpus stages; built once per process."""

    _cache: dict[str, "Segments"] = {}

    def __init__(self, options: BuildOptions):
        from kg.extract.stages import build_stages

        stages = build_stages(tagger=options.tagger, aliases=options.aliases, events=options.events,
                              relations=options.relations, lexicons=options.lexicons,
                              model=options.model.paths if options.model else ())
        self.parts: list = []
        for stage in stages:
            if getattr(stage, "corpus", False):
                self.parts.append(stage)
            elif self.parts and isinstance(self.parts[-1], list):
                self.parts[-1].append(stage)
            else:
                self.parts.append([stage])

    @classmethod
    def of(cls, options: BuildOptions) -> "Segments":
        key = options.key()
        if key not in cls._cache:
            cls._cache[key] = cls(options)
        return cls._cache[key]

    @property
    def last_block(self) -> int | None:
        """The index of the last per-document segment if the pipeline ends with one."""
        return len(self.parts) - 1 if self.parts and isinstance(self.parts[-1], list) else None

    @property
    def streams(self) -> bool:
        """Whether a corpus build can stream: per-document stages, one corpus stage
        that decides from summaries (``summary``/``decide``/``apply``), per-document stages."""
        return (len(self.parts) == 3 and isinstance(self.parts[0], list) and isinstance(self.parts[2], list)
                and all(hasattr(self.parts[1], name) for name in ("summary", "decide", "apply")))


def run_segment(options: BuildOptions, index: int, docs: list[Document]) -> tuple[list[Document], dict]:
    """Run per-document segment ``index`` over a batch (in a worker or here)."""
    times: dict = defaultdict(float)
    return run_block(Segments.of(options).parts[index], docs, times), dict(times)


def finish_segment(options: BuildOptions, index: int | None, docs: list[Document], formats: tuple[str, ...],
                   base: str, keep: bool, decision=None) -> tuple[list[DocumentOutput], dict]:
    """Apply the corpus stage's ``decision`` (if given; the corpus stage is the
    segment before ``index``), run the last per-document segment (if any) and
    write each document's graph text in ``formats``; ``keep`` also returns the
    documents themselves."""
    from kg.rdf.stream import document_chunk_counted

    times: dict = defaultdict(float)
    parts = Segments.of(options).parts
    if decision is not None:
        corpus = parts[index - 1]
        started = time.process_time()
        docs = [corpus.apply(doc, decision) for doc in docs]
        times[corpus.name] += time.process_time() - started
    if index is not None:
        docs = run_block(parts[index], docs, times)
    started = time.process_time()
    outputs = []
    for doc in docs:
        chunks, triples = {}, 0
        for fmt in formats:
            chunks[fmt], triples = document_chunk_counted(doc, fmt, base)
        outputs.append(DocumentOutput(doc.id, graph_iri(doc, base), chunks, triples,
                                      tuple(sorted({e.key for e in doc.entities})), len(doc.events),
                                      doc.meta.get(CONTENT_HASH, ""), doc if keep else None))
    times["write"] += time.process_time() - started
    return outputs, dict(times)


def graph_iri(doc: Document, base: str) -> str:
    from kg.rdf.iris import Iris

    return str(Iris(base).document(doc.id))


def documents_in_graph_order(docs: list[Document], base: str) -> list[Document]:
    """Documents sorted by their named graph's IRI: the order graph files list them in."""
    return sorted(docs, key=lambda doc: graph_iri(doc, base))


def batches(docs: list, workers: int, size: Callable = lambda doc: len(doc.text)) -> list[list]:
    """Consecutive documents in batches of about :data:`BATCH_CHARS` characters (fewer
    when that would leave a worker idle) and at most :data:`BATCH_DOCS` documents."""
    total = sum(size(doc) for doc in docs)
    target = max(1, min(BATCH_CHARS, total // max(1, workers * 4)))
    out, current, chars = [], [], 0
    for doc in docs:
        current.append(doc)
        chars += size(doc)
        if chars >= target or len(current) >= BATCH_DOCS:
            out.append(current)
            current, chars = [], 0
    if current:
        out.append(current)
    return out
