"""kg.builder.build_corpus: streamed output equals the in-memory build, and documents
are not all held in memory at once."""

import gc

import pyoxigraph as ox

from kg.builder import build_corpus, build_options, extract, read_documents
from kg.model import Document
from kg.rdf.writer import build_dataset
from tests.extract.genre_articles import EARTHQUAKE, FOOTBALL, LAYOFF, MEETING, TRIAL

TEXTS = [FOOTBALL, EARTHQUAKE, TRIAL, LAYOFF, MEETING]


def _articles(directory, count, prefix="报道"):
    directory.mkdir()
    for i in range(count):
        (directory / f"{prefix}{i:02d}.txt").write_text(f"第{i}号简报。\n" + TEXTS[i % len(TEXTS)], encoding="utf-8")
    return directory


def test_streamed_build_equals_the_in_memory_pipeline(tmp_path):
    articles = _articles(tmp_path / "articles", 6)
    out = tmp_path / "g.nq"
    options = build_options(tagger="fast")
    result = build_corpus(read_documents([str(articles)]), options, output=str(out), workers=1)
    assert result.documents == 6 and result.extracted == 6
    streamed = {str(q) for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    ds = build_dataset(extract([str(articles)], tagger="fast"))
    expected = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        quad = ox.Quad(*(_term(t) for t in (s, p, o)), ox.DefaultGraph() if g is None or str(g).startswith("urn:x-rdflib:") else ox.NamedNode(str(g)))
        expected.add(str(quad))
    assert streamed == expected


def _term(term):
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def test_documents_are_not_all_held_at_once(tmp_path):
    articles = _articles(tmp_path / "articles", 30, prefix="内存简报")
    docs = read_documents([str(articles)])
    live = []

    def count(done, total):  # this test's processed documents alive now (other tests' may be too)
        gc.collect()
        live.append(sum(1 for o in gc.get_objects()
                        if isinstance(o, Document) and o.sentences and o.id.startswith("内存简报")))

    result = build_corpus(docs, build_options(tagger="fast", events="rules", relations="rules"),
                          output=str(tmp_path / "g.trig"), workers=1, progress=count)
    assert result.documents == 30
    assert len(live) >= 8  # progress after every batch of both passes
    assert max(live) < 20, live  # only the batches in flight are in memory, never all 30
