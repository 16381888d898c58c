"""The small hand-written graph (``small_graph.ttl``) and its projections."""

from __future__ import annotations

from pathlib import Path

import pytest

SMALL = Path(__file__).with_name("small_graph.ttl")
EX = "http://example.org/id/"


@pytest.fixture(scope="session")
def small_graph_path() -> Path:
    return SMALL


@pytest.fixture(scope="session")
def small_index():
    from kg.analysis.projection import GraphIndex
    from kg.rdf.serialize import load_graph

    return GraphIndex(load_graph(SMALL))


@pytest.fixture(scope="session")
def small_entities(small_index):
    from kg.analysis.projection import entity_graph

    return entity_graph(small_index)


@pytest.fixture(scope="session")
def demo_graph(request, tmp_path_factory) -> Path:
    """The shared ``demo_graph_path``; until the CRF model lands, the demo built with jieba.

    The fallback file lives in pytest's session base directory, so every
    conftest that defines this fixture reuses one build.
    """
    from kg.errors import ModelError

    try:
        return request.getfixturevalue("demo_graph_path")
    except ModelError:
        path = tmp_path_factory.getbasetemp() / "demo-jieba.ttl"
        if not path.exists():
            from kg.build import build
            from kg.rdf.serialize import write_graph

            write_graph(build([str(request.getfixturevalue("demo_path"))], tagger="jieba"), path)
        return path
