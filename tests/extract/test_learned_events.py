"""kg.extract.learned_events: the model's DuEE events tied to a document's entities,
times and quantities, and merged with the trigger lexicon's events.

The model is replaced by a stand-in that returns fixed predictions, so what
is tested here is the tying and merging, apart from any network.
"""

from __future__ import annotations

from kg.extract.duee import Argument, EventRecord
from kg.extract.learned_events import learned_events, merge_events
from kg.extract.quantity import find_quantities
from kg.extract.timex import find_times
from kg.model import Credit, Document, Entity, Event, Mention
from kg.text.sentences import split_sentences


class FixedModel:
    """Returns, for each sentence, the events listed for its text."""

    def __init__(self, by_text: dict[str, list[EventRecord]]):
        self.by_text = by_text

    def predict(self, texts):
        return [self.by_text.get(t, []) for t in texts]


def resolved(text: str, names: dict[str, str], date: str = "2019-05-10", credits=()) -> Document:
    sentences = split_sentences(text)
    mentions, entities = [], {}
    for name, key in names.items():
        at = text.find(name)
        while at >= 0:
            mentions.append(Mention(at, at + len(name), "ORG", name, ref=key))
            at = text.find(name, at + 1)
        kind = key.split("/", 1)[0]
        entities[key] = Entity(key, kind, kind.capitalize(), key.split("/", 1)[1])
    times = tuple(find_times(text, sentences, date))
    taken = [m for m, _ in times]
    return Document("t", text, date=date, sentences=sentences, mentions=tuple(sorted(mentions)),
                    entities=tuple(entities.values()), times=times,
                    quantities=tuple(find_quantities(text, sentences, exclude=taken)), credits=tuple(credits))


LAYOFF = "甲骨文公司5月7日宣布裁员3000人，涉及其新产品云数据库的研发团队。"


def layoff_record(text=LAYOFF, shift=0):
    at = text.index("裁员")
    return EventRecord("组织关系-裁员", "裁员", at - shift, (
        Argument("裁员方", text.index("甲骨文公司") - shift, "甲骨文公司"),
        Argument("时间", text.index("5月7日") - shift, "5月7日"),
        Argument("裁员人数", text.index("3000人") - shift, "3000人")))


def test_arguments_tie_to_the_entity_the_date_and_the_quantity():
    doc = resolved(LAYOFF, {"甲骨文公司": "organization/甲骨文公司"})
    (event,), _ = learned_events(doc, FixedModel({LAYOFF: [layoff_record()]}))
    assert event.cls == "Layoff" and event.source == "model"
    assert event.participants == (("downsizer", "organization/甲骨文公司"),)
    assert event.date.value == "2019-05-07"
    (prop, key), = event.counts
    quantity = next(q for q in doc.quantities if q.key == key)
    assert prop == "layoffCount" and quantity.value == 3000
    assert event.modality is None
    assert {m.text for m in event.arguments} == {"甲骨文公司", "5月7日", "3000人"}
    for m in event.arguments + (event.trigger,):
        m.check(doc.text)


def test_a_thing_argument_keeps_its_text():
    text = "华为公司9月19日在慕尼黑发布了新款手机Mate30。"
    record = EventRecord("产品行为-发布", "发布", text.index("发布"), (
        Argument("发布方", 0, "华为公司"), Argument("发布产品", text.index("新款手机"), "新款手机Mate30"),
        Argument("地点", text.index("慕尼黑"), "慕尼黑")))  # a role 发布 does not have: ignored
    doc = resolved(text, {"华为公司": "organization/华为公司", "慕尼黑": "place/慕尼黑"}, date="2019-09-20")
    (event,), _ = learned_events(doc, FixedModel({text: [record]}))
    assert event.things == (("product", "新款手机Mate30"),)
    assert event.location is None
    assert event.date.value == "2019-09-19"  # no 时间 argument: the time before the trigger


def test_an_epicentre_is_the_location_and_the_magnitude_a_quantity():
    text = "9月5日，四川省泸定县发生6.8级地震。"
    record = EventRecord("灾害/意外-地震", "地震", text.index("地震"), (
        Argument("震中", text.index("四川省泸定县"), "四川省泸定县"),
        Argument("震级", text.index("6.8级"), "6.8级")))
    doc = resolved(text, {"四川省": "place/四川省", "泸定县": "place/泸定县"}, date="2022-09-06")
    (event,), made = learned_events(doc, FixedModel({text: [record]}))
    assert event.cls == "Earthquake" and event.date.value == "2022-09-05"
    assert event.location == "place/四川省"
    assert ("epicenter", "place/泸定县") in event.participants or ("epicenter", "place/四川省") in event.participants
    assert [p for p, _ in event.counts] == ["magnitude"]
    (quantity,) = made  # 级 is no unit of the quantity stage: read from the argument
    assert (quantity.value, quantity.unit, quantity.key) == (6.8, "级", event.counts[0][1])
    quantity.mention.check(doc.text)


