"""Formatting query results: an aligned table, CSV, TSV, SPARQL JSON/XML, RDF.

SELECT and ASK results follow the W3C formats (SPARQL 1.1 Query Results
JSON, XML, CSV and TSV); CONSTRUCT and DESCRIBE results are written as Turtle
(with our prefixes), N-Triples or JSON-LD, or as a subject/predicate/object
table.  The table pads by display width, so Chinese text lines up.
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

from kg.errors import QueryError
from kg.text.clean import FORMULA_STARTS, csv_text, xml_text
from kg.query.sparql import QueryResult, Term
from kg.vocab import PREFIXES
from kg.tables import display_width, table

__all__ = [
    "TABLE_FORMATS",
    "GRAPH_FORMATS",
    "display_width",
    "compact_iri",
    "format_result",
    "to_table",
    "to_csv",
    "to_tsv",
    "to_json",
    "to_xml",
    "to_rdf",
]

#: formats for SELECT/ASK results
TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: formats for CONSTRUCT/DESCRIBE results (table/csv/tsv show s, p, o rows)
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "table", "csv", "tsv")


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact_iri(iri: str) -> str:
    """``kg:Person`` for an IRI under one of our prefixes, else the IRI itself."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns):]
            if all(c.isalnum() or c in "_-." for c in local):
                return f"{prefix}:{local}"
    return iri


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return compact_iri(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return " ".join(term.value.split()) if "\n" in term.value else term.value


def _table_rows(result: QueryResult) -> tuple[list[str], list[tuple]]:
    if result.form == "ASK":
        return ["ask"], [(Term("literal", "true" if result.boolean else "false"),)]
    if result.is_graph:
        return ["subject", "predicate", "object"], result.triples
    return result.variables, result.rows


def to_table(result: QueryResult, max_width: int = 50) -> str:
    """An aligned text table; cells wider than ``max_width`` are clipped (0: never)."""
    header, rows = _table_rows(result)
    lines = [table(header, [[_cell(t) for t in row] for row in rows], max_width=max_width, style="bars")]
    count = len(rows)
    noun = "triple" if result.is_graph else "row"
    lines.append(f"({count} {noun}{'' if count == 1 else 's'}{', truncated' if result.truncated else ''})\n")
    return "".join(lines)


XSD = "http://www.w3.org/2001/XMLSchema#"
#: numeric datatypes: their literals in numeric form are numbers in a CSV, not text
NUMERIC_TYPES = frozenset(XSD + t for t in (
    "integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger",
    "nonPositiveInteger", "negativeInteger", "positiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"))
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _is_number(term: Term) -> bool:
    """A numeric literal written as a number (a CSV cell of its own, no formula)."""
    return term.kind == "literal" and term.datatype in NUMERIC_TYPES and _NUMBER.fullmatch(term.value) is not None


def _csv_value(term: Term | None) -> str:
    """A CSV cell: numeric literals as they are, every other value safe from formula injection."""
    if term is None:
        return ""
    if term.kind == "bnode":
        return f"_:{term.value}"
    if _is_number(term):
        return term.value
    return csv_text(term.value)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, no types or language tags.  A text value
    starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP)."""
    header, rows = _table_rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(t) for t in row])
    return buffer.getvalue()


def _tsv_term(term: Term) -> str:
    """The N-Triples form, tabs escaped (``\\t``); a literal whose text starts a formula
    has that character written as a ``\\uXXXX`` escape, so no spreadsheet runs it and
    the term stays the same."""
    text = term.n3()
    if term.kind != "literal":
        return text
    text = text.replace("\t", "\\t")
    first = term.value[:1]
    if first and first in FORMULA_STARTS and not _is_number(term):
        width = 2 if first in "\t\r" else 1  # n3 wrote those two as two characters
        text = '"' + f"\\u{ord(first):04X}" + text[1 + width:]
    return text


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in N-Triples syntax."""
    header, rows = _table_rows(result)
    if result.form == "ASK":
        return "?ask\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{h}" for h in header)]
    for row in rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict:
    out = {"type": term.kind, "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (SELECT, ASK)."""
    if result.form == "ASK":
        data = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {var: _json_term(t) for var, t in zip(result.variables, row) if t is not None}
            for row in result.rows
        ]
        data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _xml(value: str) -> str:
    """Element text: markup escaped, CR as a reference (a parser would read it as a newline)."""
    return escape(xml_text(value), {"\r": "&#13;"})


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML (SELECT, ASK); control characters other than tab,
    newline and CR are dropped (XML 1.0 cannot hold them)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if result.form == "ASK":
        lines += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["</head>", "<results>"]
    for row in result.rows:
        lines.append("<result>")
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if term.kind == "uri":
                inner = f"<uri>{_xml(term.value)}</uri>"
            elif term.kind == "bnode":
                inner = f"<bnode>{_xml(term.value)}</bnode>"
            else:
                attr = f" xml:lang={quoteattr(term.lang)}" if term.lang else (
                    f" datatype={quoteattr(term.datatype)}" if term.datatype else "")
                inner = f"<literal{attr}>{_xml(term.value)}</literal>"
            lines.append(f"<binding name={quoteattr(var)}>{inner}</binding>")
        lines.append("</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _rdflib_term(term: Term):
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    return Literal(term.value, lang=term.lang, datatype=term.datatype)


def to_rdf(result: QueryResult, fmt: str = "turtle") -> str:
    """A CONSTRUCT/DESCRIBE result as Turtle (our prefixes), N-Triples or JSON-LD."""
    if fmt == "nt":
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples)
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    for triple in result.triples:
        graph.add(tuple(_rdflib_term(t) for t in triple))
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=PREFIXES, indent=1, ensure_ascii=False) + "\n"
    if fmt == "xml":  # RDF/XML: XML 1.0 cannot hold control characters, even escaped
        return xml_text(graph.serialize(format="xml"))
    return graph.serialize(format="turtle")


def format_result(result: QueryResult, fmt: str | None = None, max_width: int = 50) -> str:
    """The result as text in ``fmt`` (None: table for rows, Turtle for graphs)."""
    allowed = GRAPH_FORMATS if result.is_graph else TABLE_FORMATS
    fmt = fmt or ("turtle" if result.is_graph else "table")
    if fmt == "json" and result.is_graph:
        fmt = "jsonld"
    if fmt not in allowed:
        kind = f"{result.form} results"
        raise QueryError(f"--format {fmt} does not fit {kind}; use one of {', '.join(allowed)}")
    if fmt == "table":
        return to_table(result, max_width)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "json":
        return to_json(result)
    if fmt == "xml":
        return to_xml(result)
    return to_rdf(result, fmt)
