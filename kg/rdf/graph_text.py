"""Graph text: sorted triples as Turtle, TriG, N-Triples or N-Quads, byte for byte
the same for the same triples (what :mod:`kg.rdf.serialize` writes whole and
:mod:`kg.rdf.stream` document by document)."""

from __future__ import annotations

from itertools import groupby

from kg.errors import GraphError
from kg.rdf.formats import STREAM_FORMATS
from kg.rdf.terms import RDF_TYPE, turtle_term
from kg.vocab import PREFIXES

__all__ = ["format_triples", "prefix_lines"]


def _turtle_block(triples, indent: str = "") -> str:
    """Sorted triples as Turtle statements, one subject each."""
    out: list[str] = []
    for subject, group in groupby(triples, key=lambda triple: triple[0]):
        pairs = [(p, o) for _, p, o in group]
        typed = [pair for pair in pairs if pair[0] == RDF_TYPE]
        if typed and typed[0] is not pairs[0]:
            pairs = typed + [pair for pair in pairs if pair[0] != RDF_TYPE]
        out.append(f"{indent}{turtle_term(subject)} ")
        previous = None
        for p, o in pairs:
            if p != previous:
                if previous is not None:
                    out.append(f" ;\n{indent}    ")
                out.append(f"{turtle_term(p, True)} {turtle_term(o)}")
                previous = p
            else:
                out.append(f" ,\n{indent}        {turtle_term(o)}")
        out.append(" .\n\n")
    return "".join(out)


def format_triples(triples, fmt: str, graph: str | None = None) -> str:
    """Sorted, unique triples (N-Triples term text) in format ``fmt``; ``graph`` is the
    named graph's N-Triples IRI (None for the default graph) in TriG and N-Quads."""
    if fmt == "nt" or (fmt == "nquads" and graph is None):
        return "".join([f"{s} {p} {o} .\n" for s, p, o in triples])
    if fmt == "nquads":
        return "".join([f"{s} {p} {o} {graph} .\n" for s, p, o in triples])
    if fmt == "turtle":
        return _turtle_block(triples)
    if fmt == "trig":
        name = "" if graph is None else f"{turtle_term(graph)} "
        return f"{name}{{\n{_turtle_block(triples, '    ').rstrip()}\n}}\n\n" if triples else ""
    raise GraphError(f"cannot write {fmt!r} here; use one of {', '.join(STREAM_FORMATS)}")


def prefix_lines() -> str:
    """The ``@prefix`` lines of Turtle and TriG (every prefix of kg.vocab.PREFIXES)."""
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items())) + "\n"
