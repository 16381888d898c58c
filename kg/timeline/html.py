"""The timeline as one self-contained HTML page: inline SVG, CSS and a few
lines of JavaScript; no network, no external files.

Every piece of text that comes from a graph (labels, triggers, sentences,
file names) is passed through :func:`html.escape`, without control characters
(:func:`kg.text.clean.xml_text`: the inline SVG is XML); the page is the same bytes
for the same events.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from kg.text.clean import xml_text
from kg.timeline.events import TimelineEvent
from kg.timeline.layout import class_colours, class_rank, date_text, day_text, month_text, place_events

__all__ = ["render_html"]

FONTS = "'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif"
AXIS_X, LABEL_X, WIDTH, TOP, GAP = 110, 128, 900, 40, 30

CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d8dce4; --paper:#fbfbfd; }
* { box-sizing: border-box; }
body { margin:0; font-family:%(fonts)s; color:var(--ink); background:var(--paper); line-height:1.55; }
header { padding:28px 40px 12px; background:#fff; border-bottom:1px solid var(--line); }
h1 { margin:0 0 4px; font-size:24px; font-weight:700; }
.sub { color:var(--muted); margin:0; font-size:14px; }
.legend { display:flex; flex-wrap:wrap; gap:8px 14px; padding:14px 40px; background:#fff; border-bottom:1px solid var(--line); position:sticky; top:0; z-index:2; }
.legend label { display:inline-flex; align-items:center; gap:6px; font-size:14px; cursor:pointer; user-select:none; }
.legend input { accent-color:var(--c); }
.swatch { width:12px; height:12px; border-radius:50%%; background:var(--c); display:inline-block; }
main { display:grid; grid-template-columns:minmax(0,%(width)dpx) minmax(320px,1fr); gap:24px; padding:20px 40px 60px; }
svg { width:100%%; height:auto; background:#fff; border:1px solid var(--line); border-radius:10px; }
svg text { font-family:%(fonts)s; }
svg .tick { fill:var(--muted); font-size:13px; }
svg .label { font-size:14px; fill:var(--ink); }
svg .label tspan.cls { font-weight:700; }
svg a:hover .label, svg a:focus .label { text-decoration:underline; }
svg .dot { stroke:#fff; stroke-width:2; }
.cards { display:flex; flex-direction:column; gap:10px; }
.card { background:#fff; border:1px solid var(--line); border-left:5px solid var(--c); border-radius:8px; padding:10px 14px; scroll-margin-top:70px; }
.card:target { box-shadow:0 0 0 3px var(--c); }
.card h3 { margin:0; font-size:15px; font-weight:600; }
.badge { display:inline-block; font-size:12px; color:#fff; background:var(--c); border-radius:10px; padding:0 8px; margin-right:6px; vertical-align:1px; }
.when { color:var(--muted); font-size:13px; }
.cls { color:var(--c); font-weight:700; }
.undated { margin-top:14px; background:#fff; border:1px solid var(--line); border-radius:10px; padding:8px 16px 12px; }
.undated ul { list-style:none; margin:4px 0 0; padding:0; font-size:14px; }
.undated li { padding:2px 0; }
.undated a { color:var(--ink); text-decoration:none; }
.undated a:hover, .undated a:focus { text-decoration:underline; }
.undated .dot { display:inline-block; width:10px; height:10px; border-radius:50%%; background:var(--c); margin-right:8px; }
.facts { margin:4px 0 0; font-size:13.5px; color:var(--ink); }
.facts b { color:var(--muted); font-weight:500; }
details { margin-top:6px; font-size:13.5px; }
summary { cursor:pointer; color:var(--muted); }
blockquote { margin:6px 0; padding:6px 10px; background:#f4f5f8; border-radius:6px; }
mark { background:color-mix(in srgb, var(--c) 28%%, white); padding:0 2px; border-radius:3px; }
.where { color:var(--muted); font-size:12px; font-family:ui-monospace,monospace; }
.undated h2, .cards h2 { font-size:16px; margin:8px 0 2px; color:var(--muted); font-weight:600; }
.hidden { display:none !important; }
@media (max-width: 1100px) { main { grid-template-columns:1fr; } }
""" % {"fonts": FONTS, "width": WIDTH}

JS = """
document.querySelectorAll('.legend input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('[data-cls="' + box.value + '"]').forEach(function (el) {
      el.classList.toggle('hidden', !box.checked);
    });
  });
});
"""


def _e(text) -> str:
    return escape(xml_text(str(text)), quote=True)


def _facts(event: TimelineEvent) -> str:
    parts = []
    if event.trigger:
        parts.append(f"<b>触发词</b> {_e(event.trigger)}")
    if event.location:
        parts.append(f"<b>地点</b> {_e(event.location)}")
    if event.participants:
        people = "、".join(f"{_e(name)}（{_e(role)}）" for role, name in event.participants)
        parts.append(f"<b>参与者</b> {people}")
    return f'<p class="facts">{" · ".join(parts)}</p>' if parts else ""


