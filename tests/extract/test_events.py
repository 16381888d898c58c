"""Tests of kg.extract.events: triggers, filters, dates, places and roles.

Small real sentences of Chinese news, with names given by hand (so the rules
are tested apart from any tagger) and times found by the real time stage.
The demo article checks at the end run the whole pipeline.
"""

from __future__ import annotations

import pytest

from kg.errors import ResourceError
from kg.extract import event_lexicon
from kg.extract.events import EventStage, find_events, quoted_spans
from kg.extract.timex import find_times
from kg.model import Document, Entity, Mention
from kg.text.sentences import split_sentences

LABELS = {"person": "PER", "organization": "ORG", "place": "LOC"}
CLASSES = {"person": "Person", "organization": "Organization", "place": "Place"}


def make_doc(text: str, names: dict[str, str], anchor: str = "2020-05-01") -> Document:
    """A resolved Document: ``names`` maps each name as written to its entity key."""
    sentences = split_sentences(text)
    mentions, taken = [], set()
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            span = set(range(start, start + len(name)))
            if not span & taken:
                key = names[name]
                kind = key.split("/", 1)[0]
                label = "TITLE" if name in ("总书记", "主席") else LABELS[kind]
                mentions.append(Mention(start, start + len(name), label, name, ref=key))
                taken |= span
            start = text.find(name, start + 1)
    for m in mentions:
        m.check(text)
    entities = {
        key: Entity(key, key.split("/", 1)[0], CLASSES[key.split("/", 1)[0]], key.split("/", 1)[1])
        for key in names.values()
    }
    return Document(
        id="t", text=text, date=anchor, sentences=sentences, mentions=tuple(sorted(mentions)),
        entities=tuple(entities.values()), times=tuple(find_times(text, sentences, anchor)),
    )


def events(text: str, names: dict[str, str] | None = None, anchor: str = "2020-05-01"):
    doc = make_doc(text, names or {}, anchor)
    found = find_events(doc)
    for e in found:
        e.trigger.check(doc.text)
        assert e.key == f"e{e.trigger.start}"
    return found


def summary(e):
    return (e.cls, e.date.value if e.date else None, e.location, dict((k, r) for r, k in e.participants))


XI = {"习近平": "person/习近平", "总书记": "person/习近平"}


# ------------------------------------------------------------------ classes and roles
def test_meeting_has_organizer_and_attending_body():
    (e,) = events("1月7日，习近平总书记主持召开中央政治局常委会会议。",
                  {**XI, "中央政治局常委会": "organization/中共中央政治局常务委员会"})
    assert e.cls == "Meeting" and e.trigger.text == "主持召开"
    assert e.date.value == "2020-01-07"
    assert ("organizer", "person/习近平") in e.participants
    assert ("attendee", "organization/中共中央政治局常务委员会") in e.participants


def test_inspection_location_is_the_most_specific_place_reached():
    (e,) = events("2月10日下午2时45分，习近平总书记来到北京市朝阳区安华里社区。",
                  {**XI, "北京市": "place/北京市", "朝阳区": "place/朝阳区", "安华里社区": "place/安华里社区"})
    assert summary(e) == ("Inspection", "2020-02-10T14:45:00", "place/安华里社区", {"person/习近平": "agent"})


def test_phone_call_caller_and_callee_without_the_callees_organization():
    (e,) = events("3月12日晚，习近平主席同联合国秘书长古特雷斯通电话。",
                  {"习近平": "person/习近平", "联合国": "organization/联合国", "古特雷斯": "person/古特雷斯"})
    assert summary(e) == ("PhoneCall", "2020-03-12", None,
                          {"person/习近平": "caller", "person/古特雷斯": "callee"})


