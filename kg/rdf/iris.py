"""Stable IRIs for everything kg writes.

IRIs are built from content (document ids, canonical names, offsets and
normalized values), never from counters or hashes of memory addresses, so the
same input gives the same IRIs on every run and every machine.  CJK characters
are kept as they are (IRIs allow them); ASCII characters that IRIs forbid are
percent-encoded.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlsplit

from rdflib import URIRef

from kg.errors import InputError
from kg.model import Key

__all__ = ["DEFAULT_BASE", "Iris", "check_base"]

DEFAULT_BASE = "http://kg.example.org/"

_SAFE_ASCII = "-._~!$&'()*+,;=:@"


def _ucschar(point: int) -> bool:
    """Whether a code point is one RFC 3987 lets an IRI hold as it is (``ucschar``)."""
    if 0xA0 <= point <= 0xD7FF or 0xF900 <= point <= 0xFDCF or 0xFDF0 <= point <= 0xFFEF:
        return True
    return 0x10000 <= point <= 0xEFFFD and (point & 0xFFFF) <= 0xFFFD and not 0xE0000 <= point < 0xE1000


def segment(text: str) -> str:
    """Percent-encode what an IRI path segment may not hold; keep the other
    non-ASCII characters (RFC 3987's ``ucschar``: CJK and most scripts).

    >>> segment("李强 A/B"), segment("錠\ufffc"), segment("\ue000")
    ('李强%20A%2FB', '錠%EF%BF%BC', '%EE%80%80')
    """
    out = []
    for ch in text:
        if _ucschar(ord(ch)) and not ch.isspace() and ch.isprintable():
            out.append(ch)
        else:
            out.append(quote(ch, safe=_SAFE_ASCII))
    return "".join(out)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def check_base(base: str, option: str = "--base") -> str:
    """``base`` if it can prefix the IRIs kg mints, else a one-line InputError.

    A base is an absolute IRI: a scheme and ``:`` (``http:``, ``https:``,
    ``urn:``, ...), a host for http(s), no spaces or characters IRIs forbid,
    and no ``?`` or ``#`` (document IRIs carry fragments of their own).  One
    not ending in ``/`` gets a ``/`` (see :class:`Iris`)."""
    why = None
    if not isinstance(base, str) or not _SCHEME.match(base):
        why = "it has no scheme such as http:"
    elif _NOT_IN_IRI.search(base):
        why = f"it holds {_NOT_IN_IRI.search(base).group()!r}, which IRIs forbid"
    elif "?" in base or "#" in base:
        why = "it holds a query or a fragment (? or #), which kg's own IRIs need"
    elif base.split(":", 1)[0].lower() in ("http", "https") and not urlsplit(base).hostname:
        why = "it has no host"
    if why:
        raise InputError(f"{option} {base!r} cannot be the base of kg's IRIs ({why}); "
                         f"give an absolute IRI like http://example.org/kg/")
    return base


class Iris:
    """IRI factory under one base (``DEFAULT_BASE`` unless the user sets one)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{segment(doc_id)}")

    def sentence(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.document(doc_id)}#sentence={start},{end}")

    def phrase(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.document(doc_id)}#char={start},{end}")

    def entity(self, key: str) -> URIRef:
        key = Key(key)
        return URIRef(f"{self.base}id/{key.kind}/{segment(key.rest)}")

    def event(self, doc_id: str, key: str) -> URIRef:
        return URIRef(f"{self.base}id/event/{segment(doc_id)}/{segment(key)}")

    def quantity(self, doc_id: str, key: str) -> URIRef:
        return URIRef(f"{self.base}id/quantity/{segment(doc_id)}/{segment(key)}")

    def time(self, value: str, datatype: str, approximate: bool) -> URIRef:
        suffix = "~" if approximate else ""
        return URIRef(f"{self.base}id/time/{datatype}/{segment(value)}{suffix}")

    def role(self, title: str) -> URIRef:
        return URIRef(f"{self.base}id/role/{segment(title)}")

    def membership(self, person_key: str, org_key: str, role: str) -> URIRef:
        digest = hashlib.sha1(f"{person_key}|{org_key}|{role}".encode("utf-8")).hexdigest()
        return URIRef(f"{self.base}id/membership/{digest[:16]}")

    def statement(self, subject_key: str, prop: str, object_key: str) -> URIRef:
        digest = hashlib.sha1(f"{subject_key}|{prop}|{object_key}".encode("utf-8")).hexdigest()
        return URIRef(f"{self.base}id/statement/{digest[:16]}")

    def activity(self, version: str) -> URIRef:
        return URIRef(f"{self.base}id/activity/kg-{segment(version)}")
