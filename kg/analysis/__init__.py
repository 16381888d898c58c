"""Graph analysis: projections of kg RDF onto NetworkX, statistics and paths."""

from kg.analysis.projection import VIEWS, cooccurrence_graph, entity_graph, project, rdf_graph

__all__ = ["VIEWS", "project", "entity_graph", "cooccurrence_graph", "rdf_graph"]