def _evidence(event: TimelineEvent) -> str:
    s = event.sentence
    if event.trigger and event.trigger_begin is not None and event.sentence_begin is not None:
        at = event.trigger_begin - event.sentence_begin
        if 0 <= at and s[at : at + len(event.trigger)] == event.trigger:
            quoted = f"{_e(s[:at])}<mark>{_e(event.trigger)}</mark>{_e(s[at + len(event.trigger):])}"
        else:
            quoted = _e(s)
    else:
        quoted = _e(s)
    where = _e(event.document or "")
    if event.sentence_begin is not None:
        where += f" · 字符 {event.sentence_begin}–{event.sentence_end}"
    return (f"<details><summary>原文证据 evidence</summary><blockquote>{quoted}</blockquote>"
            f'<div class="where">{where}</div></details>')


def _label(event: TimelineEvent) -> str:
    """The event's label as HTML: the class part in the class's colour."""
    return f'<span class="cls">{_e(event.class_label)}</span>{_e(event.label_tail)}'


def _tip(event: TimelineEvent) -> str:
    """Hover text: the label, the trigger word and the sentence it came from."""
    trigger = f"触发词 {event.trigger}：" if event.trigger else ""
    return f"{event.label}\n{trigger}{event.sentence}"


def _card(event: TimelineEvent, anchor: str, colour: dict) -> str:
    return (
        f'<article class="card" id="{anchor}" data-cls="{_e(event.cls)}" style="--c:{colour[event.cls]}">'
        f"<h3>{_label(event)}</h3>{_facts(event)}{_evidence(event)}</article>"
    )


def _undated(events: list[TimelineEvent], anchors: dict[int, str], colour: dict) -> str:
    """The events without a date, listed below the axis."""
    if not events:
        return ""
    rows = "".join(
        f'<li data-cls="{_e(e.cls)}" style="--c:{colour[e.cls]}"><a href="#{anchors[id(e)]}" title="{_e(_tip(e))}">'
        f'<span class="dot"></span>{_label(e)}</a></li>'
        for e in events
    )
    return f'<div class="undated"><h2>日期不详 undated · {len(events)}</h2><ul>{rows}</ul></div>'


def _svg(events: list[TimelineEvent], anchors: dict[int, str], colour: dict) -> str:
    dated = [e for e in events if e.date]
    if not dated:
        return '<p class="sub">没有带日期的事件。 No dated events.</p>'
    placed, bottom = place_events(dated, TOP, GAP)
    height = int(bottom + 30)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="事件时间轴 event timeline">']
    out.append(f'<line x1="{AXIS_X}" y1="{TOP - 18}" x2="{AXIS_X}" y2="{height - 12}" stroke="#c3c8d2" '
               f'stroke-width="2.5" stroke-linecap="round"/>')
    for p in placed:
        e = p.event
        if p.new_month:
            y = p.y - GAP * 0.62
            out.append(f'<line x1="8" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}" stroke="#e6e8ee"/>')
            out.append(f'<text class="tick" x="12" y="{y - 5:.1f}">{_e(month_text(e.day))}</text>')
        if p.new_day:
            out.append(f'<text class="label" x="{AXIS_X - 14}" y="{p.y + 5:.1f}" text-anchor="end">'
                       f'{_e(day_text(e.day))}</text>')
    for p in placed:
        e, c = p.event, colour[p.event.cls]
        out.append(f'<g data-cls="{_e(e.cls)}"><a href="#{anchors[id(e)]}"><title>{_e(_tip(e))}</title>')
        out.append(f'<circle class="dot" cx="{AXIS_X}" cy="{p.y:.1f}" r="7" fill="{c}"/>')
        out.append(f'<text class="label" x="{LABEL_X}" y="{p.y + 5:.1f}"><tspan class="cls" fill="{c}">'
                   f"{_e(e.class_label)}</tspan>{_e(e.label_tail)}</text></a></g>")
    out.append("</svg>")
    return "".join(out)


def render_html(events: list[TimelineEvent], title: str = "事件时间轴", subtitle: str = "") -> str:
    """The page for ``events`` (in the order given: date order)."""
    anchors = {id(e): f"ev-{i + 1}" for i, e in enumerate(events)}
    counts = Counter(e.cls for e in events)
    labels = {e.cls: e.class_label for e in events}
    colour = class_colours(counts)
    legend = "".join(
        f'<label style="--c:{colour[cls]}"><input type="checkbox" value="{_e(cls)}" checked>'
        f'<span class="swatch"></span>{_e(labels[cls])} <span class="when">{_e(cls)} · {counts[cls]}</span></label>'
        for cls in sorted(counts, key=lambda c: (class_rank(c), c))
    )
    dated = [e for e in events if e.date]
    undated = [e for e in events if not e.date]
    cards = []
    day = None
    for e in dated:
        if e.day != day:
            day = e.day
            cards.append(f"<h2>{_e(date_text(e.day))}</h2>")
        cards.append(_card(e, anchors[id(e)], colour))
    if undated:
        cards.append("<h2>日期不详 undated</h2>")
        cards += [_card(e, anchors[id(e)], colour) for e in undated]
    span = f" · {date_text(dated[0].date)} – {date_text(dated[-1].date)}" if dated else ""
    more = f" · {len(undated)} 个日期不详 undated" if undated else ""
    sub = subtitle or f"{len(events)} 个事件 events{span}{more}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><p class="sub">{_e(sub)}</p></header>'
        f'<nav class="legend" aria-label="事件类别 classes">{legend}</nav>'
        f"<main><section>{_svg(dated, anchors, colour)}{_undated(undated, anchors, colour)}</section>"
        f'<section class="cards">{"".join(cards)}</section></main>'
        f"<script>{JS}</script></body></html>\n"
    )
