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


def test_store_ids_keep_files_of_one_name_apart_across_builds():
    from kg.builder import store_ids
    from kg.model import Document

    base, doc = "http://kg.example.org/", "http://kg.example.org/doc/"

    def ids(stored, *docs):
        return [d.id for d in store_ids([Document(id=i, text="甲。", source=s) for i, s in docs], stored, base)]

    assert ids({}, ("news", "a/news.txt"), ("news-2", "b/news.txt")) == ["news", "news-2"]
    stored = {doc + "news": "a/news.txt"}
    assert ids(stored, ("news", "a/news.txt")) == ["news"]  # re-built: replaces itself
    hashed = ids(stored, ("news", "b/news.txt"))[0]
    assert hashed.startswith("news-") and len(hashed) == len("news-") + 8
    assert ids(stored, ("news", "b/news.txt")) == [hashed]  # stable
    # the store's id for a source wins over the one this build gave it
    stored = {doc + "news": "a/news.txt", doc + "news-2": "b/news.txt"}
    assert ids(stored, ("news", "b/news.txt"), ("news-2", "a/news.txt")) == ["news-2", "news"]
    # JSON Lines ids are the records' own: another line of the same file replaces, another file does not
    stored = {doc + "x": "c.jsonl:3"}
    assert ids(stored, ("x", "c.jsonl:4")) == ["x"]
    assert ids(stored, ("x", "d/c.jsonl:3"))[0].startswith("x-")
    # standard input's ids hash its text: never renamed
    assert ids({doc + "stdin-1": "<stdin>"}, ("stdin-1", "<stdin>")) == ["stdin-1"]
