"""Events on a time axis: read them from a graph, draw them as HTML or PNG.

Example::

    from kg.rdf.serialize import load_graph, union_graph
    from kg.timeline import timeline_events, render_html

    events = timeline_events(union_graph(load_graph("out/graph.ttl")), date_from="2020-01-01")
    page = render_html(events, title="2020 疫情防控大事记")
"""

from kg.timeline.events import TimelineEvent, timeline_events
from kg.timeline.html import render_html
from kg.timeline.png import find_cjk_font, render_png

__all__ = ["TimelineEvent", "timeline_events", "render_html", "render_png", "find_cjk_font"]
