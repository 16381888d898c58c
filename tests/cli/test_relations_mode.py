"""`kg build --relations model|rules`: the learned relation extractor is threaded
through the pipeline, and `--relations rules` never loads the model trained on DuIE."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract.relation_model import Pair, Span

pyoxigraph = pytest.importorskip("pyoxigraph")

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: a business brief written for this test: a founder the patterns find, and a
#: chairman of a company the tagger may not know (赛诺康)
BRIEF = ("新华社深圳3月2日电 据介绍，蓝鲸动力科技有限公司创始人周明远1998年创办了这家公司。"
         "当天，赛诺康董事长方志远也出席了签约仪式。")


def build(tmp_path, *options: str):
    path = tmp_path / "brief.txt"
    path.write_text(BRIEF, encoding="utf-8")
    out = tmp_path / "brief.ttl"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out), "--date", "2024-03-02", "-q",
                                       "--events", "rules", *options])
    assert result.exit_code == 0, result.output
    store = pyoxigraph.Store()
    store.load(path=str(out), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def founders(store) -> set:
    return {(r["o"].value, r["p"].value) for r in store.query(PREFIXES + """
        SELECT ?o ?p WHERE { ?org schema:founder ?person . ?org rdfs:label ?o . ?person rdfs:label ?p }""")}


def chairs(store) -> set:
    return {(r["p"].value, r["o"].value) for r in store.query(PREFIXES + """
        SELECT ?p ?o WHERE { ?m org:member ?person ; org:organization ?org ; org:role ?r .
                             ?r rdfs:label ?title . FILTER(STR(?title) = "董事长")
                             ?person rdfs:label ?p . ?org rdfs:label ?o }""")}


def test_rules_mode_needs_no_model_trained_on_duie(tmp_path, monkeypatch):
    import kg.extract.relation_model as relation_model

    def refuse():
        raise AssertionError("--relations rules must not load the DuIE model")

    monkeypatch.setattr(relation_model, "load_relation_model", refuse)
    monkeypatch.setattr(relation_model, "RelationModel", refuse)
    store = build(tmp_path, "--relations", "rules")
    assert ("蓝鲸动力科技有限公司", "周明远") in founders(store)  # the patterns still work


class StandIn:
    """A relation model that calls the one organization-person pair around 董事长 a chairman."""

    def __init__(self):
        self.calls = 0

    def predict(self, texts, known):
        self.calls += 1
        out = []
        for text in texts:
            at = text.find("董事长")
            found = []
            if at > 0:
                person = Span(at + 3, at + 6, "PER")
                org = next((s for s in (known[len(out)] or []) if s.end == at and s.kind == "ORG"), None)
                found.append(Pair(org or Span(at - 3, at, "ORG"), person, "董事长", 0.9))
            out.append(found)
        return out


def test_model_mode_adds_what_the_model_finds(tmp_path, monkeypatch):
    import kg.extract.relation_model as relation_model

    from kg.corpus import Segments

    model = StandIn()
    monkeypatch.setattr(relation_model, "load_relation_model", lambda reads="lac": model)
    monkeypatch.setattr(Segments, "_cache", {})  # pipelines built by earlier tests hold the real model
    store = build(tmp_path)  # --relations model is the default
    assert model.calls >= 1
    assert ("方志远", "赛诺康") in chairs(store)
    assert ("蓝鲸动力科技有限公司", "周明远") in founders(store)
