"""Smaller ONNX files: embedding tables stored as float16 or int8.

Used for the networks kg trains (:mod:`kg.training.ner_network`) and for the
imported LAC model (:mod:`kg.training.lac_import`).  Needs ``onnx`` (the
``train`` extra); onnxruntime reads the result with no extra dependency.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["compact", "detach_table", "expose_states", "quantize_rows"]


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
            quantized, scale = quantize_rows(array)
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


def detach_table(path: Path, table: str, input_name: str) -> np.ndarray:
    """Move the gathered table ``table`` out of the ONNX file ``path``: the
    graph gets an input ``input_name`` (float32, rows x width) in its place,
    and the table as it was stored (float32, float16 or int8 with row scales,
    see :func:`compact`) is returned as float32.  Lets two models share one
    copy of a table (LAC's character embeddings: :mod:`kg.ner.lac`)."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = next((n for n in graph.node if table in n.output), None)
    if producer is None and table in inits:
        array = numpy_helper.to_array(inits[table]).astype(np.float32)
        used = [table]
    elif producer is not None and producer.op_type == "Cast":
        array = numpy_helper.to_array(inits[producer.input[0]]).astype(np.float32)
        used = [producer.input[0]]
    elif producer is not None and producer.op_type == "DequantizeLinear":
        q, scale = (numpy_helper.to_array(inits[name]) for name in producer.input[:2])
        array = q.astype(np.float32) * scale.astype(np.float32)[:, None]
        used = list(producer.input)
    else:
        raise ValueError(f"{path} has no table {table!r} stored as an initializer")
    if producer is not None:
        graph.node.remove(producer)
    for name in used:
        graph.initializer.remove(inits[name])
    for node in graph.node:
        for k, name in enumerate(node.input):
            if name == table:
                node.input[k] = input_name
    graph.input.append(helper.make_tensor_value_info(input_name, onnx.TensorProto.FLOAT, list(array.shape)))
    tmp = path.with_suffix(".onnx.tmp")
    onnx.save(model, str(tmp))
    tmp.replace(path)
    return array


def expose_states(path: Path, name: str = "states") -> bool:
    """Give the ONNX network ``path`` one more output, ``name``: the states its
    output layer reads (the ``(batch, length, hidden)`` input of the MatMul
    behind ``emissions``), so that other networks can read what it computed
    (:mod:`kg.extract.fast_reading`).  ``emissions`` is unchanged.  False if the
    file has the output already."""
    import onnx
    from onnx import helper

    model = onnx.load(str(path))
    graph = model.graph
    if any(o.name == name for o in graph.output):
        return False
    producers = {out: node for node in graph.node for out in node.output}
    node = producers.get("emissions")
    while node is not None and node.op_type != "MatMul":  # the bias Add (and any Identity) after it
        node = next((producers[i] for i in node.input if i in producers), None)
    if node is None:
        raise ValueError(f"{path}: no MatMul behind its emissions output")
    weights = {i.name: i for i in graph.initializer}[node.input[1]]
    graph.node.append(helper.make_node("Identity", [node.input[0]], [name]))
    graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT,
                                                      ["batch", "length", int(weights.dims[0])]))
    tmp = path.with_suffix(".onnx.tmp")
    onnx.save(model, str(tmp))
    tmp.replace(path)
    return True


def quantize_rows(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(int8 values, float32 scale per row)`` of a float table, as :func:`compact` stores it."""
    scale = np.abs(array).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.clip(np.rint(array / scale[:, None]), -127, 127).astype(np.int8), scale.astype(np.float32)