def test_phone_call_with_a_time_word_resolved_from_the_previous_sentence():
    text = "3月12日晚，王国念写着日记。就在王国念写下这些文字的当晚，习近平主席同联合国秘书长古特雷斯进行了越洋通话："
    (e,) = events(text, {"习近平": "person/习近平", "联合国": "organization/联合国", "古特雷斯": "person/古特雷斯"})
    assert e.cls == "PhoneCall" and e.date.value == "2020-03-12"
    assert ("callee", "person/古特雷斯") in e.participants


def test_reopening_takes_the_place_nearest_the_trigger_and_the_sentence_date():
    (e,) = events("4月8日零时，历经76天的“封城”坚守，英雄的武汉正式重启。", {"武汉": "place/武汉市"})
    assert summary(e) == ("Reopening", "2020-04-08T00:00:00", "place/武汉市", {})


def test_construction_on_a_lunar_date():
    (e,) = events("除夕夜，火神山医院破土开建；", {"火神山医院": "organization/火神山医院"}, anchor="2020-01-20")
    assert summary(e) == ("Construction", "2020-01-24", None, {"organization/火神山医院": "target"})


def test_aid_object_marker_makes_the_recipient():
    (e,) = events("2月5日，蒙古国向中国捐赠3万只羊。", {"蒙古国": "place/蒙古国", "中国": "place/中国"})
    assert summary(e) == ("Aid", "2020-02-05", None, {"place/蒙古国": "agent", "place/中国": "recipient"})


def test_subjectless_clause_borrows_the_sentence_subject_and_merges_the_verb_of_going():
    (e,) = events("12月31日凌晨，国家卫生健康委员会作出安排部署，派出工作组、专家组赶赴武汉市。",
                  {"国家卫生健康委员会": "organization/国家卫生健康委员会", "武汉市": "place/武汉市"}, anchor="2020-01-10")
    assert summary(e) == ("Dispatch", "2019-12-31", "place/武汉市", {"organization/国家卫生健康委员会": "agent"})
    assert e.trigger.text == "派出"


def test_verb_of_going_yields_to_the_inspection_it_leads_to():
    (e,) = events("大年初三，李克强赶赴武汉考察。", {"李克强": "person/李克强", "武汉": "place/武汉市"},
                  anchor="2020-01-20")
    assert summary(e) == ("Inspection", "2020-01-27", "place/武汉市", {"person/李克强": "agent"})


def test_relative_clause_describes_its_agent():
    found = events("1月20日，正在云南考察调研的习近平总书记对新冠肺炎疫情作出重要指示。",
                   {**XI, "云南": "place/云南省"})
    assert [summary(e) for e in found] == [
        ("Inspection", "2020-01-20", "place/云南省", {"person/习近平": "agent"}),
        ("Instruction", "2020-01-20", "place/云南省", {"person/习近平": "agent"}),
    ]
    assert found[0].trigger.text == "考察调研"


def test_announcement_recipient_only_after_an_object_marker():
    (e,) = events("1月12日，世界卫生组织宣布收到中国分享的病毒基因序列信息。",
                  {"世界卫生组织": "organization/世界卫生组织", "中国": "place/中国"})
    assert summary(e) == ("Announcement", "2020-01-12", None, {"organization/世界卫生组织": "agent"})


def test_discontinuous_trigger_and_locative_place():
    (e,) = events("1月22日，习近平总书记在北京作出这一战略决策。", {**XI, "北京": "place/北京市"})
    assert e.trigger.text == "作出这一战略决策"
    assert summary(e) == ("Decision", "2020-01-22", "place/北京市", {"person/习近平": "agent"})


def test_saying_verb_belongs_to_the_meeting_of_its_sentence():
    found = events("2月3日，习近平总书记主持召开中央政治局常委会会议强调，要统筹抓好各项工作。",
                   {**XI, "中央政治局常委会": "organization/中共中央政治局常务委员会"})
    assert [e.cls for e in found] == ["Meeting"]