def test_a_planned_event_is_marked():
    text = "爱立信宣布将在全球裁员8500人。"
    record = EventRecord("组织关系-裁员", "裁员", text.index("裁员"), (Argument("裁员方", 0, "爱立信"),))
    doc = resolved(text, {"爱立信": "organization/爱立信"})
    (event,), _ = learned_events(doc, FixedModel({text: [record]}))
    assert event.modality == "Planned" and event.date is None


def test_an_event_with_nothing_to_tie_is_dropped_and_so_is_a_title():
    text = "据报道，该片《裁员风暴》于去年上映。"
    records = [EventRecord("组织关系-裁员", "裁员", text.index("裁员"), (Argument("裁员方", 0, "据报道"),))]
    assert learned_events(resolved(text, {}), FixedModel({text: records})) == ([], [])


def test_credited_names_are_not_participants():
    text = "（记者王明）国家足球队3月2日以2比1战胜对手。"
    record = EventRecord("竞赛行为-胜负", "战胜", text.index("战胜"), (
        Argument("胜者", 1, "记者王明"), Argument("时间", text.index("3月2日"), "3月2日")))
    doc = resolved(text, {"王明": "person/王明"}, credits=[Credit(0, 6, "author", "王明")])
    (event,), _ = learned_events(doc, FixedModel({text: [record]}))
    assert event.participants == ()  # the reporter is an author, not a winner
    assert event.date.value == "2019-03-02"


def test_merge_keeps_the_finer_rule_class_and_fills_gaps():
    doc = resolved(LAYOFF, {"甲骨文公司": "organization/甲骨文公司"})
    (learned,), _ = learned_events(doc, FixedModel({LAYOFF: [layoff_record()]}))
    trigger = learned.trigger
    finer = Event("e1", "PhoneCall", trigger, learned.sentence, None, "place/北京市",
                  (("caller", "person/张三"),))
    other = Event("e30", "Meeting", Mention(30, 32, "TRIGGER", LAYOFF[30:32]), learned.sentence)
    merged = merge_events([learned], [finer, other], frozenset({"PhoneCall"}))
    assert [e.cls for e in merged] == ["PhoneCall", "Meeting"]
    first = merged[0]
    assert first.key == learned.key and first.location == "place/北京市"
    assert first.participants == (("downsizer", "organization/甲骨文公司"), ("caller", "person/张三"))
    assert first.counts == learned.counts and first.source == "model"
    # a rule class that stands for a DuEE type yields to the model's
    merged = merge_events([learned], [finer], frozenset())
    assert merged[0].cls == "Layoff"


def test_a_country_that_only_qualifies_an_unnamed_company_is_no_participant():
    """英国零售巨头特易购: if the tagger misses the company, the country is not the one laying off."""
    text = "英国零售巨头特易购宣布裁减约2000个工作岗位。"
    record = EventRecord("组织关系-裁员", "裁减", text.index("裁减"), (
        Argument("裁员方", 0, "英国零售巨头特易购"), Argument("裁员人数", text.index("约2000个"), "约2000个")))
    doc = resolved(text, {"英国": "place/英国"})
    (event,), _ = learned_events(doc, FixedModel({text: [record]}))
    assert event.participants == ()
    target = "叙利亚北部遭到空袭。"
    record = EventRecord("灾害/意外-袭击", "空袭", target.index("空袭"), (Argument("袭击对象", 0, "叙利亚"),))
    (attack,), _ = learned_events(resolved(target, {"叙利亚": "place/叙利亚"}), FixedModel({target: [record]}))
    assert attack.participants == (("target", "place/叙利亚"),)


