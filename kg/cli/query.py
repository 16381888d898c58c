"""`kg query`: SPARQL on a graph file or a store, or one of the saved queries."""

from __future__ import annotations

import click

from kg.errors import QueryError
from kg.query.results import GRAPH_FORMATS, TABLE_FORMATS

#: SELECT/ASK and CONSTRUCT/DESCRIBE result formats, each once
FORMATS = list(dict.fromkeys(TABLE_FORMATS + GRAPH_FORMATS))


def limit_options(command):
    """The query limits and --allow-federation, shared by `kg query` and `kg serve`."""
    options = [
        click.option("--max-query-bytes", default=100_000, show_default=True, type=click.IntRange(min=1),
                     help="Refuse queries longer than this many bytes."),
        click.option("--max-depth", default=64, show_default=True, type=click.IntRange(min=1),
                     help="Refuse queries nesting { }, ( ), [ ] and prefix operators deeper than this."),
        click.option("--max-patterns", default=200, show_default=True, type=click.IntRange(min=1),
                     help="Refuse queries with more triple patterns and path steps than this."),
        click.option("--allow-federation", is_flag=True,
                     help="Allow SERVICE and FROM <file:...>/<remote graph> (trusted local use only)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def query_limits(max_query_bytes, max_depth, max_patterns, allow_federation):
    from kg.query.limits import QueryLimits

    return QueryLimits(max_bytes=max_query_bytes, max_depth=max_depth, max_patterns=max_patterns,
                       allow_federation=allow_federation)


@click.command()
@click.argument("graph", required=False)
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False),
              help="Read the query from this .rq file.")
@click.option("--saved", "saved_name", metavar="NAME", help="Run a saved query (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Query this kg store directory instead of a graph file.")
@click.option("--engine", type=click.Choice(["rdflib", "oxigraph"]), default="rdflib", show_default=True,
              help="Engine for graph files (stores always use Oxigraph).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format [default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE]; "
                   "json is SPARQL 1.1 Results JSON (JSON-LD for graphs).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after this many rows.")
@click.option("--max-width", default=50, show_default=True,
              help="Clip table cells to this many columns (0: never).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the result to this file instead of standard output.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop the query after this many seconds (it runs in a child process).")
@limit_options
def query(graph, sparql, query_file, saved_name, list_saved, store_dir, engine, fmt, limit,
          max_width, output, timeout, **limits):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on GRAPH.

    Our prefixes (kg, schema, nif, itsrdf, org, prov, skos, time, rdf, rdfs,
    owl, xsd, dcterms) are predeclared, and plain triple patterns see every
    document's named graph. Queries over a --max-* limit, SERVICE and FROM
    with a file or a graph not in the data are refused before they run.

    Example:

        kg query out/graph.trig 'SELECT ?p WHERE { ?p a kg:Person }'

        kg query out/graph.trig --saved people-positions

        kg query --store out/store -f my-query.rq --format json

        kg query --list
    """
    from kg.io import atomic_write
    from kg.query.results import format_result
    from kg.query.saved import saved_queries
    from kg.query.sources import load_for_query
    from kg.query.limits import check_query
    from kg.query.deadline import run_with_deadline
    from kg.query.sparql import run_query

    if list_saved:
        for item in saved_queries():
            click.echo(f"{item.name:<22} {item.description}")
        return
    if store_dir and graph is not None and sparql is None:
        graph, sparql = None, graph  # `kg query --store DIR 'SELECT ...'`
    if store_dir and graph is not None:
        raise QueryError(f"give either a graph file ({graph}) or --store {store_dir}, not both")
    if not store_dir and graph is not None and sparql is None and _looks_like_sparql(graph):
        graph = None  # `kg query 'SELECT ...'`: the graph is missing, not the query
    if not store_dir and graph is None:
        raise QueryError("no graph given; use `kg query GRAPH 'SPARQL'` or `kg query --store DIR 'SPARQL'`")
    text, source = _query_text(sparql, query_file, saved_name)
    limits = query_limits(**limits)
    check_query(text, limits, source)  # before the graph is loaded
    if store_dir:
        from kg.query.store import open_store

        target = open_store(store_dir, read_only=True).store
    else:
        target = load_for_query(graph, engine)

    def answer():
        result = run_query(target, text, limit=limit, source=source, limits=limits)
        return format_result(result, fmt, max_width=max_width), len(result), result.is_graph, result.truncated

    rendered, count, is_graph, truncated = run_with_deadline(answer, timeout, source)
    if output:
        with atomic_write(output) as handle:
            handle.write(rendered)
        click.echo(f"wrote {output}: {count} {'triples' if is_graph else 'rows'}", err=True)
    else:
        click.echo(rendered, nl=False)
    if truncated:
        click.echo(f"note: stopped at --limit {limit}", err=True)


def _looks_like_sparql(text: str) -> bool:
    import re

    return re.match(r"\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE) is not None


def _query_text(sparql, query_file, saved_name) -> tuple[str, str]:
    """The query text and a name for it in error messages."""
    from pathlib import Path

    from kg.query.saved import saved_query

    given = [x for x in (sparql, query_file, saved_name) if x]
    if len(given) != 1:
        raise QueryError("give exactly one query: 'SPARQL' text, -f FILE or --saved NAME "
                         "(`kg query --list` shows the saved ones)")
    if saved_name:
        item = saved_query(saved_name)
        return item.text, f"saved query {item.name}"
    if query_file:
        path = Path(query_file)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except FileNotFoundError:
            raise QueryError(f"{path}: no such query file; check the path") from None
        except UnicodeDecodeError:
            raise QueryError(f"{path}: not UTF-8 text; save the query as UTF-8") from None
    return sparql, "query"
