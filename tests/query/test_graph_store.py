"""kg load: push to a real `oxigraph serve` (Graph Store Protocol) and count back."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from kg.errors import GraphError
from kg.query.graph_store import graph_url, push_dataset
from kg.rdf.serialize import load_graph

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    binary = OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.skip("the oxigraph server binary is missing: pip install oxigraph (the test extra)")
    port = free_port()
    process = subprocess.Popen([str(binary), "serve", "--location", str(tmp_path / "ox"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def remote_counts(url):
    query = quote("SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
                  "{ ?s ?p ?o BIND('default' AS ?g) } } GROUP BY ?g")
    request = urllib.request.Request(f"{url}/query?query={query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request) as response:
        lines = response.read().decode("utf-8").splitlines()[1:]
    return {g: int(n) for g, n in (line.rsplit(",", 1) for line in lines)}


@pytest.mark.server
def test_load_round_trips_through_oxigraph_serve(oxigraph_server, contract_graph_path):
    dataset = load_graph(contract_graph_path)
    expected = {("default" if g.identifier.startswith("urn:x-rdflib:") else str(g.identifier)): len(g)
                for g in dataset.graphs() if len(g)}
    loaded = push_dataset(dataset, f"{oxigraph_server}/store")
    assert [item.iri for item in loaded] == [None, "http://kg.example.org/doc/a", "http://kg.example.org/doc/b"]
    assert remote_counts(oxigraph_server) == expected
    push_dataset(dataset, f"{oxigraph_server}/store")  # again: documents replaced, not doubled
    assert remote_counts(oxigraph_server) == expected


@pytest.mark.server
def test_cli_load_and_http_error(oxigraph_server, demo_trig_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["load", str(demo_trig_path), "--endpoint", f"{oxigraph_server}/store"])
    assert result.exit_code == 0, result.output
    counts = remote_counts(oxigraph_server)
    local = load_graph(demo_trig_path)
    assert sum(counts.values()) == len(list(local.quads()))
    bad = CliRunner().invoke(main, ["load", str(demo_trig_path), "--endpoint", f"{oxigraph_server}/nope"])
    assert bad.exit_code == 1 and "HTTP 404" in bad.output and "/store" in bad.output


def test_connection_refused_is_one_clear_line(contract_graph_path):
    with pytest.raises(GraphError, match=r"cannot connect .*is the store running"):
        push_dataset(load_graph(contract_graph_path), f"http://127.0.0.1:{free_port()}/store", timeout=2)


def test_graph_url_encodes_the_iri():
    assert graph_url("http://h/store", "http://kg.example.org/doc/武汉") == (
        "http://h/store?graph=http%3A%2F%2Fkg.example.org%2Fdoc%2F%E6%AD%A6%E6%B1%89")
    assert graph_url("http://h/ds?x=1", None) == "http://h/ds?x=1&default"
