"""`kg serve` as a real subprocess, queried with SPARQLWrapper; argument errors via CliRunner."""

import re
import socket
import subprocess
import sys
import time
import urllib.parse
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


def start(args, port):
    """A `kg serve` process on ``port``, once it accepts connections."""
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", *map(str, args), "--port", str(port),
                                "--quiet"], stderr=subprocess.PIPE)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.05)
    process.kill()
    raise AssertionError("kg serve did not start")


def kg(*args):
    """Run kg in a process of its own (the writer, next to the server)."""
    done = subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def documents(port) -> list[str]:
    query = urllib.parse.quote("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    request = urllib.request.Request(f"http://127.0.0.1:{port}/sparql?query={query}",
                                     headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request) as response:
        return [line.strip("<>") for line in response.read().decode("utf-8").split()[1:]]


@pytest.mark.server
def test_serve_store_sees_writes_by_other_processes(tmp_path):
    """The server holds no lock and no stale snapshot: `kg store add|remove` in
    other processes succeed while it runs, and its next query sees them."""
    from tests.cli.test_store import BASE, trig

    store = tmp_path / "st"
    kg("store", "add", store, trig(tmp_path / "a.trig", {"a": ["1"]}))
    port = free_port()
    process = start(["--store", store], port)
    try:
        assert documents(port) == [f"{BASE}a"]
        kg("store", "add", store, trig(tmp_path / "bc.trig", {"b": ["2"], "c": ["3"]}))
        assert documents(port) == [f"{BASE}a", f"{BASE}b", f"{BASE}c"]
        kg("store", "remove", store, "a")
        assert documents(port) == [f"{BASE}b", f"{BASE}c"]
        for round in range(5):  # writes and reads interleaved, files flushed and compacted meanwhile
            kg("store", "add", store, trig(tmp_path / "d.trig", {f"d{round}": [str(round)]}))
            assert documents(port)[-1] == f"{BASE}d{round}"
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


@pytest.mark.server
def test_serve_store_answers_while_a_writer_runs(tmp_path):
    """Queries during a `kg store add` of 200 documents all succeed, each seeing
    whole documents only, and the number seen never goes down."""
    from tests.robustness.test_store_kill import DOCS, version

    store = tmp_path / "st"
    kg("store", "add", store, version(tmp_path / "v0.trig", 0))
    port = free_port()
    process = start(["--store", store], port)
    query = urllib.parse.quote("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    url = f"http://127.0.0.1:{port}/sparql?query={query}"
    try:
        writer = subprocess.Popen([sys.executable, "-m", "kg", "store", "add", str(store),
                                   str(version(tmp_path / "v1.trig", 1))], stderr=subprocess.PIPE)
        seen = []
        while True:
            done = writer.poll() is not None
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"})) as answer:
                sizes = [int(line.split(",")[1]) for line in answer.read().decode().split()[1:]]
            assert len(sizes) == DOCS and set(sizes) <= {40, 60}  # whole versions only
            seen.append(sizes.count(60))
            if done:
                break
        assert writer.returncode == 0, writer.stderr.read().decode()
        assert seen == sorted(seen) and seen[-1] == DOCS
    finally:
        process.terminate()
        process.wait(timeout=10)
