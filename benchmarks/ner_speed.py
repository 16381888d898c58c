"""Speed of the `kg ner` stage on one core.

Measures, on the demo article, the MSRA dev text and 1,000 stories of the
news corpus, for the default tagger (LAC and the two networks combined) and
for ``--fast`` (the lean convolutional network; the CRFs if it is not
installed; ``--fast-model``: another lean network, e.g. a candidate):
  * chars/s of ``Tagger.tag`` (the whole stage: detection, chunking, features,
    models, rules) and of ``jieba.posseg`` on the same text, and their ratio;
  * peak memory (ru_maxrss of this process after tagging with --fast, and
    after tagging with both, before posseg runs);
  * cold start: wall time of a ``kg ner -`` process on a short text (median of 5);
  * the ceiling of any tagger that reads LAC: chars/s of LAC's encoder alone
    (onnxruntime only: no decoding, no features, no other network), at the
    best of three batch sizes;
  * agreement of --fast with the default tagger (span F1 of PER/ORG/LOC, the
    default's spans as the reference) on stories of the corpus's held-out
    part (:func:`kg.ner.annotated.read_stories`), which `kg train relabel
    --part train` never labels for training.

chars/s is the median of ``--runs`` runs (min and max printed beside it).

Usage:  .venv/bin/python benchmarks/ner_speed.py [--dev msra.dev.bio.gz] [--corpus news.jsonl.gz]
            [--fast-model candidate.onnx] [--runs 3] [--agreement-stories 300]
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
CORPUS = Path("/work/shared/data/corpus/xwlb_news_2019_2026.jsonl.gz")
SHORT = "世卫组织总干事谭德塞感叹，中国的做法为世界争取了时间。"


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def rate(func, text: str, min_seconds: float = 2.0) -> float:
    """chars/s of func(text), repeated for at least min_seconds."""
    func(text[:20_000])  # warm
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


def agreement(student, teacher, stories: list[str]) -> dict:
    """Span scores of ``student`` against ``teacher`` (PER/ORG/LOC; GOV and
    COMPANY count as ORG) on ``stories``."""
    from kg.ner.evaluate import score
    from kg.training.relabel import base_spans

    return score([(base_spans(t), base_spans(s))
                  for t, s in zip(teacher.spans_many(stories), student.spans_many(stories))])


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--stories", type=int, default=1000, help="corpus stories timed")
    parser.add_argument("--agreement-stories", type=int, default=300,
                        help="held-out corpus stories for the agreement figure (0: none)")
    parser.add_argument("--fast-model", type=Path, default=None, help="a lean network to time as --fast")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    one_core()

    from kg.ner import load_tagger
    from kg.ner.annotated import read_stories
    from kg.ner.bio import read_bio

    texts = {"demo article": DEMO.read_text(encoding="utf-8")}
    if args.dev.is_file():
        texts["MSRA dev"] = "\n".join(text for text, _ in read_bio(args.dev))
    held = []
    if args.corpus.is_file():
        stories = []
        for story in read_stories(args.corpus):
            stories.append(story)
            if len(stories) >= args.stories:
                break
        texts[f"{len(stories):,} stories"] = "\n".join(stories)
        for story in read_stories(args.corpus, "heldout"):
            if len(held) >= args.agreement_stories:
                break
            held.append(story)
    results, taggers = {}, {}
    # --fast first: its load time then includes the lexicons both share
    for mode, fast in (("--fast", True), ("default", False)):
        started = time.perf_counter()
        model = str(args.fast_model) if fast and args.fast_model else None
        tagger = taggers[mode] = load_tagger(model, fast=fast)
        tagger.tag(SHORT)
        load_seconds = time.perf_counter() - started
        rates = {name: [rate(tagger.tag, text, 2.0 if len(text) < 200_000 else 0.1) for _ in range(args.runs)]
                 for name, text in texts.items()}
        results[mode] = (rates, load_seconds)
        if fast:
            fast_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    pos_rates = {name: [rate(lambda t: list(jieba.posseg.cut(t)), text, 1.0) for _ in range(args.runs)]
                 for name, text in texts.items()}

    print(f"chars/s on one core: median (min–max) of {args.runs} runs; ratio of medians to jieba.posseg")
    print(f"{'tagger':<8} {'text':<15} {'chars':>9} {'kg ner chars/s':>26} {'posseg chars/s':>26} {'ratio':>6}")
    for mode, (rates, _) in results.items():
        for name, text in texts.items():
            ratio = statistics.median(rates[name]) / statistics.median(pos_rates[name])
            print(f"{mode:<8} {name:<15} {len(text):>9} {spread(rates[name]):>26} "
                  f"{spread(pos_rates[name]):>26} {ratio:>6.2f}")
    if held:
        m = agreement(taggers["--fast"], taggers["default"], held)["micro"]
        print(f"agreement of --fast with the default tagger on {len(held)} held-out corpus stories "
              f"({sum(map(len, held)):,} chars): P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f}")
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
