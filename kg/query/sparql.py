"""Running SPARQL 1.1 queries on an rdflib dataset or a pyoxigraph store.

Both engines answer with the same engine-neutral :class:`QueryResult` (rows of
:class:`Term`), so formatting, the HTTP endpoint and the tests never see an
engine's own classes.  Our prefixes (:data:`kg.vocab.PREFIXES`) are
predeclared, the default graph is the union of all graphs (so plain triple
patterns see every document; ``GRAPH ?g`` still names them), and updates are
refused: querying is read-only.  Every query is checked first
(:func:`kg.query.limits.check_query`: length, nesting, patterns, federation)
and runs on a thread with a large stack, so no query crashes the process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import QueryError, QueryRefused
from kg.query.limits import QueryLimits, check_query, deep_call
from kg.vocab import PREFIXES

__all__ = [
    "Term",
    "QueryResult",
    "QUERY_FORMS",
    "UPDATE_KEYWORDS",
    "query_form",
    "run_query",
    "run_rdflib",
    "run_oxigraph",
]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as SPARQL results carry it: ``uri``, ``literal`` or ``bnode``."""

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None

    def n3(self) -> str:
        """The term in N-Triples syntax (used by TSV and N-Triples output)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = (self.value.replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'


@dataclass
class QueryResult:
    """The answer to one query, whatever engine ran it.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE; SELECT fills ``variables``
    and ``rows`` (``None`` for unbound), ASK fills ``boolean``, CONSTRUCT and
    DESCRIBE fill ``triples``.  ``truncated`` is true when a result limit cut
    the answer short: ``truncated_by`` is then ``"rows"`` or ``"bytes"``.
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    truncated: bool = False
    truncated_by: str = ""

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def __len__(self) -> int:
        if self.form == "ASK":
            return 1
        return len(self.triples) if self.is_graph else len(self.rows)


# ------------------------------------------------------------ query text

_PROLOGUE = re.compile(r"\s*(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.IGNORECASE)
_KEYWORD = re.compile(r"\s*([A-Za-z]+)")


def _strip_comments(text: str) -> str:
    """The query with ``#`` comments blanked (IRIs and strings kept intact)."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif ch == "<":
            j = text.find(">", i)
            if j < 0 or any(c in text[i:j] for c in " \n{}"):  # a comparison, not an IRI
                out.append(ch)
                i += 1
            else:
                out.append(text[i:j + 1])
                i = j + 1
        elif ch in "\"'":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raise :class:`QueryError` for updates."""
    body = _strip_comments(text)
    pos = 0
    while True:
        match = _PROLOGUE.match(body, pos)
        if not match:
            break
        pos = match.end()
    match = _KEYWORD.match(body, pos)
    keyword = match.group(1).upper() if match else ""
    if keyword in QUERY_FORMS:
        return keyword
    if keyword in UPDATE_KEYWORDS:
        raise QueryRefused(
            f"{keyword} is a SPARQL Update; kg queries are read-only. Change the graph "
            f"with `kg build` or `kg store add/remove`, then query it"
        )
    found = repr(keyword) if keyword else "nothing"
    raise QueryError(
        f"query starts with {found}, not SELECT, ASK, CONSTRUCT or DESCRIBE; "
        f"write a SPARQL 1.1 query (our prefixes {', '.join(sorted(PREFIXES))} are predeclared)"
    )


def syntax_error(line: int, column: int, message: str, source: str = "query") -> QueryError:
    message = " ".join(message.split())
    if len(message) > 160:
        message = message[:157] + "..."
    return QueryError(f"{source}: SPARQL syntax error at line {line}, column {column}: {message}")


# -------------------------------------------------------------- rdflib

def _from_rdflib(term) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        if datatype in (XSD_STRING, RDF_LANGSTRING):
            datatype = None
        return Term("literal", str(term), term.language, datatype)
    return Term("literal", str(term))


def run_rdflib(dataset, text: str, limit: int | None = None, source: str = "query",
               limits: QueryLimits | None = None, max_bytes: int | None = None) -> QueryResult:
    """Run ``text`` on an rdflib Dataset (default graph = union of all graphs)."""
    limits = limits or QueryLimits()
    form = query_form(text)
    names = check_query(text, limits, source)
    if names and not limits.allow_federation:
        graphs = getattr(dataset, "graphs", None) or getattr(dataset, "contexts", None)
        known = {str(g.identifier) for g in graphs()} if graphs else set()
        _local_only(names, known.__contains__, source)
    return deep_call(_rdflib_run, dataset, text, form, limit, source, limits, max_bytes)


def _rdflib_run(dataset, text, form, limit, source, limits, max_bytes) -> QueryResult:
    import rdflib.plugins.sparql as rdflib_sparql
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except ParseException as exc:
        raise syntax_error(exc.lineno, exc.col, exc.msg, source) from exc
    except RecursionError as exc:
        raise QueryError(f"{source}: the query nests too deeply for the rdflib engine; "
                         f"flatten it or use --engine oxigraph") from exc
    except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes etc.
        raise QueryError(f"{source}: cannot compile the query: {str(exc).splitlines()[0]}") from exc
    union = getattr(dataset, "default_union", None)
    if union is not None:
        dataset.default_union = True
    rdflib_sparql.SPARQL_LOAD_GRAPHS = limits.allow_federation  # else FROM <x> fetches x
    try:
        answer = dataset.query(prepared)
        return _collect(form, answer, limit, _from_rdflib, rdflib=True, max_bytes=max_bytes)
    except QueryError:
        raise
    except RecursionError as exc:
        raise QueryError(f"{source}: the query nests too deeply for the rdflib engine; "
                         f"flatten it or use --engine oxigraph") from exc
    except Exception as exc:
        raise QueryError(f"{source}: query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
    finally:
        if union is not None:
            dataset.default_union = union


def _local_only(names: list[str], known, source: str) -> None:
    """Refuse FROM IRIs that name no graph of the data (they would be fetched)."""
    for name in names:
        if not known(name):
            raise QueryRefused(f"{source}: FROM <{name}> names no graph of this data, and kg fetches "
                               f"no graphs from elsewhere unless --allow-federation is given")


# ----------------------------------------------------------- pyoxigraph

def _from_oxigraph(term) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in (XSD_STRING, RDF_LANGSTRING):
            datatype = None
        return Term("literal", term.value, term.language, datatype)
    return Term("literal", str(term))


_OX_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def run_oxigraph(store, text: str, limit: int | None = None, source: str = "query",
                 limits: QueryLimits | None = None, max_bytes: int | None = None) -> QueryResult:
    """Run ``text`` on a pyoxigraph Store (default graph = union of all graphs)."""
    import pyoxigraph as ox

    limits = limits or QueryLimits()
    form = query_form(text)
    names = check_query(text, limits, source)
    if names and not limits.allow_federation:
        _local_only(names, lambda name: store.contains_named_graph(ox.NamedNode(name)), source)
    return deep_call(_oxigraph_run, store, text, form, limit, source, max_bytes, not names)


def _oxigraph_run(store, text, form, limit, source, max_bytes, union) -> QueryResult:
    try:  # FROM names the default graph itself: no union then
        answer = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union)
    except SyntaxError as exc:
        match = _OX_POSITION.search(str(exc))
        if match:
            raise syntax_error(int(match.group(1)), int(match.group(2)), match.group(3), source) from exc
        raise QueryError(f"{source}: SPARQL syntax error: {exc}") from exc
    except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB read errors
        raise QueryError(f"{source}: query failed: {' '.join(str(exc).split())}") from exc
    try:
        return _collect(form, answer, limit, _from_oxigraph, rdflib=False, max_bytes=max_bytes)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"{source}: query failed: {exc}") from exc