# ------------------------------------------------------------------ dates and places from context
def test_scene_sentence_gives_date_and_place():
    text = "1月25日，大年初一，中南海怀仁堂。习近平总书记和其他6位中共中央政治局常委坐在一起。"
    (e,) = events(text, {**XI, "中南海怀仁堂": "place/中南海怀仁堂",
                         "中共中央政治局常委": "organization/中共中央政治局常务委员会"}, anchor="2020-01-20")
    assert summary(e) == ("Meeting", "2020-01-25", "place/中南海怀仁堂",
                          {"person/习近平": "attendee", "organization/中共中央政治局常务委员会": "attendee"})


def test_bare_headline_trigger_takes_the_next_sentence_dateline():
    text = "2020，岁在庚子。“封城！”\n\n2020年1月23日上午10时，农历除夕前最后一个工作日，武汉成了一场战役的中心。"
    (e,) = events(text, {"武汉": "place/武汉市"}, anchor="2020-01-01")
    assert summary(e) == ("Lockdown", "2020-01-23T10:00:00", "place/武汉市", {})
    assert e.trigger.text == "封城"


def test_dateline_place_opens_the_sentence():
    (e,) = events("广州，护士长彭红赶赴机场。1月24日，大家出发。", {"广州": "place/广州市", "彭红": "person/彭红"})
    assert e.cls == "Dispatch" and e.location == "place/广州市" and e.date is None


def test_time_modifying_a_noun_is_not_the_events_date():
    found = events("广州，17年前曾参与抗击非典的护士长彭红赶赴机场。", {"广州": "place/广州市", "彭红": "person/彭红"})
    assert [e.date for e in found] == [None]


def test_undated_event_needs_a_named_participant_and_a_place():
    (e,) = events("习近平总书记在武汉考察时特意叮嘱，把关怀落细落实。", {**XI, "武汉": "place/武汉市"})
    assert summary(e) == ("Inspection", None, "place/武汉市", {"person/习近平": "agent"})


# ------------------------------------------------------------------ what is not an event
@pytest.mark.parametrize(
    "text, names",
    [
        # inside a quotation (reported speech)
        ("1月30日，他说：“我们派出医疗队赶赴武汉。”", {"武汉": "place/武汉市"}),
        # modal: duty, plan, condition
        ("1月30日，各地要派出医疗队赶赴武汉。", {"武汉": "place/武汉市"}),
        ("就在这天早些时候，原定于3月3日召开的全国两会会期宣布推迟。", {}),
        ("4月29日，全国两会将要召开的消息传来。", {}),
        # nominal uses
        ("4月8日，历经76天的“封城”坚守结束了。", {}),
        ("5月1日，全国两会召开前夕，大家准备。", {}),
        ("2月24日，专家考察组外方组长艾尔沃德这样评价。", {"艾尔沃德": "person/艾尔沃德"}),
        # counted, repeated events
        ("2020年，习近平总书记6次赴地方考察调研。", XI),
        # a relative clause that does not describe an agent
        ("1月30日，正常情况下至少要数月才能竣工的两座医院建好了。", {}),
    ],
)
def test_not_an_event(text, names):
    assert [e.cls for e in events(text, names)] == []


def test_an_event_needs_no_date():
    """A trigger with one argument (here its speaker) is an event; its date is none."""
    (e,) = events("习近平总书记明确强调，要坚定信心。", XI)
    assert summary(e) == ("Instruction", None, None, {"person/习近平": "agent"})


@pytest.mark.parametrize("text, cls, modality", [
    ("1月30日，如果武汉封城，损失很大。", "Lockdown", "Hypothetical"),
    ("1月30日，国家卫健委计划派出医疗队赶赴武汉。", "Dispatch", "Planned"),
    ("1月30日，武汉市政府否认封城。", "Lockdown", "Negated"),
])
def test_planned_denied_and_supposed_events_are_kept_and_marked(text, cls, modality):
    names = {"武汉市政府": "organization/武汉市人民政府", "武汉": "place/武汉市",
             "国家卫健委": "organization/国家卫生健康委员会"}
    assert [(e.cls, e.modality) for e in events(text, names)] == [(cls, modality)]


