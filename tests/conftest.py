"""Shared fixtures: the demo article and the graph built from it (once per session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo-article-2020-epidemic-response.txt"
#: A small hand-written graph that follows the RDF contract, with hand-checked answers.
SMALL_GRAPH = ROOT / "tests" / "analysis" / "small_graph.ttl"
#: The tagger the demo fixtures use: kg's default (ner) unless KG_TEST_TAGGER says otherwise.
TAGGER = os.environ.get("KG_TEST_TAGGER", "ner")


@pytest.fixture(scope="session")
def demo_path() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_docs():
    """The demo article run through the default pipeline (list of Document)."""
    from kg.builder import extract

    return extract([str(DEMO)], tagger=TAGGER)


@pytest.fixture(scope="session")
def demo_graph_path(tmp_path_factory, demo_docs) -> Path:
    """The demo article's graph as Turtle, written the way `kg build` writes it."""
    from kg.rdf.serialize import write_graph
    from kg.rdf.writer import build_dataset

    path = tmp_path_factory.mktemp("demo") / "demo.ttl"
    write_graph(build_dataset(demo_docs), path)
    return path


@pytest.fixture(scope="session")
def demo_dataset(demo_docs):
    from kg.rdf.writer import build_dataset

    return build_dataset(demo_docs)


@pytest.fixture(scope="session")
def demo_graph(demo_graph_path) -> Path:
    """Short name for :func:`demo_graph_path`."""
    return demo_graph_path


@pytest.fixture(scope="session")
def small_graph_path() -> Path:
    return SMALL_GRAPH
