"""The Python API: build a graph from text or files, load one, and use it.

>>> import kg
>>> graph = kg.build_text("新华社北京1月8日电 国家主席习近平8日在人民大会堂会见巴基斯坦总理谢里夫。",
...                       date="2024-01-08")
>>> [row["label"] for row in graph.entities(kind="Person")]
['习近平', '谢里夫']
>>> [(event.label, event.date) for event in graph.events()]
[('会议 · 习近平 · 2024-01-08', '2024-01-08')]

:func:`build_text`, :func:`build` and :func:`load` return a
:class:`KnowledgeGraph`; the ``kg`` command line is a layer over the same
functions (:mod:`kg.builder`).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.model import Document

__all__ = ["KnowledgeGraph", "build_text", "build", "load"]


class KnowledgeGraph:
    """A graph kg built or read: RDF underneath, with views for people.

    ``documents`` holds the extracted :class:`kg.model.Document` objects when
    the graph was built in this process (empty for a loaded file).
    """

    def __init__(self, dataset=None, documents: list[Document] | None = None, base: str | None = None):
        from kg.rdf.iris import DEFAULT_BASE

        self.documents = list(documents or [])
        self.base = base or DEFAULT_BASE
        self._dataset = dataset

    def to_rdf(self):
        """The graph as an rdflib ``Dataset``: one named graph per document, the ontology
        in the default graph."""
        if self._dataset is None:
            from kg.rdf.writer import build_dataset

            self._dataset = build_dataset(self.documents, base=self.base)
        return self._dataset

    def entities(self, kind: str | None = None) -> list[dict]:
        """One dict per entity (``entity`` IRI, ``kind``, ``class``, ``label``,
        ``aliases``, ``mentions``), most mentioned first; ``kind`` is Person,
        Organization or Place to keep one kind."""
        from kg.entities import list_entities

        return list_entities(self.to_rdf(), kind)

    def events(self, date_from: str | None = None, date_to: str | None = None,
               classes: list[str] | None = None):
        """The events in date order (undated last), as :class:`kg.timeline.events.TimelineEvent`:
        IRI, class, label (裁员 · 甲骨文 · 2019-05-07), date, trigger, place,
        participants (role, name) and the sentence it came from."""
        from kg.rdf.serialize import union_graph
        from kg.timeline.events import timeline_events

        return timeline_events(union_graph(self.to_rdf()), date_from, date_to, classes)

    def query(self, sparql: str):
        """Run SPARQL (the default graph is the union of all graphs); a
        :class:`kg.query.sparql.QueryResult` with ``variables`` and ``rows``."""
        from kg.query.sparql import run_query

        return run_query(self.to_rdf(), sparql)

    def to_networkx(self, view: str = "entities"):
        """A NetworkX graph: ``entities`` (facts between people, organizations,
        places and events), ``cooccurrence`` (entities sharing a sentence) or
        ``rdf`` (every IRI and triple); see :mod:`kg.analysis.projection`."""
        from kg.analysis.projection import project

        return project(self.to_rdf(), view=view)

    def serialize(self, path: str | Path) -> Path:
        """Write the graph to ``path``; the extension picks the format (.ttl .nt .trig
        .nq .jsonld), the file is written atomically, byte-identical for the same input."""
        from kg.rdf.serialize import write_graph

        if self.documents and Path(path).suffix.lower() != ".jsonld":
            from kg.rdf.stream import write_documents
            from kg.corpus import documents_in_graph_order

            write_documents(documents_in_graph_order(self.documents, self.base), path, base=self.base)
        else:
            write_graph(self.to_rdf(), path)
        return Path(path)

    def __len__(self) -> int:
        return len(self.to_rdf())

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self.documents)} document(s), {len(self)} triples>"


def build_text(text: str, date: str | None = None, doc_id: str = "text", **options) -> KnowledgeGraph:
    """Build the graph of one article given as a string.

    ``date`` (YYYY-MM-DD) anchors relative dates; ``options`` are those of
    :func:`build` (``tagger``, ``events``, ``relations``, ``aliases``, ``lexicons``,
    ``model``, ``base``).
    """
    from kg.io import DATE_PATTERN, check_unicode, slug

    if not isinstance(text, str) or not text.strip():
        raise InputError("build_text: the text is empty; give an article's text")
    check_unicode("build_text: the text", text)
    if date is not None and not DATE_PATTERN.match(date):
        raise InputError(f"build_text: date {date!r} is not YYYY-MM-DD")
    doc = Document(id=slug(doc_id), text=text.replace("\r\n", "\n").replace("\r", "\n"),
                   source="<text>", date=date)
    return _run([doc], **options)


def build(paths, date: str | None = None, workers: int = 1, max_chars: int | None = None,
          **options) -> KnowledgeGraph:
    """Build the graph of articles: a path or a list of paths (text files,
    directories of them, JSON Lines files).

    ``tagger`` (``ner``, ``fast``, ``crf``, ``jieba``), ``events`` and
    ``relations`` (``model`` or ``rules``), ``aliases`` (an alias file),
    ``lexicons`` (a directory of your own lexicons, or a list of them), ``model``
    (NER model files) and ``base`` (the IRI base) are :command:`kg build`'s options; ``workers`` > 1
    runs the per-document work in that many processes (same result);
    ``max_chars``: the longest article accepted (default :data:`kg.io.MAX_CHARS`).
    """
    from kg.builder import read_documents
    from kg.io import MAX_CHARS

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    docs = read_documents([str(p) for p in paths], date, max_chars or MAX_CHARS)
    return _run(docs, workers=workers, **options)


def _run(docs: list[Document], tagger: str = "ner", events: str = "model", relations: str = "model",
         aliases=None, lexicons=None, model=None, base: str | None = None, workers: int = 1) -> KnowledgeGraph:
    from kg.builder import build_options, run_pipeline
    from kg.rdf.iris import check_base

    if base is not None:
        check_base(base, "base")
    options = build_options(tagger, aliases, events, relations, lexicons=lexicons, model=model)
    documents = run_pipeline(docs, options, workers=workers)
    return KnowledgeGraph(documents=documents, base=base)


def load(path: str | Path) -> KnowledgeGraph:
    """Read a graph file kg wrote (.ttl .nt .trig .nq .jsonld)."""
    from kg.rdf.serialize import load_graph

    return KnowledgeGraph(dataset=load_graph(path))
