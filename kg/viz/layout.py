"""Choosing what to draw and where: central nodes, positions, colours, sizes.

Positions come from a force-directed layout (Fruchterman-Reingold with a
little gravity, so that small components stay near the main one) computed
here with numpy, seeded, so that the same graph always gets the same picture
and the browser does not have to simulate physics for large graphs.  Up to
:data:`DENSE_LIMIT` nodes every pair repels; above, only pairs closer than
twice the ideal distance do (the "grid variant" of the original paper, via a
k-d tree), which keeps 5,000 nodes to a few seconds.
"""

from __future__ import annotations

import colorsys
import math

import networkx as nx
import numpy as np

__all__ = ["select_central", "force_layout", "class_colours", "node_size", "KIND_HUES"]

#: Above this many nodes repulsion is computed only between near pairs.
DENSE_LIMIT = 400
SEED = 42

#: Hue (degrees) of each kind; classes of a kind are shades of it.
KIND_HUES = {"Person": 2, "Organization": 212, "Place": 128, "Event": 32, "Other": None}


def select_central(G: nx.Graph, scores: dict, max_nodes: int) -> nx.Graph:
    """The subgraph of the ``max_nodes`` nodes with the highest ``scores`` (ties: label, id)."""
    if G.number_of_nodes() <= max_nodes:
        return G
    order = sorted(G, key=lambda n: (-round(scores.get(n, 0.0), 9), G.nodes[n].get("label", ""), n))
    return G.subgraph(order[:max_nodes]).copy()


def _edge_arrays(G: nx.Graph, nodes: list) -> tuple[np.ndarray, np.ndarray]:
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in G.edges() if u != v})
    if not pairs:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    array = np.array(pairs, dtype=int)
    return array[:, 0], array[:, 1]


def _repulsion(pos: np.ndarray, k: float) -> np.ndarray:
    """Sum over node pairs of k²/d along the pair's direction."""
    n = len(pos)
    disp = np.zeros_like(pos)
    if n <= DENSE_LIMIT:
        for start in range(0, n, 500):
            delta = pos[start:start + 500, None, :] - pos[None, :, :]
            dist2 = np.maximum((delta ** 2).sum(-1), 1e-6)
            disp[start:start + 500] = (delta * (k * k / dist2)[..., None]).sum(1)
        return disp
    from scipy.spatial import cKDTree

    pairs = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
    if len(pairs):
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        f = delta * (k * k / np.maximum((delta ** 2).sum(-1), 1e-6))[:, None]
        disp += _scatter(i, f, n) - _scatter(j, f, n)
    return disp


def _scatter(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Row sums of ``values`` grouped by ``index`` (a fast ``np.add.at``)."""
    return np.stack([np.bincount(index, weights=values[:, 0], minlength=n),
                     np.bincount(index, weights=values[:, 1], minlength=n)], axis=1)


def force_layout(G: nx.Graph, iterations: int | None = None, seed: int = SEED,
                 spread: float = 70.0) -> dict:
    """Node -> (x, y) in pixels, rounded to 0.1; same graph, same positions.

    ``spread`` is about the pixel distance between neighbours.
    """
    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if iterations is None:
        iterations = 120 if n <= DENSE_LIMIT else 80 if n <= 2000 else 50
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    src, dst = _edge_arrays(G, nodes)
    k = 1.0 / math.sqrt(n)
    gravity = 0.05
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.sqrt(np.maximum((delta ** 2).sum(-1), 1e-12))
            f = delta * (dist / k)[:, None]
            disp += _scatter(dst, f, n) - _scatter(src, f, n)
        disp -= gravity * (pos - pos.mean(0)) * n * k
        length = np.maximum(np.sqrt((disp ** 2).sum(-1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(0)
    scale = spread / k  # the ideal edge length k becomes `spread` pixels
    return {node: (round(float(x * scale), 1), round(float(y * scale), 1))
            for node, (x, y) in zip(nodes, pos)}


def class_colours(classes_by_kind: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """(kind, class) -> hex colour: the kind's hue, one shade per class."""
    colours = {}
    for kind, classes in sorted(classes_by_kind.items()):
        hue = KIND_HUES.get(kind)
        ordered = sorted(set(classes), key=lambda c: (c != kind, c))  # the kind's own class first
        for i, cls in enumerate(ordered):
            if hue is None:
                lightness, saturation, h = 0.45 + 0.08 * (i % 5), 0.0, 0.0
            else:
                step = (i % 6) / 6.0
                lightness = 0.50 - 0.16 * (i % 2) + 0.22 * step * (1 if i % 2 == 0 else -0.5)
                saturation = 0.65 - 0.25 * ((i // 6) % 2)
                h = ((hue + 10 * ((i // 2) % 3) - 10) % 360) / 360.0
            r, g, b = colorsys.hls_to_rgb(h, max(0.25, min(0.75, lightness)), saturation)
            colours[(kind, cls)] = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
    return colours


def node_size(score: float, top_score: float, smallest: float = 8.0, largest: float = 40.0) -> float:
    """Radius for a node with PageRank ``score`` (square-root scale, 0.1 px steps)."""
    if top_score <= 0:
        return smallest
    return round(smallest + (largest - smallest) * math.sqrt(max(score, 0.0) / top_score), 1)
