"""Graphs for the viz tests: the demo and a graph whose names are HTML/JS payloads."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Names that would run script if any part of the page treated text as HTML.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "</script><script>window.__pwned=3</script>",
    "\"'><svg onload=window.__pwned=4>",
]


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_turtle() -> str:
    """A contract-shaped graph whose labels, aliases and sentences carry the payloads."""
    sentence = "".join(PAYLOADS) + "访问了北京。"
    lines = [
        "@prefix ex: <http://example.org/id/> .",
        "@prefix kg: <http://kg.example.org/ontology#> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .",
        "@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "kg:Person rdfs:subClassOf schema:Person .",
        "kg:Place rdfs:subClassOf schema:Place .",
        "kg:visited rdfs:label " + _literal("<b>到访</b>") + "@zh .",
        "ex:beijing a kg:Place ; rdfs:label \"北京\"@zh .",
        f"<http://example.org/doc/d> a nif:Context ; nif:isString {_literal(sentence)} .",
        f"<http://example.org/doc/d#s> a nif:Sentence ; nif:referenceContext <http://example.org/doc/d> ;"
        f" nif:beginIndex 0 ; nif:endIndex {len(sentence)} ; nif:anchorOf {_literal(sentence)} .",
    ]
    for i, payload in enumerate(PAYLOADS):
        lines.append(f"ex:p{i} a kg:Person ; rdfs:label {_literal(payload)}@zh ;"
                     f" skos:altLabel {_literal(payload + '别名')}@zh ; kg:visited ex:beijing .")
        lines.append(f"<http://example.org/doc/d#p{i}> a nif:Phrase ; nif:referenceContext <http://example.org/doc/d> ;"
                     f" nif:sentence <http://example.org/doc/d#s> ; itsrdf:taIdentRef ex:p{i} .")
    lines.append("<http://example.org/doc/d#pb> a nif:Phrase ; nif:sentence <http://example.org/doc/d#s> ;"
                 " itsrdf:taIdentRef ex:beijing .")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def hostile_graph_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(hostile_turtle(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def payloads() -> list[str]:
    return list(PAYLOADS)
