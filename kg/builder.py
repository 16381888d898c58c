"""Running the pipeline: articles in, documents or a graph file (or store) out.

:func:`extract` and :func:`run_pipeline` return the documents; :func:`build`
an rdflib ``Dataset``; :func:`build_corpus` streams a graph file and/or fills
a store, on one core, several worker processes or a Dask cluster (see
:mod:`kg.corpus`).  The user-facing API is :mod:`kg.api` (``kg.build_text``,
``kg.build``, ``kg.load``).
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Callable, Iterator

from rdflib import Dataset

from kg.corpus import (CONTENT_HASH, BuildOptions, Segments, StageTimes, batches,
                       finish_segment, graph_iri, run_segment)
from kg.document_cache import DocumentCache, content_hash
from kg.errors import BuildError, InputError
from kg.executors import make_executor
from kg.io import MAX_CHARS, InputText, atomic_write, collect_inputs, is_json_lines, read_inputs
from kg.model import Document
from kg.rdf.iris import DEFAULT_BASE, Iris, check_base

__all__ = ["extract", "build", "build_corpus", "run_pipeline", "read_documents", "build_options", "store_ids",
           "BuildResult"]


def read_documents(inputs: list[str], date: str | None = None, max_chars: int = MAX_CHARS) -> list[Document]:
    """Read and check every input (files, directories, ``-``, JSON Lines) before any
    extraction; one document each, ids made unique in input order.  ``date``
    anchors the articles that carry no date of their own; an article over
    ``max_chars`` characters is refused."""
    docs, seen = [], {}
    for item in read_inputs(collect_inputs(list(inputs)), max_chars):
        docs.append(_document(item, date, seen))
    return docs


def _document(item: InputText, date: str | None, seen: dict) -> Document:
    n = seen.get(item.doc_id, 0)
    seen[item.doc_id] = n + 1
    doc_id = item.doc_id if n == 0 else f"{item.doc_id}-{n + 1}"
    return Document(id=doc_id, text=item.text, source=item.source, date=item.date or date)


def store_ids(docs: list[Document], stored: dict[str, str], base: str) -> list[Document]:
    """``docs`` with ids that keep apart files of one name in different folders
    across builds into one store.  ``stored`` maps the store's graph IRIs to
    their documents' source files.  A document whose source the store already
    holds takes that document's id (a re-build replaces it); one whose id is
    free, or held by a document of the same file (a JSON Lines file's other
    version of a line), keeps it; any other gets a short hash of its source
    path appended (``news-1a2b3c4d``).  Standard input and in-memory texts
    (sources in ``<>``) keep their ids, which hash their content."""
    import hashlib
    from urllib.parse import unquote

    iris = Iris(base)
    prefix = str(iris.document(""))
    by_source = {}
    for iri, source in sorted(stored.items()):
        rest = iri[len(prefix):] if iri.startswith(prefix) else ""
        if rest and "/" not in rest and "#" not in rest:
            by_source.setdefault(source, unquote(rest))
    held = {iri: _origin(source) for iri, source in stored.items()}
    used, out = set(), []
    for doc in docs:
        origin = _origin(doc.source)

        def taken(doc_id):
            return doc_id in used or held.get(str(iris.document(doc_id)), origin) != origin

        doc_id = doc.id
        if doc.source and not doc.source.startswith("<"):
            if origin == doc.source:  # a file's id came from its name: a JSON Lines line's did not
                doc_id = by_source.get(doc.source, doc_id)
            if taken(doc_id):
                doc_id = f"{doc_id}-{hashlib.sha1(doc.source.encode('utf-8')).hexdigest()[:8]}"
        n, unique = 1, doc_id
        while taken(unique):
            n += 1
            unique = f"{doc_id}-{n}"
        used.add(unique)
        out.append(doc if unique == doc.id else doc.with_(id=unique))
    return out


def _origin(source: str) -> str:
    """The file a document's source names: a JSON Lines file for ``path:line``."""
    path, _, line = source.rpartition(":")
    return path if line.isdigit() and is_json_lines(path) else source


def build_options(tagger: str = "ner", aliases=None, events: str = "model",
                  relations: str = "model", lexicons=None, model=None) -> BuildOptions:
    """The options of a build; ``aliases`` is an alias file's path, ``lexicons`` a
    directory of the user's lexicons or several (``kg build --lexicon``), ``model``
    NER model files (``kg build --model``): all read and checked here, once."""
    from kg.extract.aliases import AliasRules, load_alias_rules
    from kg.extract.user_lexicons import read_lexicons
    from kg.lexicons import LexiconSet
    from kg.ner.model_files import model_files

    rules = aliases if aliases is None or isinstance(aliases, AliasRules) else load_alias_rules(aliases)
    if lexicons is not None and not isinstance(lexicons, LexiconSet):
        lexicons = read_lexicons([lexicons] if isinstance(lexicons, (str, Path)) else lexicons) or None
    models = model_files(model)
    if models is not None and tagger != "ner":
        raise InputError(f"--model replaces the default tagger's model; leave out --tagger {tagger}")
    return BuildOptions(tagger=tagger, aliases=rules, events=events, relations=relations,
                        lexicons=lexicons or None, model=models)


