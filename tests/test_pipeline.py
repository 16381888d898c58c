"""kg.pipeline: stages over several documents at once (``many``) give what one at a time gives."""

from __future__ import annotations

import pytest

from kg.model import Document
from kg.pipeline import Pipeline, default_pipeline, run_block

#: Fresh news of several kinds, none from the demo article.
STORIES = {
    "sport": "新华社伦敦3月2日电 英超第26轮比赛2日展开，阿森纳主场2比1战胜利物浦。萨卡在第30分钟破门，"
             "主教练阿尔特塔赛后表示球队表现出色。",
    "business": "瑞典电信设备制造商爱立信24日宣布，将在全球裁员8500人，以削减成本。"
                "公司首席执行官卫翰思表示，裁员将在今年内完成。",
    "disaster": "据中国地震台网测定，2月6日9时17分在土耳其南部发生7.8级地震，震源深度20公里。"
                "地震已造成数千人死亡，联合国秘书长古特雷斯对此表示哀悼。",
    "court": "北京市第一中级人民法院12日公开宣判被告人李某某受贿一案，"
             "以受贿罪判处其有期徒刑十二年，并处罚金人民币三百万元。",
    "diplomacy": "国家主席习近平15日在人民大会堂会见法国总统马克龙。双方就中法关系和乌克兰问题交换了意见。"
                 "外交部长王毅参加会见。",
}


class Upper:
    """A per-document stage."""

    name = "upper"

    def __call__(self, doc):
        return doc.with_(meta={**doc.meta, "seen": doc.meta.get("seen", ()) + (self.name,)})


class Together(Upper):
    """A stage that takes all the documents at once."""

    name = "together"

    def __init__(self):
        self.calls = []

    def many(self, docs):
        self.calls.append([d.id for d in docs])
        return [self(d) for d in docs]


def test_a_stage_with_many_takes_every_document_at_once_after_the_stages_before_it():
    together, after = Together(), Upper()
    after.name = "after"
    docs = [Document(id=f"d{i}", text="文本") for i in range(4)]
    times, seen = {}, []
    out = run_block([Upper(), together, after], docs, times, each=lambda d: seen.append(d.id))
    assert together.calls == [["d0", "d1", "d2", "d3"]]
    assert [d.meta["seen"] for d in out] == [("upper", "together", "after")] * 4
    assert seen == ["d0", "d1", "d2", "d3"] and {"upper", "together", "after"} <= set(times)
    # the API's Pipeline runs the same way, and reports progress once per document
    together.calls.clear()
    progress = []
    Pipeline([Upper(), together]).run(docs, progress=lambda d: progress.append(d.id))
    assert together.calls == [["d0", "d1", "d2", "d3"]] and progress == ["d0", "d1", "d2", "d3"]


def _facts(doc: Document):
    return (doc.mentions, doc.entities, doc.relations, doc.events, doc.times, doc.quantities)


@pytest.mark.parametrize("tagger", ["fast", "ner"])
def test_documents_built_together_give_what_each_gives_alone(tagger):
    pipeline = default_pipeline(tagger=tagger)
    docs = [Document(id=k, text=v) for k, v in STORIES.items()]
    together = pipeline.run(docs)
    alone = [pipeline.run_one(doc) for doc in docs]
    assert [_facts(d) for d in together] == [_facts(d) for d in alone]
    found = {d.id: {e.cls for e in d.events} for d in together}
    assert "Earthquake" in found["disaster"] and found["court"] and found["sport"], found


def test_the_fast_network_keeps_the_states_of_all_the_documents_it_tagged_together(monkeypatch):
    from kg.extract.fast_reading import fast_network
    from kg.extract.stages import MentionStage, SentenceStage

    docs = [SentenceStage()(Document(id=k, text=v)) for k, v in STORIES.items()]
    MentionStage(kind="fast").many(docs)
    network = fast_network()
    runs = []
    monkeypatch.setattr(network, "_run", lambda *a, **k: runs.append(a) or ([], []))
    sentences = [d.sentence_text(s) for d in docs for s in d.sentences]
    states = network.states_many(sentences)
    assert runs == [] and [len(s) for s in states] == [len(t) for t in sentences]


def test_a_users_own_tagger_is_asked_one_document_at_a_time():
    from kg.extract.stages import MentionStage
    from kg.model import Mention

    class Mine:
        def tag(self, text):
            at = text.find("王毅")
            return [Mention(at, at + 2, "PER", "王毅", source="ner")] if at >= 0 else []

        def tag_many(self, texts):  # another signature than kg's: never called by the stage
            raise AssertionError("called")

    docs = MentionStage(tagger=Mine()).many([Document(id="a", text="外交部长王毅会见来宾。"),
                                             Document(id="b", text="没有名字。")])
    assert [[m.text for m in d.mentions] for d in docs] == [["王毅"], []]
