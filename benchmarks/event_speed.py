"""Speed of the event stage on one core, and what it costs a whole build.

Measures, pinned to one core:
  * chars/s of the learned extractor alone (``EventModel.predict``: LAC's
    reading, the trigger network, the argument network per trigger, decoding)
    on the demo article's sentences and on DuEE sentences (dev part);
  * chars/s of the whole event stage (``EventStage``: the model, tying
    arguments to entities, times and quantities, the trigger lexicon, merging)
    on the demo article, in ``model`` and in ``rules`` mode;
  * the whole pipeline on the demo article (``kg.builder.extract``, models
    loaded beforehand) with ``--events model`` against ``--events rules``:
    the median of 5 runs each and their ratio;
  * with ``--baseline DIR`` (a checkout of an earlier kg, e.g. ``git worktree
    add /tmp/old 47c1e40``): whole ``kg build`` processes of the demo article,
    this checkout against that one, in turn, 3 pairs: the median wall times
    and the median of the pairs' ratios.

Usage:  .venv/bin/python benchmarks/event_speed.py [--duee /work/shared/data/events/duee_train.jsonl.gz]
                                                   [--baseline /tmp/old]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from ner_speed import DEMO, one_core, rate  # noqa: E402

DUEE = Path("/work/shared/data/events/duee_train.jsonl.gz")


def median_seconds(func, runs: int = 5) -> float:
    func()  # warm
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duee", type=Path, default=DUEE)
    parser.add_argument("--sentences", type=int, default=600, help="DuEE dev sentences to time")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout of an earlier kg to time whole builds against")
    args = parser.parse_args()
    one_core()
    if args.baseline is not None:
        whole_builds(args.baseline)

    from kg.builder import extract
    from kg.extract.duee import read_duee
    from kg.extract.event_model import load_event_model
    from kg.extract.events import EventStage

    model = load_event_model()
    docs = extract([str(DEMO)], events="rules")
    doc = docs[0]
    sentences = [doc.sentence_text(s) for s in doc.sentences]
    demo_chars = sum(map(len, sentences))
    print(f"event model alone, demo article ({demo_chars} chars in {len(sentences)} sentences): "
          f"{rate(lambda _: model.predict(sentences), 'x' * demo_chars):,.0f} chars/s")
    if args.duee.is_file():
        duee = [s.text for s in read_duee(args.duee, "dev")][: args.sentences]
        chars = sum(map(len, duee))
        print(f"event model alone, DuEE dev ({chars} chars in {len(duee)} sentences): "
              f"{rate(lambda _: model.predict(duee), 'x' * chars):,.0f} chars/s")
    for mode in ("model", "rules"):
        stage = EventStage(mode)
        print(f"event stage ({mode}), demo article: "
              f"{rate(lambda _: stage(doc), 'x' * len(doc.text)):,.0f} chars/s")
    seconds = {mode: median_seconds(lambda: extract([str(DEMO)], events=mode)) for mode in ("model", "rules")}
    print(f"whole pipeline, demo article ({len(doc.text)} chars), median of 5: "
          f"--events model {seconds['model']:.2f} s, --events rules {seconds['rules']:.2f} s, "
          f"ratio {seconds['model'] / seconds['rules']:.2f}")


def whole_builds(baseline: Path, pairs: int = 3) -> None:
    import subprocess
    import tempfile

    def run(root: Path) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", str(DEMO), "-o", f"{tmp}/g.ttl", "-q"],
                           cwd=root, env={**__import__("os").environ, "PYTHONPATH": str(root)},
                           check=True, capture_output=True)
            return time.perf_counter() - began

    run(ROOT), run(baseline)  # warm the file cache
    times = [(run(ROOT), run(baseline)) for _ in range(pairs)]
    print(f"whole kg build of the demo article, {pairs} pairs: this checkout "
          f"{statistics.median(t for t, _ in times):.2f} s, {baseline} "
          f"{statistics.median(b for _, b in times):.2f} s, ratio "
          f"{statistics.median(t / b for t, b in times):.2f}")


if __name__ == "__main__":
    main()
