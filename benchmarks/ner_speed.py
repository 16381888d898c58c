"""Speed of the `kg ner` stage on one core.

Measures, on the demo article and on the MSRA dev text, for the default
tagger (LAC and the two networks combined) and for ``--fast`` (the lean
convolutional network; the CRFs if it is not installed):
  * chars/s of ``Tagger.tag`` (the whole stage: detection, chunking, features,
    models, rules) and of ``jieba.posseg`` on the same text, and their ratio;
  * peak memory (ru_maxrss of this process after tagging with --fast, and
    after tagging with both, before posseg runs);
  * cold start: wall time of a ``kg ner -`` process on a short text (median of 5);
  * the ceiling of any tagger that reads LAC: chars/s of LAC's encoder alone
    (onnxruntime only: no decoding, no features, no other network), at the
    best of three batch sizes.

Usage:  .venv/bin/python benchmarks/ner_speed.py [--dev /work/shared/data/ner/msra.dev.bio.gz]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo-article-2020-epidemic-response.txt"
DEV = Path("/work/shared/data/ner/msra.dev.bio.gz")
SHORT = "世卫组织总干事谭德塞感叹，中国的做法为世界争取了时间。"


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def rate(func, text: str, min_seconds: float = 2.0) -> float:
    """chars/s of func(text), repeated for at least min_seconds."""
    func(text)  # warm
    runs, started = 0, time.perf_counter()
    while True:
        func(text)
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return len(text) * runs / elapsed


def cold_start(extra: list[str], runs: int = 5) -> float:
    exe = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([exe, "ner", "-", *extra], input=SHORT.encode(), check=True,
                       stdout=subprocess.DEVNULL, preexec_fn=one_core)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def lac_ceiling(text: str) -> tuple[float, int]:
    """Best chars/s of LAC's encoder alone on the chunks of ``text`` and the
    batch size (padded chars per call) that gave it."""
    from kg.ner.lac import load_lexical_analyzer
    from kg.ner.decoding import length_groups
    from kg.ner.tagger import split_chunks

    lac = load_lexical_analyzer()
    chunks = [text[a:b] for a, b in split_chunks(text)]
    best = (0.0, 0)
    for budget in (512, 1024, 4096):
        batches = [lac.padded_ids([chunks[i] for i in group])
                   for group in length_groups([len(c) for c in chunks], budget)]

        def encode(_text, batches=batches):
            for ids, lengths in batches:
                lac.emissions(ids, lengths)

        best = max(best, (rate(encode, text), budget))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    one_core()

    from kg.ner import load_tagger
    from kg.ner.bio import read_bio

    texts = {"demo article": DEMO.read_text(encoding="utf-8")}
    if args.dev.is_file():
        texts["MSRA dev"] = "\n".join(text for text, _ in read_bio(args.dev))
    results = {}
    # --fast first: its load time then includes the lexicons both share
    for mode, fast in (("--fast", True), ("default", False)):
        started = time.perf_counter()
        tagger = load_tagger(fast=fast)
        tagger.tag(SHORT)
        load_seconds = time.perf_counter() - started
        rates = {name: rate(tagger.tag, text) for name, text in texts.items()}
        results[mode] = (rates, load_seconds)
        if fast:
            fast_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    pos_rates = {name: rate(lambda t: list(jieba.posseg.cut(t)), text, 1.0)
                 for name, text in texts.items()}

    print(f"{'tagger':<8} {'text':<14} {'chars':>8} {'kg ner chars/s':>15} {'posseg chars/s':>15} {'ratio':>6}")
    for mode, (rates, _) in results.items():
        for name, text in texts.items():
            print(f"{mode:<8} {name:<14} {len(text):>8} {rates[name]:>15,.0f} {pos_rates[name]:>15,.0f} "
                  f"{rates[name] / pos_rates[name]:>6.2f}")
    for mode, (_, load_seconds) in results.items():
        shared = " (lexicons already loaded by --fast)" if mode == "default" else ""
        print(f"{mode}: model load + first tag (in process): {load_seconds:.2f} s{shared}")
    for name, text in texts.items():
        ceiling, budget = lac_ceiling(text)
        print(f"LAC's encoder alone on {name}: {ceiling:,.0f} chars/s "
              f"(best batch: {budget} chars; the ceiling of any tagger reading LAC)")
    print(f"peak memory (ru_maxrss): {fast_peak_mb:.0f} MB after --fast, {peak_mb:.0f} MB after both")
    for mode, extra in (("default", []), ("--fast", ["--fast"])):
        print(f"{mode}: cold start `kg ner - {' '.join(extra)}` on {len(SHORT)} chars "
              f"(median of 5): {cold_start(extra):.2f} s")


if __name__ == "__main__":
    main()
