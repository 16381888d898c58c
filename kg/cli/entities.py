"""`kg entities`: audit resolution — every entity, its class, aliases and mentions."""

from __future__ import annotations

import click

from kg.cli.output import format_option, render

COLUMNS = ["label", "kind", "class", "mentions", "aliases", "entity"]


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--kind", type=click.Choice(["person", "organization", "place"]), default=None,
              help="Only entities of this kind.")
@format_option()
def entities(graph, kind, fmt):
    """List the entities of GRAPH with class, aliases and mention count.

    Example:

        kg entities out/graph.ttl --kind person
    """
    from kg.entities import list_entities
    from kg.rdf.serialize import load_graph

    rows = list_entities(load_graph(graph), kind)
    click.echo(render(rows, COLUMNS, fmt))
