"""Training-time layers of the networks (torch is passed in: it is needed
for training only).

:func:`conv_stack` is the convolutional body of a network (``kg train ner
--neural --arch cnn``): dilated 1-D convolutions over the characters (kernel 3; dilations 1, 2, 4, 8
see 31 characters), each added to its input (residual) after a ReLU.
Unlike a BiLSTM, nothing runs character by character, so onnxruntime
computes a whole batch as a few matrix products: the fast tagger's network.
Padding after each text is zeroed before every convolution, so a text's
scores do not depend on what it is batched with.

:class:`CRFLoss` is the CRF layer's negative log-likelihood (its transition,
start and end scores are exported to the network's ``.json``).

:func:`chars_from_lac` starts a character table from LAC's
(``--char-init lac``); :func:`export_onnx` writes a trained network for
onnxruntime.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from kg.errors import ModelError

__all__ = ["conv_stack", "sequence_layers", "CRFLoss", "chars_from_lac", "export_onnx", "base_emissions"]


def conv_stack(torch, width: int, channels: int, dilations, dropout: float):
    """A module mapping ``(B, T, width)`` inputs and ``(B,)`` lengths to ``(B, T, channels)``."""
    nn = torch.nn

    class ConvStack(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = nn.Linear(width, channels)
            self.convs = nn.ModuleList(nn.Conv1d(channels, channels, 3, padding=d, dilation=d)
                                       for d in dilations)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, lengths):
            steps = torch.arange(x.shape[1]).unsqueeze(0)
            mask = (steps < lengths.unsqueeze(1)).to(x.dtype).unsqueeze(1)  # (B, 1, T)
            h = torch.relu(self.inp(x)).transpose(1, 2) * mask
            for conv in self.convs:
                h = (h + self.drop(torch.relu(conv(h)))) * mask
            return h.transpose(1, 2)

    return ConvStack()


def sequence_layers(torch, width: int, p: dict):
    """A tagger's body over ``(B, T, width)`` inputs, as ``(conv, fwd, bwd,
    out_width)``: dilated convolutions (``p["arch"]`` ``cnn``: ``p["hidden"]``
    channels, ``p["dilations"]``; no LSTMs) or a BiLSTM's two directions of
    ``p["hidden"]`` each (no convolutions)."""
    if p["arch"] == "cnn":
        return conv_stack(torch, width, p["hidden"], p["dilations"], p["dropout"]), None, None, p["hidden"]
    lstm = torch.nn.LSTM
    return None, lstm(width, p["hidden"], batch_first=True), lstm(width, p["hidden"], batch_first=True), 2 * p["hidden"]


class CRFLoss:
    """CRF negative log-likelihood over emission scores (batched, masked)."""

    def __init__(self, torch, n_tags):
        self.torch = torch
        self.trans = torch.nn.Parameter(torch.zeros(n_tags, n_tags))
        self.start = torch.nn.Parameter(torch.zeros(n_tags))
        self.end = torch.nn.Parameter(torch.zeros(n_tags))

    def parameters(self):
        return [self.trans, self.start, self.end]

    def nll(self, em, tags, lengths):
        torch = self.torch
        batch, steps, _ = em.shape
        mask = torch.arange(steps)[None, :] < lengths[:, None]
        fmask = mask.to(em.dtype)
        gold = self.start[tags[:, 0]] + (em.gather(2, tags[:, :, None])[:, :, 0] * fmask).sum(1)
        if steps > 1:
            gold = gold + (self.trans[tags[:, :-1], tags[:, 1:]] * fmask[:, 1:]).sum(1)
        gold = gold + self.end[tags.gather(1, (lengths - 1)[:, None])[:, 0]]
        alpha = self.start[None, :] + em[:, 0]
        for t in range(1, steps):
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None], dim=1) + em[:, t]
            alpha = torch.where(mask[:, t : t + 1], nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end[None, :], dim=1)
        return (log_z - gold).sum() / batch


def chars_from_lac(torch, table, chars: str) -> int:
    """Start the rows of ``table`` (an ``nn.Embedding``; row ``i + 2`` is
    ``chars[i]``) from LAC's character embeddings (pretrained by Baidu on far
    more text than ours) for every character LAC knows; the rest keep their
    random start.  The number of characters copied."""
    from kg.ner.lac import LAC_DIR, LacVocabulary, load_embedding
    from kg.resources import data_path

    directory = data_path(*LAC_DIR)
    vocab, vectors = LacVocabulary(directory), load_embedding(str(directory))
    rows = np.array(vocab.ids(chars))
    known = np.flatnonzero(rows != vocab.oov)
    with torch.no_grad():
        table.weight[known + 2] = torch.from_numpy(vectors[rows[known]])
    return len(known)


def export_onnx(torch, net, output: Path, sample) -> None:
    """Export ``net`` (inputs ids, marks, lengths; outputs emissions and, with a
    fine layer, fine_emissions) to ``output`` for onnxruntime, opset 17, checked
    against torch on ``sample`` (a training item) batched twice."""
    output.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.from_numpy(np.stack([sample[1][0], sample[1][0]]))
    marks = torch.from_numpy(np.stack([sample[1][1], sample[1][1]]))
    lengths = torch.tensor([ids.shape[1], ids.shape[1] - 1])
    outputs = ["emissions", "fine_emissions"] if net.fine is not None else ["emissions"]
    axes = {"ids": {0: "batch", 1: "length"}, "marks": {0: "batch", 1: "length"},
            "lengths": {0: "batch"}}
    axes.update({name: {0: "batch", 1: "length"} for name in outputs})
    kwargs = dict(input_names=["ids", "marks", "lengths"], output_names=outputs,
                  opset_version=17, dynamic_axes=axes)
    tmp = output.with_suffix(".onnx.tmp")
    with warnings.catch_warnings():
        # the tracer warns about LSTM batch sizes and shape checks; the
        # export is checked against torch below (and tested on other batch sizes)
        warnings.simplefilter("ignore")
        try:
            torch.onnx.export(net, (ids, marks, lengths), str(tmp), dynamo=False, **kwargs)
        except TypeError:  # older torch without the dynamo switch
            torch.onnx.export(net, (ids, marks, lengths), str(tmp), **kwargs)
    with torch.no_grad():
        expected = base_emissions(net(ids, marks, lengths)).numpy()
    import onnxruntime as ort

    got = ort.InferenceSession(str(tmp), providers=["CPUExecutionProvider"]).run(
        None, {"ids": ids.numpy(), "marks": marks.numpy(), "lengths": lengths.numpy()})[0]
    if not np.allclose(expected, got, atol=1e-3):
        raise ModelError(f"ONNX export of {output} does not match torch "
                         f"(max diff {np.abs(expected - got).max():.2e})")
    tmp.replace(output)


def base_emissions(out):
    """The base layer's emissions of a network's output (which is a pair, base
    and fine, when the network has a fine layer)."""
    return out[0] if isinstance(out, tuple) else out