def test_a_fact_has_no_modality():
    names = {"国家卫健委": "organization/国家卫生健康委员会", "武汉": "place/武汉市"}
    assert [(e.cls, e.modality) for e in events("1月30日，国家卫健委派出医疗队赶赴武汉。", names)] == [
        ("Dispatch", None)]


def test_relative_clause_without_agent_is_not_a_second_event():
    found = events("3月2日，习近平总书记来到复工复产的一线工人中间。", XI)
    assert [e.cls for e in found] == ["Inspection"]


def test_trigger_inside_a_document_title_is_not_an_event():
    found = events("1月30日，国务院印发《关于成立工作组的通知》。", {"国务院": "organization/国务院"})
    assert [summary(e) for e in found] == [("Announcement", "2020-01-30", None, {"organization/国务院": "agent"})]


def test_quoted_spans_nest_and_stay_open_to_the_end():
    text = "他说：“我们‘封城’了。”然后“又说"
    assert quoted_spans(text, {"“": "”"}) == [(3, 13), (15, len(text))]


# ------------------------------------------------------------------ stage and data
def test_stage_sets_events_and_is_deterministic():
    doc = make_doc("4月8日零时，英雄的武汉正式重启。", {"武汉": "place/武汉市"})
    a, b = EventStage()(doc), EventStage()(doc)
    assert a.events == b.events and len(a.events) == 1
    assert EventStage().name == "events"


def test_trigger_lexicon_is_valid_and_longest_first():
    rows = event_lexicon.triggers()
    classes = {t.cls for t in rows}
    assert rows[0].word.replace("…", "") and event_lexicon.EVENT_CLASSES <= classes
    # the other classes stand for DuEE types, with their roles
    duee = event_lexicon.duee_participants()
    assert classes - event_lexicon.EVENT_CLASSES <= duee.keys()
    # (and the roles kg adds where DuEE has none: a draw's competitors)
    rule_roles = event_lexicon.RULE_ROLES
    assert all({t.before, t.after} <= duee[t.cls] | rule_roles.get(t.cls, set()) | {"-"} for t in rows if t.cls in duee)
    assert any(t.before == t.after == "competitor" and t.pair for t in rows)
    lengths = [len(t.word.replace("…", "")) for t in rows]
    assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    "row, message",
    [
        (("召开", "Party", "organizer", "attendee", "-", "-"), "unknown event class"),
        (("召开", "Meeting", "boss", "attendee", "-", "-"), "unknown role"),
        (("召开", "Meeting", "organizer", "attendee", "there", "-"), "unknown place rule"),
        (("召开", "Meeting", "organizer", "attendee", "-", "fast"), "unknown flag"),
        (("击败", "MatchResult", "winner", "attendee", "-", "pair"), "unknown role 'attendee' for MatchResult"),
    ],
)
def test_bad_trigger_rows_are_rejected(monkeypatch, row, message):
    monkeypatch.setattr(event_lexicon, "load_tsv", lambda *a, **k: (row,))
    event_lexicon.triggers.cache_clear()
    try:
        with pytest.raises(ResourceError, match=message):
            event_lexicon.triggers()
    finally:
        event_lexicon.triggers.cache_clear()


# ------------------------------------------------------------------ the demo article
@pytest.fixture(scope="module")
def demo_events(demo_docs):
    """The demo article through the default pipeline (the shipped CRF tagger)."""
    doc = demo_docs[0]
    return doc, doc.events


def _find(events, cls, date_prefix):
    hits = [e for e in events if e.cls == cls and e.date and e.date.value.startswith(date_prefix)]
    assert hits, f"no {cls} event on {date_prefix}"
    return hits[0]


