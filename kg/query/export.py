"""Exports for other tools: GraphML/GEXF (Gephi, Cytoscape), Neo4j CSV, RDF.

- ``graphml`` / ``gexf``: the entity graph (:func:`kg.analysis.projection.entity_graph`);
  list attributes (aliases, evidence) are joined with `` | ``;
- ``csv``: a directory with ``nodes.csv`` (``id:ID,label,:LABEL,…``) and
  ``relationships.csv`` (``:START_ID,:END_ID,:TYPE,…``) for
  ``neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv``;
- ``jsonld`` / ``nt`` / ``nq``: the RDF itself via :mod:`kg.rdf.serialize`.

Every file is written atomically and byte-for-byte reproducibly.  GraphML and
GEXF drop the control characters XML 1.0 cannot hold (tab, newline and CR
stay); a CSV text cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a
leading ``'`` (OWASP CSV injection), numbers stay as they are.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from kg.errors import GraphError
from kg.io import atomic_write
from kg.rdf.formats import SHORT_NAMES
from kg.text.clean import csv_cell, xml_text

__all__ = ["EXPORT_FORMATS", "export", "neo4j_type", "neo4j_csv"]

#: the RDF formats ``kg export`` writes, by their short names (kg.rdf.formats)
RDF_FORMATS = {short: SHORT_NAMES[short] for short in ("jsonld", "nt", "nq")}
EXPORT_FORMATS = ("graphml", "gexf", "csv", *RDF_FORMATS)


def neo4j_type(name: str) -> str:
    """``metWith`` -> ``MET_WITH`` (Neo4j relationship type convention)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


LIST_SEPARATOR = " | "


def _clean(value) -> str | int | float:
    """A value GraphML, GEXF and CSV can hold: numbers stay, lists are joined."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(v) for v in items)
    return "" if value is None else str(value)


def neo4j_csv(graph) -> tuple[str, str]:
    """(nodes.csv, relationships.csv) text with neo4j-admin import headers."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", "label", ":LABEL", "kind", "class", "aliases", "mentions:int"])
    for node, data in graph.nodes(data=True):
        labels = [data.get("kind") or "Entity"]
        if data.get("class") and data.get("class") not in labels:
            labels.append(data["class"])
        writer.writerow([csv_cell(v) for v in (
            node, _clean(data.get("label")), ";".join(labels), _clean(data.get("kind")),
            _clean(data.get("class")), _clean(data.get("aliases")), _clean(data.get("mentions", 0)))])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow([":START_ID", ":END_ID", ":TYPE", "label", "predicate", "evidence"])
    for source, target, data in graph.edges(data=True):
        writer.writerow([csv_cell(v) for v in (
            source, target, neo4j_type(data.get("type") or "relatedTo"), _clean(data.get("label")),
            _clean(data.get("predicate")), _clean(data.get("evidence")))])
    return nodes.getvalue(), edges.getvalue()


def _xml_value(value):
    value = _clean(value)
    return xml_text(value) if isinstance(value, str) else value


def _plain_attributes(graph, xml: bool = False):
    """A copy whose attributes are all str/int/float (GraphML and GEXF need that);
    ``xml``: node ids and text without the characters XML 1.0 cannot hold."""
    import networkx as nx

    if xml:
        graph = nx.relabel_nodes(graph, {n: xml_text(n) for n in graph if isinstance(n, str)}, copy=True)
    out = graph.copy()
    clean = _xml_value if xml else _clean
    for _, data in out.nodes(data=True):
        for key, value in list(data.items()):
            data[key] = clean(value)
    for *_, data in out.edges(data=True):
        for key, value in list(data.items()):
            data[key] = clean(value)
    if xml:
        out.graph.update({k: xml_text(v) for k, v in out.graph.items() if isinstance(v, str)})
    return out


def export(dataset, fmt: str, output: str | Path) -> list[Path]:
    """Write ``dataset`` as ``fmt`` to ``output`` (a directory for csv); returns the files."""
    import networkx as nx

    from kg.analysis.projection import entity_graph
    from kg.rdf.serialize import serialize

    output = Path(output)
    if fmt not in EXPORT_FORMATS:
        raise GraphError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt in RDF_FORMATS:
        text = serialize(dataset, RDF_FORMATS[fmt])
        with atomic_write(output) as handle:
            handle.write(text)
        return [output]
    graph = _plain_attributes(entity_graph(dataset), xml=fmt != "csv")
    if fmt == "csv":
        if output.exists() and not output.is_dir():
            raise GraphError(f"{output}: is a file; --to csv writes a directory (nodes.csv, relationships.csv)")
        nodes, edges = neo4j_csv(graph)
        files = [output / "nodes.csv", output / "relationships.csv"]
        for path, text in zip(files, (nodes, edges)):
            with atomic_write(path) as handle:
                handle.write(text)
        return files
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"
    else:
        text = "\n".join(nx.generate_gexf(graph, encoding="utf-8", prettyprint=True)) + "\n"
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text)  # keep the bytes reproducible
    with atomic_write(output) as handle:
        handle.write(text)
    return [output]
