"""The timeline of a hand-written news graph (tests/analysis/news_events.ttl): events
labelled by what they are, undated ones listed below the axis, article text escaped."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.timeline import find_cjk_font, render_html, render_png, timeline_events

NEWS = Path(__file__).parents[1] / "analysis" / "news_events.ttl"


@pytest.fixture(scope="module")
def news() -> Graph:
    return Graph().parse(NEWS, format="turtle")


def test_dated_events_in_date_order_then_the_undated(news):
    events = timeline_events(news)
    assert [(e.label, e.date) for e in events] == [
        ("裁员 · 甲骨文 · 2019-05-07", "2019-05-07"),
        ("Match result · 中国女排 · 2021-07", "2021-07"),
        ("地震 · 泸定县 · 2022-09-05 12:52", "2022-09-05T12:52:00"),
        ("成立 · 腾讯 · 2024（计划）", "2024"),
        ("会议 · 李华", None),  # no sentence: no document, so first of the undated
        ("宣判 · 王某", None),
        ("Closure · 上海工厂（否认）", None),
        ("罢工（假设）", None),
    ]
    assert [e.cls for e in events[:4]] == ["Layoff", "Match", "Earthquake", "Establishment"]
    assert events[0].trigger == "裁员" and events[0].class_label == "裁员"


def test_undated_events_are_listed_below_the_axis_not_dropped(news):
    page = render_html(timeline_events(news))
    svg, rest = page.split("<svg", 1)[1].split("</svg>", 1)
    assert svg.count('<circle class="dot"') == 4  # the dated four on the axis
    below = rest.split('<section class="cards">', 1)[0]
    assert "<h2>日期不详 undated · 4</h2>" in below
    assert below.count("<li ") == 4 and '<span class="cls">罢工</span>（假设）</a>' in below
    assert page.count('<article class="card"') == 8
    assert "8 个事件 events · 2019年5月7日 – 2024年 · 4 个日期不详 undated" in page


def test_tooltips_keep_trigger_and_sentence_escaped(news):
    page = render_html(timeline_events(news))
    assert page.count("<script>") == 1  # only the page's own filter script
    assert "<script>alert(1)" not in page
    # the undated verdict's tooltip: its label, its trigger, its sentence -- as text
    assert ('title="宣判 · 王某\n触发词 宣判：被告人王某当庭认罪，&lt;script&gt;alert(1)&lt;/script&gt;法院择期宣判。"'
            in page)
    assert "<title>裁员 · 甲骨文 · 2019-05-07\n触发词 裁员：甲骨文公司5月7日宣布裁员，发言人李华证实了这一消息。</title>" in page
    # its card shows the sentence with the trigger marked, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;法院择期<mark>宣判</mark>。" in page


def test_page_is_the_same_bytes_whatever_the_triple_order(news):
    triples = list(news)
    random.Random(6).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    page = render_html(timeline_events(news))
    assert render_html(timeline_events(shuffled)) == page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)


def test_only_undated_events_still_make_a_page(news):
    events = [e for e in timeline_events(news) if not e.date]
    page = render_html(events)
    assert "没有带日期的事件。" in page and "<h2>日期不详 undated · 4</h2>" in page


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")
def test_png_lists_the_undated_and_is_deterministic(news, tmp_path):
    a, b, only = tmp_path / "a.png", tmp_path / "b.png", tmp_path / "undated.png"
    for path in (a, b):
        with open(path, "wb") as handle:
            render_png(timeline_events(news), handle)
    assert a.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and a.read_bytes() == b.read_bytes()
    with open(only, "wb") as handle:  # no dated event: the list alone, no error
        render_png([e for e in timeline_events(news) if not e.date], handle)
    assert only.read_bytes()[:4] == b"\x89PNG"


def test_classes_on_one_page_get_different_colours():
    from kg.timeline.layout import COLOURS, class_colours

    colours = class_colours([*COLOURS, "Layoff", "Earthquake", "Verdict", "Strike"])
    assert {cls: colours[cls] for cls in COLOURS} == COLOURS  # the demo's classes keep theirs
    assert len(set(colours.values())) == len(colours)
    assert class_colours(["Strike", "Layoff"]) == class_colours(["Layoff", "Strike", "Layoff"])
