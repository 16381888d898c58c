"""Training the CRF tagger (python-crfsuite, L-BFGS with elastic-net).

Training data is read by :mod:`kg.ner.annotated` (BIO and CLUENER files).
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from kg.errors import InputError, ModelError
from kg.ner.annotated import read_examples
from kg.ner.bio import read_bio, to_bioes
from kg.ner.features import Featurizer
from kg.ner.lac import require_lexical_analyzer

__all__ = ["train", "DEFAULT_PARAMS"]

DEFAULT_PARAMS = {"c1": 0.3, "c2": 0.01, "max_iterations": 150, "minfreq": 2}


def train(
    train_path: str | Path,
    model_path: str | Path,
    *,
    extra_paths=(),
    c1: float = DEFAULT_PARAMS["c1"],
    c2: float = DEFAULT_PARAMS["c2"],
    max_iterations: int = DEFAULT_PARAMS["max_iterations"],
    minfreq: float = DEFAULT_PARAMS["minfreq"],
    limit: int | None = None,
    part: str = "all",
    featurizer: Featurizer | None = None,
    log=None,
    verbose: bool = False,
    scheme: str = "bioes",
    lac: bool = False,
) -> dict:
    """Train a CRF on ``train_path`` (BIO or CLUENER) and the BIO files
    ``extra_paths`` (all of each) and write ``model_path``.

    ``lac``: add LAC's tags as features (:mod:`kg.ner.lac`); a tagger
    then runs LAC whenever it uses this model.
    Returns a summary: sentences, characters, seconds, model bytes.
    """
    import pycrfsuite

    featurizer = featurizer or Featurizer(lexical=require_lexical_analyzer() if lac else None)
    trainer = pycrfsuite.Trainer(verbose=verbose)
    started = time.time()
    examples = list(itertools.islice(read_examples(train_path, part), limit))
    examples += [example for path in extra_paths for example in read_bio(path)]
    texts = [text for text, _ in examples]
    for (text, tags), analysis in zip(examples, featurizer.analyze_stream(texts)):
        trainer.append(featurizer.features(text, analysis), to_bioes(tags) if scheme == "bioes" else tags)
    sentences, chars = len(texts), sum(map(len, texts))
    if not sentences:
        raise InputError(f"{train_path} has no training sentences; check the file format")
    if log:
        log(f"features for {sentences} sentences ({chars} chars) in {time.time() - started:.0f}s")
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": minfreq,
            "feature.possible_transitions": True,
        }
    )
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        trainer.train(str(model_path))
    except Exception as exc:  # crfsuite raises plain exceptions
        raise ModelError(f"training failed writing {model_path}: {exc}") from exc
    seconds = time.time() - started
    info = trainer.logparser.last_iteration or {}
    return {
        "sentences": sentences,
        "chars": chars,
        "seconds": round(seconds, 1),
        "iterations": info.get("num", max_iterations),
        "bytes": model_path.stat().st_size,
        "params": {"c1": c1, "c2": c2, "max_iterations": max_iterations, "minfreq": minfreq,
                   "scheme": scheme, "lac": lac},
    }