def extract(inputs: list[str], tagger: str = "ner", aliases: str | None = None, date: str | None = None,
            events: str = "model", relations: str = "model") -> list[Document]:
    """Read the inputs (files, directories, ``-``, JSON Lines) and run the pipeline in this process.

    ``events`` is ``model`` (the extractor learned from DuEE, with the trigger
    lexicon's finer classes) or ``rules`` (the trigger lexicon only: no model
    trained on DuEE's non-commercial data); ``relations`` likewise: ``model``
    adds the extractor learned from DuIE to the patterns, ``rules`` uses the
    patterns only.
    """
    return run_pipeline(read_documents(inputs, date), build_options(tagger, aliases, events, relations))


def run_pipeline(docs: list[Document], options: BuildOptions, workers: int | None = 1,
                 scheduler: str | None = None) -> list[Document]:
    """Every stage over ``docs`` on ``workers`` processes (or a Dask cluster); the
    documents come back in input order, the same for any number of workers."""
    run = _CorpusRun(options, DEFAULT_BASE, None)
    run.executor = make_executor(workers, scheduler, tasks=len(batches(docs, workers or 2)))
    try:
        for index, part in enumerate(run.segments.parts):
            docs = list(run.map_block(index, docs)) if isinstance(part, list) else part(docs)
    finally:
        run.executor.close()
    return docs


def build(inputs: list[str], base: str = DEFAULT_BASE, **options) -> Dataset:
    """Articles -> an RDF dataset (one named graph per document)."""
    from kg.rdf.writer import build_dataset

    return build_dataset(extract(inputs, **options), base=base)


@dataclass
class BuildResult:
    """What :func:`build_corpus` did."""

    documents: int  # documents in the output (with a store: all documents re-resolved)
    entities: int
    events: int
    triples: int
    extracted: int  # documents that went through the per-document stages this time
    reused: int  # new documents whose per-document results were cached (a resumed build)
    kept: int  # documents in the store left as they were (added from graph files)
    times: StageTimes


@dataclass(frozen=True)
class _Record:
    """A document between the two passes: where it is cached and what resolution needs."""

    doc_id: str
    key: str
    graph: str
    chars: int
    summary: tuple


