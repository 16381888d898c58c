"""SHACL validation of graphs against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.rdf.serialize import union_graph
from kg.resources import data_path

__all__ = ["Violation", "validate_graph", "shapes_graph"]

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    shape: str
    message: str
    value: str


def shapes_graph(path: str | None = None) -> Graph:
    graph = Graph()
    graph.parse(path or data_path("ontology", "shapes.ttl"), format="turtle")
    return graph


def validate_graph(data, shapes: str | None = None) -> list[Violation]:
    """Violations of the shapes (empty when the graph conforms).

    ``data`` is an rdflib Graph or Dataset (named graphs are validated as
    one union); validation runs without inference, the subclass axioms being
    part of every graph kg writes.
    """
    import pyshacl

    graph = data if type(data) is Graph else union_graph(data)
    _, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph(shapes), inference="none", advanced=True
    )
    rows = report.query(
        """
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?shape ?message ?value WHERE {
            ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:sourceShape ?shape .
            OPTIONAL { ?r sh:resultPath ?path }
            OPTIONAL { ?r sh:resultMessage ?message }
            OPTIONAL { ?r sh:value ?value }
        }"""
    )
    return sorted(
        Violation(str(r.focus), str(r.path or ""), str(r.shape), str(r.message or ""), str(r.value or ""))
        for r in rows
    )
