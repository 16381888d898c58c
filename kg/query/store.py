"""A persistent pyoxigraph store of kg graphs, one named graph per document.

``kg build --store DIR``, ``kg store add|remove|list`` and ``kg query --store``
and ``kg serve --store`` all go through :class:`GraphStore`.  Adding a graph
file replaces the named graphs it carries, each document in its own
transaction (``DROP GRAPH`` and ``INSERT DATA`` in one SPARQL update), so a
killed writer leaves every document either old or new, never half-written
or missing.  The default graph (the ontology and the extraction activity) is
merged, since every file carries the same declarations.  Files without named
graphs (.ttl, .nt) are refused unless merged into the default graph on
purpose (``into_default=True``).

Only one process can write a store at a time; readers open it read-only and
do not lock it.  :class:`LiveStore` is a reader that reopens its read-only
view when the store's files changed, so a long-running ``kg serve --store``
answers with what the store holds now.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.errors import GraphError
from kg.rdf.formats import OXIGRAPH_FORMATS, QUAD_FORMATS, format_for, graph_file_format

__all__ = ["GraphStore", "LiveStore", "StoredGraph", "open_store", "OXIGRAPH_FORMATS", "CONTENT_HASH"]

#: Formats pyoxigraph reads as a dataset (named graphs): JSON-LD too.
DATASET_FORMATS = QUAD_FORMATS | {"json-ld"}
#: The predicate a document's nif:Context carries its content hash with, inside
#: the document's graph (``<doc> kg:contentHash "sha256:..."``); the build writes
#: it, :meth:`GraphStore.content_hashes` reads it to skip documents already stored.
CONTENT_HASH = "http://kg.example.org/ontology#contentHash"
SOURCE_FILE = "http://kg.example.org/ontology#sourceFile"


@dataclass(frozen=True)
class StoredGraph:
    """One named graph in a store: its IRI, triple count and source file."""

    iri: str
    triples: int
    source: str | None


def _rdf_format(path: Path):
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, OXIGRAPH_FORMATS[format_for(path)])


def _graph_names(path: Path, fmt) -> list[str]:
    """The named graphs a graph file holds (parsed without loading it)."""
    import pyoxigraph as ox

    names = set()
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                names.add(quad.graph_name.value)
    except (SyntaxError, ValueError) as exc:
        raise GraphError(f"{path}: cannot parse: {' '.join(str(exc).split())}; fix or rebuild the file") from exc
    return sorted(names)


def _read_only(path: Path, attempts: int = 20):
    """``Store.read_only``, retried: a writer's flush or compaction may delete a
    file between the reader's reading the file list and opening the file."""
    import pyoxigraph as ox

    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError):  # RuntimeError: "Corruption: ... No such file"
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _blocks(quads):
    """(graph IRI or None, [quads]) runs of consecutive quads of one graph."""
    import pyoxigraph as ox

    current, block = None, []
    for quad in quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        if block and name != current:
            yield current, block
            block = []
        current = name
        block.append(quad)
    if block:
        yield current, block


def _insert_data(iri: str, quads) -> str:
    """``INSERT DATA`` putting ``quads``'s triples into ``<iri>`` (default-graph quads stay there)."""
    import pyoxigraph as ox

    named, default = [], []
    for q in quads:
        line = f"{q.subject} {q.predicate} {q.object} .\n"
        (default if isinstance(q.graph_name, ox.DefaultGraph) else named).append(line)
    return f"INSERT DATA {{ {''.join(default)} GRAPH <{iri}> {{\n{''.join(named)}}} }}"


