"""`kg serve`: a read-only SPARQL 1.1 endpoint (and the graph page) over HTTP."""

from __future__ import annotations

import click

from kg.errors import QueryError


@click.command()
@click.argument("graph", required=False, type=click.Path(dir_okay=False))
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Serve this kg store directory instead of a graph file; queries see what "
                   "`kg store add`/`kg build --store` write meanwhile.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the endpoint to your network).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before the endpoint answers 503.")
@click.option("--limit", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) one answer returns; cut answers carry X-KG-Truncated.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve(graph, store_dir, host, port, timeout, limit, quiet):
    """Serve GRAPH (or --store DIR) as a read-only SPARQL 1.1 endpoint at /sparql.

    Answers GET and POST (form-encoded or application/sparql-query) with
    SPARQL results as JSON, XML, CSV or TSV and graphs as Turtle, N-Triples,
    JSON-LD or RDF/XML, by the Accept header. Updates are refused. With
    --store, each query runs on the store as it is then (other processes may
    write it meanwhile). The page at / is the `kg viz` page of the graph,
    drawn at start-up, when kg viz is available.

    Example:

        kg serve out/graph.trig --port 7878

        curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' \\
             --data-urlencode 'query=SELECT ?p WHERE { ?p a kg:Person }'
    """
    from kg.query.server import SparqlEndpoint, make_server
    from kg.query.sources import memory_store
    from kg.query.viz_page import viz_page

    if bool(graph) == bool(store_dir):
        raise QueryError("give a GRAPH file or --store DIR (one of them) to serve")
    if store_dir:
        from kg.query.store import LiveStore

        target, title = LiveStore(store_dir), store_dir
        snapshot = target.current()
    else:
        target = snapshot = memory_store(graph)
        title = graph
    endpoint = SparqlEndpoint(target, title=title, timeout=timeout, limit=limit,
                              index_html=viz_page(graph=graph, store=snapshot))
    server = make_server(endpoint, host, port, quiet=quiet)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"serving {title} ({len(snapshot)} triples) at http://{bound_host}:{bound_port}/sparql "
               f"— page at http://{bound_host}:{bound_port}/ ; Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        endpoint.close()
