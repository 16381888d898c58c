"""Outputs stay well-formed and safe (issue 23, item 6), through CliRunner:

* control characters in an article never make kg's XML unreadable: networkx reads
  the GraphML/GEXF kg writes, xml.etree reads SPARQL XML results;
* CSV/TSV cells never start a spreadsheet formula (OWASP: a leading ``'``);
* names are free of invisible characters and emoji, while every mention's
  offsets still select its text in the original article.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
FILLER = ("新华社北京电 记者从国家统计局获悉，今年前三季度国内生产总值同比增长百分之五，"
          "经济运行总体平稳，稳中有进，高质量发展扎实推进。") * 8

#: one article per genre; control characters and invisible characters inside names and sentences
ARTICLES = {
    "politics": "国务院总理李\x0b强在北京会见了法国总统马克\x01龙。双方就两国关系深入交换意见\x1f。",
    "business": "宁德时代董事长曾\u200b毓群在福建宁德宣布投资。阿里\x1f巴巴集团\x7f发布公告。",
    "sports": "球迷为梅西😀欢呼。阿根廷队主教练斯卡洛\u200d尼表示满意\x0c。",
    "local": "武汉市卫健委主任张\u2060伟在发布会上介绍\x1b情况。\u202e上海市\u202c市长龚正出席。",
}
CONTROLS = set(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff")


def run(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def dirty_graph(tmp_path_factory):
    """The four articles built into one graph by `kg build`."""
    folder = tmp_path_factory.mktemp("dirty")
    for genre, text in ARTICLES.items():
        (folder / f"{genre}.txt").write_text(text + FILLER + "\n", encoding="utf-8")
    out = folder / "graph.trig"
    run("build", folder, "-o", out, "-q", "--date", "2024-06-20", "--workers", "1")
    return out


def _labels(graph):
    rows = json.loads(run("entities", graph, "--format", "json").stdout)
    return {r["label"]: r for r in rows}


def test_names_are_clean(dirty_graph):
    labels = _labels(dirty_graph)
    for name in ("李强", "马克龙", "曾毓群", "阿里巴巴集团", "梅西", "张伟"):
        assert name in labels, sorted(labels)
    for label, row in labels.items():
        text = label + "".join(row.get("aliases") or ()) + row["entity"]
        assert not (set(text) & (CONTROLS | INVISIBLE)), ascii(label)
        assert "😀" not in text, label


def test_mention_offsets_select_the_original_text(dirty_graph):
    store = ox.Store()
    store.load(path=str(dirty_graph), format=ox.RdfFormat.TRIG)
    contexts = {q.subject: q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(NIF + "isString"), None)}
    assert any("曾\u200b毓群" in t for t in contexts.values())
    checked = set()
    for quad in store.quads_for_pattern(None, ox.NamedNode(ITS + "taIdentRef"), None):
        node = quad.subject

        def one(prop):
            return next(store.quads_for_pattern(node, ox.NamedNode(NIF + prop), None)).object

        begin, end = int(one("beginIndex").value), int(one("endIndex").value)
        text = contexts[one("referenceContext")]
        assert text[begin:end] == one("anchorOf").value
        checked.add(one("anchorOf").value)
    assert {"曾\u200b毓群", "李\x0b强", "梅西"} <= checked


def test_graphml_and_gexf_read_back(tmp_path, dirty_graph):
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        run("export", dirty_graph, "--to", fmt, "-o", out)
        graph = read(out)
        labels = {d.get("label") for _, d in graph.nodes(data=True)}
        assert {"李强", "马克龙", "曾毓群"} <= labels
        text = out.read_text(encoding="utf-8")
        assert not (set(text) & (CONTROLS - {"\x85"})), fmt
        # the same input gives the same bytes
        again = tmp_path / f"again.{fmt}"
        run("export", dirty_graph, "--to", fmt, "-o", again)
        assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_sparql_xml_reads_back(dirty_graph, engine):
    query = "SELECT ?s ?t WHERE { ?s nif:anchorOf ?t } ORDER BY ?s"
    text = run("query", dirty_graph, query, "--engine", engine, "--format", "xml").stdout
    root = ET.fromstring(text.encode("utf-8"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    values = [e.text or "" for e in root.iter(f"{ns}literal")]
    assert any("在北京会见了法国总统马克龙" in v for v in values)
    assert any("曾\u200b毓群" in v for v in values)  # invisible characters are text: kept


TRICKY = {
    "=HYPERLINK(\"http://evil\")": "person/a", "+1+cmd|' /C calc'!A0": "person/b",
    "-2+3": "organization/c", "@SUM(1,1)": "organization/d", "\tTab": "place/e",
}


@pytest.fixture(scope="module")
def tricky_graph(tmp_path_factory):
    """A graph whose labels start like spreadsheet formulas."""
    lines = ["@prefix kg: <http://kg.example.org/ontology#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix schema: <https://schema.org/> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for label, key in TRICKY.items():
        kind = {"person": "Person", "organization": "Organization", "place": "Place"}[key.split("/")[0]]
        literal = json.dumps(label, ensure_ascii=False)
        lines.append(f"<http://kg.example.org/id/{key}> a schema:{kind} ; rdfs:label {literal}@zh ; "
                     f'kg:score "-5"^^xsd:integer .')
    path = tmp_path_factory.mktemp("tricky") / "tricky.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _formula_free(rows):
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), row
            assert not cell.startswith("-") or cell == "-5", row


def test_query_csv_neutralizes_formulas(tricky_graph):
    query = "SELECT ?l ?n WHERE { ?e rdfs:label ?l ; kg:score ?n } ORDER BY ?l"
    text = run("query", tricky_graph, query, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))[1:]
    _formula_free(rows)
    assert sorted(r[0] for r in rows) == sorted("'" + label for label in TRICKY)
    assert {r[1] for r in rows} == {"-5"}  # a number stays a number


def test_query_tsv_neutralizes_formulas(tricky_graph):
    query = "SELECT ?l WHERE { ?e rdfs:label ?l } ORDER BY ?l"
    text = run("query", tricky_graph, query, "--format", "tsv").stdout
    lines = text.splitlines()[1:]
    assert len(lines) == len(TRICKY)  # a tab inside a literal is escaped, not a new column
    for line in lines:
        assert "\t" not in line and line.startswith('"\\u00'), line
    assert '"\\u003DHYPERLINK(\\"http://evil\\")"@zh' in lines


def test_entities_and_stats_csv_neutralize_formulas(tricky_graph):
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = run("entities", tricky_graph, "--format", fmt).stdout
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]
        _formula_free(rows)
        assert "'=HYPERLINK(\"http://evil\")" in {r[0] for r in rows}
    text = run("stats", tricky_graph, "--format", "csv").stdout
    _formula_free(csv.reader(io.StringIO(text)))


def test_neo4j_csv_neutralizes_formulas(tmp_path, tricky_graph):
    run("export", tricky_graph, "--to", "csv", "-o", tmp_path / "neo")
    for name in ("nodes.csv", "relationships.csv"):
        rows = list(csv.reader(io.StringIO((tmp_path / "neo" / name).read_text(encoding="utf-8"))))
        _formula_free(rows[1:])
    nodes = list(csv.DictReader(io.StringIO((tmp_path / "neo" / "nodes.csv").read_text(encoding="utf-8"))))
    assert "'@SUM(1,1)" in {r["label"] for r in nodes}
