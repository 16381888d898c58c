"""Short forms added after the networks: familiar surnames and place abbreviations.

The snippets are from MSRA's training file (where both conventions are
annotated) and from ordinary news wording.
"""

import pytest

from kg.ner.postrules import apply_rules
from kg.ner.short_forms import add_familiar_surnames, add_place_abbreviations


def span_text(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


@pytest.mark.parametrize("text, name", [
    ("老刘说：去年", "刘"),                 # a follower word
    ("和幽默，老于在树下喃喃", "于"),         # a preposition
    ("女储户，小胡正埋头清点", "胡"),         # an adverb
    ("老史含蓄深沉", "史"),                  # a common two-character word
    ("脆叫他“老史”。", "史"),                # punctuation
    ("特意来与老傅商量怎样防治", "傅"),
])
def test_surname_after_familiar_prefix_is_a_person(text, name):
    assert span_text(text, add_familiar_surnames(text, [])) == [(name, "PER")]


@pytest.mark.parametrize("text", [
    "外婆背起小王莉的书包",        # a given name follows: 王莉
    "养了一只小羊，就睡在",        # a measure word before, and 羊 is a noun
    "先后发表了我的小文《第二次考试》",  # 文 is a noun: a short essay
    "深山老林，人迹罕至",          # part of a longer word
    "吕老曾任全国人大代表",        # 老 after a surname is an honorific
    "是农民奔小康的一条路",        # 小康 is a word
    "老干部局",                   # 干部 is a word
    "从小胡闹",                   # 从小 is a word
])
def test_no_person_where_prefix_and_surname_make_words(text):
    assert add_familiar_surnames(text, []) == []


def test_familiar_surname_leaves_found_names_alone():
    text = "因此小平同志的思想"
    assert add_familiar_surnames(text, [(2, 4, "PER")]) == [(2, 4, "PER")]


@pytest.mark.parametrize("text, place", [
    ("将切实维护台商的一切合法权益", "台"),
    ("班机载着百名港胞平安飞抵", "港"),
    ("这是由北京台资企业投资", "台"),
    ("95％是藏胞。", "藏"),
])
def test_abbreviation_before_people_or_capital_head_is_a_place(text, place):
    found = span_text(text, add_place_abbreviations(text, []))
    assert (place, "LOC") in found


@pytest.mark.parametrize("text", [
    "者虽已在新资料的基础上",   # 资料 is a word
    "更新资金的用途",           # 更新 and 资金 are words
    "港商品展销会",             # 商品 is a word
])
def test_no_place_where_abbreviation_and_head_belong_to_words(text):
    assert add_place_abbreviations(text, []) == []


def test_abbreviation_inside_a_found_name_is_left_alone():
    text = "香港商人"
    assert add_place_abbreviations(text, [(0, 2, "LOC")]) == [(0, 2, "LOC")]


def test_apply_rules_adds_short_forms():
    text = "老赵找老傅请教，台商也来了"
    assert span_text(text, apply_rules(text, [(1, 2, "PER")])) == [
        ("赵", "PER"), ("傅", "PER"), ("台", "LOC")]
