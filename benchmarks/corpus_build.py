"""Whole builds on the news corpus: speed per stage, workers, memory, queries.

Reports, each from ``kg build`` processes run as a user runs them:

* **stages**: characters per second of one core for every stage (``kg build
  --profile --workers 1``) on the first N stories, min/median/max of the runs;
* **workers**: wall time of the whole build with 1 and with W worker
  processes (runs taken in turn), the speed-up (ratio of medians) and whether
  the outputs are byte-identical;
* **memory**: peak resident memory of the build (the main process and its
  workers together, sampled every 0.1 s) at several corpus sizes, min/median/max of the runs;
* **queries**: the saved queries' time on a store built from the first N stories.

Usage:
  .venv/bin/python benchmarks/corpus_build.py                       # everything, as in the README
  .venv/bin/python benchmarks/corpus_build.py --quick               # the `make bench` subset (< 10 min)
  .venv/bin/python benchmarks/corpus_build.py --only memory --memory-sizes 1000,5000,20000
Options: --corpus FILE, --stories N, --runs N, --workers W, --tagger T, --events E, --relations R.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb_news_2019_2026.jsonl.gz"
KG = [sys.executable, "-m", "kg"]


def take(corpus: Path, count: int, directory: Path) -> Path:
    """The first ``count`` stories of the corpus as a JSON Lines file."""
    path = directory / f"stories-{count}.jsonl"
    if not path.exists():
        with gzip.open(corpus, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(source, count))
    return path


def chars_of(path: Path) -> int:
    import json

    with path.open(encoding="utf-8") as handle:
        return sum(len(json.loads(line)["text"]) for line in handle if line.strip())


def run_build(args: list[str], sample_memory: bool = False) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MiB of the process tree (0 unless sampled), and stderr."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(KG + ["build", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    if sample_memory:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"kg build {' '.join(args)} failed:\n{err}")
    return seconds, peak / 2**20, err


def spread(values: list[float], fmt: str = "{:,.0f}") -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def stages(opts, work: Path) -> None:
    stories = take(opts.corpus, opts.stories, work)
    chars = chars_of(stories)
    rates: dict[str, list[float]] = {}
    for _ in range(opts.runs):
        _, _, err = run_build([str(stories), "--workers", "1", "--profile", "-q", *opts.extra,
                               "-o", str(work / "stages.nq")])
        for line in err.splitlines():
            cells = line.split()
            if len(cells) == 4 and cells[0] != "stage" and cells[3].replace(",", "").isdigit():
                rates.setdefault(cells[0], []).append(float(cells[3].replace(",", "")))
    print(f"\n## chars/s of one core by stage ({opts.stories} stories, {chars:,} chars; "
          f"{' '.join(opts.extra) or 'default options'}; min / median / max of {opts.runs})")
    print(f"{'stage':<20} {'chars/s':>32}")
    for name, values in rates.items():
        print(f"{name:<20} {spread(values):>32}")


def workers(opts, work: Path) -> None:
    stories = take(opts.corpus, opts.stories, work)
    chars = chars_of(stories)
    times: dict[int, list[float]] = {1: [], opts.workers: []}
    outputs = {}
    for _ in range(opts.runs):
        for n in times:
            out = work / f"workers-{n}.trig"
            seconds, _, _ = run_build([str(stories), "--workers", str(n), "-q", *opts.extra, "-o", str(out)])
            times[n].append(seconds)
            outputs[n] = out.read_bytes()
    one, many = statistics.median(times[1]), statistics.median(times[opts.workers])
    print(f"\n## whole build, 1 vs {opts.workers} worker processes ({opts.stories} stories, {chars:,} chars; "
          f"{' '.join(opts.extra) or 'default options'}; seconds min / median / max of {opts.runs})")
    for n, values in times.items():
        print(f"workers {n}: {spread(values, '{:.1f}')} s   {chars / statistics.median(values):,.0f} chars/s")
    print(f"speed-up {one / many:.2f}x; outputs byte-identical: {outputs[1] == outputs[opts.workers]}")


def memory(opts, work: Path) -> None:
    print(f"\n## peak memory of the whole build (main process + workers, {opts.workers} workers; "
          f"{' '.join(opts.extra) or 'default options'}; -o .nq; min / median / max of {opts.runs})")
    print(f"{'stories':>8} {'chars':>12} {'seconds':>9} {'peak MiB':>24} {'MiB / 1k stories':>17}")
    for count in opts.memory_sizes:
        stories = take(opts.corpus, count, work)
        seconds, peaks = [], []
        for _ in range(opts.runs):
            wall, peak, _ = run_build([str(stories), "--workers", str(opts.workers), "-q", *opts.extra,
                                       "-o", str(work / "memory.nq")], sample_memory=True)
            seconds.append(wall)
            peaks.append(peak)
        median = statistics.median(peaks)
        print(f"{count:>8,} {chars_of(stories):>12,} {statistics.median(seconds):>9.0f} {spread(peaks):>24} "
              f"{median / count * 1000:>17,.0f}", flush=True)


def queries(opts, work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from kg.query.saved import saved_queries
    from kg.query.store import open_store

    stories = take(opts.corpus, opts.stories, work)
    store = work / "store"
    run_build([str(stories), "--workers", str(opts.workers), "-q", *opts.extra, "--store", str(store)])
    db = open_store(store, read_only=True)
    print(f"\n## saved queries on a store of {opts.stories} stories ({len(db):,} quads; "
          f"ms min / median / max of {opts.runs}; as `kg query --store DIR --saved NAME`)")
    for query in saved_queries():
        times, rows = [], 0
        for _ in range(opts.runs):
            started = time.perf_counter()
            rows = len(db.query(query.text).rows)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{query.name:<24} {spread(times, '{:.1f}'):>24} ms  {rows:,} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-sizes", default="1000,5000,20000")
    parser.add_argument("--tagger", default=None)
    parser.add_argument("--events", default=None)
    parser.add_argument("--relations", default=None)
    parser.add_argument("--only", choices=["stages", "workers", "memory", "queries"], action="append")
    parser.add_argument("--quick", action="store_true",
                        help="the make-bench subset: 200 stories, 1 run, memory at 200 and 1,000 stories")
    opts = parser.parse_args()
    if not opts.corpus.is_file():
        raise SystemExit(f"{opts.corpus}: no corpus; give --corpus FILE (JSON Lines of news stories)")
    if opts.quick:
        opts.stories, opts.runs, opts.memory_sizes = 200, 1, "200,1000"
    opts.memory_sizes = [int(n) for n in opts.memory_sizes.split(",")]
    opts.extra = [f"--{name}={getattr(opts, name)}" for name in ("tagger", "events", "relations")
                  if getattr(opts, name)]
    with tempfile.TemporaryDirectory(prefix="kg-corpus-bench-") as tmp:
        work = Path(tmp)
        parts = {"stages": stages, "workers": workers, "memory": memory, "queries": queries}
        for name in opts.only or list(parts):
            parts[name](opts, work)


if __name__ == "__main__":
    main()
