import pytest

from kg.extract.dateline import find_dateline


@pytest.mark.parametrize(
    "text, expected",
    [
        ("抗疫纪实\n2020年05月01日 07:00 来源：人民日报\n正文第一句。", "2020-05-01"),
        ("正文。\n\n发布时间：2020-04-08 | 编辑：张三", "2020-04-08"),
        ("2020/3/12\n习近平主席同古特雷斯通电话。", "2020-03-12"),
        ("2020年1月23日上午10时，农历除夕前最后一个工作日，武汉成了一场战役的中心。", None),
        ("4月8日零时起，武汉解除离汉离鄂通道管控措施。", None),
        ("2020年2月30日 来源：新华社", None),
    ],
)
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


def test_a_dateline_anchors_relative_words(tmp_path):
    from kg.build import extract

    path = tmp_path / "a.txt"
    path.write_text("2020年05月01日 来源：新华社\n今天，武汉解除管控。", encoding="utf-8")
    (doc,) = extract([str(path)])
    assert doc.date == "2020-05-01"
    assert "2020-05-01" in {tv.value for m, tv in doc.times if m.text == "今天"}
