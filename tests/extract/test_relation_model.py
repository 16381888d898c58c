"""Helpers of the learned relation extractor: candidates, pair inputs, training targets,
and the stage that turns scored pairs into kg relations (with a stand-in model)."""

from __future__ import annotations

import numpy as np
import pytest

from kg.extract.duie import Predicted, Sentence, Triple
from kg.extract.learned_relations import LearnedRelationStage, known_spans, relations_of
from kg.extract.relation_model import (LABELS, Pair, Span, allowed, candidate_pairs, dist_code, merge_spans,
                                       pair_features)
from kg.model import Document, Entity, Mention, Relation, Sentence as Sent
from kg.training.relations import choose_thresholds, gold_spans, pair_targets


def test_distance_codes_grow_with_the_gap_and_differ_by_order():
    org = Span(0, 4, "ORG")
    near, far = Span(6, 8, "PER"), Span(60, 63, "PER")
    assert dist_code(org, Span(4, 6, "PER")) == 1
    assert dist_code(org, near) < dist_code(org, far)
    before = dist_code(Span(10, 14, "ORG"), Span(6, 8, "PER"))
    assert before != dist_code(org, Span(6, 8, "PER")) and before > dist_code(org, far)


def test_candidate_pairs_follow_the_predicates_kinds():
    org, person, wife, country, date = (Span(0, 4, "ORG"), Span(7, 10, "PER"), Span(12, 14, "PER"),
                                        Span(16, 18, "LOC"), Span(20, 25, "DATE"))
    pairs = candidate_pairs([org, person, wife, country, date])
    assert (org, person) in pairs and (org, date) in pairs and (person, country) in pairs
    assert (person, org) in pairs  # 毕业院校: person -> school
    assert (date, org) not in pairs and (country, person) not in pairs
    # spouses are scored once, in text order; parents both ways
    spouse = LABELS.index("妻子/丈夫")
    assert allowed(person, wife)[spouse] == 1.0 and allowed(wife, person)[spouse] == 0.0
    assert allowed(wife, person)[LABELS.index("父亲/母亲")] == 1.0
    # overlapping spans are never a pair
    assert not candidate_pairs([Span(0, 6, "ORG"), Span(4, 7, "PER")])


def test_pair_features_read_both_spans_and_what_lies_between():
    states = np.arange(10 * 2, dtype=np.float32).reshape(10, 2)
    s, o = Span(0, 2, "ORG"), Span(5, 7, "PER")
    vec, codes = pair_features(states, [(s, o), (o, s)])
    assert vec.shape == (2, 10) and codes.shape == (2, 3)
    assert list(vec[0, :2]) == [0, 1] and list(vec[0, 2:4]) == [2, 3]  # first and last of 公司
    assert list(vec[0, 8:]) == list(states[2:5].mean(axis=0))  # the mean between them
    assert list(vec[1, 8:]) == list(vec[0, 8:])
    assert codes[0, 0] == 2 and codes[0, 1] == 1 and codes[0, 2] != codes[1, 2]
    _, codes = pair_features(states, [(Span(0, 2, "ORG"), Span(2, 4, "PER"))])
    assert codes[0, 2] == 1  # adjacent: no gap


def test_merged_spans_keep_the_taggers_kind_and_kgs_key():
    tagged = [Span(0, 4, "ORG"), Span(9, 11, "PER")]
    known = [Span(0, 4, "LOC", "place/万科"), Span(5, 8, "PER", "person/王石")]
    merged = merge_spans(tagged, known)
    assert merged == [Span(0, 4, "ORG", "place/万科"), Span(5, 8, "PER", "person/王石"), Span(9, 11, "PER")]


def test_gold_spans_and_targets_come_from_the_triples_texts():
    text = "青岛啤酒股份有限公司董事长黄克兴出席，黄克兴表示青岛的市场稳定"
    sentence = Sentence(text, (Triple("董事长", "青岛啤酒股份有限公司", "黄克兴"),
                               Triple("总部地点", "青岛啤酒股份有限公司", "青岛市")))
    spans = gold_spans(sentence)
    assert Span(0, 10, "ORG") in spans
    assert [s for s in spans if s.kind == "PER"] == [Span(13, 16, "PER"), Span(19, 22, "PER")]
    assert not any(s.kind == "LOC" for s in spans)  # 青岛市 is not written as such
    org, person, place = Span(0, 10, "ORG"), Span(19, 22, "PER"), Span(24, 26, "LOC")
    y = pair_targets(text, sentence, [(org, person), (org, place), (person, org)])
    assert y[0, LABELS.index("董事长")] == 1 and y[0].sum() == 1
    assert y[1, LABELS.index("总部地点")] == 1  # 青岛 = 青岛市 without the final 市
    assert y[2].sum() == 0  # the other way round is no triple


