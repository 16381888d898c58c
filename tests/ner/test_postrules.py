import pytest

from kg.ner.postrules import (apply_rules, complete_lone_surnames, complete_word_names, drop_kinship_terms,
                              drop_numbered_names, join_dotted_names, strip_punct, trim_followers)


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


@pytest.mark.parametrize(
    "text, found, kept",
    [
        # a closing mark inside the name takes in its opening mark before the span
        ("是“幸福工程”组委会定下的", "幸福工程”组委会", "“幸福工程”组委会"),
        ("投稿于《科学通报》编辑部的", "科学通报》编辑部", "《科学通报》编辑部"),
        ("投稿于《科学通报》编辑部的", "《科学通报》编辑部", "《科学通报》编辑部"),
        # an opening mark inside takes in its closing mark after the span
        ("据美国《商业周刊》报道", "美国《商业周刊", "美国《商业周刊》"),
        # a name wrapped whole in one pair loses both marks
        ("送到“鸟协”放映", "“鸟协”", "鸟协"),
        ("（北京）", "（北京）", "北京"),
        ("，北京。", "，北京。", "北京"),
    ],
)
def test_strip_punct_keeps_paired_marks_inside_names(text, found, kept):
    start = text.index(found)
    s, e, _ = strip_punct(text, (start, start + len(found), "ORG"))
    assert text[s:e] == kept


@pytest.mark.parametrize(
    "text, surname, name",
    [
        ("面对铁窗，蒋天才回顾自己的人生之路", "蒋", "蒋天才"),
        ("孙天宝无奈，将张朝臣诉诸县人民法院", "张", "张朝臣"),
        ("后来张三说他不去了", "张", "张三"),  # 说 follows the name
        # forms of address, titles and honorifics keep a lone surname
        ("老胡激动地说", "胡", "胡"),
        ("吴先生早已忘了", "吴", "吴"),
        ("照顾李大娘就成了", "李", "李"),
        ("合伙人王某。", "王", "王"),
        ("俺们的雷书记是真心的", "雷", "雷"),
        ("学习马列主义", "马", "马"),
        ("退回了孙家。", "孙", "孙"),
        ("晚结束了汤杯决赛争夺后", "汤", "汤"),  # a cup named after a person
        # an adverb after the surname: not a given name
        ("月中旬，寇再次潜入北京", "寇", "寇"),
    ],
)
def test_complete_lone_surnames(text, surname, name):
    start = text.index(surname)
    (s, e, label), = complete_lone_surnames(text, [(start, start + 1, "PER")])
    assert (text[s:e], label) == (name, "PER")


def test_lone_surname_not_extended_into_another_span_or_a_non_surname():
    text = "学习马列主义"
    spans = [(2, 3, "PER"), (3, 4, "PER")]
    assert complete_lone_surnames(text, spans) == spans
    assert complete_lone_surnames("他到过灵邱老乡", [(3, 4, "LOC")]) == [(3, 4, "LOC")]
    assert complete_lone_surnames("的毛孩子", [(1, 2, "PER")]) == [(1, 2, "PER")]  # 毛孩子 is a word


def test_kinship_terms_alone_are_not_names():
    text = "扎西的阿爸和奶奶来了，阿爸说"
    spans = [(0, 2, "PER"), (3, 5, "PER"), (6, 8, "PER"), (11, 13, "PER")]
    assert span_text(text, apply_rules(text, spans)) == [("扎西", "PER")]
    assert drop_kinship_terms("阿爸村", [(0, 3, "LOC")]) == [(0, 3, "LOC")]


@pytest.mark.parametrize("text, cut, whole", [
    ("武汉的大学教师王国念写着日记", "王国", "王国念"),   # 王国 is a word (kingdom)
    ("就在王国念写下这些文字的当晚", "王国", "王国念"),
    ("政协副主席万国权等数百人", "万国", "万国权"),     # MSRA's training text
    ("任导演，吴国松为总策划", "吴国", "吴国松"),
])
def test_two_character_word_name_takes_the_next_character(text, cut, whole):
    start = text.index(cut)
    assert span_text(text, complete_word_names(text, [(start, start + 2, "PER")])) == [(whole, "PER")]


@pytest.mark.parametrize("text, name", [
    ("第一名，周长获得个人冠军", "周长"),  # 获得 is a word
    ("对于巴金来说，友谊", "巴金"),       # 巴金 is a name in the dictionary
    ("申花队的范志毅、吴承瑛", "范志毅"),  # three characters already
    ("王国庆祝了", "王国"),               # 庆祝 is a word
])
def test_two_character_word_name_kept_before_words(text, name):
    start = text.index(name)
    span = (start, start + len(name), "PER")
    assert complete_word_names(text, [span]) == [span]


def test_names_with_digits_are_dropped():
    # the fast network's false name in the demo article: 8天内判定病原体结构
    text = "8天内判定病原体结构；李４说"
    assert drop_numbered_names(text, [(0, 3, "PER"), (0, 3, "ORG"), (11, 13, "PER")]) == [(0, 3, "ORG")]
    assert apply_rules(text, [(0, 3, "PER")]) == []
    assert apply_rules("王辰心急如焚", [(0, 2, "PER")]) == [(0, 2, "PER")]
