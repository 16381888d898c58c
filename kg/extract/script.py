"""Traditional Chinese input: extract from a simplified copy, report the original.

:class:`SimplifyStage` swaps a traditional text for its character-by-character
simplified copy (same length, so every offset stays valid) and keeps the
original; :class:`RestoreScriptStage`, the last stage, puts the original text
back, makes every mention's text the original characters again and adds the
traditional spellings to the entities' aliases.  Canonical names stay
simplified, so 習近平 and 习近平 are one person across documents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.extract.aliases import normalize_name
from kg.model import Document, Mention

__all__ = ["SimplifyStage", "RestoreScriptStage"]

ORIGINAL = "original_text"


@dataclass
class SimplifyStage:
    """Replace a traditional text by its simplified copy (offsets unchanged)."""

    name: str = "simplify"

    def __call__(self, doc: Document) -> Document:
        from kg.ner.traditional import is_traditional, to_simplified

        if not is_traditional(doc.text):
            return doc
        return doc.with_(text=to_simplified(doc.text), meta={**doc.meta, ORIGINAL: doc.text})


@dataclass
class RestoreScriptStage:
    """Put the original text back into the document and its mentions."""

    name: str = "restore-script"

    def __call__(self, doc: Document) -> Document:
        original = doc.meta.get(ORIGINAL)
        if original is None:
            return doc

        def fix(m: Mention) -> Mention:
            return replace(m, text=original[m.start : m.end])

        spellings: dict[str, set[str]] = {}
        for m in doc.mentions:
            surface = normalize_name(original[m.start : m.end])
            if m.ref and surface != normalize_name(m.text) and m.label != "TITLE":
                spellings.setdefault(m.ref, set()).add(surface)
        entities = tuple(
            replace(e, aliases=tuple(sorted(set(e.aliases) | spellings.get(e.key, set()) - {e.label})))
            for e in doc.entities
        )
        meta = {k: v for k, v in doc.meta.items() if k != ORIGINAL}
        return doc.with_(
            text=original,
            meta=meta,
            mentions=tuple(fix(m) for m in doc.mentions),
            times=tuple((fix(m), tv) for m, tv in doc.times),
            quantities=tuple(replace(q, mention=fix(q.mention)) for q in doc.quantities),
            events=tuple(replace(e, trigger=fix(e.trigger)) for e in doc.events),
            entities=entities,
        )
