"""Querying kg graphs: SPARQL on files and stores, saved queries, result formats.

- :mod:`kg.query.sparql` runs a query on rdflib or pyoxigraph and returns a
  :class:`~kg.query.sparql.QueryResult`;
- :mod:`kg.query.results` formats it (table, CSV, TSV, SPARQL JSON/XML, RDF);
- :mod:`kg.query.saved` holds the packaged queries (``ontology/queries``);
- :mod:`kg.query.sources` opens graph files, :mod:`kg.query.store` stores;
- :mod:`kg.query.server` is the read-only SPARQL endpoint of ``kg serve``;
- :mod:`kg.query.graph_store` pushes graphs to a Graph Store Protocol endpoint;
- :mod:`kg.query.export` writes GraphML, GEXF and Neo4j CSV (entity graph from
  :mod:`kg.analysis.projection`).
"""

from kg.query.results import format_result
from kg.query.sparql import QueryResult, Term, query_form, run_query

__all__ = ["QueryResult", "Term", "format_result", "query_form", "run_query"]
