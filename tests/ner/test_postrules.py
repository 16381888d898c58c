import pytest

from kg.ner.postrules import apply_rules, join_dotted_names, strip_punct, trim_followers


def span_text(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


@pytest.mark.parametrize(
    "text, bad, good",
    [
        ("中共中央政治局委员、国务院副总理孙春兰率领中央指导组", "孙春兰率", "孙春兰"),
        ("中共中央政治局委员、国务院副总理孙春兰率领中央指导组", "孙春兰率领", "孙春兰"),
        ("美国中国问题专家罗伯特·库恩如是说", "罗伯特·库恩如", "罗伯特·库恩"),
        ("美国中国问题专家罗伯特·库恩如是说", "罗伯特·库恩如是说", "罗伯特·库恩"),
        ("习近平等领导同志", "习近平等", "习近平"),
        ("世卫组织总干事谭德塞感叹", "谭德塞", "谭德塞"),
    ],
)
def test_trim_followers(text, bad, good):
    start = text.index(bad)
    s, e, _ = trim_followers(text, (start, start + len(bad), "PER"))
    assert text[s:e] == good


def test_trim_keeps_short_names_and_other_labels():
    text = "王如是说"
    assert trim_followers(text, (0, 2, "PER")) == (0, 2, "PER")  # 王如 stays: 2 chars minimum
    assert trim_followers("北京和上海", (0, 3, "LOC")) == (0, 3, "LOC")


def test_compound_surname_four_char_name_not_trimmed():
    text = "欧阳志和说"
    assert trim_followers(text, (0, 4, "PER")) == (0, 4, "PER")


def test_join_names_split_at_dot():
    text = "世卫组织专家布鲁斯·艾尔沃德表示"
    start = text.index("布鲁斯")
    spans = [(start, start + 3, "PER"), (start + 4, start + 8, "PER")]
    assert span_text(text, join_dotted_names(text, spans)) == [("布鲁斯·艾尔沃德", "PER")]


def test_extend_name_cut_at_dot():
    text = "美国中国问题专家罗伯特·库恩如是说"
    start = text.index("罗伯特")
    out = apply_rules(text, [(start, start + 3, "PER")])
    assert span_text(text, out) == [("罗伯特·库恩", "PER")]


def test_strip_punct():
    text = "“武汉”"
    assert strip_punct(text, (0, 4, "LOC")) == (1, 3, "LOC")
    assert strip_punct(text, (0, 1, "LOC")) is None