def test_spouse_targets_hold_both_ways():
    text = "演员刘芳与丈夫陈涛出席首映"
    sentence = Sentence(text, (Triple("妻子/丈夫", "刘芳", "陈涛"),))
    a, b = Span(2, 4, "PER"), Span(7, 9, "PER")
    assert pair_targets(text, sentence, [(a, b)])[0, LABELS.index("妻子/丈夫")] == 1
    sentence = Sentence(text, (Triple("妻子/丈夫", "陈涛", "刘芳"),))
    assert pair_targets(text, sentence, [(a, b)])[0, LABELS.index("妻子/丈夫")] == 1


def test_thresholds_reach_the_precision_asked_for():
    gold = [Sentence(f"s{i}", (Triple("国籍", f"p{i}", "法国"),)) for i in range(10)]
    items = [{"sentence": s} for s in gold]
    f = frozenset
    # right pairs score 0.9, wrong ones 0.4: only a threshold above 0.4 is precise
    scored = [[("国籍", f({f"p{i}"}), f({"法国"}), 0.9), ("国籍", f({f"p{i}"}), f({"德国"}), 0.4)] for i in range(10)]
    thresholds = choose_thresholds(items, scored, 0.85)
    assert 0.4 < thresholds["国籍"] <= 0.9


def test_f1_thresholds_count_the_patterns_triples():
    gold = [Sentence(f"s{i}", (Triple("国籍", f"p{i}", "法国"),)) for i in range(10)]
    items = [{"sentence": s} for s in gold]
    f = frozenset
    # the patterns find the first five; the model's right pairs score 0.9 (the other five) or 0.3
    base = [[Predicted("国籍", f({f"p{i}"}), f({"法国"}))] if i < 5 else [] for i in range(10)]
    scored = [[("国籍", f({f"p{i}"}), f({"法国"}), 0.9 if i >= 5 else 0.3),
               ("国籍", f({f"p{i}"}), f({"德国"}), 0.6)] for i in range(10)]
    assert 0.6 < choose_thresholds(items, scored, 0.99, base=base, rule="f1")["国籍"] <= 0.9


def doc_with(text: str, mentions: list[Mention], entities: list[Entity]) -> Document:
    return Document(id="d", text=text, sentences=(Sent(0, len(text)),), mentions=tuple(mentions),
                    entities=tuple(entities))


def test_known_spans_are_the_sentences_people_organizations_places():
    text = "国家队主教练李明是湖南长沙人。"
    doc = doc_with(text, [Mention(0, 3, "ORG", "国家队", "organization/国家队"),
                          Mention(3, 6, "TITLE", "主教练", "role/主教练"),
                          Mention(6, 8, "PER", "李明", "person/李明"),
                          Mention(9, 11, "LOC", "湖南", "place/湖南省")], [])
    assert known_spans(doc, 0, len(text)) == [Span(0, 3, "ORG", "organization/国家队"),
                                               Span(6, 8, "PER", "person/李明"),
                                               Span(9, 11, "LOC", "place/湖南省")]
    assert known_spans(doc, 6, len(text)) == [Span(0, 2, "PER", "person/李明"), Span(3, 5, "LOC", "place/湖南省")]


def test_scored_pairs_become_relations_in_kgs_orientation():
    s, o = Span(0, 2, "ORG"), Span(4, 6, "PER")
    sent = (Sent(0, 10),)
    (chair,) = relations_of(Pair(s, o, "董事长", 0.9), "organization/甲", "person/乙", sent)
    assert (chair.kind, chair.subject, chair.object, chair.role) == ("membership", "person/乙", "organization/甲", "董事长")
    kinds = [(r.kind, r.subject, r.object) for r in relations_of(Pair(o, o, "父亲/母亲", 0.9), "person/子", "person/父", sent)]
    assert kinds == [("parent", "person/子", "person/父"), ("children", "person/父", "person/子")]
    assert len(relations_of(Pair(o, o, "妻子/丈夫", 0.9), "person/甲", "person/乙", sent)) == 2
    assert relations_of(Pair(s, o, "创始人", 0.9), "organization/甲", "organization/甲", sent) == []


