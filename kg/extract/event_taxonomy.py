"""The DuEE 1.0 event taxonomy: the kg class of each DuEE type, the kg property of each role.

Two packaged files hold it (``kg/data/lexicons``):

- ``event_types.tsv``: duee_type, class, family, en_label, zh_label (65 rows);
- ``event_roles.tsv``: duee_type, duee_role, property, kind (217 rows).

Both are validated on load against the ontology's terms (:class:`kg.vocab.KG`
mirrors ``ontology/kg.ttl``): an unknown family, class, property or kind, a
type the roles file names but the types file lacks, one role string mapped to
two properties, or two roles of one type mapped to one property raises
:class:`ResourceError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef

from kg.errors import ResourceError
from kg.vocab import KG, SCHEMA
from kg.resources import data_path, read_text

__all__ = [
    "EventType", "RoleProperty", "FAMILIES", "KINDS",
    "event_types", "event_roles", "roles_of", "class_label_zh", "duee_type_of",
]

TYPES_FILE = ("lexicons", "event_types.tsv")
ROLES_FILE = ("lexicons", "event_roles.tsv")

#: The 9 family classes (local names) and the DuEE family string each stands for.
FAMILIES = {
    "FinanceEvent": "财经/交易",
    "ProductEvent": "产品行为",
    "InteractionEvent": "交往",
    "CompetitionEvent": "竞赛行为",
    "LifeEvent": "人生",
    "JusticeEvent": "司法行为",
    "DisasterEvent": "灾害/意外",
    "OrganizationRelationEvent": "组织关系",
    "OrganizationActionEvent": "组织行为",
}
#: What an argument in a role becomes (see the header of event_roles.tsv).
KINDS = ("participant", "location", "date", "quantity", "thing")
#: schema.org properties a role may map to, and the kind each must have.
SCHEMA_PROPERTIES = {"schema:startDate": "date", "schema:location": "location"}

_KG_TERMS = frozenset(KG.__annotations__)


@dataclass(frozen=True)
class EventType:
    """One row of ``event_types.tsv``."""

    duee_type: str
    cls: str
    family: str
    en: str
    zh: str

    @property
    def iri(self) -> URIRef:
        return KG._NS[self.cls]

    @property
    def family_iri(self) -> URIRef:
        return KG._NS[self.family]


@dataclass(frozen=True)
class RoleProperty:
    """The property of one (DuEE type, role) pair of ``event_roles.tsv``."""

    property: str
    kind: str

    @property
    def iri(self) -> URIRef:
        if self.property.startswith("schema:"):
            return SCHEMA[self.property[len("schema:"):]]
        return KG._NS[self.property]


def _rows(parts: tuple[str, ...], columns: int):
    """(line number, cells) of a packaged TSV file, skipping blanks and '#' comments."""
    for number, line in enumerate(read_text(*parts).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) != columns or not all(cells):
            raise ResourceError(
                f"{'/'.join(parts)} line {number}: expected {columns} non-empty tab-separated "
                f"columns, found {line!r}; fix the line"
            )
        yield number, cells


def _bad(parts: tuple[str, ...], number: int, problem: str) -> ResourceError:
    return ResourceError(f"{'/'.join(parts)} line {number}: {problem}; fix the line")


def _is_class(name: str) -> bool:
    return name in _KG_TERMS and name[:1].isupper()


def _is_property(name: str) -> bool:
    return name in _KG_TERMS and name[:1].islower()


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    """DuEE type string -> its kg class, in the file's (the schema's) order."""
    out: dict[str, EventType] = {}
    classes: dict[str, str] = {}
    for number, (duee_type, cls, family, en, zh) in _rows(TYPES_FILE, 5):
        if family not in FAMILIES:
            raise _bad(TYPES_FILE, number, f"unknown family {family!r} (one of {', '.join(FAMILIES)})")
        if not duee_type.startswith(FAMILIES[family] + "-"):
            raise _bad(TYPES_FILE, number,
                       f"{duee_type!r} is not of family {family} ({FAMILIES[family]})")
        if not _is_class(cls):
            raise _bad(TYPES_FILE, number, f"class {cls!r} is not declared in ontology/kg.ttl")
        if duee_type in out:
            raise _bad(TYPES_FILE, number, f"type {duee_type!r} listed twice")
        if cls in classes:
            raise _bad(TYPES_FILE, number, f"class {cls} already stands for {classes[cls]!r}")
        classes[cls] = duee_type
        out[duee_type] = EventType(duee_type, cls, family, en, zh)
    return out


@lru_cache(maxsize=1)
def event_roles() -> dict[tuple[str, str], RoleProperty]:
    """(DuEE type, DuEE role) -> the property an argument in that role becomes."""
    types = event_types()
    out: dict[tuple[str, str], RoleProperty] = {}
    by_role: dict[str, RoleProperty] = {}
    used: dict[tuple[str, str], str] = {}  # (type, property) -> role
    for number, (duee_type, role, prop, kind) in _rows(ROLES_FILE, 4):
        if duee_type not in types:
            raise _bad(ROLES_FILE, number, f"type {duee_type!r} is not in event_types.tsv")
        if kind not in KINDS:
            raise _bad(ROLES_FILE, number, f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
        if prop in SCHEMA_PROPERTIES:
            if SCHEMA_PROPERTIES[prop] != kind:
                raise _bad(ROLES_FILE, number, f"{prop} is of kind {SCHEMA_PROPERTIES[prop]}, not {kind}")
        elif not _is_property(prop):
            raise _bad(ROLES_FILE, number, f"property {prop!r} is not declared in ontology/kg.ttl")
        elif kind == "date":
            raise _bad(ROLES_FILE, number, f"kind date needs schema:startDate, not {prop}")
        value = RoleProperty(prop, kind)
        if (duee_type, role) in out:
            raise _bad(ROLES_FILE, number, f"({duee_type}, {role}) listed twice")
        if by_role.setdefault(role, value) != value:
            raise _bad(ROLES_FILE, number,
                       f"role {role!r} maps to {by_role[role].property} ({by_role[role].kind}) elsewhere")
        if (duee_type, prop) in used:
            raise _bad(ROLES_FILE, number,
                       f"{prop} already holds role {used[duee_type, prop]!r} of {duee_type}")
        used[duee_type, prop] = role
        out[duee_type, role] = value
    return out


@lru_cache(maxsize=None)
def _roles_by_type() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {t: [] for t in event_types()}
    for duee_type, role in event_roles():
        grouped[duee_type].append(role)
    return {t: tuple(roles) for t, roles in grouped.items()}


def roles_of(duee_type: str) -> list[str]:
    """The roles of a DuEE type, in schema order; KeyError for an unknown type."""
    try:
        return list(_roles_by_type()[duee_type])
    except KeyError:
        raise KeyError(f"unknown DuEE event type {duee_type!r}") from None


def _local(cls) -> str:
    text = str(cls)
    if text.startswith(str(KG._NS)):
        return text[len(str(KG._NS)):]
    return text[3:] if text.startswith("kg:") else text


@lru_cache(maxsize=1)
def _ontology_labels_zh() -> dict[str, str]:
    """Local name -> rdfs:label@zh of every kg term, from the packaged ontology (parsed once)."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    graph = Graph().parse(data_path("ontology", "kg.ttl"), format="turtle")
    labels: dict[str, str] = {}
    for term, label in sorted(graph.subject_objects(RDFS.label)):
        if str(term).startswith(str(KG._NS)) and getattr(label, "language", None) == "zh":
            labels.setdefault(_local(term), str(label))
    return labels


@lru_cache(maxsize=1)
def _by_class() -> dict[str, EventType]:
    return {row.cls: row for row in event_types().values()}


def class_label_zh(cls) -> str:
    """The Chinese label of a kg event class ("Layoff", "kg:Layoff" or its IRI): 裁员.

    DuEE classes take it from event_types.tsv, the others (families, kg:Meeting's
    neighbours, kg:Event) from the ontology; a class kg does not know gives its
    local name back.
    """
    name = _local(cls)
    row = _by_class().get(name)
    if row is not None:
        return row.zh
    return _ontology_labels_zh().get(name, name)


def duee_type_of(cls) -> str | None:
    """The DuEE type a kg class stands for (kg:Layoff -> 组织关系-裁员), else None."""
    row = _by_class().get(_local(cls))
    return row.duee_type if row is not None else None
