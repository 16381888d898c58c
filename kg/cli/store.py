"""`kg store`: a persistent Oxigraph store of kg graphs, one named graph per document."""

from __future__ import annotations

import click


@click.group()
def store():
    """Keep graphs in a persistent Oxigraph store directory.

    Documents are named graphs (IRI = the document's nif:Context); adding a
    file replaces the documents it holds, each in one transaction (a killed
    writer leaves each document old or new). Query the store with
    `kg query --store DIR` and serve it with `kg serve --store DIR`, which
    sees later writes.

    Example:

        kg store add out/store out/graph.trig

        kg store list out/store
    """


@store.command("add")
@click.argument("directory", type=click.Path(file_okay=False))
@click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--default", "into_default", is_flag=True,
              help="Merge files without named graphs (.ttl .nt) into the default graph, "
                   "where they stay until the store is deleted.")
def add(directory, graphs, into_default):
    """Add GRAPHS (.trig .nq .jsonld) to the store in DIRECTORY (created if needed).

    Each document (named graph) in a file replaces the one of the same IRI
    in the store in one transaction, so re-adding a rebuilt file never
    duplicates triples and an interrupted add leaves every document either
    old or new. The default graph (ontology, extraction activity) is merged.
    A .ttl/.nt file has no named graphs, so its documents could never be
    replaced or removed: it is refused (build .trig or .nq instead) unless
    --default merges it into the default graph.

    Example:

        kg store add out/store out/a.trig out/b.trig
    """
    from kg.query.store import open_store

    graph_store = open_store(directory)
    try:
        for path in graphs:
            names = graph_store.add_file(path, into_default=into_default)
            what = f"{len(names)} document graph(s)" if names else "merged into the default graph"
            click.echo(f"added {path}: {what}", err=True)
        click.echo(f"{directory}: {len(graph_store)} triples", err=True)
    finally:
        graph_store.close()  # unlock it at once, even on an error


@store.command("remove")
@click.argument("directory", type=click.Path(file_okay=False))
@click.argument("documents", nargs=-1, required=True)
def remove(directory, documents):
    """Remove DOCUMENTS from the store: each as `kg store list` shows it.

    A document is named by its graph IRI (with or without <>), its source
    file (or file name) or its document id (the IRI's last segment) when
    only one document has it.

    Example:

        kg store remove out/store http://kg.example.org/doc/my-article
    """
    from kg.query.store import open_store

    graph_store = open_store(directory)
    try:
        for name in documents:
            iri, count = graph_store.remove(name)
            click.echo(f"removed <{iri}>: {count} triples", err=True)
    finally:
        graph_store.close()


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
