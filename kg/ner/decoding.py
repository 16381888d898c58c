"""What every network kg runs shares: onnxruntime's session options, batches
of similar length and the CRF's Viterbi decoding (numpy only).

Used by the NER networks (:mod:`kg.ner.neural`), LAC (:mod:`kg.ner.lac`) and
the event and relation networks.
"""

from __future__ import annotations

import os

import numpy as np

from kg.errors import ModelError

__all__ = ["Head", "session_options", "length_groups", "owner_runs", "viterbi", "viterbi_many"]

#: Characters per onnxruntime call (batches of chunks of similar length):
#: small enough that a batch's activations stay in the CPU's cache (the
#: default tagger runs 18-33% faster than with 4096, with the same tags).
_BATCH_CHARS = 1024
#: Texts per Viterbi call (:func:`viterbi_many` has no padding: larger
#: calls only save steps, this bounds its memory).
_DECODE_TEXTS = 4096


def viterbi(emissions: np.ndarray, lengths, transitions: np.ndarray,
            start: np.ndarray, end: np.ndarray) -> list[list[int]]:
    """Best tag-index paths of a padded batch of emission matrices ``(B, T, K)``
    (``lengths``: each row's length; rows are left-aligned, padded after):
    :func:`viterbi_many` of the rows.

    >>> em = np.array([[[1.0, 0.0], [0.5, 0.0]]])
    >>> tr = np.array([[-5.0, 0.0], [0.0, 0.0]])  # tag 0 -> tag 0 is expensive
    >>> viterbi(em, [2], tr, np.zeros(2), np.zeros(2))
    [[0, 1]]
    """
    emissions = np.asarray(emissions)
    return viterbi_many([emissions[b, :n] for b, n in enumerate(np.asarray(lengths, dtype=np.int64))],
                        transitions, start, end)


def viterbi_many(emissions: list[np.ndarray], transitions: np.ndarray,
                 start: np.ndarray, end: np.ndarray) -> list[list[int]]:
    """Best tag-index path of each ``(len, K)`` emission matrix in ``emissions``.

    All sequences are decoded together, step by step, in a packed layout
    without padding: the sequences are sorted longest first, so the ones
    still running at step ``t`` are the first ``running[t]``, and their
    scores are the columns ``offset[t] : offset[t] + running[t]`` of one
    ``(K, total length)`` table.  Every operation then runs along the
    sequences (long, contiguous) rather than along the few tags.  The
    backward pass recovers each step's best previous tag (the lowest-numbered
    on ties), so no back-pointer table is built.
    """
    lengths = np.array([len(e) for e in emissions], dtype=np.int64)
    out: list[list[int]] = [[] for _ in emissions]
    if not lengths.any():
        return out
    order = np.argsort(-lengths, kind="stable")
    sorted_len = lengths[order]
    steps, rows = int(sorted_len[0]), len(lengths)
    # running[t]: sequences longer than t; offset[t]: where step t's columns start
    running = rows - np.cumsum(np.bincount(sorted_len, minlength=steps + 1))[:steps]
    offset = np.concatenate(([0], np.cumsum(running)))
    row_of = np.repeat(np.arange(rows), sorted_len)
    step_of = np.arange(len(row_of)) - np.repeat(np.cumsum(sorted_len) - sorted_len, sorted_len)
    columns = offset[step_of] + row_of  # each character's column, sequence by sequence
    best = np.empty((emissions[order[0]].shape[1], len(columns)))  # (K, all characters)
    best[:, columns] = np.concatenate([emissions[i] for i in order if lengths[i]]).T
    trans = np.asarray(transitions, dtype=np.float64)
    transitions3 = trans[:, :, None]
    best[:, :running[0]] += np.asarray(start, dtype=np.float64)[:, None]
    for t in range(1, steps):
        n, before, here = running[t], offset[t - 1], offset[t]
        best[:, here:here + n] += (best[:, None, before:before + n] + transitions3).max(axis=0)
    paths = np.empty(len(columns), dtype=np.int64)
    finals = offset[np.maximum(sorted_len - 1, 0)] + np.arange(rows)
    ending = sorted_len > 0
    finals = finals[ending]
    paths[finals] = (best[:, finals] + np.asarray(end, dtype=np.float64)[:, None]).argmax(axis=0)
    for t in range(steps - 1, 0, -1):
        n, before, here = running[t], offset[t - 1], offset[t]
        paths[before:before + n] = (best[:, before:before + n] + trans[:, paths[here:here + n]]).argmax(axis=0)
    by_sequence = paths[columns]
    at = 0
    for row, i in enumerate(order):
        n = int(sorted_len[row])
        out[i] = by_sequence[at:at + n].tolist()
        at += n
    return out


