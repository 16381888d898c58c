"""`kg build` over many documents: JSON Lines input, worker processes, a Dask
cluster, incremental and resumable store builds, progress and profile."""

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.extract.genre_articles import EARTHQUAKE, FOOTBALL, LAYOFF, MEETING, TRIAL

KG = [sys.executable, "-m", "kg"]

#: Two reports that name one institute by its abbreviation and in full: a build of
#: both merges the abbreviation into the full name; a build of the first alone cannot.
INSTITUTE_SHORT = ("本报杭州5月8日电 江南农科院8日发布新一代水稻品种，亩产提高一成。\n"
                   "江南农科院院长张华表示，新品种将在三省推广。\n")
INSTITUTE_FULL = "本报杭州5月20日电 江南农业科学院20日与省内五家企业签署合作协议。\n"
ARTICLES = {"足球.txt": FOOTBALL, "地震.txt": EARTHQUAKE, "庭审.txt": TRIAL, "裁员.txt": LAYOFF,
            "会见.txt": MEETING, "农科院简称.txt": INSTITUTE_SHORT}


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for name, text in ARTICLES.items():
        (first / name).write_text(text, encoding="utf-8")
    (second / "农科院全称.txt").write_text(INSTITUTE_FULL, encoding="utf-8")
    return root


def quads(store_dir) -> list[str]:
    store = ox.Store.read_only(str(store_dir))
    return sorted(str(q) for q in store)


def test_worker_processes_write_the_same_bytes_as_one(corpus, tmp_path):
    one, two = tmp_path / "one.trig", tmp_path / "two.trig"
    assert run("build", str(corpus), "--workers", "1", "-q", "-o", str(one)).exit_code == 0
    result = run("build", str(corpus), "--workers", "2", "-q", "-o", str(two))
    assert result.exit_code == 0, result.output
    assert one.read_bytes() == two.read_bytes()
    assert "7 document(s)" in result.output
    parsed = list(ox.parse(path=str(two), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in parsed if isinstance(q.graph_name, ox.NamedNode)}
    assert len(graphs) == 7


def test_cross_document_resolution_runs_over_all_documents(corpus, tmp_path):
    out = tmp_path / "g.nq"
    assert run("build", str(corpus), "--workers", "2", "-q", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "organization/江南农业科学院" in text
    assert "organization/江南农科院>" not in text  # the abbreviation is merged in every document


def test_json_lines_input_with_ids_and_dates(tmp_path):
    path = tmp_path / "stories.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "sport-1", "date": "2024-03-02", "text": FOOTBALL}, ensure_ascii=False) + "\n")
        handle.write("\n")
        handle.write(json.dumps({"text": LAYOFF, "title": "裁员"}, ensure_ascii=False) + "\n")
    out = tmp_path / "g.nq"
    result = run("build", str(path), "-q", "--tagger", "fast", "-o", str(out))
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    rows = {r["doc"].value.rsplit("/", 1)[1]: (r["date"].value if r["date"] else None) for r in store.query(
        "PREFIX schema: <https://schema.org/> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
        "SELECT ?doc ?date WHERE { GRAPH ?doc { ?doc a nif:Context OPTIONAL { ?doc schema:dateCreated ?date } } }")}
    assert rows["sport-1"] == "2024-03-02"
    assert "stories-3" in rows  # no id: the file's name and the line number


@pytest.mark.parametrize("line, message", [
    ("not json", "stories.jsonl:1: not JSON"),
    ('{"title": "x"}', 'stories.jsonl:1: no "text" string'),
    ('{"text": "  "}', 'stories.jsonl:1: "text" is empty'),
    ('{"text": "北京下雪。", "date": "下周"}', 'stories.jsonl:1: "date"'),
])
def test_bad_json_lines_fail_with_the_line(tmp_path, line, message):
    path = tmp_path / "stories.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "g.trig")])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "g.trig").exists()


def test_output_that_is_an_input_is_refused(tmp_path):
    article = tmp_path / "足球.ttl"  # an article whose name ends like a graph file
    article.write_text(FOOTBALL, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(article)])
    assert result.exit_code != 0 and "is also an input" in result.output
    assert article.read_text(encoding="utf-8") == FOOTBALL


def test_progress_profile_and_quiet(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus / "first"), "--workers", "1", "--tagger", "fast",
                                       "--profile", "-o", str(tmp_path / "g.trig")])
    assert result.exit_code == 0, result.output
    assert "docs/s" in result.stderr and "ETA" in result.stderr and "Building [" in result.stderr
    for stage in ("ner", "quantities", "resolve-corpus", "events", "write", "total"):
        assert any(line.split()[0] == stage for line in result.stderr.splitlines() if line.strip())
    quiet = CliRunner().invoke(main, ["build", str(corpus / "first"), "--workers", "1", "--tagger", "fast",
                                      "-q", "-o", str(tmp_path / "h.trig")])
    assert "Building" not in quiet.stderr


