import pytest

from kg.text.sentences import split_sentences


def pieces(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中国怎么做？世界怎么办？", ["中国怎么做？", "世界怎么办？"]),
        ("“封城！”武汉成了中心。", ["“封城！”", "武汉成了中心。"]),
        ("他说：“好。”我们走吧！", ["他说：“好。”", "我们走吧！"]),
        ("中国，正全力决胜；世界，加速演变。", ["中国，正全力决胜；", "世界，加速演变。"]),
        ("甲流、乙流……一系列检查做下来。", ["甲流、乙流……一系列检查做下来。"]),
        ("“武汉有出现不明原因肺炎病人……”", ["“武汉有出现不明原因肺炎病人……”"]),
        ("# 风雨无阻向前进\n\n正文第一句。", ["风雨无阻向前进", "正文第一句。"]),
        ("第一行没有标点\n第二行", ["第一行没有标点", "第二行"]),
    ],
)
def test_split(text, expected):
    assert pieces(text) == expected


def test_hard_wrapped_paragraph_continues():
    text = "此时，我们这个14亿人口的发展中大国，正迈向决胜全面建成小康社会、决\n\n战脱贫攻坚的收官之年。"
    assert pieces(text) == [text]


def test_offsets_select_text_and_skip_whitespace(demo_text):
    sentences = split_sentences(demo_text)
    assert len(sentences) > 250
    for s in sentences:
        chunk = demo_text[s.start : s.end]
        assert chunk == chunk.strip() and chunk
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))
