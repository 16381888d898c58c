"""The standard stages, each a small callable ``Document -> Document``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.model import Document, Mention
from kg.ner.registry import tagger_for
from kg.text.clean import name_span
from kg.text.sentences import split_sentences

__all__ = [
    "SentenceStage",
    "MentionStage",
    "DatelineStage",
    "CreditStage",
    "TimeStage",
    "QuantityStage",
    "CreditEntityStage",
    "build_stages",
]


@dataclass
class SentenceStage:
    """Split the text into sentences."""

    name: str = "sentences"

    def __call__(self, doc: Document) -> Document:
        return doc.with_(sentences=split_sentences(doc.text))


@dataclass
class MentionStage:
    """Find names and titles with a tagger (``tag(text) -> list[Mention]``), or with
    the tagger of kind ``kind`` (:func:`kg.ner.registry.tagger_for`; ``model``: the model files of
    ``kg build --model``), loaded at first use, so that a process that only plans a
    build (its workers tag) never loads it.  Names whose kind is fixed (``forced``:
    name -> label, from ``kg build --lexicon`` and the alias file's ``kind`` lines)
    are tagged wherever they occur (:func:`kg.extract.user_lexicons.force_names`)."""

    tagger: object = None
    kind: str = "ner"
    name: str = "ner"
    model: tuple = ()
    forced: dict = field(default_factory=dict)

    def __call__(self, doc: Document) -> Document:
        return self.many([doc])[0]

    def many(self, docs: list[Document]) -> list[Document]:
        """:meth:`__call__` of each document, their sentences tagged together
        (in fewer, fuller batches; each document's mentions are the same as
        alone)."""
        if self.tagger is None:
            self.tagger = tagger_for(self.kind, self.model)
        from kg.ner.tagger import Tagger

        if isinstance(self.tagger, Tagger):  # kg's tagger: together, each document's scores as alone
            tagged = self.tagger.tag_many([doc.text for doc in docs], apart=True)
        else:
            tagged = [self.tagger.tag(doc.text) for doc in docs]
        return [self._add(doc, found) for doc, found in zip(docs, tagged)]

    def _add(self, doc: Document, mentions: list[Mention]) -> Document:
        found = [m for m in (_trimmed(m) for m in mentions) if m is not None]
        if self.forced:
            from kg.extract.user_lexicons import force_names, name_pattern

            if not hasattr(self, "_pattern"):
                self._pattern = name_pattern(self.forced)
            found = force_names(doc.text, found, self.forced, self._pattern)
        for mention in found:
            mention.check(doc.text)
        return doc.with_(mentions=tuple(sorted(doc.mentions + tuple(found))))


def _trimmed(mention: Mention) -> Mention | None:
    """The part of the mention that can be a name (:func:`kg.text.clean.name_span`):
    without white space, invisible or control characters at its ends (a tagger may
    take a no-break space before a name, which lies between sentences) and cut at
    emoji, which never join a name; None if nothing is left."""
    span = name_span(mention.text, 0, len(mention.text))
    if span is None:
        return None
    a, b = span
    if (a, b) == (0, len(mention.text)):
        return mention
    return replace(mention, start=mention.start + a, end=mention.start + b, text=mention.text[a:b])


@dataclass
class DatelineStage:
    """Read the dateline (新华社北京1月8日电) or date line: the document's date
    (unless ``kg build --date`` gave one) and place (a place mention)."""

    name: str = "dateline"

    def __call__(self, doc: Document) -> Document:
        from kg.extract.dateline import dateline_mentions, full_date, read_dateline

        dateline = read_dateline(doc.text, doc.date)
        date = doc.date or (dateline.date if dateline and full_date(dateline.date) else None)
        mentions = dateline_mentions(doc.text, dateline, doc.mentions)
        return doc.with_(dateline=dateline, date=date, mentions=mentions)


@dataclass
class CreditStage:
    """Read bylines and credits ((记者 张三), 责任编辑：李四): one person mention
    on each credited name, no title mention (记者) inside a credit."""

    name: str = "credits"

    def __call__(self, doc: Document) -> Document:
        from kg.extract.byline import credit_mentions, find_credits

        credits = tuple(find_credits(doc.text, doc.mentions))
        return doc.with_(credits=credits, mentions=credit_mentions(doc.text, credits, doc.mentions))


@dataclass
class TimeStage:
    """Find and normalize time expressions, anchored on the document date:
    ``kg build --date``, else the text's dateline or date line."""

    name: str = "times"

    def __call__(self, doc: Document) -> Document:
        from kg.extract.dateline import find_dateline
        from kg.extract.timex import find_times

        anchor = doc.date or find_dateline(doc.text)
        found = find_times(doc.text, doc.sentences, anchor=anchor)
        return doc.with_(times=tuple(found), date=anchor)


@dataclass
class QuantityStage:
    """Find quantities, skipping spans already taken by times."""

    name: str = "quantities"

    def __call__(self, doc: Document) -> Document:
        from kg.extract.quantity import find_quantities

        taken = [m for m, _ in doc.times]
        return doc.with_(quantities=tuple(find_quantities(doc.text, doc.sentences, exclude=taken)))


@dataclass
class CreditEntityStage:
    """After resolution: each credit names its person entity (canonical name), and
    the dateline's place has a place entity (北京 -> 北京市)."""

    name: str = "credit-entities"

    def __call__(self, doc: Document) -> Document:
        from kg.extract.byline import link_credits

        return link_credits(doc)


def build_stages(tagger: str = "ner", aliases=None, events: str = "model",
                 relations: str = "model", lexicons=None, model: tuple = ()) -> list:
    """The standard stages; ``aliases`` is an alias file's path or loaded
    :class:`kg.extract.aliases.AliasRules` (None: the packaged aliases only);
    ``lexicons`` a :class:`kg.lexicons.LexiconSet` of the user's entries (each
    stage runs with them added to the packaged lexicons); ``model`` the NER
    model files to tag with (``kg build --model``).  The learned event and
    relation readers are the packaged ones that read LAC's analysis, or under
    ``tagger`` ``fast`` those that read the fast tagger's own states
    (:mod:`kg.extract.fast_reading`: no LAC runs)."""
    from kg.extract.events import EventStage
    from kg.extract.facts import FactStage
    from kg.extract.learned_events import READINGS as EVENT_READINGS, EventReadingStage
    from kg.extract.learned_relations import READINGS as RELATION_READINGS, LearnedRelationStage, RelationReadingStage
    from kg.extract.sliced import SlicedReading
    from kg.extract.relations import RelationStage
    from kg.extract.corpus_resolve import CorpusResolveStage
    from kg.extract.resolve import ResolveStage, load_alias_rules
    from kg.extract.script import RestoreScriptStage, SimplifyStage
    from kg.extract.user_lexicons import forced_labels
    from kg.ner.lac import LexicalAnalysisStage
    from kg.extract.qualifiers import QualifierStage
    from kg.extract.sessions import SessionStage
    from kg.lexicons import LexiconSet

    from kg.extract.aliases import AliasRules

    rules = aliases if isinstance(aliases, AliasRules) else load_alias_rules(aliases)
    # the learned readers read what the tagger computed: the fast tagger's states, else LAC's analysis
    reads = "fast" if tagger == "fast" else "lac"
    lexicons = lexicons or LexiconSet()
    stages = [
        SimplifyStage(),
        SentenceStage(),
        MentionStage(kind=tagger, model=tuple(model), forced=forced_labels(lexicons, rules.kinds)),
        DatelineStage(),
        CreditStage(),
        TimeStage(),
        QuantityStage(),
        ResolveStage(rules),
        # the models' network passes, while what they read is cached: LAC's analysis
        # (made by NER, else here), or under --tagger fast the fast network's states
        SlicedReading([_with(lexicons, LexicalAnalysisStage(needed=reads == "lac" and "model" in (events, relations))),
                       _with(lexicons, RelationReadingStage(relations, reads=reads)),
                       _with(lexicons, EventReadingStage(events, reads=reads))],
                      keys=(RELATION_READINGS, EVENT_READINGS)),
        CorpusResolveStage(rules),
        CreditEntityStage(),
        RelationStage(rules),
        FactStage(),
        LearnedRelationStage(relations, reads=reads),
        EventStage(events, reads=reads),
        SessionStage(),
        QualifierStage(),
        RestoreScriptStage(),
    ]
    return [_with(lexicons, stage) for stage in stages]


def _with(lexicons, stage):
    """``stage`` run with the user's ``lexicons`` (none: itself); a
    :class:`SlicedReading` wraps its own stages."""
    from kg.extract.sliced import SlicedReading

    return WithLexicons(stage, lexicons) if lexicons and not isinstance(stage, SlicedReading) else stage


class WithLexicons:
    """A stage (per-document or corpus) that runs, method by method, with the user's
    lexicons added to the packaged ones (:func:`kg.lexicons.using`)."""

    def __init__(self, stage, lexicons):
        self.stage, self.lexicons = stage, lexicons

    def __call__(self, arg):
        from kg.lexicons import using

        with using(self.lexicons):
            return self.stage(arg)

    def __getattr__(self, attr: str):
        if attr in ("stage", "lexicons"):  # not set yet (unpickling)
            raise AttributeError(attr)
        value = getattr(self.stage, attr)
        if not callable(value):
            return value

        def scoped(*args, **kwargs):
            from kg.lexicons import using

            with using(self.lexicons):
                return value(*args, **kwargs)

        return scoped