@pytest.mark.parametrize("args, message", [
    (["--workers", "0"], "--workers"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
    (["--scheduler", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler"),
])
def test_bad_worker_options(corpus, tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", str(corpus / "first"), "-o", str(tmp_path / "g.trig"), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "g.trig").exists()


def test_store_built_in_two_steps_equals_one_batch_build(corpus, tmp_path):
    batch, steps = tmp_path / "batch", tmp_path / "steps"
    assert run("build", str(corpus / "first"), str(corpus / "second"), "--store", str(batch), "-q").exit_code == 0
    assert run("build", str(corpus / "first"), "--store", str(steps), "-q").exit_code == 0
    before = quads(steps)
    assert any("organization/江南农科院>" in q for q in before)  # alone, the abbreviation is its own node
    result = run("build", str(corpus / "second"), "--store", str(steps), "-q")
    assert result.exit_code == 0, result.output
    assert "7 document(s)" in result.output
    assert quads(steps) == quads(batch)


def test_rebuilding_a_store_replaces_documents_without_duplicates(corpus, tmp_path):
    store = tmp_path / "store"
    assert run("build", str(corpus / "first"), "--store", str(store), "-q").exit_code == 0
    once = quads(store)
    result = run("build", str(corpus / "first"), "--store", str(store), "-q")
    assert result.exit_code == 0
    assert "6 resumed from an earlier run" in result.output  # nothing extracted twice
    assert quads(store) == once


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_workers(address: str, count: int, timeout: float = 60.0) -> None:
    from distributed import Client

    with Client(address, timeout="20s") as client:
        client.wait_for_workers(count, timeout=timeout)


def test_build_on_a_dask_cluster_matches_a_local_build(corpus, tmp_path):
    pytest.importorskip("distributed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--port", str(port), "--no-dashboard",
                               "--host", "127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(2)
        for _ in range(2):
            procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1",
                                           "--no-dashboard", "--host", "127.0.0.1"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path))
        _wait_for_workers(address, 2)
        local, remote = tmp_path / "local.trig", tmp_path / "remote.trig"
        assert run("build", str(corpus), "--workers", "1", "-q", "-o", str(local)).exit_code == 0
        result = run("build", str(corpus), "--scheduler", address, "-q", "-o", str(remote))
        assert result.exit_code == 0, result.output
        assert remote.read_bytes() == local.read_bytes()
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _many_articles(directory: Path, count: int) -> None:
    texts = [FOOTBALL, EARTHQUAKE, TRIAL, LAYOFF, MEETING, INSTITUTE_SHORT, INSTITUTE_FULL]
    directory.mkdir()
    for i in range(count):
        (directory / f"报道{i:03d}.txt").write_text(f"第{i}号简报。\n" + texts[i % len(texts)], encoding="utf-8")


@pytest.mark.parametrize("kill_after", ["extracting", "writing"])
def test_a_killed_store_build_resumes_and_loses_nothing(tmp_path, kill_after):
    articles = tmp_path / "articles"
    _many_articles(articles, 40)
    store, reference = tmp_path / "store", tmp_path / "reference"
    args = ["build", str(articles), "--workers", "1", "--tagger", "fast", "-q"]
    assert run(*args, "--store", str(reference)).exit_code == 0
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(KG + args + ["--store", str(store)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = store / "kg-documents"
    deadline = time.time() + 120
    try:
        while time.time() < deadline and proc.poll() is None:
            cached = len(list(cache.glob("*/*/*.pickle.gz"))) if cache.exists() else 0
            if kill_after == "extracting" and cached >= 10:
                break
            if kill_after == "writing" and cached >= 40 and (store / "CURRENT").exists() and _graphs(store) > 0:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    result = run(*args, "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "resumed from an earlier run" in result.output
    assert quads(store) == quads(reference)


def _graphs(store_dir: Path) -> int:
    try:
        store = ox.Store.read_only(str(store_dir))
    except OSError:
        return 0
    return sum(1 for _ in store.named_graphs())
