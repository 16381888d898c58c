"""`kg load`: push a graph to a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

import click

from kg.errors import GraphError


@click.command()
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://127.0.0.1:3030/kg/data (Fuseki).")
@click.option("--user", default=None, metavar="NAME:PASSWORD", help="HTTP basic authentication.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for each request.")
def load(graph, endpoint, user, timeout):
    """Load GRAPH into a triple store: one named graph per document, the ontology into the default graph.

    Each document graph is replaced (HTTP PUT ?graph=IRI); the default graph
    is merged (POST ?default).

    Example:

        oxigraph serve --location out/oxigraph --bind 127.0.0.1:7878 &

        kg load out/graph.trig --endpoint http://127.0.0.1:7878/store
    """
    from kg.query.graph_store import push_dataset
    from kg.rdf.serialize import load_graph

    auth = None
    if user is not None:
        name, sep, password = user.partition(":")
        if not sep:
            raise GraphError(f"--user {name!r} has no password; write --user NAME:PASSWORD")
        auth = (name, password)
    dataset = load_graph(graph)

    def report(item):
        where = f"<{item.iri}>" if item.iri else "default graph"
        click.echo(f"{where}: {item.triples} triples (HTTP {item.status})", err=True)

    loaded = push_dataset(dataset, endpoint, timeout=timeout, auth=auth, progress=report)
    documents = sum(1 for item in loaded if item.iri)
    click.echo(f"loaded {graph} into {endpoint}: {documents} document graph(s), "
               f"{sum(item.triples for item in loaded)} triples", err=True)
