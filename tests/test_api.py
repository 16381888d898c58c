"""The Python API (kg.build_text, kg.build, kg.load) on fresh articles of several genres."""

import subprocess
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset

import kg
from tests.extract.genre_articles import EARTHQUAKE, FOOTBALL, LAYOFF, MEETING, TRIAL


@pytest.fixture(scope="module")
def meeting():
    return kg.build_text(MEETING, date="2024-01-08", tagger="fast")


def test_build_text_gives_entities_and_events(meeting):
    people = [row["label"] for row in meeting.entities(kind="Person")]
    assert {"习近平", "谢里夫"} <= set(people)
    assert all(row["kind"] == "Person" for row in meeting.entities(kind="Person"))
    events = meeting.events()
    assert any(e.cls == "Meeting" and e.date == "2024-01-08" for e in events)
    assert any(role and name == "谢里夫" for e in events for role, name in e.participants)
    assert len(meeting.documents) == 1 and meeting.documents[0].text == MEETING


def test_to_rdf_query_and_networkx(meeting):
    ds = meeting.to_rdf()
    assert isinstance(ds, Dataset) and len(ds) == len(meeting)
    answer = meeting.query("PREFIX schema: <https://schema.org/> "
                           "SELECT ?name WHERE { ?p a/rdfs:subClassOf* schema:Person ; rdfs:label ?name } ORDER BY ?name")
    assert "谢里夫" in {row[0].value for row in answer.rows}
    graph = meeting.to_networkx()
    assert isinstance(graph, nx.MultiDiGraph)
    assert "谢里夫" in {data.get("label") for _, data in graph.nodes(data=True)}
    assert isinstance(meeting.to_networkx("cooccurrence"), nx.Graph)


@pytest.mark.parametrize("ext, fmt", [("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS),
                                      ("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                      ("jsonld", ox.RdfFormat.JSON_LD)])
def test_serialize_by_extension_and_load_back(meeting, tmp_path, ext, fmt):
    path = meeting.serialize(tmp_path / f"g.{ext}")
    assert path.read_bytes() == meeting.serialize(tmp_path / f"again.{ext}").read_bytes()
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt)}
    assert len(triples) == len({(s, p, o) for s, p, o, _ in meeting.to_rdf().quads((None, None, None, None))})
    loaded = kg.load(path)
    assert loaded.documents == []
    assert {r["label"] for r in loaded.entities()} == {r["label"] for r in meeting.entities()}


def test_build_from_files_and_directories(tmp_path):
    for name, text in (("足球.txt", FOOTBALL), ("地震.txt", EARTHQUAKE), ("庭审.txt", TRIAL),
                       ("裁员.txt", LAYOFF)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = kg.build(tmp_path, tagger="fast")
    assert len(graph.documents) == 4
    classes = {e.cls for e in graph.events()}
    assert {"Earthquake", "Layoff"} <= classes
    single = kg.build(str(tmp_path / "足球.txt"), tagger="fast")
    assert [d.id for d in single.documents] == ["足球"]
    assert {r["label"] for r in single.entities(kind="Organization")} >= {"皇家马德里队", "巴塞罗那队"}


def test_bad_input_raises_kg_errors(tmp_path):
    from kg.errors import GraphError, InputError

    with pytest.raises(InputError):
        kg.build_text("   ")
    with pytest.raises(InputError):
        kg.build_text("北京下雪。", date="明天")
    with pytest.raises(InputError):
        kg.build(tmp_path / "missing.txt")
    with pytest.raises(GraphError):
        kg.load(tmp_path / "missing.trig")


def test_import_kg_loads_no_model_and_no_training_library():
    code = ("import sys, kg; kg.KnowledgeGraph; import kg.api, kg.builder, kg.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'onnx', 'onnxruntime') "
            "or m.startswith('kg.train')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
