"""Benchmark: `kg serve` latency with many clients at once.

Starts ``kg serve`` (default settings: 2 query worker processes) on a graph
shaped like kg's output (``query_stores.generate``), then --clients threads
each send --requests simple queries, one connection per request, all at once.
Prints the p50 and p99 latency and the throughput of each run, then the
min/median/max over --runs runs.

Usage::

    python benchmarks/serve_load.py                      # 200 clients x 5 requests, 3 runs
    python benchmarks/serve_load.py --clients 50 --triples 100000
"""

from __future__ import annotations

import argparse
import concurrent.futures
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_stores import generate  # noqa: E402

__all__ = ["main"]

QUERY = "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l LIMIT 10"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(graph: Path, port: int, extra: list[str]) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port), "--quiet",
                                *extra], stderr=subprocess.PIPE, text=True)
    for _ in range(2400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"kg serve failed: {process.stderr.read()}")
            time.sleep(0.05)
    process.kill()
    raise SystemExit("kg serve did not start")


def one_run(port: int, clients: int, requests: int) -> tuple[float, float, float, int]:
    """(p50 s, p99 s, answers/s, failures) of ``clients`` x ``requests`` queries."""
    url = f"http://127.0.0.1:{port}/sparql?query={urllib.parse.quote(QUERY)}"
    barrier = threading.Barrier(clients)

    def client(_):
        barrier.wait()  # every client starts at once
        times, failures = [], 0
        for _ in range(requests):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}),
                                            timeout=120) as response:
                    response.read()
            except OSError:
                failures += 1
            times.append(time.perf_counter() - started)
        return times, failures

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - started
    times = sorted(t for ts, _ in results for t in ts)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return statistics.median(times), p99, len(times) / elapsed, sum(f for _, f in results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=5, help="requests per client and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--triples", type=int, default=10000)
    parser.add_argument("--serve-args", default="", help="extra kg serve arguments, e.g. '--query-workers 4'")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.trig"
        count = generate(args.triples, graph)
        port = free_port()
        server = start(graph, port, args.serve_args.split())
        try:
            one_run(port, 10, 2)  # warm-up
            print(f"kg serve, {count} triples, {args.clients} clients x {args.requests} requests: {QUERY}")
            rows = []
            for run in range(args.runs):
                p50, p99, rate, failures = one_run(port, args.clients, args.requests)
                rows.append((p50, p99, rate))
                print(f"run {run + 1}: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
                      f"{rate:.0f} answers/s, {failures} failed")
        finally:
            server.terminate()
            server.wait(timeout=30)
    for name, index, scale, unit in (("p50", 0, 1000, "ms"), ("p99", 1, 1000, "ms"), ("answers/s", 2, 1, "")):
        values = sorted(row[index] * scale for row in rows)
        print(f"{name}: min {values[0]:.0f}, median {statistics.median(values):.0f}, "
              f"max {values[-1]:.0f} {unit}".rstrip())


if __name__ == "__main__":
    main()
