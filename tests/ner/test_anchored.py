"""Document-level name rules: names before titles, propagation, organizations."""

import pytest

from kg.ner.anchored import complete_organizations, names_before_titles, propagate_names


def texts(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


@pytest.mark.parametrize(
    "text, name",
    [("习近平总书记强调", "习近平"), ("王辰院士说", "王辰"), ("张文宏教授指出", "张文宏"), ("以习近平同志为核心", "习近平")],
)
def test_names_before_titles(text, name):
    assert (name, "PER") in texts(text, names_before_titles(text, []))


@pytest.mark.parametrize("text", ["国务院总理表示", "党委书记说", "地区组织及港澳台", "负责同志组成",
                                  # frequent words that jieba's dictionary files as names
                                  "登台致辞，祝贺校长荣立一等功", "授给他荣誉博士学位"])
def test_no_names_from_ordinary_words(text):
    assert names_before_titles(text, []) == []


def test_names_before_titles_respect_existing_spans():
    text = "世卫组织总干事谭德塞"
    spans = [(0, 4, "ORG"), (4, 7, "TITLE"), (7, 10, "PER")]
    assert names_before_titles(text, spans) == spans


def test_propagation_tags_other_standalone_occurrences():
    text = "习近平主席指出。习近平来到武汉。"
    spans = propagate_names(text, [(0, 3, "PER")])
    assert texts(text, spans) == [("习近平", "PER"), ("习近平", "PER")]


def test_scene_clause_organization_is_completed():
    text = "2019年12月底，湖北省中西医结合医院。"
    assert texts(text, complete_organizations(text, [(10, 13, "LOC")])) == [("湖北省中西医结合医院", "ORG")]


def test_place_inside_a_longer_clause_is_left_alone():
    text = "他们来到湖北省中西医结合医院。"
    assert complete_organizations(text, [(4, 7, "LOC")]) == [(4, 7, "LOC")]


@pytest.mark.parametrize("text, name, label", [
    # 部 ends organizations (外交部) but 大部 and 东部 name part of a place
    ("江南、华南大部、西南地区东部、汉水下游有小到中雨", "华南", "LOC"),
    ("江南、华南大部、西南地区东部、汉水下游有小到中雨", "西南", "LOC"),
    # an appositive organization is not extended back over a preposition or adverb
    ("是经启功先生引荐、由中国工程院院士傅熹年先生", "中国工程院", "ORG"),
    ("加强理论学习、更好地履行政协委员职责", "政协", "ORG"),
])
def test_organization_rules_leave_these_spans_alone(text, name, label):
    start = text.index(name)
    span = (start, start + len(name), label)
    assert complete_organizations(text, [span]) == [span]


def test_appositive_organization_extends_back_to_its_comma():
    text = "国务院总理、中央应对新型冠状病毒感染肺炎疫情工作领导小组组长李克强"
    org = text.index("肺炎")
    spans = [(0, 3, "GOV"), (3, 5, "TITLE"), (org, org + 10, "ORG")]
    out = texts(text, complete_organizations(text, spans))
    assert ("中央应对新型冠状病毒感染肺炎疫情工作领导小组", "ORG") in out


def test_a_name_cut_short_is_completed_to_the_document_s_longer_name():
    from kg.ner.anchored import complete_names

    text = "大学教师王国念写着日记。就在王国念写下这些文字的当晚"
    first, second = text.index("王国念"), text.rindex("王国念")
    spans = [(first, first + 3, "PER"), (second, second + 2, "PER")]
    assert complete_names(text, spans) == [(first, first + 3, "PER"), (second, second + 3, "PER")]
    # not into the next span, and not for other labels
    blocked = [(first, first + 3, "PER"), (second, second + 2, "PER"), (second + 2, second + 4, "LOC")]
    assert complete_names(text, blocked) == blocked
    assert complete_names(text, [(second, second + 2, "ORG"), (first, first + 3, "ORG")]) == \
        [(first, first + 3, "ORG"), (second, second + 2, "ORG")]


def test_a_surname_after_a_title_takes_the_character_a_word_after_it_took():
    from kg.ner.anchored import names_cut_by_words

    text = "国家副主席韩正在上海出席论坛开幕式。"
    assert names_cut_by_words(text, [(0, 5, "TITLE"), (5, 6, "PER"), (8, 10, "LOC")]) == [
        (0, 5, "TITLE"), (5, 7, "PER"), (8, 10, "LOC")]
    # a title word in the text is enough (no TITLE span)
    assert names_cut_by_words(text, [(5, 6, "PER")]) == [(5, 7, "PER")]
    # not after a title, another span starting there, or nothing after: left alone
    assert names_cut_by_words("昨天韩正在上海。", [(2, 3, "PER")]) == [(2, 3, "PER")]
    assert names_cut_by_words(text, [(5, 6, "PER"), (6, 8, "ORG")]) == [(5, 6, "PER"), (6, 8, "ORG")]
    assert names_cut_by_words("国家副主席韩。", [(5, 6, "PER")]) == [(5, 6, "PER")]


def test_the_default_tagger_finds_the_whole_name_after_a_title():
    from kg.ner import load_tagger

    text = "国家副主席韩正在上海出席论坛开幕式。"
    assert (5, 7, "PER") in load_tagger().spans(text)
