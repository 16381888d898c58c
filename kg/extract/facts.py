"""Person and organization facts the text states: founder, nationality,
headquarters, founding date, birthplace, ancestral home, alumni, spouse,
parent and child, parent organization.

Patterns are data (``lexicons/fact_patterns.tsv``), written from general
Chinese phrasing (X创办了Y, Y由X创立, Y创始人X, 总部位于, 毕业于, X的妻子Y,
成立于2001年).  A sentence is matched as its *shape*: each named entity and
time is replaced by one private-use character for its kind, so that a
pattern's slots (``{S:ORG}``, ``{O:PER+}``) stand for whole mentions and its
gaps (``…``) never step over one.  Pattern syntax:

* ``{S:TYPE}`` / ``{O:TYPE}``: the subject / object, one mention of TYPE
  (PER, ORG, PLACE, COUNTRY, DATE, CNABBR — a country's one-character
  abbreviation as in 美籍); ``{S:PER+}`` a list joined by 、/和/与/及 (each
  is a subject), ``{O:PLACE+}`` adjacent places (美国亚特兰大; the last is
  the object);
* ``{TYPE}``: a mention of TYPE that is neither subject nor object;
* ``…`` up to 12 characters inside the clause, naming no entity;
  ``……`` up to 40 characters inside the sentence, naming no person or
  organization outside brackets (X（简称Y）成立于…);
* ``<name>``: the alternation of the lines of ``lexicons/fact_<name>.txt``;
* anything else is a regular expression (``(创办|创立)``, ``了?``).

Each fact is a :class:`kg.model.Relation` with its sentence; the writer
gives it an ``rdf:Statement`` with ``prov:wasDerivedFrom``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.errors import ResourceError
from kg.extract.classes import entity_class
from kg.extract.spans import SpanIndex
from kg.gazetteer import gazetteer
from kg.model import Document, Entity, Key, Mention, Relation, Sentence
from kg.resources import load_lines, load_tsv

__all__ = ["FactStage", "find_facts", "FACT_KINDS", "Pattern", "patterns"]

#: kg relation kinds this stage asserts (Relation.kind) and what subject and object are.
FACT_KINDS = {
    "founder": ("organization", "person"),
    "nationality": ("person", "place"),
    "location": ("organization", "place"),
    "foundingDate": ("organization", "time"),
    "birthPlace": ("person", "place"),
    "ancestralHome": ("person", "place"),
    "alumniOf": ("person", "organization"),
    "spouse": ("person", "person"),
    "parent": ("person", "person"),
    "children": ("person", "person"),
    "subOrganizationOf": ("organization", "organization"),
}
#: pattern relations: the kinds above, plus ``child`` (S has child O) and
#: ``wife``/``husband`` (O is S's wife/husband), which become parent/children and spouse.
PATTERN_RELATIONS = set(FACT_KINDS) - {"children"} | {"child", "wife", "husband"}

PER, ORG, PLACE, COUNTRY, DATE = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
ENTITY_CHARS = PER + ORG + PLACE + COUNTRY + DATE
SLOT_CLASSES = {"PER": PER, "ORG": ORG, "PLACE": PLACE + COUNTRY, "COUNTRY": COUNTRY, "DATE": DATE}
CLAUSE_BREAKS = "，。；！？,;!?：:（）()“”\""
SENTENCE_BREAKS = "。；！？;!?"
SHORT_GAP = f"[^{CLAUSE_BREAKS}{ENTITY_CHARS}]{{0,12}}?"
LONG_GAP = f"(?:[^{SENTENCE_BREAKS}{PER}{ORG}（(]|[（(][^）){SENTENCE_BREAKS}]{{0,30}}[）)]){{0,40}}?"
GENERIC_ORG_ENDS = ("总部", "总公司")
SLOT = re.compile(r"\{([SO]):([A-Z]+)(\+?)\}")
ANON = re.compile(r"\{(PER|ORG|PLACE|COUNTRY|DATE)\}")
MACRO = re.compile(r"<([a-z_]+)>")


@dataclass(frozen=True)
class Pattern:
    relation: str
    source: str
    regex: re.Pattern
    lists: frozenset  # slot names (S/O) that may match several mentions


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return dict(load_tsv("lexicons", "country_abbreviations.tsv", columns=2))


def _slot(match: re.Match, lists: set) -> str:
    role, kind, many = match.groups()
    if kind == "CNABBR":
        chars = "".join(sorted(_abbreviations()))
        return f"(?P<{role}>[{chars}])"
    if kind not in SLOT_CLASSES:
        raise ValueError(f"unknown slot type {kind}; use PER, ORG, PLACE, COUNTRY, DATE or CNABBR")
    one = f"[{SLOT_CLASSES[kind]}]"
    if not many:
        return f"(?P<{role}>{one})"
    lists.add(role)
    if kind == "PER" or kind == "ORG":
        return f"(?P<{role}>{one}(?:[、和与及]{one})*)"
    return f"(?P<{role}>{one}+)"


def compile_pattern(relation: str, source: str) -> Pattern:
    """A pattern line as a regular expression over sentence shapes."""
    lists: set = set()
    text = MACRO.sub(lambda m: "(?:" + "|".join(sorted(
        (re.escape(w) for w in load_lines("lexicons", f"fact_{m.group(1)}.txt")),
        key=lambda w: (-len(w), w))) + ")", source)
    text = text.replace("……", "\0LONG\0").replace("…", "\0SHORT\0")
    text = SLOT.sub(lambda m: _slot(m, lists), text)
    text = ANON.sub(lambda m: f"[{SLOT_CLASSES[m.group(1)]}]", text)
    text = text.replace("\0LONG\0", LONG_GAP).replace("\0SHORT\0", SHORT_GAP)
    return Pattern(relation, source, re.compile(text), frozenset(lists))


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """The packaged patterns, compiled and checked once."""
    out = []
    for number, (relation, source) in enumerate(load_tsv("lexicons", "fact_patterns.tsv", columns=2), 1):
        where = f"lexicons/fact_patterns.tsv pattern {number} ({source})"
        if relation not in PATTERN_RELATIONS:
            raise ResourceError(f"{where}: unknown relation {relation!r}; use one of "
                                f"{', '.join(sorted(PATTERN_RELATIONS))}")
        if "{S:" not in source or "{O:" not in source:
            raise ResourceError(f"{where}: a pattern needs a {{S:TYPE}} and an {{O:TYPE}} slot")
        try:
            out.append(compile_pattern(relation, source))
        except (ValueError, re.error, ResourceError) as exc:
            raise ResourceError(f"{where}: {exc}; fix the pattern") from exc
    return tuple(out)


def _shape(doc: Document, sentence: Sentence, mentions: list[Mention]) -> tuple[str, list]:
    """The sentence with each mention as one character of its kind, and what each
    shape character stands for (a mention, or None for a plain character)."""
    gaz = gazetteer()
    chars, items = [], []
    at = sentence.start
    for m in mentions:
        if m.start < at or m.ref_kind == "organization" and m.text.endswith(GENERIC_ORG_ENDS) and len(m.text) <= 4:
            continue  # 总部, 公司总部: a word the tagger took for a name
        for i in range(at, m.start):
            chars.append(doc.text[i])
            items.append(None)
        kind = m.ref_kind
        if m.label == "TIME":
            chars.append(DATE)
        elif kind == "person":
            chars.append(PER)
        elif kind == "organization":
            chars.append(ORG)
        else:
            chars.append(COUNTRY if gaz.is_country(m.ref.name) else PLACE)
        items.append(m)
        at = m.end
    for i in range(at, sentence.end):
        chars.append(doc.text[i])
        items.append(None)
    return "".join(chars), items


def _slot_values(match: re.Match, role: str, items: list, many: bool, shape: str, relation: str) -> list:
    start, end = match.span(role)
    found = [items[i] for i in range(start, end) if items[i] is not None]
    if not found and end - start == 1 and shape[start] in _abbreviations():
        return [("abbr", _abbreviations()[shape[start]])]
    if many and found and found[0].ref_kind == "place":
        # 美国亚特兰大: the most specific place; a headquarters is the city the gazetteer
        # knows, not its street (临汾市秦蜀路233号)
        known = [m for m in found if gazetteer().place_class(m.ref.name)]
        return [(known if relation == "location" and known else found)[-1]]
    return found


def _key(value) -> Key:
    if isinstance(value, tuple):
        return Key.of("place", value[1])
    if value.label == "TIME":
        return value.ref
    return value.ref


def find_facts(doc: Document) -> tuple[list[Relation], list[Entity]]:
    """The facts the patterns find, and entities they name that the document lacks
    (a country written as an abbreviation: 美籍 → 美国)."""
    named = [m for m in doc.mentions if m.ref_kind in ("person", "organization", "place")
             and not any(c.start <= m.start and m.end <= c.end for c in doc.credits)]
    times = [Mention(m.start, m.end, "TIME", m.text, Key.of("time", f"{tv.datatype}/{tv.value}"))
             for m, tv in doc.times if tv.datatype in ("date", "gYearMonth", "gYear")]
    spans = sorted(named + times, key=lambda m: (m.start, -(m.end - m.start)))
    out, added = [], {}
    index = SpanIndex(spans)
    for sentence in doc.sentences:
        inside = index.within(sentence.start, sentence.end)
        shape, items = _shape(doc, sentence, inside)
        for pattern in patterns():
            for match in pattern.regex.finditer(shape):
                subjects = _slot_values(match, "S", items, "S" in pattern.lists, shape, pattern.relation)
                objects = _slot_values(match, "O", items, "O" in pattern.lists, shape, pattern.relation)
                for s in subjects:
                    for o in objects:
                        for value in (s, o):
                            if isinstance(value, tuple):
                                added[_key(value)] = value[1]
                        out += _relations(pattern.relation, _key(s), _key(o), sentence)
    entities = [Entity(k, "place", entity_class(k, {}), label) for k, label in sorted(added.items())]
    return out, entities


def _relations(relation: str, subject: str, obj: str, sentence: Sentence) -> list[Relation]:
    if subject == obj:
        return []
    sents = (sentence,)
    if relation == "child":
        subject, obj, relation = obj, subject, "parent"
    if relation == "parent":
        return [Relation("parent", subject, obj, sents), Relation("children", obj, subject, sents)]
    if relation in ("wife", "husband", "spouse"):
        role = {"wife": "妻子", "husband": "丈夫"}.get(relation)
        back = {"妻子": "丈夫", "丈夫": "妻子"}.get(role)
        return [Relation("spouse", subject, obj, sents, role=role), Relation("spouse", obj, subject, sents, role=back)]
    return [Relation(relation, subject, obj, sents)]


@dataclass
class FactStage:
    """Add the facts of :func:`find_facts` to a document's relations (after
    :class:`kg.extract.relations.RelationStage`), one relation per fact with
    all the sentences that state it."""

    name: str = "facts"
    kinds: frozenset = field(default_factory=lambda: frozenset(FACT_KINDS))

    def __call__(self, doc: Document) -> Document:
        from kg.extract.relations import merge_relations

        found, new_entities = find_facts(doc)
        # merge_relations keeps what positions carry (ended, start, end)
        relations = tuple(merge_relations(list(doc.relations) + [r for r in found if r.kind in self.kinds]))
        entities = {e.key: e for e in doc.entities}
        for e in new_entities:
            entities.setdefault(e.key, e)
        return doc.with_(relations=relations, entities=tuple(entities[k] for k in sorted(entities)))
