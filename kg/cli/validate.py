"""`kg validate`: check a graph against the SHACL shapes."""

from __future__ import annotations

import click

from kg.errors import ValidationFailed


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False), default=None,
              help="SHACL shapes file (default: the shapes shipped with kg).")
@click.option("--limit", default=50, show_default=True, help="Show at most this many violations.")
def validate(graph, shapes, limit):
    """Validate GRAPH against the kg SHACL shapes (rdf-contract).

    Exits 0 when the graph conforms; otherwise lists the violations and
    exits 1.

    Example:

        kg validate out/graph.ttl
    """
    from rdflib import RDFS

    from kg.rdf.serialize import load_graph
    from kg.rdf.shacl import validate_graph

    dataset = load_graph(graph)
    if next(iter(dataset.quads((None, RDFS.subClassOf, None, None))), None) is None:
        click.echo(f"warning: {graph} has no class axioms (rdfs:subClassOf), so it lacks kg's ontology; "
                   "checks that follow subclasses may fail -- build it with `kg build`, which writes the "
                   "ontology into the default graph", err=True)
    violations = validate_graph(dataset, shapes)
    if not violations:
        click.echo(f"{graph}: conforms to the kg shapes")
        return
    for v in violations[:limit]:
        where = f" {v.path}" if v.path else ""
        value = f" (value: {v.value})" if v.value else ""
        click.echo(f"{v.focus}{where}: {v.message}{value}")
    if len(violations) > limit:
        click.echo(f"... and {len(violations) - limit} more")
    raise ValidationFailed(f"{graph}: {len(violations)} SHACL violation(s)")