def session_options(ort):
    """onnxruntime options for kg's models: one thread by default
    (``KG_NER_THREADS``), int8 tables dequantized once, at load (by
    default onnxruntime keeps a DequantizeLinear in the graph and reruns it
    on every call), and no memory arena (each worker process of a build
    would keep its high-water mark)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = _threads()
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.disable_quant_qdq", "1")
    options.enable_cpu_mem_arena = False  # the arena kept ~140 MB per process for a few % of speed
    return options


def _threads() -> int:
    try:
        return max(1, int(os.environ.get("KG_NER_THREADS") or os.environ.get("OMP_NUM_THREADS") or 1))
    except ValueError:
        return 1


def length_groups(lengths: list[int], batch_chars: int = _BATCH_CHARS, owners: list | None = None) -> list[list[int]]:
    """Indices of the non-empty items, longest first, in groups of about
    ``batch_chars`` padded characters; with ``owners`` (each item's
    document), a group holds items of one owner only, so what a network
    computes for an item never depends on the other documents run with it.

    >>> length_groups([3, 5, 4, 2], 100)
    [[1, 2, 0, 3]]
    >>> length_groups([3, 5, 4, 2], 100, owners=["a", "b", "a", "b"])
    [[2, 0], [1, 3]]
    """
    if owners is not None:
        by_owner: dict = {}
        for i, owner in enumerate(owners):
            by_owner.setdefault(owner, []).append(i)
        return [[members[j] for j in group] for members in by_owner.values()
                for group in length_groups([lengths[i] for i in members], batch_chars)]
    order = sorted((i for i, n in enumerate(lengths) if n), key=lambda i: -lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and lengths[groups[-1][0]] * (len(groups[-1]) + 1) <= batch_chars:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def owner_runs(owners: list | None, count: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of consecutive items with the same owner
    (one run of all ``count`` items without ``owners``).

    >>> owner_runs([0, 0, 1, 2, 2], 5), owner_runs(None, 3)
    ([(0, 2), (2, 3), (3, 5)], [(0, 3)])
    """
    if owners is None:
        return [(0, count)] if count else []
    runs: list[tuple[int, int]] = []
    for i, owner in enumerate(owners):
        if runs and owners[runs[-1][0]] == owner:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


class Head:
    """One output layer's tag names and CRF scores (transitions, start, end)."""

    def __init__(self, meta: dict):
        self.tags: list[str] = list(meta["tags"])
        self.transitions = np.asarray(meta["transitions"], dtype=np.float64)
        self.start = np.asarray(meta["start"], dtype=np.float64)
        self.end = np.asarray(meta["end"], dtype=np.float64)

    @classmethod
    def sum(cls, heads: list["Head"]) -> "Head":
        """The product of experts of layers with the same tags: summed scores."""
        if any(h.tags != heads[0].tags for h in heads):
            raise ModelError("networks combined in one tagger must have the same tags")
        return cls({"tags": heads[0].tags,
                    "transitions": sum(h.transitions for h in heads),
                    "start": sum(h.start for h in heads), "end": sum(h.end for h in heads)})

    def decode(self, emissions: list[np.ndarray]) -> list[list[str]]:
        """Best tag sequences for per-text ``(len, K)`` emission scores."""
        out: list[list[str]] = []
        tags = self.tags
        for at in range(0, len(emissions), _DECODE_TEXTS):
            paths = viterbi_many(emissions[at:at + _DECODE_TEXTS], self.transitions, self.start, self.end)
            out.extend([tags[j] for j in path] for path in paths)
        return out