def test_demo_lockdown_of_wuhan(demo_events):
    _, found = demo_events
    e = _find(found, "Lockdown", "2020-01-23")
    assert e.trigger.text == "封城" and e.location == "place/武汉市"


def test_demo_standing_committee_meeting_in_the_scene(demo_events):
    _, found = demo_events
    e = _find(found, "Meeting", "2020-01-25")
    doc, _ = demo_events
    # the tagger may give 中南海怀仁堂 as one place or as 怀仁堂 inside 中南海
    assert e.location == "place/中南海怀仁堂" or (
        e.location == "place/怀仁堂"
        and any(r.kind == "containedInPlace" and r.subject == "place/怀仁堂" and r.object == "place/中南海"
                for r in doc.relations))
    assert "person/习近平" in {k for _, k in e.participants}


def test_demo_huoshenshan_breaks_ground_on_new_years_eve(demo_events):
    doc, found = demo_events
    e = _find(found, "Construction", "2020-01-24")
    assert e.trigger.text == "破土开建"
    assert "火神山医院" in doc.sentence_text(e.sentence)


def test_demo_visit_to_anhuali(demo_events):
    _, found = demo_events
    e = _find(found, "Inspection", "2020-02-10")
    assert e.date.value in ("2020-02-10T14:45:00", "2020-02-10")
    assert e.location == "place/安华里社区"
    assert ("agent", "person/习近平") in e.participants


def test_demo_call_with_guterres(demo_events):
    _, found = demo_events
    e = _find(found, "PhoneCall", "2020-03-12")
    assert ("caller", "person/习近平") in e.participants
    assert ("callee", "person/古特雷斯") in e.participants


def test_demo_reopening_of_wuhan(demo_events):
    _, found = demo_events
    e = _find(found, "Reopening", "2020-04-08")
    assert e.location == "place/武汉市"


def test_demo_events_are_anchored_and_unique(demo_events):
    doc, found = demo_events
    assert len({e.key for e in found}) == len(found)
    known = {e.key for e in doc.entities}
    for e in found:
        assert e.date is not None or e.location or e.participants or e.things or e.counts
        assert e.location is None or e.location in known
        assert all(k in known for _, k in e.participants)


def test_a_subjectless_clause_borrows_a_subject_that_follows_a_title_or_a_standing():
    text = "被告人李某某犯故意伤害罪，被判处有期徒刑三年。"
    (event,) = find_events(make_doc(text, {"李某某": "person/李某某"}))
    assert event.cls == "Imprisonment" and event.participants == (("prisoner", "person/李某某"),)
    text = "外交部长王毅3日抵达莫斯科，随后会见了俄罗斯外长拉夫罗夫。"
    doc = make_doc(text, {"王毅": "person/王毅", "莫斯科": "place/莫斯科", "俄罗斯": "place/俄罗斯",
                          "拉夫罗夫": "person/拉夫罗夫"})
    meeting = next(e for e in find_events(doc) if e.cls == "Meeting")
    assert ("organizer", "person/王毅") in meeting.participants
    # a lead that is neither (他们的律师李某) lends no subject
    text = "他们的律师李某说明情况，被判处罚款。"
    assert not [e for e in find_events(make_doc(text, {"李某": "person/李某"})) if e.participants]


def test_a_part_of_a_country_is_where_a_disaster_happens():
    text = "当地时间2月6日凌晨，土耳其南部发生7.8级地震，已造成数千人死亡。"
    quake = next(e for e in find_events(make_doc(text, {"土耳其": "place/土耳其"}, "2023-02-06")) if e.cls == "Earthquake")
    assert quake.location == "place/土耳其"
    # a country that acts is no location: 日本宣布 …
    text = "日本宣布将在东京举行会议。"
    (meeting,) = [e for e in find_events(make_doc(text, {"日本": "place/日本", "东京": "place/东京"})) if e.cls == "Meeting"]
    assert meeting.location == "place/东京"
