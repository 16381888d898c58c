"""Cross-document resolution: organization abbreviations merged across documents,
one class per entity.

A corpus build never holds every document at once: it keeps each one's
:meth:`CorpusResolveStage.summary` (its entities), makes one
:meth:`CorpusResolveStage.decide` over all of them, and
:meth:`CorpusResolveStage.apply` runs per document, in the workers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from kg.extract.aliases import AliasRules, is_abbreviation, load_alias_rules
from kg.extract.generics import is_local
from kg.extract.resolve import entity_key
from kg.gazetteer import gazetteer
from kg.lexicons import org_endings
from kg.model import Document, Entity, Key

__all__ = ["CorpusResolveStage", "CorpusDecision"]


@dataclass(frozen=True)
class CorpusDecision:
    """What cross-document resolution decided: organization keys merged into
    others (abbreviations) and the class each entity takes (its most common)."""

    remap: dict
    classes: dict

    def subset(self, keys) -> "CorpusDecision":
        """The part of the decision that documents with entity ``keys`` need."""
        remap = {k: self.remap[k] for k in keys if k in self.remap}
        wanted = set(keys) | set(remap.values())
        return CorpusDecision(remap, {k: self.classes[k] for k in wanted if k in self.classes})


@dataclass
class CorpusResolveStage:
    """Merge organization abbreviations across documents; one class per entity."""

    rules: AliasRules = field(default_factory=load_alias_rules)
    name: str = "resolve-corpus"
    corpus: bool = True

    def __call__(self, docs: list[Document]) -> list[Document]:
        decision = self.decide([self.summary(d) for d in docs])
        return [self.apply(d, decision) for d in docs]

    @staticmethod
    def summary(doc: Document) -> tuple:
        """What :meth:`decide` needs of a document: (key, kind, class, label) of its entities."""
        return tuple((e.key, e.kind, e.cls, e.label) for e in doc.entities)

    def decide(self, summaries) -> CorpusDecision:
        summaries = list(summaries)
        orgs = sorted({label for entities in summaries for key, kind, _, label in entities
                       if kind == "organization" and not is_local(key)},
                      key=lambda n: (-len(n), n))
        by_first: dict[str, list[str]] = defaultdict(list)  # an abbreviation keeps the first character
        by_ending: dict[str, list[str]] = defaultdict(list)
        for name in orgs:
            by_first[name[0]].append(name)
            for k in range(3, len(name)):
                by_ending[name[-k:]].append(name)
        remap = {}
        for short in orgs:
            longs = [l for l in by_first[short[0]] if is_abbreviation(short, l) and self.rules.allowed(short, l)]
            longs = longs or self._place_prefixed(short, by_ending.get(short, ()))
            if len(longs) == 1:
                remap[entity_key("organization", short)] = entity_key("organization", longs[0])
        counts: dict[str, Counter] = defaultdict(Counter)
        for entities in summaries:
            for key, _, cls, _ in entities:
                counts[remap.get(key, key)][cls] += 1
        classes = {key: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for key, c in counts.items()}
        return CorpusDecision(remap, classes)

    def _place_prefixed(self, short: str, orgs: list[str]) -> list[str]:
        """火神山医院 and 武汉火神山医院: the same organization with its place.  Not
        with a country: 国务院 in one article and 美国国务院 in another are two bodies."""
        if len(short) < 3 or short in org_endings():
            return []
        gaz = gazetteer()
        return [l for l in orgs if l.endswith(short) and l != short
                and gaz.place_class(l[: -len(short)]) not in (None, "Country") and self.rules.allowed(short, l)]

    @staticmethod
    def apply(doc: Document, decision: CorpusDecision) -> Document:
        """The document with the decision applied: merged keys, one class per entity."""
        remap = decision.remap
        merged: dict[str, Entity] = {}
        for e in doc.entities:
            key = Key(remap.get(e.key, e.key))
            label = e.label if key == e.key else key.name
            aliases = set(e.aliases) | ({e.label} if e.label != label else set())
            if key in merged:
                aliases |= set(merged[key].aliases)
            merged[key] = Entity(key, e.kind, decision.classes.get(key, e.cls), label,
                                 tuple(sorted(aliases - {label})))
        mentions = tuple(
            replace(m, ref=remap.get(m.ref, m.ref)) if m.ref else m for m in doc.mentions
        )
        return doc.with_(entities=tuple(merged[k] for k in sorted(merged)), mentions=mentions)
