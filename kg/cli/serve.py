"""`kg serve`: a read-only SPARQL 1.1 endpoint (and the graph page) over HTTP."""

from __future__ import annotations

import click

from kg.cli.query import limit_options, query_limits
from kg.errors import QueryError


@click.command()
@click.argument("graph", required=False, type=click.Path(dir_okay=False))
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Serve this kg store directory instead of a graph file; queries see what "
                   "`kg store add`/`kg build --store` write meanwhile.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the endpoint to your network: use --token).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run; then its worker is stopped and the answer is 503.")
@click.option("--limit", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) one answer returns; cut answers carry X-KG-Truncated.")
@click.option("--max-bytes", default=50_000_000, show_default=True, type=click.IntRange(min=1000),
              help="Most bytes one answer returns; rows past it are cut (X-KG-Truncated: max-bytes N).")
@click.option("--query-workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes running queries (each holds its own copy of a graph file).")
@click.option("--idle-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a connection may stay idle before it is closed.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let web pages from ORIGIN read answers (repeatable; '*': any page). Default: none.")
@click.option("--allow-host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; '*': any). IP "
                   "addresses, localhost and --host are always answered.")
@click.option("--token", envvar="KG_SERVE_TOKEN", metavar="TOKEN",
              help="Require 'Authorization: Bearer TOKEN' (or ?access_token=) on every request "
                   "[env: KG_SERVE_TOKEN].")
@limit_options
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve(graph, store_dir, host, port, timeout, limit, max_bytes, query_workers, idle_timeout, cors,
          allow_host, token, quiet, **limits):
    """Serve GRAPH (or --store DIR) as a read-only SPARQL 1.1 endpoint at /sparql.

    Answers GET and POST (form-encoded or application/sparql-query) with
    SPARQL results as JSON, XML, CSV or TSV and graphs as Turtle, N-Triples,
    JSON-LD or RDF/XML, by the Accept header. Updates, SERVICE and remote
    FROM are refused (403), queries over a --max-* limit get 400. Queries run
    in --query-workers processes; one past --timeout is stopped. With
    --store, each query runs on the store as it is then (other processes may
    write it meanwhile). The page at / is the `kg viz` page of the graph,
    drawn at start-up, when kg viz is available.

    Example:

        kg serve out/graph.trig --port 7878

        curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' \\
             --data-urlencode 'query=SELECT ?p WHERE { ?p a kg:Person }'
    """
    from kg.query.server import Access, SparqlEndpoint, make_server
    from kg.query.sources import memory_store
    from kg.query.viz_page import viz_page
    from kg.query.workers import Source

    if bool(graph) == bool(store_dir):
        raise QueryError("give a GRAPH file or --store DIR (one of them) to serve")
    if store_dir:
        from kg.query.store import LiveStore

        snapshot, title, source = LiveStore(store_dir).current(), store_dir, Source(store=store_dir)
    else:
        snapshot, title, source = memory_store(graph), graph, Source(file=graph)
    triples, page = len(snapshot), viz_page(graph=graph, store=snapshot)
    del snapshot  # the workers hold their own
    access = Access(cors=tuple(cors), hosts=tuple(name.lower() for name in allow_host), token=token or None)
    endpoint = SparqlEndpoint(source, title=title, timeout=timeout, limit=limit, index_html=page,
                              workers=query_workers, max_bytes=max_bytes, limits=query_limits(**limits))
    try:
        server = make_server(endpoint, host, port, quiet=quiet, access=access, idle_timeout=idle_timeout)
    except QueryError:
        endpoint.close()
        raise
    bound_host, bound_port = server.server_address[:2]
    if host in ("0.0.0.0", "::", ""):
        click.echo(f"warning: listening on every network interface ({host or '0.0.0.0'}): anyone who "
                   f"can reach this machine can query the graph{'' if token else '; consider --token'}",
                   err=True)
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"serving {title} ({triples} triples) at http://{shown}:{bound_port}/sparql "
               f"— page at http://{shown}:{bound_port}/ ; Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        endpoint.close()
