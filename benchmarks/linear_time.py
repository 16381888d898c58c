"""Time per character against the length of ONE document: is every stage linear?

A document is made of consecutive stories of the news corpus (paragraphs kept,
stories separated by a blank line), cut at each size in ``--sizes``; each is
built as a single article by ``kg build --profile --workers 1`` (one
process, as a user runs it) and every stage's CPU microseconds per character
are reported, min / median / max of ``--runs``, with the ratio of the largest
size's median to the smallest's: about 1 for a linear stage, about the size
ratio for a quadratic one.  The smallest document also carries each stage's
one-time loading (lexicons, models), so a ratio below 1 is that cost spread.

Usage:
  .venv/bin/python benchmarks/linear_time.py                        # 10k, 100k, 1M characters, 3 runs
  .venv/bin/python benchmarks/linear_time.py --sizes 10000,100000 --runs 1
Options: --corpus FILE, --sizes N,N,..., --runs N, and kg build options after --
(e.g. -- --tagger fast).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb_news_2019_2026.jsonl.gz"
KG = [sys.executable, "-m", "kg"]


def document(corpus: Path, size: int) -> str:
    """The first ``size`` characters of the corpus's stories joined by blank lines."""
    parts, total = [], 0
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"].strip()
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def stage_rates(path: Path, extra: list[str], out: Path) -> dict[str, float]:
    """Characters per CPU second by stage of one ``kg build --profile`` of ``path``."""
    proc = subprocess.run(KG + ["build", str(path), "--workers", "1", "--profile", "-q",
                                "--max-chars", str(10 ** 8), *extra, "-o", str(out)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"kg build {path} failed:\n{proc.stderr}")
    rates = {}
    for line in proc.stderr.splitlines():
        cells = line.split()
        if len(cells) == 4 and cells[0] != "stage" and cells[3].replace(",", "").isdigit():
            rates[cells[0]] = float(cells[3].replace(",", ""))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("extra", nargs="*", help="kg build options (after --)")
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    per_char: dict[str, dict[int, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in sizes:
            path = work / f"doc-{size}.txt"
            path.write_text(document(opts.corpus, size), encoding="utf-8")
            for _ in range(opts.runs):
                for stage, rate in stage_rates(path, opts.extra, work / "out.nq").items():
                    per_char.setdefault(stage, {}).setdefault(size, []).append(1e6 / rate if rate else 0.0)
    print(f"## CPU microseconds per character by stage, one document of each size "
          f"({' '.join(opts.extra) or 'default options'}; min / median / max of {opts.runs})")
    head = "".join(f"{f'{s:,} chars':>26}" for s in sizes)
    print(f"{'stage':<20}{head}{'ratio':>8}")
    for stage, by_size in per_char.items():
        cells = "".join(f"{' / '.join(f'{v:.2f}' for v in (min(x), statistics.median(x), max(x))):>26}"
                        for x in (by_size.get(s, [0.0]) for s in sizes))
        first, last = statistics.median(by_size[sizes[0]]), statistics.median(by_size[sizes[-1]])
        ratio = last / first if first else float("nan")
        print(f"{stage:<20}{cells}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