def build_corpus(docs: list[Document], options: BuildOptions, *, output: str | None = None, store=None,
                 base: str = DEFAULT_BASE, workers: int | None = None, scheduler: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Run the pipeline over ``docs``; write the graph file ``output`` and/or add
    them to ``store`` (a :class:`kg.query.store.GraphStore`).

    Documents are not held in memory between the passes: each goes to a
    document cache on disk (the store's, else a temporary one) with only its
    entities kept for cross-document resolution.  With a store, its earlier
    documents are re-resolved together with the new ones, and documents whose
    extraction is cached (a killed build) are not extracted again.
    ``progress(done, total)`` counts document passes (each document passes
    once through each of the two per-document segments).
    """
    run = _CorpusRun(options, check_base(base, "base"), progress)
    if not run.segments.streams:
        raise BuildError("this pipeline cannot run as a corpus build; use kg.builder.run_pipeline")
    if store is not None:
        docs = store_ids(docs, store.sources(), run.base)
    keys = {doc.id: content_hash(options.key(), doc.id, doc.date, doc.text) for doc in docs}
    docs = [doc.with_(meta={**doc.meta, CONTENT_HASH: keys[doc.id]}) for doc in docs]
    with ExitStack() as stack:
        root = store.path if store is not None else stack.enter_context(TemporaryDirectory(prefix="kg-build-"))
        cache = DocumentCache(root, options.key())
        summarize = run.segments.parts[1].summary
        old, kept = _stored_records(store, cache, docs, base, summarize) if store is not None else ([], 0)
        todo = [doc for doc in docs if keys[doc.id] not in cache]
        run.total = len(todo) + len(docs) + len(old)
        run.executor = make_executor(workers, scheduler, tasks=len(batches(todo or docs, workers or 2)))
        stack.callback(run.executor.close)
        records = old + run.first_pass(docs, todo, cache)
        started = time.process_time()
        corpus = run.segments.parts[1]
        decision = corpus.decide([r.summary for r in records])
        run.times.seconds[corpus.name] += time.process_time() - started
        triples, entities, n_events = run.write(records, cache, decision, output, store)
        if store is not None:
            cache.prune({r.key for r in records})
    run.times.chars = sum(r.chars for r in records)
    return BuildResult(len(records), entities, n_events, triples, len(todo), len(docs) - len(todo), kept,
                       run.times)


def _stored_records(store, cache: DocumentCache, docs: list[Document], base: str, summarize: Callable):
    """The store's documents to re-resolve with ``docs``: those ``docs`` do not replace
    whose per-document results are cached; and the number of the others (kept as they are)."""
    new = {graph_iri(doc, base) for doc in docs}
    old, kept = [], 0
    for iri, key in sorted(store.content_hashes().items()):
        if iri in new:
            continue
        doc = cache.get(key) if key else None
        if doc is None:
            kept += 1
        else:
            old.append(_record(doc, key, iri, summarize))
    return old, kept


def _record(doc: Document, key: str, graph: str, summarize: Callable) -> _Record:
    return _Record(doc.id, key, graph, len(doc.text), summarize(doc))


class _CorpusRun:
    """The state of one :func:`build_corpus`: segments, executor, times, progress."""

    def __init__(self, options: BuildOptions, base: str, progress):
        self.options, self.base, self.progress = options, base, progress
        self.segments = Segments.of(options)
        self.summarize = getattr(self.segments.parts[1], "summary", None) if len(self.segments.parts) > 1 else None
        self.times = StageTimes()
        self.done = self.total = self.header_triples = 0
        self.executor = None

    def advance(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)

    def map_block(self, index: int, docs: list[Document]) -> Iterator[Document]:
        """The documents after per-document segment ``index``, in order."""
        tasks = ((self.options, index, batch) for batch in batches(docs, self.executor.workers))
        for batch_docs, batch_times in self.executor.imap(run_segment, tasks):
            self.times.add(batch_times)
            self.advance(len(batch_docs))
            yield from batch_docs

    def first_pass(self, docs: list[Document], todo: list[Document], cache: DocumentCache) -> list[_Record]:
        """The first segment over ``todo``, each result cached as it comes; a record
        for every document of ``docs`` (the others were cached by an earlier run)."""
        records = {}
        for doc in self.map_block(0, todo):
            cache.put(doc.meta[CONTENT_HASH], doc)
            records[doc.id] = _record(doc, doc.meta[CONTENT_HASH], graph_iri(doc, self.base), self.summarize)
        out = []
        for doc in docs:
            if doc.id not in records:
                cached = cache.get(doc.meta[CONTENT_HASH])
                if cached is None:
                    raise BuildError(f"{cache.path}: a cached document vanished during the build; run it again")
                records[doc.id] = _record(cached, doc.meta[CONTENT_HASH], graph_iri(doc, self.base), self.summarize)
            out.append(records[doc.id])
        return out

    def _finish_tasks(self, records: list[_Record], cache: DocumentCache, decision, formats, keep):
        """Tasks of the last segment, built as the executor asks for them: each
        batch's documents read back from the cache with their part of the decision."""
        ordered = sorted(records, key=lambda r: r.graph)
        for batch in batches(ordered, self.executor.workers, size=lambda r: r.chars):
            docs = [cache.get(r.key) for r in batch]
            if any(doc is None for doc in docs):
                raise BuildError(f"{cache.path}: a cached document vanished during the build; run it again")
            wanted = {key for r in batch for key, *_ in r.summary}
            yield (self.options, 2, docs, formats, self.base, keep, decision.subset(wanted))

    def write(self, records, cache, decision, output: str | None, store) -> tuple[int, int, int]:
        """The last per-document segment and the writing, document by document in
        graph-IRI order, into ``output`` and/or ``store``."""
        from kg.rdf.formats import format_for

        fmt = format_for(output) if output else None
        streamed = fmt if fmt != "json-ld" else None
        formats = tuple(f for f in (streamed, "nquads" if store is not None else None) if f)
        tasks = self._finish_tasks(records, cache, decision, formats, fmt == "json-ld")
        entities, n_events, finished = set(), 0, []
        if store is not None:
            from kg.rdf.stream import header

            store.add_default(header("nquads", self.base))
        with ExitStack() as stack:
            handle = self._open(stack, output, streamed)
            triples = self.header_triples
            for outputs, batch_times in self.executor.imap(finish_segment, tasks):
                self.times.add(batch_times)
                for out in outputs:
                    if handle is not None:
                        handle.write(out.chunks[streamed])
                    if store is not None:
                        store.replace_document(out.graph, out.chunks["nquads"], out.content_hash)
                    if out.document is not None:
                        finished.append(out.document)
                    entities.update(out.entities)
                    n_events += out.events
                    triples += out.triples
                self.advance(len(outputs))
            if handle is not None:
                from kg.rdf.stream import footer

                handle.write(footer(streamed))
        if store is not None:
            store.flush()
        if fmt == "json-ld":
            triples = self._write_json_ld(finished, output)
        return triples, len(entities), n_events

    def _open(self, stack: ExitStack, output: str | None, fmt: str | None):
        """The graph file, open and with its header (prefixes, default graph) written."""
        if output is None or fmt is None:
            return None
        from kg.rdf.stream import header_counted

        handle = stack.enter_context(atomic_write(output))
        start = header_counted(fmt, self.base)
        handle.write(start.text)
        self.header_triples = start.triples
        return handle

    def _write_json_ld(self, docs: list[Document], output: str) -> int:
        """JSON-LD is written through rdflib, from the whole graph (small graphs only)."""
        from kg.rdf.serialize import write_graph
        from kg.rdf.writer import build_dataset

        ds = build_dataset(docs, base=self.base)
        write_graph(ds, output)
        return len(ds)