class GraphStore:
    """A directory holding a pyoxigraph (RocksDB) store of kg graphs."""

    def __init__(self, path: str | Path, read_only: bool = False):
        import pyoxigraph as ox

        self.path = Path(path)
        self.read_only = read_only
        if read_only and not (self.path / "CURRENT").is_file():
            raise GraphError(
                f"{self.path}: not a kg store; create one with `kg store add {self.path} GRAPH.trig`"
            )
        if not read_only and self.path.exists() and not self.path.is_dir():
            raise GraphError(f"{self.path}: exists and is not a directory; give a store directory")
        try:
            if not read_only:  # as -o makes the folders of its file, a new store's parents are made
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.store = _read_only(self.path) if read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            hint = ("another process (kg build --store? kg store add? oxigraph serve?) is writing it; "
                    "wait for it to finish" if "lock" in str(exc).lower() else "check the path")
            raise GraphError(f"{self.path}: cannot open the store: {' '.join(str(exc).split())}; "
                             f"{hint}") from exc

    # ---------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.read_only:
            raise GraphError(f"{self.path}: store is open read-only")

    def _replace(self, iri: str, quads: list, fresh: bool) -> None:
        """One transaction: drop ``<iri>`` (unless ``fresh``) and insert ``quads`` into it."""
        import pyoxigraph as ox

        try:
            if fresh:  # no old version: a plain transactional insert is cheaper
                node, fresh_nodes = ox.NamedNode(iri), {}

                def own(term):  # blank nodes fresh per document, as INSERT DATA makes them
                    if isinstance(term, ox.BlankNode):
                        return fresh_nodes.setdefault(term.value, ox.BlankNode())
                    return term

                self.store.extend([ox.Quad(own(q.subject), q.predicate, own(q.object),
                                           q.graph_name if isinstance(q.graph_name, ox.DefaultGraph) else node)
                                   for q in quads])
            else:
                self.store.update(f"DROP SILENT GRAPH <{iri}> ;\n{_insert_data(iri, quads)}")
        except (SyntaxError, OSError, ValueError) as exc:
            raise GraphError(f"{self.path}: cannot store <{iri}>: {' '.join(str(exc).split())}") from exc

    def _write_blocks(self, blocks) -> list[str]:
        import pyoxigraph as ox

        names, replaced = [], set()
        for name, quads in blocks:
            if name is None:  # default graph: merged (repeats are no-ops, so partial merges heal)
                self._extend(quads)
                continue
            if name in replaced:  # a second block of a graph in one file: add to it
                self._extend(quads)
            else:
                self._replace(name, quads, fresh=not self.store.contains_named_graph(ox.NamedNode(name)))
                replaced.add(name)
                names.append(name)
        return names

    def _extend(self, quads) -> None:
        try:
            self.store.extend(quads)
        except OSError as exc:
            raise GraphError(f"{self.path}: cannot write: {' '.join(str(exc).split())}") from exc

    def add_file(self, path: str | Path, into_default: bool = False) -> list[str]:
        """Load a graph file; replace the named graphs it holds (one transaction
        each). Returns their IRIs.  A file without named graphs is refused
        unless ``into_default`` merges it into the default graph."""
        import pyoxigraph as ox

        self._writable()
        path = Path(path)
        graph_file_format(path)  # a graph file that is there, or an error saying how to build one
        fmt = _rdf_format(path)
        names = _graph_names(path, fmt)  # parses it all first: a broken file changes nothing
        if not names and not into_default:
            raise GraphError(
                f"{path}: no named graphs (one per document), so nothing to replace or remove later; "
                f"build .trig or .nq (`kg build ... -o {path.with_suffix('.trig').name}`), "
                f"or add --default to merge it into the default graph")
        try:
            done = self._write_blocks(_blocks(ox.parse(path=str(path), format=fmt)))
        except (SyntaxError, ValueError, OSError) as exc:
            raise GraphError(f"{path}: cannot load into {self.path}: {' '.join(str(exc).split())}") from exc
        self.store.flush()
        return done

    def replace_document(self, iri: str, text: str | bytes, content_hash: str | None = None,
                         fmt: str = "nquads") -> None:
        """Replace the graph ``<iri>`` by ``text`` in one transaction.

        ``text`` is N-Quads or TriG (``fmt="nquads"``/``"trig"``: quads in
        ``<iri>`` go there, default-graph quads are merged, other named graphs
        are an error) or N-Triples/Turtle (``"nt"``/``"turtle"``: every triple
        goes into ``<iri>``).  ``content_hash`` is stored with it as
        ``<iri> <CONTENT_HASH> "hash"`` in the same transaction (see
        :meth:`content_hashes`).  The old graph is dropped and the new one
        inserted together: a killed process leaves one or the other.  Not
        flushed: the write-ahead log keeps it (call :meth:`flush` at the end)."""
        import pyoxigraph as ox

        self._writable()
        if fmt not in OXIGRAPH_FORMATS:
            raise GraphError(f"unknown format {fmt!r}; use one of {', '.join(OXIGRAPH_FORMATS)}")
        node = ox.NamedNode(iri)
        try:
            quads = list(ox.parse(text, format=getattr(ox.RdfFormat, OXIGRAPH_FORMATS[fmt])))
        except (SyntaxError, ValueError) as exc:
            raise GraphError(f"<{iri}>: cannot parse its {fmt}: {' '.join(str(exc).split())}") from exc
        if fmt in DATASET_FORMATS:
            stray = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)} - {iri}
            if stray:
                raise GraphError(f"<{iri}>: its text holds other graphs ({', '.join(sorted(stray))}); "
                                 f"give each document's quads with its own IRI")
        else:
            quads = [ox.Quad(q.subject, q.predicate, q.object, node) for q in quads]
        if content_hash is not None:
            quads.append(ox.Quad(node, ox.NamedNode(CONTENT_HASH), ox.Literal(content_hash), node))
        self._replace(iri, quads, fresh=not self.store.contains_named_graph(node))

    def replace_documents(self, chunks: Iterable[tuple], fmt: str = "nquads") -> list[str]:
        """:meth:`replace_document` for each (IRI, text) or (IRI, text, content
        hash) of ``chunks``, then :meth:`flush`.  Returns the IRIs, in order."""
        names = []
        for iri, text, *key in chunks:
            self.replace_document(iri, text, key[0] if key else None, fmt)
            names.append(iri)
        self.flush()
        return names

    def add_default(self, text: str | bytes, fmt: str = "nquads") -> None:
        """Merge ``text``'s default-graph triples (the ontology, the extraction
        activity) into the default graph; named graphs in it are an error."""
        import pyoxigraph as ox

        self._writable()
        try:
            quads = list(ox.parse(text, format=getattr(ox.RdfFormat, OXIGRAPH_FORMATS[fmt])))
        except (SyntaxError, ValueError) as exc:
            raise GraphError(f"default graph: cannot parse its {fmt}: {' '.join(str(exc).split())}") from exc
        if any(isinstance(q.graph_name, ox.NamedNode) for q in quads):
            raise GraphError("add_default: the text holds named graphs; give documents to replace_document")
        self._extend(quads)

    def flush(self) -> None:
        """Write the memory tables to disk (the write-ahead log already survives a kill)."""
        self.store.flush()

    def add_dataset(self, dataset) -> list[str]:
        """Add an rdflib Dataset (as ``kg build`` makes it); replace its documents' graphs."""
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        self._writable()
        graphs = sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))
        chunks = [(str(g.identifier), g.serialize(format="nt", encoding="utf-8"))
                  for g in graphs if g.identifier != DATASET_DEFAULT_GRAPH_ID]
        default = [g for g in graphs if g.identifier == DATASET_DEFAULT_GRAPH_ID]
        if default:
            self.add_default(default[0].serialize(format="nt", encoding="utf-8"), fmt="nt")
        return self.replace_documents(chunks, fmt="nt")

    def resolve(self, name: str) -> str:
        """The graph IRI for what ``kg store list`` prints: the IRI (with or
        without ``<>``), the source file (or its file name) or the document id
        (the IRI's last segment)."""
        name = name.strip()
        iri = name[1:-1] if name.startswith("<") and name.endswith(">") else name
        graphs = self.graphs()
        if any(g.iri == iri for g in graphs):
            return iri
        matches = sorted({g.iri for g in graphs
                          if name in (g.source, Path(g.source or "").name, g.iri.rstrip("/").rsplit("/", 1)[-1])})
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise GraphError(f"{self.path}: {name!r} names {len(matches)} documents "
                             f"({', '.join(matches)}); give the graph IRI")
        raise GraphError(f"{self.path}: no document {name!r} in the store; "
                         f"`kg store list {self.path}` shows them")

    def remove(self, name: str) -> tuple[str, int]:
        """Remove one document's named graph (see :meth:`resolve`); returns its IRI and
        how many triples it held."""
        import pyoxigraph as ox

        self._writable()
        iri = self.resolve(name)
        node = ox.NamedNode(iri)
        count = sum(1 for _ in self.store.quads_for_pattern(None, None, None, node))
        self.store.update(f"DROP GRAPH <{iri}>")
        self.store.flush()
        return iri, count

    # ---------------------------------------------------------- reading

    def graphs(self) -> list[StoredGraph]:
        """Every named graph with its triple count and kg:sourceFile, by IRI."""
        from kg.query.sparql import run_oxigraph

        result = run_oxigraph(self.store, """
            SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?src) AS ?source)
            WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?g kg:sourceFile ?src } } }
            GROUP BY ?g ORDER BY ?g""")
        return [StoredGraph(g.value, int(n.value), s.value if s else None)
                for g, n, s in result.rows]

    def content_hashes(self) -> dict[str, str]:
        """Graph IRI -> the :data:`CONTENT_HASH` its document carries (in its own graph)."""
        found = self.store.query(
            f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{CONTENT_HASH}> ?h }} }}")
        return {row["g"].value: row["h"].value for row in found}

    def sources(self) -> dict[str, str]:
        """Graph IRI -> the kg:sourceFile its document carries (the input's path as given)."""
        found = self.store.query(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?g <{SOURCE_FILE}> ?s }} }}")
        return {row["g"].value: row["s"].value for row in found}

    def default_triples(self) -> int:
        import pyoxigraph as ox

        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str, limit: int | None = None, source: str = "query"):
        from kg.query.sparql import run_oxigraph

        return run_oxigraph(self.store, text, limit, source)

    def close(self) -> None:
        """Flush and let go of the store (a writer's lock goes with it)."""
        if getattr(self, "store", None) is not None:
            if not self.read_only:
                self.store.flush()
            self.store = None


