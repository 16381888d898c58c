"""`kg export`: the graph for Gephi, Cytoscape, Neo4j and other RDF tools."""

from __future__ import annotations

import click

from kg.query.export import EXPORT_FORMATS


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--to", "fmt", required=True,
              type=click.Choice(EXPORT_FORMATS),
              help="graphml/gexf: entity graph for Gephi and Cytoscape; csv: a directory of "
                   "Neo4j import files; jsonld/nt/nq: the RDF.")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="File to write (a directory for --to csv).")
def export(graph, fmt, output):
    """Export GRAPH for other tools.

    Example:

        kg export out/graph.trig --to gexf -o out/graph.gexf

        kg export out/graph.trig --to csv -o out/neo4j

        neo4j-admin database import full --nodes=out/neo4j/nodes.csv \\
            --relationships=out/neo4j/relationships.csv
    """
    from kg.query.export import export as write_export
    from kg.rdf.serialize import load_graph

    files = write_export(load_graph(graph), fmt, output)
    click.echo(f"wrote {', '.join(str(f) for f in files)}", err=True)
