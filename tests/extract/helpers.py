"""Build small Documents by hand: text plus (surface, label) mentions."""

from kg.extract.stages import SentenceStage
from kg.model import Document, Mention


def make_doc(text: str, *tags: tuple[str, str], doc_id: str = "t", times=()) -> Document:
    """A Document whose mentions are the given surfaces, found left to right."""
    mentions, pos = [], 0
    for surface, label in tags:
        start = text.index(surface, pos)
        mentions.append(Mention(start, start + len(surface), label, surface))
        pos = start + len(surface)
    doc = SentenceStage()(Document(doc_id, text))
    return doc.with_(mentions=tuple(sorted(mentions)), times=tuple(times))
