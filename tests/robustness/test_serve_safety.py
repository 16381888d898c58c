"""`kg serve` under attack and load, as a real process: queries over a limit
get 400, fetching data 403; a query past --timeout is stopped and its worker
is free again; answers are capped in bytes; Host, CORS and token checks;
idle connections are dropped; 200 clients at once are all answered."""

import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.cli.test_serve import free_port

pytestmark = pytest.mark.server

N = 3000
DEEP = {
    "braces": "SELECT * WHERE " + "{" * N + " ?s ?p ?o " + "}" * N,
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * N + "1" + ")" * N + ") }",
    "path groups": "SELECT * WHERE { ?s " + "(" * N + "rdfs:label" + ")" * N + " ?o }",
}
#: 3,000 triples three times over: 2.7e10 rows to count, hours of work
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class Server:
    """A `kg serve` process on a free port, once it accepts connections."""

    def __init__(self, *args, env=None):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", *map(str, args), "--port", str(self.port), "--quiet"],
            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        for _ in range(1200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                assert self.process.poll() is None, self.process.stderr.read()
                time.sleep(0.05)
        self.stop()
        raise AssertionError("kg serve did not start")

    def stop(self) -> str:
        self.process.terminate()
        try:
            return self.process.communicate(timeout=20)[1]
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()[1]

    def get(self, query=None, headers=None, data=None, path="/sparql", method=None):
        """(status, headers, body) of one request."""
        url = f"http://127.0.0.1:{self.port}{path}"
        if query is not None:
            url += "?query=" + urllib.parse.quote(query)
        request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.headers, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode("utf-8")

    def count(self) -> int:
        status, _, body = self.get(SIMPLE, {"Accept": "text/csv"})
        assert status == 200, body
        return int(body.split()[1])


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "big.trig"
    lines = ["<http://kg.example.org/doc/a> {"]
    lines += [f'<http://x/s{i}> <http://x/p> "value {i} {"x" * 40}" .' for i in range(3000)]
    path.write_text("\n".join(lines) + "\n}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(big_graph):
    """Default settings but a 1 s timeout and small answers."""
    running = Server(big_graph, "--timeout", "1", "--max-bytes", "20000")
    yield running
    running.stop()


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_queries_get_400_over_get_and_post(server, name):
    text = DEEP[name]
    answers = [server.get(text),
               server.get(headers={"Content-Type": "application/sparql-query"}, data=text.encode()),
               server.get(data=urllib.parse.urlencode({"query": text}).encode())]
    for status, _, body in answers:
        assert status == 400, body
        assert body.strip().count("\n") == 0 and "nests deeper than 64 levels" in body and "--max-depth" in body
    assert server.count() == 3000


def test_fetching_data_is_refused(server):
    for query in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                  "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }"):
        status, _, body = server.get(query)
        assert status == 403 and "--allow-federation" in body, body


def test_a_timed_out_query_is_stopped_and_its_worker_is_free_again(server):
    for _ in range(3):  # more timeouts than workers: each worker is killed and replaced
        status, _, body = server.get(ENDLESS)
        assert status == 503 and "1 s limit (--timeout); it was stopped" in body
    assert server.count() == 3000


def test_eight_endless_queries_and_a_simple_one(server):
    with concurrent.futures.ThreadPoolExecutor(9) as pool:
        bad = [pool.submit(server.get, ENDLESS) for _ in range(8)]
        time.sleep(0.3)
        good = pool.submit(server.count)
        assert good.result() == 3000
        assert [future.result()[0] for future in bad] == [503] * 8
    assert server.count() == 3000


def test_answers_are_capped_in_bytes(server):
    status, headers, body = server.get("SELECT ?s ?o WHERE { ?s ?p ?o }")
    assert status == 200 and headers["X-KG-Truncated"] == "max-bytes 20000"
    assert len(body.encode("utf-8")) <= 20000
    rows = json.loads(body)["results"]["bindings"]
    assert 0 < len(rows) < 3000


def test_200_clients_at_once_are_all_answered(server):
    with concurrent.futures.ThreadPoolExecutor(200) as pool:
        counts = list(pool.map(lambda _: server.count(), range(200)))
    assert counts == [3000] * 200


def test_host_cors_and_token(big_graph):
    running = Server(big_graph, "--cors", "http://app.example", "--allow-host", "kg.internal",
                     env={"KG_SERVE_TOKEN": "s3cret"})
    try:
        auth = {"Authorization": "Bearer s3cret"}
        status, headers, body = running.get(SIMPLE)
        assert status == 401 and headers["WWW-Authenticate"] == "Bearer" and "token" in body
        assert running.get(SIMPLE, {"Authorization": "Bearer wrong"})[0] == 401
        assert running.get(SIMPLE, auth)[0] == 200
        assert running.get(path="/?access_token=s3cret")[0] == 200
        for host in ("localhost:1", "127.0.0.1", "[::1]:80", "kg.internal", "10.1.2.3"):
            assert running.get(SIMPLE, {**auth, "Host": host})[0] == 200, host
        status, _, body = running.get(SIMPLE, {**auth, "Host": "evil.example:7878"})
        assert status == 421 and "--allow-host" in body
        _, headers, _ = running.get(SIMPLE, {**auth, "Origin": "http://app.example"})
        assert headers["Access-Control-Allow-Origin"] == "http://app.example"
        _, headers, _ = running.get(SIMPLE, {**auth, "Origin": "http://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers
        status, headers, _ = running.get(method="OPTIONS", headers={"Origin": "http://app.example"})
        assert status == 204 and "Authorization" in headers["Access-Control-Allow-Headers"]
    finally:
        running.stop()


def test_defaults_send_no_cors_header_and_drop_idle_connections(big_graph):
    running = Server(big_graph, "--idle-timeout", "1")
    try:
        status, headers, _ = running.get(SIMPLE, {"Origin": "http://evil.example"})
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        with socket.create_connection(("127.0.0.1", running.port)) as idle:
            idle.settimeout(60)
            assert idle.recv(100) == b""  # closed by the server, not by our timeout
        assert running.count() == 3000
    finally:
        running.stop()


def test_listening_on_every_interface_warns(big_graph):
    running = Server(big_graph, "--host", "0.0.0.0")
    stderr = running.stop()
    assert "warning: listening on every network interface (0.0.0.0)" in stderr and "--token" in stderr
