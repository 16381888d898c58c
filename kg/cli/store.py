"""`kg store`: a persistent Oxigraph store of kg graphs, one named graph per document."""

from __future__ import annotations

import click


@click.group()
def store():
    """Keep graphs in a persistent Oxigraph store directory.

    Documents are named graphs (IRI = the document's nif:Context); adding a
    file replaces the documents it holds. Query the store with
    `kg query --store DIR` and serve it with `kg serve --store DIR`.

    Example:

        kg store add out/store out/graph.trig

        kg store list out/store
    """


@store.command("add")
@click.argument("directory", type=click.Path(file_okay=False))
@click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
def add(directory, graphs):
    """Add GRAPHS (.trig .nq .ttl .nt .jsonld) to the store in DIRECTORY (created if needed).

    Named graphs already in the store are replaced; the first load into an
    empty store is a bulk load.

    Example:

        kg store add out/store out/a.trig out/b.trig
    """
    from kg.query.store import open_store

    graph_store = open_store(directory)
    for path in graphs:
        names = graph_store.add_file(path)
        what = f"{len(names)} document graph(s)" if names else "default graph only (no named graphs)"
        click.echo(f"added {path}: {what}", err=True)
    click.echo(f"{directory}: {len(graph_store)} triples", err=True)


@store.command("remove")
@click.argument("directory", type=click.Path(file_okay=False))
@click.argument("doc_iri")
def remove(directory, doc_iri):
    """Remove the document whose graph IRI is DOC_IRI from the store.

    Example:

        kg store remove out/store http://kg.example.org/doc/my-article
    """
    from kg.query.store import open_store

    count = open_store(directory).remove(doc_iri)
    click.echo(f"removed <{doc_iri.strip('<>')}>: {count} triples", err=True)


@store.command("list")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format.")
def list_graphs(directory, fmt):
    """List the document graphs in the store with their triple counts.

    Example:

        kg store list out/store
    """
    from kg.cli.output import render
    from kg.query.store import open_store

    graph_store = open_store(directory, read_only=True)
    rows = [{"graph": g.iri, "triples": g.triples, "source": g.source} for g in graph_store.graphs()]
    text = render(rows, ["graph", "triples", "source"], fmt)
    click.echo(text)
    if fmt == "table":
        click.echo(f"({len(rows)} document graph(s); default graph: "
                   f"{graph_store.default_triples()} triples)")