def open_store(path: str | Path, read_only: bool = False) -> GraphStore:
    """Open (or, writable, create) the store at ``path``."""
    return GraphStore(path, read_only=read_only)


class LiveStore:
    """A read-only view of a store that follows its writers.

    :meth:`current` returns a pyoxigraph read-only Store, reopened (about
    10 ms) whenever the store's files changed since the last open -- a new
    write-ahead-log record, a flush, a compaction -- so each query sees every
    transaction committed before it started.  Read-only opens take no lock,
    so ``kg store add`` and ``kg build --store`` can write meanwhile."""

    IGNORED = ("LOCK", "LOG")

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._signature = None
        self._store = GraphStore(self.path, read_only=True).store

    def signature(self) -> tuple:
        entries = []
        with os.scandir(self.path) as scan:
            for entry in scan:
                if entry.name.startswith(self.IGNORED) or not entry.is_file():
                    continue  # the info log, the lock, kg build's document cache
                try:
                    stat = entry.stat()
                except FileNotFoundError:  # deleted by a compaction meanwhile
                    continue
                entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
        return tuple(sorted(entries))

    def current(self, force: bool = False):
        """The read-only Store holding the latest committed state."""
        with self._lock:
            signature = self.signature()
            if force or signature != self._signature:
                try:
                    self._store = _read_only(self.path)
                except (OSError, RuntimeError) as exc:
                    raise GraphError(f"{self.path}: cannot reopen the store: "
                                     f"{' '.join(str(exc).split())}") from exc
                self._signature = signature
            return self._store

    def __len__(self) -> int:
        return len(self.current())