class StandIn:
    """A model that finds what it is told: (label, subject text, object text) per sentence."""

    def __init__(self, found):
        self.found = found

    def predict(self, texts, known):
        out = []
        for text, spans in zip(texts, known):
            pairs = []
            for label, a, b in self.found:
                if a in text and b in text:
                    def span(name, kind):
                        at = text.index(name)
                        k = next((x for x in spans if (x.start, x.end) == (at, at + len(name))), None)
                        return k or Span(at, at + len(name), kind)
                    pairs.append(Pair(span(a, "ORG"), span(b, "PER"), label, 0.9))
            out.append(pairs)
        return out


def test_the_stage_adds_relations_and_the_entities_only_the_tagger_found():
    text = "赛为智能董事长周勇为员工佩戴绶带。"
    doc = doc_with(text, [Mention(7, 9, "PER", "周勇", "person/周勇")],
                   [Entity("person/周勇", "person", "Person", "周勇")])
    doc = doc.with_(relations=(Relation("founder", "organization/某", "person/周勇", (Sent(0, len(text)),)),))
    stage = LearnedRelationStage("rules")
    assert stage.model is None and stage(doc) is doc
    stage.model = StandIn([("董事长", "赛为智能", "周勇")])
    out = stage(doc)
    member = next(r for r in out.relations if r.kind == "membership")
    assert (member.subject, member.object, member.role) == ("person/周勇", "organization/赛为智能", "董事长")
    assert member.sentences == (Sent(0, len(text)),)
    assert any(r.kind == "founder" for r in out.relations)  # earlier relations stay
    new = next(e for e in out.entities if e.key == "organization/赛为智能")
    assert new.kind == "organization" and new.label == "赛为智能"


def test_a_one_character_span_only_the_tagger_found_is_no_entity():
    """武 of 武汉 read as an organization names nothing: no relation, and the
    other side (a name only the tagger found) is not left as an orphan entity."""
    text = "小米集团在武汉新建工厂，董事长雷军出席。"
    doc = doc_with(text, [Mention(0, 4, "ORG", "小米集团", "organization/小米集团")],
                   [Entity("organization/小米集团", "organization", "Company", "小米集团")])
    stage = LearnedRelationStage("rules")
    stage.model = StandIn([("董事长", "武", "雷军")])
    out = stage(doc)
    assert out.relations == () and [e.key for e in out.entities] == ["organization/小米集团"]
    stage.model = StandIn([("董事长", "小米集团", "雷军")])  # a whole name still counts
    assert [r.object for r in stage(doc).relations] == ["organization/小米集团"]


def test_unknown_mode_is_refused():
    from kg.errors import InputError

    with pytest.raises(InputError, match="unknown relation mode"):
        LearnedRelationStage("patterns")


def test_a_list_of_names_is_scored_in_bounded_batches_with_the_same_answer(monkeypatch):
    """A committee's list of names (each pair of people a candidate spouse or
    parent) goes through the pair classifier at most PAIR_BATCH pairs at a
    time: the same pairs and scores as in one run, without gigabytes at once."""
    from kg.extract import relation_model
    from kg.extract.relation_model import load_relation_model

    model = load_relation_model()
    people = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴刚"] * 3
    texts = [f"委员会名单：{'、'.join(people)}。", "华为公司董事长梁华和妻子出席了在深圳举行的签约仪式。"]
    known, at = [], len("委员会名单：")
    for name in people:  # kg's mentions: every name a person
        known.append(Span(at, at + len(name), "PER", f"person/{name}"))
        at += len(name) + 1
    known = [known, [Span(0, 4, "ORG", "organization/华为公司"), Span(7, 9, "PER", "person/梁华")]]
    whole = model.read(texts, known)
    assert len(candidate_pairs(merge_spans(list(whole[0][0]), known[0]))) > 400
    sizes = []
    real_run = model.pair_net.run

    class Counting:
        def run(self, outputs, feeds):
            sizes.append(len(feeds["pairs"]))
            return real_run(outputs, feeds)

    monkeypatch.setattr(relation_model, "PAIR_BATCH", 50)
    monkeypatch.setattr(model, "pair_net", Counting())
    batched = model.read(texts, known)
    assert len(sizes) > 10 and max(sizes) < 100  # never more than a batch plus one text's last chunk
    assert batched == whole
