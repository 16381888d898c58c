"""kg serve's endpoint, queried with SPARQLWrapper as a real client over 127.0.0.1
(queries run in the endpoint's worker processes)."""

import re
import threading
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.query.server import HttpError, SparqlEndpoint, Source, make_server, negotiate
from kg.query.store import open_store
from kg.query.viz_page import viz_page


@pytest.fixture(scope="module")
def endpoint_url(contract_graph_path):
    endpoint = SparqlEndpoint(Source(file=str(contract_graph_path)), title="contract", timeout=10, limit=50,
                              workers=1)
    server = make_server(endpoint, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    endpoint.close()


def client(url, query, fmt=JSON, method=None):
    sparql = SPARQLWrapper(f"{url}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql.query()


@pytest.mark.parametrize("method", [None, POST])
def test_select_json(endpoint_url, method):
    data = client(endpoint_url, "SELECT DISTINCT ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l",
                  method=method).convert()
    labels = [b["l"]["value"] for b in data["results"]["bindings"]]
    assert labels == sorted(["谭德塞", "王毅", "习近平", "古特雷斯"])
    assert data["results"]["bindings"][0]["l"]["xml:lang"] == "zh"


def test_ask_and_csv_and_construct(endpoint_url):
    assert client(endpoint_url, "ASK { ?e a kg:PhoneCall }").convert()["boolean"] is True
    text = client(endpoint_url, "SELECT ?d WHERE { ?e a kg:PhoneCall ; schema:startDate ?d }", CSV).convert()
    assert text.decode("utf-8").splitlines() == ["d", "2020-03-12"]
    graph = client(endpoint_url, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Person ; rdfs:label ?l }",
                   TURTLE).convert()
    assert "谭德塞" in graph.decode("utf-8")


def test_update_is_refused(endpoint_url):
    # SPARQLWrapper sends it as update= and surfaces the 403 as urllib's HTTPError
    with pytest.raises((urllib.error.HTTPError, SPARQLWrapperException)) as info:
        client(endpoint_url, "INSERT DATA { <http://a/b> <http://a/b> <http://a/b> }", method=POST)
    assert info.value.code == 403
    assert "read-only" in info.value.read().decode("utf-8")
    still = client(endpoint_url, "ASK { <http://a/b> ?p ?o }").convert()["boolean"]
    assert still is False


def raw(url, headers=None, data=None):
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def test_protocol_details(endpoint_url):
    q = quote("SELECT ?s WHERE { ?s ?p ?o }")
    status, headers, body = raw(f"{endpoint_url}/sparql?query={q}", {"Accept": "text/tab-separated-values"})
    assert status == 200 and headers["X-KG-Truncated"] == "limit 50"
    assert len(body.splitlines()) == 51 and body.startswith("?s\n")
    status, _, body = raw(f"{endpoint_url}/sparql?query={quote('SELECT * WHERE {')}")
    assert status == 400 and "line 1, column" in body
    status, _, body = raw(f"{endpoint_url}/sparql?query={q}", {"Accept": "image/png"})
    assert status == 406
    status, _, body = raw(f"{endpoint_url}/sparql", {"Content-Type": "application/sparql-update"},
                          b"DROP ALL")
    assert status == 403 and "read-only" in body
    status, headers, body = raw(f"{endpoint_url}/sparql", {"Content-Type": "application/sparql-query",
                                                           "Accept": "application/sparql-results+xml"},
                                "ASK { ?s a kg:Meeting }".encode("utf-8"))
    assert status == 200 and "<boolean>true</boolean>" in body
    status, headers, body = raw(f"{endpoint_url}/")
    assert status == 200 and "/sparql" in body and headers["Content-Type"].startswith("text/html")
    assert raw(f"{endpoint_url}/nope")[0] == 404


@pytest.mark.parametrize("accept, graph, expected", [
    (None, False, "json"), ("*/*", True, "turtle"), ("text/csv;q=0.5, application/sparql-results+xml", False, "xml"),
    ("application/n-triples", True, "nt"), ("text/html, */*;q=0.1", False, "json"),
])
def test_negotiate(accept, graph, expected):
    assert negotiate(accept, graph) == expected


def test_negotiate_refuses_what_it_cannot_make():
    with pytest.raises(HttpError):
        negotiate("text/turtle", graph=False)


EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def assert_viz_page(status, headers, body):
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "vis.Network" in body and "习近平" in body and "谭德塞" in body
    assert not EXTERNAL.search(body), EXTERNAL.search(body).group(0)


def serve_page(source, page):
    endpoint = SparqlEndpoint(source, title="page", index_html=page, workers=1)
    server = make_server(endpoint, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        return raw(f"http://{host}:{port}/")
    finally:
        server.shutdown()
        server.server_close()
        endpoint.close()


def test_root_serves_the_viz_page_of_a_graph_file(contract_graph_path):
    page = viz_page(graph=contract_graph_path)
    assert_viz_page(*serve_page(Source(file=str(contract_graph_path)), page))
    assert f"kg · {contract_graph_path.name}" in page


def test_root_serves_the_viz_page_of_a_store(tmp_path, contract_graph_path):
    store = open_store(tmp_path / "store")
    store.add_file(contract_graph_path)
    page = viz_page(store=store.store)
    store.close()
    assert_viz_page(*serve_page(Source(store=str(tmp_path / "store")), page))
    # the same drawing as the graph file's page (only the title differs)
    assert page == viz_page(graph=contract_graph_path, title="kg · store")
