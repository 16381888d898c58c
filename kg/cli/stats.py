"""`kg stats`: what is in a graph -- classes, central entities, communities, documents."""

from __future__ import annotations

import click

VIEWS = ("entities", "cooccurrence", "rdf")


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--view", type=click.Choice(VIEWS), default="entities", show_default=True,
              help="Which projection to analyse (see README: The projection).")
@click.option("--top", "top", default=10, show_default=True, type=click.IntRange(1),
              help="Rows per ranking and communities to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
def stats(graph, view, top, fmt):
    """Summarize GRAPH: counts by class, top entities, communities, components, documents.

    Degree, PageRank and betweenness are computed on the undirected graph;
    betweenness is sampled (fixed seed) above 2,000 nodes; communities are
    Louvain with a fixed seed, so the output is the same on every run.

    Example:

    \b
        kg stats out/graph.ttl --top 5
        kg stats out/graph.ttl --view cooccurrence --format json
    """
    from kg.analysis.format import stats_csv, stats_json, stats_table
    from kg.analysis.projection import load_projection
    from kg.analysis.stats import summarize

    G, index = load_projection(graph, view)
    summary = summarize(G, rdf=index, top=top)
    formatter = {"table": stats_table, "json": stats_json, "csv": stats_csv}[fmt]
    click.echo(formatter(summary), nl=False)
