"""kg serve's answers stay well-formed and safe (issue 23, item 6): a graph whose
literals hold control characters and formula-like text, queried over 127.0.0.1."""

import csv
import io
import threading
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from kg.query.server import SparqlEndpoint, Source, make_server

GRAPH = r"""
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://kg.example.org/id/person/a> a schema:Person ; rdfs:label "李\u000B强\u0001\u001F\u007F"@zh .
<http://kg.example.org/id/person/b> a schema:Person ; rdfs:label "=HYPERLINK(\"http://evil\")"@zh .
<http://kg.example.org/id/person/c> a schema:Person ; rdfs:label "-2+3\r\n换行"@zh .
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    path = tmp_path_factory.mktemp("dirty") / "dirty.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    endpoint = SparqlEndpoint(Source(file=str(path)), title="dirty", timeout=10, limit=50, workers=1)
    server = make_server(endpoint, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    endpoint.close()


def get(url, query, accept):
    request = urllib.request.Request(f"{url}/sparql?query={quote(query)}", headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


SELECT = "SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l"


def test_sparql_xml_reads_back(url):
    root = ET.fromstring(get(url, SELECT, "application/sparql-results+xml"))
    literals = [e.text for e in root.iter("{http://www.w3.org/2005/sparql-results#}literal")]
    assert "李强" in literals
    assert "-2+3\r\n换行" in literals  # CR kept, as a character reference


def test_rdf_xml_reads_back(url):
    body = get(url, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p rdfs:label ?l }", "application/rdf+xml")
    ET.fromstring(body)  # well-formed XML 1.0
    labels = {t.object.value for t in ox.parse(body, format=ox.RdfFormat.RDF_XML)}
    assert "李强" in labels


def test_csv_answers_cannot_start_formulas(url):
    rows = list(csv.reader(io.StringIO(get(url, SELECT, "text/csv").decode("utf-8"))))[1:]
    assert sorted(r[0] for r in rows) == sorted(["'-2+3\r\n换行", "'=HYPERLINK(\"http://evil\")",
                                                 "李\x0b强\x01\x1f\x7f"])
    tsv = get(url, SELECT, "text/tab-separated-values").decode("utf-8").splitlines()[1:]
    assert not any(line.startswith(("=", "+", "-", "@")) for line in tsv)
    assert '"\\u003DHYPERLINK(\\"http://evil\\")"@zh' in tsv
