"""`kg viz`: an interactive, self-contained HTML page of a graph."""

from __future__ import annotations

import click

from kg.errors import KgError

VIEWS = ("entities", "cooccurrence", "rdf")


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="HTML file to write (one self-contained file; opens offline).")
@click.option("--view", type=click.Choice(VIEWS), default="entities", show_default=True,
              help="Which projection to draw (see README: The projection).")
@click.option("--max-nodes", default=1000, show_default=True, type=click.IntRange(1),
              help="Draw only the most central nodes (by PageRank).")
@click.option("--title", default=None, help="Page title (default: the graph file name).")
def viz(graph, output, view, max_nodes, title):
    """Draw GRAPH as an interactive page: search, class filters, tooltips with evidence.

    Nodes are coloured by class and sized by PageRank; hovering shows aliases
    and the sentences that mention an entity.  The page inlines everything
    it needs and makes no network request.

    Example:

    \b
        kg viz out/graph.ttl -o out/graph.html
        kg viz out/graph.ttl -o out/cooc.html --view cooccurrence --max-nodes 300
    """
    from pathlib import Path

    from kg.analysis.projection import load_projection
    from kg.viz.page import build_page, write_page

    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise KgError(f"kg viz writes HTML; use -o {Path(output).with_suffix('.html')}")
    G, _ = load_projection(graph, view)
    html = build_page(G, max_nodes=max_nodes, title=title or f"kg · {Path(graph).name}")
    size = write_page(html, output)
    shown = min(max_nodes, G.number_of_nodes())
    click.echo(f"wrote {output}: {shown} of {G.number_of_nodes()} nodes, {size / 1024:.0f} KiB", err=True)
