"""A persistent pyoxigraph store of kg graphs, one named graph per document.

``kg build --store DIR``, ``kg store add|remove|list`` and ``kg query --store``
and ``kg serve --store`` all go through :class:`GraphStore`.  Adding a graph
file replaces the named graphs it carries (so re-adding a rebuilt document
does not duplicate it); the default graph (the ontology and the extraction
activity) is merged, since every file carries the same declarations.  The
first load into an empty store uses pyoxigraph's ``bulk_load``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import GraphError
from kg.rdf.serialize import format_for

__all__ = ["GraphStore", "StoredGraph", "open_store", "OXIGRAPH_FORMATS"]

#: rdflib format name (kg.rdf.serialize.FORMATS) -> pyoxigraph RdfFormat attribute
OXIGRAPH_FORMATS = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "trig": "TRIG",
    "nquads": "N_QUADS",
    "json-ld": "JSON_LD",
}
QUAD_FORMATS = ("trig", "nquads", "json-ld")


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
    except SyntaxError as exc:
        raise GraphError(f"{path}: cannot parse: {' '.join(str(exc).split())}; fix or rebuild the file") from exc
    return sorted(names)


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
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            hint = ("another process (kg serve? oxigraph serve?) holds it; stop it or use "
                    "read-only commands" if "lock" in str(exc).lower() else "check the path")
            raise GraphError(f"{self.path}: cannot open the store: {exc}; {hint}") from exc

    # ---------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.read_only:
            raise GraphError(f"{self.path}: store is open read-only")

    def is_empty(self) -> bool:
        return len(self.store) == 0

    def add_file(self, path: str | Path) -> list[str]:
        """Load a graph file; replace the named graphs it holds. Returns their IRIs."""
        self._writable()
        path = Path(path)
        if not path.is_file():
            raise GraphError(f"{path}: no such graph file; build one with `kg build ... -o {path}`")
        fmt = _rdf_format(path)
        names = _graph_names(path, fmt)
        try:
            if self.is_empty():
                self.store.bulk_load(path=str(path), format=fmt)
            else:
                self._remove_graphs(names)
                self.store.load(path=str(path), format=fmt)
        except (SyntaxError, OSError) as exc:
            raise GraphError(f"{path}: cannot load into {self.path}: {' '.join(str(exc).split())}") from exc
        self.store.flush()
        return names

    def add_dataset(self, dataset) -> list[str]:
        """Add an rdflib Dataset (as ``kg build`` makes it); replace its documents' graphs."""
        import pyoxigraph as ox
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        self._writable()
        names = sorted(str(g.identifier) for g in dataset.graphs()
                       if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g))
        data = dataset.serialize(format="nquads", encoding="utf-8")
        self._remove_graphs(names)
        try:
            self.store.load(data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError) as exc:
            raise GraphError(f"{self.path}: cannot add the graph: {exc}") from exc
        self.store.flush()
        return names

    def _remove_graphs(self, names: list[str]) -> None:
        import pyoxigraph as ox

        for name in names:
            node = ox.NamedNode(name)
            if self.store.contains_named_graph(node):
                self.store.remove_graph(node)

    def remove(self, iri: str) -> int:
        """Remove one document's named graph; returns how many triples it held."""
        import pyoxigraph as ox

        self._writable()
        node = ox.NamedNode(iri.strip("<>"))
        if not self.store.contains_named_graph(node):
            raise GraphError(
                f"{self.path}: no document graph <{node.value}>; `kg store list {self.path}` shows them"
            )
        count = sum(1 for _ in self.store.quads_for_pattern(None, None, None, node))
        self.store.remove_graph(node)
        self.store.flush()
        return count

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

    def default_triples(self) -> int:
        import pyoxigraph as ox

        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str, limit: int | None = None, source: str = "query"):
        from kg.query.sparql import run_oxigraph

        return run_oxigraph(self.store, text, limit, source)

    def close(self) -> None:
        del self.store


def open_store(path: str | Path, read_only: bool = False) -> GraphStore:
    """Open (or, writable, create) the store at ``path``."""
    return GraphStore(path, read_only=read_only)
