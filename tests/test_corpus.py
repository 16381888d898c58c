"""kg.corpus: options keys, batches, stage times, and the cross-document decision's subsets."""

from kg.corpus import BuildOptions, StageTimes, batches
from kg.extract.aliases import load_alias_rules
from kg.extract.corpus_resolve import CorpusDecision
from kg.model import Document


def test_options_key_changes_with_what_changes_extraction(tmp_path):
    base = BuildOptions().key()
    assert base == BuildOptions().key()
    assert BuildOptions(tagger="fast").key() != base
    assert BuildOptions(events="rules").key() != base
    assert BuildOptions(relations="rules").key() != base
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("same\t华科\t华中科技大学\torganization\n", encoding="utf-8")
    assert BuildOptions(aliases=load_alias_rules(str(aliases))).key() != base


def test_batches_keep_order_and_bound_size():
    docs = [Document(id=str(i), text="字" * (100 + i)) for i in range(300)]
    out = batches(docs, workers=2)
    assert [d for batch in out for d in batch] == docs
    assert all(len(batch) <= 100 for batch in out)
    assert len(out) >= 8  # enough batches to keep two workers busy
    assert batches(docs, workers=2) == out  # deterministic


def test_stage_times_report():
    times = StageTimes()
    times.add({"ner": 2.0, "events": 1.0})
    times.add({"ner": 1.0})
    times.chars = 30_000
    lines = times.report()
    assert lines[1].split()[:2] == ["ner", "3.00"] and lines[1].split()[-1] == "10,000"
    assert lines[-1].split()[0] == "total" and lines[-1].split()[-1] == "7,500"


def test_a_decision_subset_holds_what_its_documents_need():
    decision = CorpusDecision({"organization/北大": "organization/北京大学", "organization/清华": "organization/清华大学"},
                              {"organization/北京大学": "University", "organization/清华大学": "University",
                               "person/张三": "Person"})
    part = decision.subset({"organization/北大", "person/张三"})
    assert part.remap == {"organization/北大": "organization/北京大学"}
    assert part.classes == {"organization/北京大学": "University", "person/张三": "Person"}
