"""The small hand-written graph (``small_graph.ttl``) and its projections."""

from __future__ import annotations

import pytest

EX = "http://example.org/id/"


@pytest.fixture(scope="session")
def small_index(small_graph_path):
    from kg.analysis.projection import GraphIndex
    from kg.rdf.serialize import load_graph

    return GraphIndex(load_graph(small_graph_path))


@pytest.fixture(scope="session")
def small_entities(small_index):
    from kg.analysis.projection import entity_graph

    return entity_graph(small_index)
