"""`kg serve` as a real subprocess, queried with SPARQLWrapper; argument errors via CliRunner."""

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.server
def test_kg_serve_answers_sparqlwrapper(demo_graph_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(demo_graph_path), "--port", str(port),
                                "--quiet"], stderr=subprocess.PIPE)
    try:
        for _ in range(600):  # start-up draws the / page first
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.05)
        sparql = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
        sparql.setQuery("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a org:Membership }")
        sparql.setReturnFormat(JSON)
        data = sparql.query().convert()
        assert int(data["results"]["bindings"][0]["n"]["value"]) > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            page = response.read().decode("utf-8")
        assert "vis.Network" in page and "习近平" in page
        assert not re.search(r"""<(?:script|link)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("args", [[], ["g.trig", "--store", "st"]])
def test_serve_needs_exactly_one_source(args):
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 1 and "GRAPH file or --store DIR" in result.output


def test_serve_missing_graph(tmp_path):
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "none.ttl"), "--port", "0"])
    assert result.exit_code == 1 and "no such graph file" in result.output
