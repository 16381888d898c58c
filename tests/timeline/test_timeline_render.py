"""Tests of kg.timeline: events read from RDF with SPARQL, HTML and PNG output."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, XSD

from kg.model import Document, Entity, Event, Mention, Sentence, TimeValue
from kg.rdf.serialize import union_graph
from kg.rdf.writer import build_dataset
from kg.timeline import find_cjk_font, render_html, render_png, timeline_events
from kg.timeline.layout import colour, date_text, place_events

EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def _doc() -> Document:
    text = ("1月23日，武汉封城。"
            f"3月12日，习近平同{EVIL}通电话。"
            f"4月8日，{IMG}重启。"
            "习近平在武汉考察。")
    s = [Sentence(0, text.index("3月12日"))]
    s.append(Sentence(s[-1].end, text.index("4月8日")))
    s.append(Sentence(s[-1].end, text.index("习近平在")))
    s.append(Sentence(s[-1].end, len(text)))
    def m(word, label, ref, after=0):
        start = text.index(word, after)
        return Mention(start, start + len(word), label, word, ref=ref)
    mentions = (m("武汉", "LOC", "place/武汉市"), m("习近平", "PER", "person/习近平"),
                m(EVIL, "PER", f"person/{EVIL}"), m(IMG, "LOC", f"place/{IMG}"))
    entities = (Entity("place/武汉市", "place", "City", "武汉市", ("武汉",)),
                Entity("person/习近平", "person", "Person", "习近平"),
                Entity(f"person/{EVIL}", "person", "Person", EVIL),
                Entity(f"place/{IMG}", "place", "Place", IMG))
    def trig(word, after=0):
        start = text.index(word, after)
        return Mention(start, start + len(word), "TRIGGER", word)
    events = (
        Event("e5", "Lockdown", trig("封城"), s[0], TimeValue("2020-01-23", "date"), "place/武汉市"),
        Event("e20", "PhoneCall", trig("通电话"), s[1], TimeValue("2020-03-12", "date"), None,
              (("caller", "person/习近平"), ("callee", f"person/{EVIL}"))),
        Event("e40", "Reopening", trig("重启"), s[2], TimeValue("2020-04-08T00:00:00", "dateTime"), f"place/{IMG}"),
        Event("e60", "Inspection", trig("考察", s[3].start), s[3], None, "place/武汉市", (("agent", "person/习近平"),)),
    )
    for e in events:
        e.trigger.check(text)
    return Document("evil", text, source="evil.txt", sentences=tuple(s), mentions=mentions,
                    entities=entities, events=events)


@pytest.fixture(scope="module")
def graph():
    return union_graph(build_dataset([_doc()]))


def test_events_are_read_from_rdf_in_date_order(graph):
    events = timeline_events(graph)
    assert [(e.cls, e.date) for e in events] == [
        ("Lockdown", "2020-01-23"), ("PhoneCall", "2020-03-12"), ("Reopening", "2020-04-08T00:00:00"),
        ("Inspection", None)]
    lock, call = events[0], events[1]
    assert lock.class_label == "封控" and lock.location == "武汉市" and lock.trigger == "封城"
    assert lock.sentence == "1月23日，武汉封城。" and (lock.sentence_begin, lock.sentence_end) == (0, 11)
    assert lock.document == "evil.txt"
    assert ("通话对方", EVIL) in call.participants and ("通话一方", "习近平") in call.participants


def test_events_are_labelled_by_class_key_participant_and_date(graph):
    assert [e.label for e in timeline_events(graph)] == [
        "封控 · 武汉市 · 2020-01-23",  # no participant: the place
        "通话 · 习近平 · 2020-03-12",  # 习近平 comes before the callee in the sentence
        f"解封 · {IMG} · 2020-04-08 00:00",  # a dateTime shows its time
        "考察视察 · 习近平",  # no date: no date part
    ]
    lock = timeline_events(graph)[0]
    assert lock.label_tail == " · 武汉市 · 2020-01-23"


def test_events_from_a_plain_graph_without_our_code(graph):
    """Any graph with a class under schema:Event and the contract's properties works."""
    SCHEMA, EX = Namespace("https://schema.org/"), Namespace("http://example.org/")
    g = Graph()
    g.add((EX.Party, RDFS.subClassOf, SCHEMA.Event))
    g.add((EX.p1, RDF.type, EX.Party))
    g.add((EX.p1, SCHEMA.startDate, Literal("2021-05-01", datatype=XSD.date)))
    (e,) = timeline_events(g)
    assert (e.cls, e.date, e.class_label) == ("Party", "2021-05-01", "Party")


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"date_from": "2020-02-01"}, ["PhoneCall", "Reopening"]),
        ({"date_to": "2020-03"}, ["Lockdown", "PhoneCall"]),
        ({"date_from": "2020-03-12", "date_to": "2020-03-12"}, ["PhoneCall"]),
        ({"classes": ["Inspection", "Lockdown"]}, ["Lockdown", "Inspection"]),
    ],
)
def test_filters(graph, kwargs, expected):
    assert [e.cls for e in timeline_events(graph, **kwargs)] == expected


