"""`kg path`: the shortest connections between two named entities."""

from __future__ import annotations

import click

VIEWS = ("entities", "cooccurrence", "rdf")


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.argument("source")
@click.argument("target")
@click.option("--view", type=click.Choice(VIEWS), default="entities", show_default=True,
              help="Which projection to walk (see README: The projection).")
@click.option("--max-paths", default=3, show_default=True, type=click.IntRange(1),
              help="Show at most this many shortest paths.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
def path(graph, source, target, view, max_paths, fmt):
    """Show how SOURCE and TARGET are connected in GRAPH, step by step.

    SOURCE and TARGET are names as the text writes them (rdfs:label or
    skos:altLabel) or IRIs.  Every step shows its edge type and the sentence
    it was derived from (or where both ends appear together).

    Example:

    \b
        kg path out/graph.ttl 孙春兰 中国
        kg path out/graph.ttl 张继先 武汉市 --view cooccurrence --format json
    """
    from kg.analysis.format import path_json, path_table
    from kg.analysis.path import find_entity, shortest_paths
    from kg.analysis.projection import load_projection

    G, _ = load_projection(graph, view)
    a, b = find_entity(G, source), find_entity(G, target)
    paths = shortest_paths(G, a, b, max_paths=max_paths)
    click.echo((path_json if fmt == "json" else path_table)(G, paths), nl=False)
