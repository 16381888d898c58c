"""kg.extract.modality: planned, denied and supposed events."""

import pytest

from kg.extract.modality import modality_of


@pytest.mark.parametrize("before, expected", [
    ("公司将于下月", "Planned"),            # business: announced to come
    ("两国领导人计划", "Planned"),          # diplomacy
    ("该俱乐部拟", "Planned"),              # sport
    ("公司否认", "Negated"),                # a denial
    ("双方尚未", "Negated"),
    ("如果谈判破裂", "Hypothetical"),  # a condition
    ("一旦发生", "Hypothetical"),
    ("警方将其", None),                      # 将 marks the object: a fact
    ("未来三年，公司", None),                # 未来 is not 未
    ("将军", None),
    ("法院以受贿罪", None),
])
def test_modality_cues(before, expected):
    assert modality_of(before) == expected


def test_bare_cue_counts_only_close_to_the_trigger():
    assert modality_of("公司未") == "Negated"
    assert modality_of("公司未与员工协商，直接") is None


def test_a_condition_in_an_earlier_clause_makes_the_event_hypothetical():
    assert modality_of("工会", sentence_before="如果谈判破裂，") == "Hypothetical"
    assert modality_of("工会", sentence_before="谈判破裂后，") is None


@pytest.mark.parametrize("sentence_before, expected", [
    ("特易购3日宣布，将关闭旗下约30家门店，", "Planned"),    # business: 将关闭…，并裁减…
    ("两国外长表示，双方拟于下月重启谈判，", "Planned"),       # diplomacy
    ("特易购3日关闭了30家门店，", None),                      # a fact joined to a fact
    ("公司未与员工协商，", None),                             # a denial does not carry over
])
def test_a_joined_clause_is_planned_when_the_one_before_it_is(sentence_before, expected):
    assert modality_of("并", sentence_before=sentence_before) == expected
    assert modality_of("公司", sentence_before=sentence_before) is None  # not joined: its own clause