def test_a_symmetric_rule_trigger_gives_its_roles_to_the_participants_it_names():
    """中国和巴基斯坦举行会谈: the model reads one side as the host; the lexicon's
    会谈 (attendee on both sides) makes both attendees. Others keep the model's roles."""
    from kg.extract.event_lexicon import symmetric_triggers
    from kg.model import Sentence

    text = "中国和巴基斯坦在伊斯兰堡举行会谈。"
    sentence = Sentence(0, len(text))
    trigger = Mention(text.index("会谈"), text.index("会谈") + 2, "TRIGGER", "会谈")
    learned = Event("e15", "Meeting", trigger, sentence, None, None,
                    (("organizer", "place/巴基斯坦"), ("attendee", "place/中国"), ("attendee", "place/伊斯兰堡市")))
    rule = Event("e15", "Meeting", trigger, sentence, None, None,
                 (("attendee", "place/中国"), ("attendee", "place/巴基斯坦")))
    assert "会谈" in symmetric_triggers() and "会见" not in symmetric_triggers()
    (merged,) = merge_events([learned], [rule], frozenset(), symmetric_triggers())
    assert merged.participants == (("attendee", "place/巴基斯坦"), ("attendee", "place/中国"),
                                   ("attendee", "place/伊斯兰堡市"))
    (kept,) = merge_events([learned], [rule], frozenset())  # no symmetric trigger: the model's roles
    assert kept.participants[0] == ("organizer", "place/巴基斯坦")


def test_two_triggers_of_one_class_in_one_clause_are_one_event_when_their_roles_agree():
    text = "法院以受贿罪判处王某有期徒刑十年，对李某判处有期徒刑五年。"
    records = [EventRecord("司法行为-入狱", "判处", text.index("判处"), (Argument("入狱者", text.index("王某"), "王某"),)),
               EventRecord("司法行为-入狱", "有期徒刑", text.index("有期徒刑"), (
                   Argument("入狱者", text.index("王某"), "王某"), Argument("刑期", text.index("十年"), "十年"))),
               # the next clause: another sentence passed, another event
               EventRecord("司法行为-入狱", "有期徒刑", text.rindex("有期徒刑"), (
                   Argument("入狱者", text.index("李某"), "李某"), Argument("刑期", text.index("五年"), "五年")))]
    doc = resolved(text, {"王某": "person/王某", "李某": "person/李某"})
    first, second = learned_events(doc, FixedModel({text: records}))[0]
    assert first.trigger.text == "判处王某有期徒刑" and first.participants == (("prisoner", "person/王某"),)
    assert [p for p, _ in first.counts] == ["prisonTerm"]
    assert second.participants == (("prisoner", "person/李某"),)
    for m in first.arguments + (first.trigger,):
        m.check(doc.text)


def test_triggers_of_one_class_whose_roles_disagree_stay_two_events():
    text = "王某和李某分别被判处有期徒刑。"
    records = [EventRecord("司法行为-入狱", "判处", text.index("判处"), (Argument("入狱者", 0, "王某"),)),
               EventRecord("司法行为-入狱", "有期徒刑", text.index("有期徒刑"), (
                   Argument("入狱者", text.index("李某"), "李某"),))]
    doc = resolved(text, {"王某": "person/王某", "李某": "person/李某"})
    assert len(learned_events(doc, FixedModel({text: records}))[0]) == 2


def test_a_draw_in_the_lexicon_covers_the_models_win_in_its_clause():
    """切尔西队主场2比2逼平曼联队: the model reads 2比2 as a win; 逼平 (the same role
    on both sides) says both drew.  A win in another clause stays a win."""
    from kg.extract.event_lexicon import symmetric_triggers
    from kg.model import Sentence

    text = "切尔西队主场2比2逼平曼联队，阿森纳队3比1战胜热刺队。"
    sentence = Sentence(0, len(text))

    def trigger(word):
        return Mention(text.index(word), text.index(word) + len(word), "TRIGGER", word)

    score = Event("e6", "MatchResult", trigger("2比2"), sentence, None, None,
                  (("winner", "organization/切尔西队"), ("loser", "organization/曼联队")))
    win = Event("e22", "MatchResult", trigger("战胜"), sentence, None, None,
                (("winner", "organization/阿森纳队"), ("loser", "organization/热刺队")))
    draw = Event("e9", "MatchResult", trigger("逼平"), sentence, None, None,
                 (("competitor", "organization/切尔西队"), ("competitor", "organization/曼联队")))
    assert "逼平" in symmetric_triggers()
    first, second = merge_events([score, win], [draw], frozenset(), symmetric_triggers(), text)
    assert first.participants == (("competitor", "organization/切尔西队"), ("competitor", "organization/曼联队"))
    assert second.participants == win.participants
    # without the text only overlapping triggers are one event, as before
    assert len(merge_events([score, win], [draw], frozenset(), symmetric_triggers())) == 3
