"""A title right after a name (李鹏总理, 普京总统, 法国马克龙总统): a position held.

The organization is the one the document gives for it, in this order:

* an organization or country right before the name (法国马克龙总统, 国务院李鹏总理);
* the organization of another position of the same person with the same title
  in the document (国务院总理李鹏 … 李鹏总理);
* the country of another position of the same person (法国总统马克龙 … 马克龙
  外长 is not asked; 俄罗斯总统普京 … 普京主席), for a title a country holds
  (``titles.txt``).

A position needs an organization (``org:organization`` is required by the
RDF contract), so a title after a name the document gives no organization for
(普京总统 alone) states no position.
"""

from __future__ import annotations

from kg.gazetteer import gazetteer
from kg.lexicons import titles
from kg.model import Document, Key, Mention, Relation

__all__ = ["titles_after_names"]


def _is_country(key: str) -> bool:
    key = Key(key)
    return key.kind == "place" and gazetteer().is_country(key.name)


def _holder(m: Mention) -> bool:
    return m.ref_kind == "organization" or _is_country(m.ref or "")


def titles_after_names(doc: Document, held: list[Relation]) -> list[Relation]:
    """Memberships of the titles right after a person's name (see module doc)."""
    named = sorted((m for m in doc.mentions if m.ref and m.label != "TITLE"), key=lambda m: (m.start, m.end))
    role_mentions = {m.start: m for m in doc.mentions if m.label == "TITLE" and m.ref_kind == "role"}
    out = []
    for i, person in enumerate(named):
        title = role_mentions.get(person.end)
        if person.ref_kind != "person" or title is None:
            continue
        role = title.ref.name
        org = _before(named[:i], person)
        if org is None:
            same = sorted({r.object for r in held if r.subject == person.ref and r.role == role})
            org = same[0] if len(same) == 1 else None
        if org is None and role in titles():
            countries = sorted({r.object for r in held if r.subject == person.ref and _is_country(r.object)})
            org = countries[0] if len(countries) == 1 else None
        if org is not None:
            out.append(Relation("membership", person.ref, org, (doc.sentence_of(person.start),), role=role))
    return out


def _before(named: list[Mention], person: Mention) -> str | None:
    """The organization or country right before the name (法国马克龙总统)."""
    prev = named[-1] if named else None
    if prev is not None and prev.end == person.start and _holder(prev):
        return prev.ref
    return None
