"""Smaller ONNX files: embedding tables stored as float16 or int8.

Used for the networks kg trains (:mod:`kg.ner.neural_train`) and for the
imported LAC model (:mod:`kg.ner.lac_import`).  Needs ``onnx`` (the
``train`` extra); onnxruntime reads the result with no extra dependency.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["compact"]


def compact(path: Path, min_size: int = 1 << 20, bits: int = 16) -> None:
    """Store the large embedding tables of an exported network smaller:
    ``bits=16`` as float16 (a Cast back to float32 follows each), halving
    the file; ``bits=8`` as int8 with one scale per row (a per-axis
    DequantizeLinear follows), quartering it.  Both nodes read only
    initializers, so onnxruntime folds them into float32 tables once, at
    load; emissions change by well under 1e-2 (float16) or about 1e-2 (int8)."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    gathered = {n.input[0] for n in graph.node if n.op_type == "Gather"}
    # tables already stored as float16 (Cast -> table) can be made int8
    widened = {n.input[0]: n for n in graph.node if n.op_type == "Cast" and n.output[0] in gathered}
    nodes = []
    for init in list(graph.initializer):
        if init.name in widened and init.data_type == onnx.TensorProto.FLOAT16 and bits == 8:
            cast = widened[init.name]
            graph.node.remove(cast)
            init = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float32), cast.output[0])
            graph.initializer.remove(next(i for i in graph.initializer if i.name == cast.input[0]))
            graph.initializer.append(init)
        if init.name not in gathered or init.data_type != onnx.TensorProto.FLOAT:
            continue
        array = numpy_helper.to_array(init)
        if array.size < min_size:
            continue
        graph.initializer.remove(init)
        if bits == 8:
            scale = np.abs(array).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            quantized = np.clip(np.rint(array / scale[:, None]), -127, 127).astype(np.int8)
            names = [init.name + "_q", init.name + "_scale", init.name + "_zero"]
            graph.initializer.extend([numpy_helper.from_array(quantized, names[0]),
                                      numpy_helper.from_array(scale.astype(np.float32), names[1]),
                                      numpy_helper.from_array(np.zeros(len(scale), np.int8), names[2])])
            nodes.append(helper.make_node("DequantizeLinear", names, [init.name], axis=0))
        else:
            half = numpy_helper.from_array(array.astype(np.float16), init.name + "_fp16")
            graph.initializer.append(half)
            nodes.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT))
    for node in reversed(nodes):
        graph.node.insert(0, node)
    tmp = path.with_suffix(".onnx.tmp")
    onnx.save(model, str(tmp))
    tmp.replace(path)