def test_html_escapes_every_piece_of_article_text(graph):
    page = render_html(timeline_events(graph), title=f"标题{EVIL}")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert page.count("<script>") == 1  # only our own filter script
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)  # no CDN, no network
    for font in ("'Noto Sans CJK SC'", "'WenQuanYi Micro Hei'", "'Microsoft YaHei'", "'PingFang SC'"):
        assert font in page


def test_html_links_each_event_to_its_evidence(graph):
    page = render_html(timeline_events(graph))
    assert page.count('<article class="card"') == 4
    assert '<a href="#ev-1">' in page and 'id="ev-1"' in page
    assert "1月23日，武汉<mark>封城</mark>。" in page
    assert "evil.txt · 字符 0–11" in page
    assert "日期不详 undated" in page
    # the undated event is listed below the axis, linked to its card
    below = page.split("</svg>", 1)[1].split('<section class="cards">', 1)[0]
    assert '<div class="undated"><h2>日期不详 undated · 1</h2>' in below
    assert '<a href="#ev-4"' in below and '<span class="cls">考察视察</span> · 习近平</a>' in below


def test_rows_show_the_label_and_tooltips_keep_trigger_and_sentence(graph):
    page = render_html(timeline_events(graph))
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert (f'<tspan class="cls" fill="{colour("PhoneCall")}">通话</tspan> · 习近平 · 2020-03-12</text>') in svg
    assert "<title>封控 · 武汉市 · 2020-01-23\n触发词 封城：1月23日，武汉封城。</title>" in svg
    # the sentence in the tooltip is article text: escaped
    assert "触发词 通电话：3月12日，习近平同&lt;script&gt;alert(1)&lt;/script&gt;通电话。</title>" in svg
    assert "<b>触发词</b> 封城" in page  # and the card names the trigger


def test_html_is_deterministic(graph):
    assert render_html(timeline_events(graph)) == render_html(timeline_events(union_graph(build_dataset([_doc()]))))


def test_layout_rows_grow_with_the_time_between_events(graph):
    placed, bottom = place_events(timeline_events(graph), top=0, gap=10)
    gaps = [b.y - a.y for a, b in zip(placed, placed[1:])]
    assert len(placed) == 3 and all(g > 10 for g in gaps) and bottom == placed[-1].y
    assert placed[0].new_month and placed[0].new_day


@pytest.mark.parametrize(
    "value, text",
    [("2020-01-23", "2020年1月23日"), ("2020-01-23T10:00:00", "2020年1月23日 10:00"),
     ("2020-04-08T00:00:00", "2020年4月8日 零时"), ("2019-12", "2019年12月"), ("2020", "2020年"), (None, "日期不详")],
)
def test_date_text(value, text):
    assert date_text(value) == text


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")
def test_png_is_drawn(graph, tmp_path):
    path = tmp_path / "t.png"
    with open(path, "wb") as handle:
        render_png(timeline_events(graph), handle)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_png_without_cjk_font_says_what_to_install(graph, monkeypatch, tmp_path):
    from kg.errors import KgError
    from kg.timeline import png

    monkeypatch.setattr(png, "find_cjk_font", lambda: None)
    with pytest.raises(KgError, match="install one .*fonts-wqy-microhei"):
        png.render_png(timeline_events(graph), tmp_path / "x.png")
