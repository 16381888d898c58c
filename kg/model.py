"""The one data model that flows through the pipeline.

Every stage reads a :class:`Document` and returns a new one (the classes are
frozen dataclasses; use :func:`dataclasses.replace`).  All positions are
character offsets into ``Document.text`` (Python ``str`` indices, end
exclusive), so every fact can be traced back to the exact characters it came
from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.errors import OffsetError

__all__ = [
    "Key",
    "LOCAL_MARK",
    "Document",
    "Sentence",
    "Mention",
    "Entity",
    "Relation",
    "Event",
    "TimeValue",
    "Quantity",
    "Dateline",
    "Credit",
    "ENTITY_LABELS",
]

#: Mention labels that denote entities, mapped to their top-level kind.
#: Finer labels (GOV, COMPANY, ...) refine ORG/LOC; TITLE is a position title.
ENTITY_LABELS = {
    "PER": "Person",
    "ORG": "Organization",
    "GOV": "Organization",
    "COMPANY": "Organization",
    "LOC": "Place",
    "GPE": "Place",
}


#: Separates a name from the document id in a document-local key (``organization/省委@doc``).
LOCAL_MARK = "@"
#: Kinds whose keys may be document-local: the generic organizations (省委 of one article).
LOCAL_KINDS = frozenset({"organization"})


class Key(str):
    """The key of what a mention denotes: ``kind/name``, a ``str`` with its parts.

    ``person/习近平``, ``organization/中国共产党``, ``place/北京市``, ``role/总理``,
    ``time/date/2020-01-08``.  An organization that exists only in one
    document (a generic 省委 whose referent the text does not say) has a
    document-local key, ``organization/省委@doc``; in the keys of other kinds
    an ``@`` is part of the name.  Other refs (event ids ``e12``, quantity ids
    ``q7``, an argument's property) have no kind.

    A key *is* its string: it sorts, hashes and compares equal to the plain
    string, and everything written from it (IRIs, labels, JSON) is unchanged.
    """

    __slots__ = ()

    @classmethod
    def of(cls, kind: str, name: str, doc: str | None = None) -> Key:
        """``kind/name``, or the document-local ``kind/name@doc`` when ``doc`` is given."""
        return cls(f"{kind}/{name}" if doc is None else f"{kind}/{name}{LOCAL_MARK}{doc}")

    @property
    def kind(self) -> str:
        """``person``, ``organization``, ``place``, ``role``, ``time`` …; "" for a ref without one."""
        kind, sep, _ = self.partition("/")
        return kind if sep else ""

    @property
    def rest(self) -> str:
        """Everything after the kind, a document-local mark included (``省委@doc``)."""
        _, sep, rest = self.partition("/")
        return rest if sep else str(self)

    @property
    def name(self) -> str:
        """The name after the kind, without a document-local mark (``省委``; ``date/2020-01-08`` for a time)."""
        rest = self.rest
        return rest.split(LOCAL_MARK, 1)[0] if self.is_local else rest

    @property
    def is_local(self) -> bool:
        """Whether the key names an entity that exists only in one document."""
        kind, _, rest = self.partition("/")
        return kind in LOCAL_KINDS and LOCAL_MARK in rest

    def __reduce__(self):
        return (Key, (str(self),))


@dataclass(frozen=True, order=True)
class Sentence:
    """A sentence as a span of its document's text."""

    start: int
    end: int


@dataclass(frozen=True, order=True)
class Mention:
    """A span of text with a label.

    ``label`` is one of the NER labels (PER, ORG, GOV, COMPANY, LOC, GPE,
    TITLE), or TIME, QUANTITY or TRIGGER for the other extractors.  ``ref``
    is filled by later stages with the :class:`Key` of what the mention
    denotes (an entity key, a time value, a quantity or event id); a plain
    string given for it becomes a :class:`Key`.
    """

    start: int
    end: int
    label: str
    text: str
    ref: Key | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if self.ref is not None and type(self.ref) is not Key:
            object.__setattr__(self, "ref", Key(self.ref))

    def __setstate__(self, state: dict) -> None:
        # documents pickled before refs were keys (a store's document cache) get keys too
        self.__dict__.update(state)
        self.__post_init__()

    @property
    def ref_kind(self) -> str:
        """The kind of what the mention denotes (``person`` …); "" when it has none."""
        return self.ref.kind if self.ref is not None else ""

    def check(self, doc_text: str) -> None:
        """Raise :class:`OffsetError` unless the offsets select ``text``."""
        if not (0 <= self.start < self.end <= len(doc_text)):
            raise OffsetError(
                f"mention {self.text!r} has offsets {self.start}..{self.end} "
                f"outside a text of {len(doc_text)} characters"
            )
        if doc_text[self.start : self.end] != self.text:
            raise OffsetError(
                f"mention {self.text!r} at {self.start}..{self.end} does not match "
                f"the text there ({doc_text[self.start:self.end]!r})"
            )


@dataclass(frozen=True)
class Entity:
    """A person, organization or place: one node of the graph.

    ``key`` is the stable identifier, a :class:`Key` (``kind/canonical name``); ``cls`` is the
    ontology class local name (``Person``, ``Hospital``, ``City`` ...).
    """

    key: Key
    kind: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if type(self.key) is not Key:
            object.__setattr__(self, "key", Key(self.key))

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()


@dataclass(frozen=True)
class TimeValue:
    """A normalized time: ``value`` in ISO form and its XSD datatype name."""

    value: str
    datatype: str  # date | dateTime | gYearMonth | gYear | duration
    approximate: bool = False


@dataclass(frozen=True)
class Quantity:
    """A quantity: numeric value, unit and the mention it came from."""

    key: str
    value: float | int
    unit: str
    mention: Mention
    approximate: bool = False
    counts: str | None = None  # what the quantity counts (a noun), if stated


@dataclass(frozen=True)
class Relation:
    """A typed fact between entities, traced to one or more sentences.

    ``kind`` is ``membership`` (subject=person, object=organization, with a
    ``role`` title), or an ontology property local name such as
    ``containedInPlace``, ``location``, ``subOrganizationOf``, ``talksWith``.
    """

    kind: str
    subject: Key
    object: Key
    sentences: tuple[Sentence, ...] = ()
    role: str | None = None
    #: a membership the text says has ended (原…, 辞去…), or has just begun (新任…, 上任)
    ended: bool = False
    started: bool = False
    #: when it began or ended, where the text says
    start: TimeValue | None = None
    end: TimeValue | None = None

    def __post_init__(self) -> None:
        for name in ("subject", "object"):
            if type(getattr(self, name)) is not Key:
                object.__setattr__(self, name, Key(getattr(self, name)))

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()


@dataclass(frozen=True)
class Event:
    """Something that happened: a typed node with its trigger and roles."""

    key: str
    cls: str
    trigger: Mention
    sentence: Sentence
    date: TimeValue | None = None
    location: str | None = None
    participants: tuple[tuple[str, str], ...] = ()  # (property, entity key)
    #: kg:Planned / kg:Negated / kg:Hypothetical (local names), or None: it happened
    modality: str | None = None
    #: (property, text) of arguments that name a thing, not an entity (发布产品: 新款手机)
    things: tuple[tuple[str, str], ...] = ()
    #: (property, quantity key) of counted arguments (裁员人数 -> a Quantity of the document)
    counts: tuple[tuple[str, str], ...] = ()
    #: the argument spans the extractor read (label ARG, ref = the role's property)
    arguments: tuple[Mention, ...] = ()
    #: which extractor found it: "model" (learned from DuEE) or "rules" (the trigger lexicon)
    source: str = "rules"


@dataclass(frozen=True)
class Dateline:
    """Where and when the text says it was written: 新华社北京1月8日电, or a date line.

    ``start..end`` is the dateline's span; ``date`` is an ISO date
    (``2020-01-08``), ``--01-08`` (xsd:gMonthDay) when no year is known, or
    None; ``place`` is the place text as written (北京), or None.
    """

    start: int
    end: int
    date: str | None
    place: str | None


@dataclass(frozen=True)
class Credit:
    """A byline or credit: ``role`` is ``author`` (记者, 通讯员) or ``editor`` (责任编辑).

    ``start..end`` is the whole credit span (``（记者 张三 李四）``); ``name`` is
    the person's name (canonical once entities are resolved).
    """

    start: int
    end: int
    role: str
    name: str


@dataclass(frozen=True)
class Document:
    """One input text and everything extracted from it."""

    id: str
    text: str
    source: str = ""
    date: str | None = None
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[tuple[Mention, TimeValue], ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dateline: Dateline | None = None
    credits: tuple[Credit, ...] = ()
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def sentence_of(self, start: int) -> Sentence:
        """The sentence that contains character ``start``."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= start:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= start:
            return self.sentences[lo]
        raise OffsetError(f"offset {start} of document {self.id!r} is in no sentence")

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def with_(self, **changes) -> "Document":
        """A copy with some fields replaced."""
        return replace(self, **changes)