def _size(term: Term | None) -> int:
    """About what one term adds to a rendered answer, in bytes."""
    return 48 if term is None else 48 + 3 * len(term.value)


def _collect(form, answer, limit, convert, rdflib: bool, max_bytes: int | None = None) -> QueryResult:
    """The engine's answer as a QueryResult, cut at ``limit`` rows or triples or
    when it would render to about ``max_bytes`` (each term counted generously)."""
    if form == "ASK":
        return QueryResult(form, boolean=bool(answer.askAnswer if rdflib else answer))
    budget = max_bytes if max_bytes is not None else float("inf")
    items, cut = [], ""
    if form in ("CONSTRUCT", "DESCRIBE"):
        for triple in answer.graph if rdflib else answer:
            if limit is not None and len(items) >= limit:
                cut = "rows"
                break
            if rdflib:
                s, p, o = triple
            else:
                s, p, o = triple.subject, triple.predicate, triple.object
            item = (convert(s), convert(p), convert(o))
            budget -= sum(map(_size, item))
            if budget < 0:
                cut = "bytes"
                break
            items.append(item)
        items.sort()  # engines iterate graphs in no stable order
        return QueryResult(form, triples=items, truncated=bool(cut), truncated_by=cut)
    if rdflib:
        variables = [str(v) for v in answer.vars]
    else:
        variables = [v.value for v in answer.variables]
    for solution in answer:
        if limit is not None and len(items) >= limit:
            cut = "rows"
            break
        if rdflib:
            item = tuple(convert(solution[i]) for i in range(len(variables)))
        else:
            item = tuple(convert(solution[v]) for v in variables)
        budget -= sum(map(_size, item))
        if budget < 0:
            cut = "bytes"
            break
        items.append(item)
    return QueryResult(form, variables=variables, rows=items, truncated=bool(cut), truncated_by=cut)


def run_query(target, text: str, limit: int | None = None, source: str = "query",
              limits: QueryLimits | None = None, max_bytes: int | None = None) -> QueryResult:
    """Run ``text`` on an rdflib Dataset/Graph or a pyoxigraph Store, after
    :func:`~kg.query.limits.check_query`; answers are cut at ``limit`` rows and
    about ``max_bytes`` of rendered output."""
    import pyoxigraph as ox

    runner = run_oxigraph if isinstance(target, ox.Store) else run_rdflib
    return runner(target, text, limit, source, limits, max_bytes)
