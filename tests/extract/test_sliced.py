"""Long documents: the LAC readers run slice by slice, so LAC's analysis of a
sentence is made at most twice however long the document (issue 23, item 5:
time per character stays flat)."""

from __future__ import annotations

from pathlib import Path

import kg
from kg.extract.sliced import SlicedReading
from kg.model import Document, Sentence
from kg.ner.lac import CACHE_CHARS, LexicalAnalyzer

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-article-2020-epidemic-response.txt"


class Reader:
    """A stand-in reader: one entry per sentence, and a record of the slices it saw."""

    name = "reader"

    def __init__(self, key):
        self.key, self.seen = key, []

    def __call__(self, doc):
        self.seen.append(len(doc.sentences))
        entries = tuple(doc.sentence_text(s) for s in doc.sentences)
        return doc.with_(meta={**doc.meta, self.key: ("model", doc.sentences, entries)})


def test_slices_join_into_one_reading_per_sentence():
    text = "".join(f"第{i}句话在这里。" for i in range(100))
    sentences, pos = [], 0
    for i in range(100):
        length = len(f"第{i}句话在这里。")
        sentences.append(Sentence(pos, pos + length))
        pos += length
    doc = Document(id="d", text=text, sentences=tuple(sentences))
    first, second = Reader("a"), Reader("b")
    out = SlicedReading([first, second], keys=("a", "b"), slice_chars=200).run_timed(doc, times := {})
    assert len(first.seen) > 3 and sum(first.seen) == 100 and first.seen == second.seen
    for key in ("a", "b"):
        model, covered, entries = out.meta[key]
        assert model == "model" and covered == doc.sentences
        assert list(entries) == [doc.sentence_text(s) for s in doc.sentences]
    assert set(times) == {"reader"}
    whole = SlicedReading([Reader("a")], keys=("a",), slice_chars=10_000)(doc)
    assert whole.meta["a"] == out.meta["a"]


def test_a_document_longer_than_the_cache_is_analysed_twice_not_four_times(monkeypatch):
    text = DEMO.read_text(encoding="utf-8")
    long_text = "\n".join([text] * (CACHE_CHARS // len(text) + 2))
    assert len(long_text) > CACHE_CHARS + 10_000
    analysed = []
    original = LexicalAnalyzer._analyze

    def counting(self, texts, context):
        analysed.append(sum(map(len, texts)))
        return original(self, texts, context)

    monkeypatch.setattr(LexicalAnalyzer, "_analyze", counting)
    graph = kg.build_text(long_text, "2020-03-01")
    assert graph.events()
    # NER's pass, then one more by the readers' slices (whole, each reader ran LAC again)
    assert sum(analysed) <= 2.1 * len(long_text)
