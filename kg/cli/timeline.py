"""`kg timeline`: the events of a graph on a time axis (HTML or PNG)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from kg.errors import KgError

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date(ctx, param, value):
    if value is not None and not DATE.match(value):
        raise click.BadParameter(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (2020-01-23)")
    return value


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file: .html (interactive page) or .png (picture).")
@click.option("--from", "date_from", callback=_date, help="Only events on or after this date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", callback=_date, help="Only events on or before this date (YYYY[-MM[-DD]]).")
@click.option("--class", "classes", multiple=True,
              help="Only events of this class (Meeting, Inspection, PhoneCall …); repeat for more.")
@click.option("--title", default="事件时间轴", show_default=True, help="Title of the page or picture.")
def timeline(graph, output, date_from, date_to, classes, title):
    """Draw the events of GRAPH on a time axis, coloured by class.

    HTML is one self-contained file: a clickable axis plus a card per event
    with the sentence it came from (document and character offsets). PNG
    needs matplotlib and a CJK font (fonts-wqy-microhei or fonts-noto-cjk).

    Example:

        kg timeline out/graph.ttl -o timeline.html --from 2020-01-20 --to 2020-04-30
    """
    from kg.io import atomic_write
    from kg.rdf.serialize import load_graph, union_graph
    from kg.timeline import render_html, render_png, timeline_events
    from kg.timeline.events import event_classes

    suffix = Path(output).suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise KgError(f"{output}: unknown timeline format {suffix or '(none)'!r}; name the output .html or .png")
    rdf = union_graph(load_graph(graph))
    if classes:
        known = event_classes(rdf)
        unknown = [c for c in classes if c not in known]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], known, n=1, cutoff=0.8)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise KgError(f"unknown event class {unknown[0]!r}{hint}; use one of {', '.join(known)}")
    events = timeline_events(rdf, date_from, date_to, list(classes) or None)
    if not events:
        raise KgError(f"{graph}: no events to draw; build the graph with `kg build` (events are extracted "
                      "by default) or widen --from/--to/--class")
    if suffix == ".png":
        with atomic_write(output, "wb") as handle:
            render_png(events, handle, title=title)
    else:
        with atomic_write(output) as handle:
            handle.write(render_html(events, title=title))
    dated = sum(1 for e in events if e.date)
    click.echo(f"wrote {output}: {len(events)} event(s), {dated} dated")
