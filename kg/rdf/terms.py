"""RDF terms as N-Triples text, and their Turtle forms.

The writer emits every term as its N-Triples text (``<iri>``, ``"lexical"``,
``"lexical"@zh``, ``"lexical"^^<datatype>``, ``_:label``), so N-Triples and
N-Quads output is plain string joining and sorting triples sorts their lines.
Escaping follows RDF 1.1 N-Triples: in literals ``"`` ``\\`` and line breaks
as ``\\"`` ``\\\\`` ``\\n`` ``\\r``, other control characters as ``\\uXXXX``
(tab stays as it is); in IRIs the characters IRIREF forbids as ``\\uXXXX``.
The same literal text is valid Turtle; :func:`turtle_term` swaps IRIs for
prefixed names where the local name is a valid PN_LOCAL.

This module also converts rdflib terms to and from that text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import BNode, Literal, URIRef

from kg.errors import GraphError
from kg.vocab import PREFIXES

__all__ = ["iri", "literal", "number", "XSD_NS", "RDF_TYPE", "turtle_term",
           "from_rdflib", "to_rdflib", "unescape"]

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_LITERAL_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r"}
_LITERAL_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]})
_LITERAL_NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f"\\\x7f]')
_IRI_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0, 0x21), *map(ord, '<>"{}|^`\\')]}
_IRI_NEEDS_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')

_iri_cache: dict[str, str] = {}


def iri(value: str) -> str:
    """``<value>`` with the characters IRIREF forbids escaped."""
    text = _iri_cache.get(value)
    if text is None:
        value = str(value)  # not URIRef, whose + makes URIRefs
        if _IRI_NEEDS_ESCAPE.search(value):
            text = "<" + value.translate(_IRI_ESCAPES) + ">"
        else:
            text = "<" + value + ">"
        if len(_iri_cache) < 200_000:
            _iri_cache[value] = text
    return text


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal's N-Triples text; ``datatype`` is a full IRI (xsd:string is left implicit)."""
    lexical = str(lexical)
    if _LITERAL_NEEDS_ESCAPE.search(lexical):
        lexical = lexical.translate(_LITERAL_ESCAPES)
    if lang:
        return f'"{lexical}"@{lang.lower()}'
    if datatype and str(datatype) != _XSD_STRING:
        return f'"{lexical}"^^{iri(datatype)}'
    return f'"{lexical}"'


def number(value) -> str:
    """xsd:integer for whole numbers, xsd:decimal (plain notation) otherwise."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f'"{int(value)}"^^<{XSD_NS}integer>'
    return f'"{format(Decimal(repr(value)), "f")}"^^<{XSD_NS}decimal>'


# ---------------------------------------------------------------- Turtle forms

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
                  "\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PERCENT = "%[0-9A-Fa-f]{2}"
#: PN_LOCAL without backslash escapes (a name that needs one is written as a full IRI).
_PN_LOCAL = re.compile(
    f"(?:[{_PN_CHARS_U}:0-9]|{_PERCENT})"
    f"(?:(?:[{_PN_CHARS}.:]|{_PERCENT})*(?:[{_PN_CHARS}:]|{_PERCENT}))?"
)
#: namespaces longest first, so the most specific prefix wins
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))
_turtle_cache: dict[str, str] = {RDF_TYPE: "a"}


def _prefixed(text: str) -> str:
    """``<iri>`` as ``prefix:local`` when a prefix covers it and the rest is a valid local name."""
    value = text[1:-1]
    if "\\" not in value:
        for ns, prefix in _NAMESPACES:
            if value.startswith(ns):
                local = value[len(ns):]
                if not local or _PN_LOCAL.fullmatch(local):
                    return f"{prefix}:{local}"
    return text


def turtle_term(text: str, predicate: bool = False) -> str:
    """The Turtle form of a term's N-Triples text (``a`` for rdf:type as a predicate)."""
    form = _turtle_cache.get(text)
    if form is not None:
        return form if predicate or text != RDF_TYPE else _prefixed(text)
    first = text[0]
    if first == "<":
        form = _prefixed(text)
        if len(_turtle_cache) < 200_000:
            _turtle_cache[text] = form
        return form
    if first == '"' and text[-1] == ">":
        cut = text.rindex("^^<")
        return text[:cut + 2] + turtle_term(text[cut + 2:])
    return text


# ---------------------------------------------------------------- rdflib terms

def from_rdflib(term) -> str:
    """An rdflib term's N-Triples text."""
    if isinstance(term, URIRef):
        return iri(term)
    if isinstance(term, Literal):
        return literal(str(term), term.datatype, term.language)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise GraphError(f"cannot write {term!r} as an RDF term; only IRIs, literals and blank nodes")


_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape(text: str) -> str:
    """Undo N-Triples escapes (UCHAR and ECHAR)."""
    if "\\" not in text:
        return text

    def one(match):
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _ECHARS[match.group(3)]

    return _UNESCAPE.sub(one, text)


def to_rdflib(text: str):
    """The rdflib term for a term's N-Triples text."""
    first = text[0]
    if first == "<":
        return URIRef(unescape(text[1:-1]))
    if first == "_":
        return BNode(text[2:])
    close = text.rindex('"')
    lexical, tail = unescape(text[1:close]), text[close + 1:]
    if tail.startswith("@"):
        return Literal(lexical, lang=tail[1:])
    if tail.startswith("^^<"):
        return Literal(lexical, datatype=URIRef(unescape(tail[3:-1])))
    return Literal(lexical)
