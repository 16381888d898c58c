"""kg.extract.duie: reading DuIE files, the split, the mapping to kg relations, and the scores."""

from __future__ import annotations

import gzip
import json

import pytest

from kg.errors import InputError
from kg.extract.duie import (Predicted, Sentence, Triple, format_relation_scores, gold_triples,
                             predicted_triples, read_duie, score_relations, split_of)
from kg.model import Document, Entity, Mention, Relation
from kg.model import Sentence as Span


def spo(predicate, subject, obj):
    return {"predicate": predicate, "subject": subject, "object": {"@value": obj},
            "subject_type": "企业", "object_type": {"@value": "人物"}}


FOUNDER = {"text": "远山科技创始人林海峰出席了发布会。", "spo_list": [spo("创始人", "远山科技", "林海峰")]}
COUPLE = {"text": "网球名将周一鸣与妻子陈晓岚出席颁奖礼。", "spo_list": [
    spo("妻子", "周一鸣", "陈晓岚"), spo("丈夫", "陈晓岚", "周一鸣")]}


def write(tmp_path, rows, name="d.jsonl.gz"):
    path = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


@pytest.mark.parametrize("name", ["d.jsonl", "d.jsonl.gz"])
def test_read_duie_plain_and_gzip(tmp_path, name):
    sentences = list(read_duie(write(tmp_path, [FOUNDER, COUPLE], name)))
    assert [s.text for s in sentences] == [FOUNDER["text"], COUPLE["text"]]
    assert sentences[0].triples == (Triple("创始人", "远山科技", "林海峰"),)


def test_bad_line_names_file_and_line(tmp_path):
    path = write(tmp_path, [FOUNDER, "{not json", COUPLE], "bad.jsonl")
    with pytest.raises(InputError, match=r"bad\.jsonl line 2 is not JSON"):
        list(read_duie(path))
    path = write(tmp_path, [FOUNDER, {"spo_list": []}], "notext.jsonl")
    with pytest.raises(InputError, match=r"notext\.jsonl line 2: no \"text\""):
        list(read_duie(path))
    path = write(tmp_path, [{"text": "x", "spo_list": [{"predicate": "创始人"}]}], "nosub.jsonl")
    with pytest.raises(InputError, match=r"nosub\.jsonl line 1: a triple lacks"):
        list(read_duie(path))
    with pytest.raises(InputError, match="no such file"):
        list(read_duie(tmp_path / "missing.jsonl"))
    with pytest.raises(InputError, match="unknown part"):
        list(read_duie(path, "test"))


def test_split_partitions_the_file(tmp_path):
    rows = [dict(FOUNDER, text=f"第{i}家公司由某人创立。") for i in range(80)]
    path = write(tmp_path, rows)
    parts = {p: [s.text for s in read_duie(path, p)] for p in ("train", "stop", "dev")}
    assert sorted(sum(parts.values(), [])) == sorted(r["text"] for r in rows)
    assert all(split_of(t) == p for p, texts in parts.items() for t in texts)
    assert parts["dev"] and parts["stop"] and len(parts["train"]) > len(parts["dev"])


def test_scores_by_predicate():
    gold = Sentence("t", (Triple("创始人", "远山科技", "林海峰"), Triple("国籍", "林海峰", "中国")))
    right = Predicted("创始人", frozenset({"远山科技", "远山科技有限公司"}), frozenset({"林海峰"}))
    wrong = Predicted("国籍", frozenset({"林海峰"}), frozenset({"美国"}))
    scores = score_relations([(gold, [right, wrong])], ["创始人", "国籍", "校长"])
    assert scores["by_predicate"]["创始人"]["precision"] == 1.0
    assert scores["by_predicate"]["国籍"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1, "support": 1})
    assert scores["by_predicate"]["校长"]["support"] == 0
    assert scores["overall"]["tp"] == 1 and scores["overall"]["fp"] == 1 and scores["overall"]["fn"] == 1
    table = format_relation_scores(scores)
    assert table.splitlines()[0].startswith("predicate") and "overall" in table.splitlines()[-1]


def test_a_gold_triple_is_matched_once():
    gold = Sentence("t", (Triple("创始人", "远山科技", "林海峰"),))
    twice = [Predicted("创始人", frozenset({"远山科技"}), frozenset({"林海峰"})),
             Predicted("创始人", frozenset({"远山科技", "远山"}), frozenset({"林海峰"}))]
    row = score_relations([(gold, twice)])["by_predicate"]["创始人"]
    assert (row["tp"], row["fp"], row["fn"]) == (1, 1, 0)


def test_gold_spouses_are_one_symmetric_triple():
    sentence = Sentence(COUPLE["text"], (Triple("妻子", "周一鸣", "陈晓岚"), Triple("丈夫", "陈晓岚", "周一鸣"),
                                         Triple("导演", "某片", "某人")))
    assert gold_triples(sentence).triples == (Triple("妻子/丈夫", "周一鸣", "陈晓岚"),)


def _doc() -> Document:
    text = "远山科技董事长林海峰在美国硅谷出席发布会，远山科技成立于2001年。"
    mentions = [Mention(0, 4, "ORG", "远山科技", "organization/远山科技有限公司"),
                Mention(7, 10, "PER", "林海峰", "person/林海峰"),
                Mention(11, 13, "LOC", "美国", "place/美国"),
                Mention(13, 15, "LOC", "硅谷", "place/硅谷"),
                Mention(21, 25, "ORG", "远山科技", "organization/远山科技有限公司")]
    from kg.model import TimeValue
    times = ((Mention(28, 33, "TIME", "2001年"), TimeValue("2001", "gYear")),)
    s = (Span(0, len(text)),)
    return Document("d", text, sentences=s, mentions=tuple(mentions), times=times, entities=(
        Entity("organization/远山科技有限公司", "organization", "Company", "远山科技有限公司"),
        Entity("person/林海峰", "person", "Person", "林海峰")), relations=(
        Relation("membership", "person/林海峰", "organization/远山科技有限公司", s, role="董事长兼总经理"),
        Relation("location", "organization/远山科技有限公司", "place/硅谷", s),
        Relation("location", "organization/远山科技有限公司", "place/美国"),  # from the name: not scored
        Relation("foundingDate", "organization/远山科技有限公司", "time/gYear/2001", s)))


def test_predicted_triples_match_on_the_text_as_written():
    gold = Sentence("t", (Triple("董事长", "远山科技", "林海峰"), Triple("总部地点", "远山科技", "美国硅谷"),
                          Triple("成立日期", "远山科技", "2001年")))
    predicted = predicted_triples(_doc())
    assert sorted(p.predicate for p in predicted) == ["总部地点", "成立日期", "董事长"]
    scores = score_relations([(gold_triples(gold), predicted)])
    assert scores["overall"]["precision"] == 1.0 and scores["overall"]["recall"] == 1.0
