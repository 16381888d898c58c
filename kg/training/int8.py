"""Networks that compute in int8: static quantization of their convolutions
and matrix products (``kg train int8``).

onnxruntime's static quantization replaces each ``Conv`` and ``MatMul`` of
a float network by its int8 twin (``QLinearConv``, ``QLinearMatMul``):
weights int8 with one scale per output channel, activations uint8 with one
scale and zero point per tensor.  The activations' ranges are measured
(least and greatest value) on *calibration* inputs: here the sentences of
news stories, read as kg reads them.  On CPUs with 8-bit dot products (AVX2,
AVX-512 VNNI) the fast tagger's network and the fast readers' convolutional
networks then run 2.4-2.5 times as fast; the scores each gives on its dev
part move by a few thousandths (the model card has the figures).

Two kinds of network are quantized, told apart by their files:

* an **NER network** (``NAME.onnx`` with ``NAME.json`` beside it, as made by
  ``kg train ner --neural``), calibrated on its own inputs (:class:`kg.ner.neural.Encoder`
  or the lean encoder) of the stories' sentences;
* a **reader directory** (``events.json`` and/or ``relations.json``, as
  made by ``kg train events`` / ``kg train relations``): its trigger
  network and relation encoder, calibrated on what they read
  (:func:`kg.extract.event_model.reader_features`; a fast reader reads the
  packaged fast tagger's states, so quantize that network first).  Recurrent
  networks (the argument network's LSTMs) are left as they are: their
  weights are already int8 (``quantize_dynamic``).

Calibration texts are not evaluation texts: they come from a news corpus
(JSON lines with a ``text`` per story), never from the dev parts the
networks are scored on.  Needs the ``train`` extra (onnx).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Iterator

import numpy as np

from kg.errors import InputError, ModelError

__all__ = ["quantize_models", "quantize_network", "calibration_sentences", "QUANTIZED_OPS", "READER_NETWORKS"]

#: The float operators replaced by int8 ones.
QUANTIZED_OPS = ("Conv", "MatMul")
#: A reader directory's networks that are quantized: (model JSON, network file).
READER_NETWORKS = (("events.json", "events-trigger.onnx"), ("relations.json", "relations-encoder.onnx"))


def calibration_sentences(path: str | Path, stories: int, part: str = "train") -> list[list[str]]:
    """The sentences of the first ``stories`` stories of a news corpus (its
    ``part``: :func:`kg.ner.annotated.read_stories`), one list per story,
    as kg reads them (simplified script, :func:`kg.text.sentences.split_sentences`)."""
    from kg.ner.annotated import is_story_corpus, read_stories
    from kg.text.sentences import split_sentences
    from kg.ner.traditional import to_simplified

    if not Path(path).is_file() or not is_story_corpus(path):
        raise InputError(f"{path}: not a news corpus; give JSON lines with a \"text\" per story "
                         "(e.g. ../shared/data/corpus/xwlb_news_2019_2026.jsonl.gz)")
    out = []
    for text in read_stories(path, part):
        text = to_simplified(text)
        sentences = [text[s.start:s.end] for s in split_sentences(text)]
        if sentences:
            out.append(sentences)
        if len(out) >= stories:
            break
    if not out:
        raise InputError(f"{path}: no stories with text in its {part!r} part")
    return out


def _padded(rows: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
    """One padded batch (``ids``, ``marks``, ``lengths``) of per-sentence inputs."""
    n = max(len(ids) for ids, _ in rows)
    ids = np.zeros((len(rows), n, rows[0][0].shape[1]), dtype=np.int64)
    marks = np.zeros((len(rows), n, rows[0][1].shape[1]), dtype=np.float32)
    for row, (i, m) in enumerate(rows):
        ids[row, :len(i)], marks[row, :len(m)] = i, m
    return {"ids": ids, "marks": marks, "lengths": np.array([len(i) for i, _ in rows], dtype=np.int64)}


def network_feeds(network, stories: list[list[str]]) -> Iterator[dict]:
    """An NER network's inputs for each story's sentences (one batch per story)."""
    for sentences in stories:
        yield _padded(network.encoder.encode_many(sentences))


def reader_feeds(features, stories: list[list[str]]) -> Iterator[dict]:
    """A reader network's inputs (:meth:`features.of`) for each story's sentences."""
    for sentences in stories:
        yield _padded(features.of(sentences))


def quantize_network(path: Path, feeds: Iterator[dict]) -> dict:
    """Replace the float network ``path`` by its int8 twin, its activations'
    ranges measured on ``feeds`` (written beside it, then renamed over it).
    Returns a summary: the operators replaced and the file's sizes."""
    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                          quantize_static)

    before = path.stat().st_size
    counts = {op: sum(n.op_type == op for n in onnx.load(str(path)).graph.node) for op in QUANTIZED_OPS}
    if not any(counts.values()):
        return {"network": str(path), "quantized": {}, "note": "no float Conv or MatMul: already int8"}

    class Reader(CalibrationDataReader):
        def get_next(self):
            return next(feeds, None)

    fd, tmp = tempfile.mkstemp(suffix=".onnx", dir=path.parent)
    os.close(fd)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # onnxruntime logs a warning that suggests a pre-processing pass
    try:
        quantize_static(str(path), tmp, Reader(), quant_format=QuantFormat.QOperator,
                        op_types_to_quantize=list(QUANTIZED_OPS), per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax)
        os.replace(tmp, path)
    finally:
        root.setLevel(level)
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"network": str(path), "quantized": counts, "bytes": [before, path.stat().st_size]}


def quantize_models(paths: list[str | Path], calibration: str | Path, stories: int = 300) -> list[dict]:
    """Quantize each of ``paths`` in place, in order: NER networks (``.onnx``)
    and reader directories (module docstring), calibrated on the sentences of
    ``stories`` stories of the news corpus ``calibration``."""
    from kg.extract.event_model import reader_features
    from kg.ner.neural import NeuralModel
    from kg.ner.tagger import FAST_NETWORK
    from kg.resources import data_path

    texts = calibration_sentences(calibration, stories)
    summaries = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix == ".onnx":
            network = NeuralModel(path)
            summaries.append(quantize_network(path, network_feeds(network, texts)))
            continue
        found = [(path / meta, path / net) for meta, net in READER_NETWORKS if (path / meta).is_file()]
        if not path.is_dir() or not found:
            raise InputError(f"{raw}: neither an NER network (.onnx with its .json) nor a directory "
                             f"with {' or '.join(m for m, _ in READER_NETWORKS)}; give one of those")
        for meta_path, net_path in found:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not net_path.is_file():
                raise ModelError(f"{net_path}: missing beside {meta_path.name}; remake the model")
            # a fast reader reads the fast network as it is on disk now (quantized just before, maybe)
            network = NeuralModel(data_path(*FAST_NETWORK)) if meta.get("reads") == "fast" else None
            summaries.append(quantize_network(net_path, reader_feeds(reader_features(meta, network=network), texts)))
    return summaries
