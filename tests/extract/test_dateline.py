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
    from kg.builder import extract

    path = tmp_path / "a.txt"
    path.write_text("2020年05月01日 来源：新华社\n今天，武汉解除管控。", encoding="utf-8")
    (doc,) = extract([str(path)])
    assert doc.date == "2020-05-01"
    assert "2020-05-01" in {tv.value for m, tv in doc.times if m.text == "今天"}


# ------------------------------------------------------------------ news datelines
from kg.extract.dateline import dateline_mentions, read_dateline  # noqa: E402
from kg.model import Mention  # noqa: E402


@pytest.mark.parametrize(
    "text, reference, span, date, place",
    [
        # diplomacy: Xinhua, the reference date gives the year
        ("新华社北京1月8日电（记者张三）外交部发言人8日表示，中方欢迎各方参加会谈。", "2020-01-10",
         "新华社北京1月8日电", "2020-01-08", "北京"),
        # business: a local paper's 讯, no year anywhere: month and day only
        ("本报杭州1月22日讯（记者 王五）一家电商企业今天发布年报。", None,
         "本报杭州1月22日讯", "--01-22", "杭州"),
        # disaster: the year comes from the date line at the bottom
        ("中新网成都1月3日电（记者 李四）四川某县发生4.6级地震。\n2022年01月03日 10:15 来源：中国新闻网", None,
         "中新网成都1月3日电", "2022-01-03", "成都"),
        ("央视网消息（新闻联播）：今天，全国人大常委会举行会议。", "2021-03-01",
         "央视网消息（新闻联播）：", None, None),
        ("人民网北京5月6日电（记者 孙七）最高人民法院发布典型案例。", "2019-05-07",
         "人民网北京5月6日电", "2019-05-06", "北京"),
        # an outlet known by its ending, then a place the gazetteer knows
        ("浙江日报杭州1月22日讯 省两会开幕。", "2021-01-30", "浙江日报杭州1月22日讯", "2021-01-22", "杭州"),
        ("湖北日报网武汉3月2日讯 武汉马拉松报名启动。", None, "湖北日报网武汉3月2日讯", "--03-02", "武汉"),
        # sport, after a headline: the dateline opens the second paragraph
        ("阿根廷夺得世界杯冠军\n\n新华社多哈12月18日电 阿根廷队18日夺冠。", "2022-12-19",
         "新华社多哈12月18日电", "2022-12-18", "多哈"),
        # the nearest year: a dateline of 12月31日 read on 2 January
        ("新华社华盛顿12月31日电 美国国会通过法案。", "2021-01-02", "新华社华盛顿12月31日电", "2020-12-31", "华盛顿"),
        ("新华社北京2019年12月31日电 国家主席发表新年贺词。", None, "新华社北京2019年12月31日电", "2019-12-31", "北京"),
        ("新华社华盛顿１月８日电 美联储宣布维持利率不变。", "2020-02-01", "新华社华盛顿１月８日电", "2020-01-08", "华盛顿"),
        ("本报讯（记者 王五）昨天，全市召开安全生产大会。", None, "本报讯", None, None),
        ("新华社联合国9月21日电 联合国大会举行一般性辩论。", "2021-09-22", "新华社联合国9月21日电", "2021-09-21", "联合国"),
    ],
)
def test_read_dateline(text, reference, span, date, place):
    found = read_dateline(text, reference)
    assert text[found.start:found.end] == span
    assert (found.date, found.place) == (date, place)


@pytest.mark.parametrize(
    "text",
    [
        "据新华社北京1月8日电，国务院常务会议部署稳就业工作。",  # a source quoted, not the dateline
        "新华社发布消息称，比赛推迟。",
        "一家公司12月3日电告各分公司。",
        "记者从市卫健委获悉，全市新增病例为零。",
        "新华社记者近日来电称，当地局势平稳。",  # no date: the place after an outlet must be known
        "球迷们说，新华社北京1月8日电的报道很及时。",  # not at a paragraph start
    ],
)
def test_not_datelines(text):
    assert read_dateline(text) is None


def test_a_date_line_is_a_dateline_without_a_place():
    text = "央行发布数据\n2021年07月15日 09:30 来源：经济日报\n6月末，广义货币余额增长8.6%。"
    found = read_dateline(text)
    assert (text[found.start:found.end], found.date, found.place) == (
        "2021年07月15日 09:30 来源：经济日报", "2021-07-15", None)


def test_the_dateline_place_is_one_place_mention():
    text = "新华社北京1月8日电 外交部发言人表示。"
    found = read_dateline(text, "2020-01-10")
    crossing = (Mention(0, 5, "ORG", "新华社北京"), Mention(7, 10, "ORG", "外交部"))
    assert [(m.text, m.label) for m in dateline_mentions(text, found, crossing)] == [
        ("新华社", "ORG"), ("北京", "LOC"), ("外交部", "ORG")]
    kept = (Mention(0, 3, "ORG", "新华社"), Mention(3, 5, "GPE", "北京"))
    assert dateline_mentions(text, found, kept) == kept


def _extract(tmp_path, text, date=None, name="a.txt"):
    from kg.builder import extract

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (doc,) = extract([str(path)], date=date)
    for m in doc.mentions:
        m.check(doc.text)
    return doc


def test_a_dateline_dates_and_places_the_document(tmp_path):
    text = ("新华社北京1月8日电（记者 张伟）中国足球协会8日宣布，国家队将于3月5日出征。"
            "昨天，球队结束集训；12月30日，足协召开会议。\n\n2020年01月08日 来源：新华网")
    doc = _extract(tmp_path, text)
    assert doc.date == "2020-01-08"
    assert (doc.dateline.date, doc.dateline.place) == ("2020-01-08", "北京")
    values = {m.text: tv.value for m, tv in doc.times}
    assert values["昨天"] == "2020-01-07"
    assert values["12月30日"] == "2019-12-30"  # before the dateline's date, across the year end
    assert values["3月5日"] == "2020-03-05"  # 将于: still to come
    assert any(m.text == "北京" and m.ref == "place/北京市" for m in doc.mentions)


def test_kg_build_date_wins_and_gives_a_yearless_dateline_its_year(tmp_path):
    text = "本报杭州1月22日讯（记者 王强）今天，杭州市召开优化营商环境大会。"
    doc = _extract(tmp_path, text, date="2021-01-23")
    assert doc.date == "2021-01-23"
    assert doc.dateline.date == "2021-01-22"
    assert {m.text: tv.value for m, tv in doc.times}["今天"] == "2021-01-23"


def test_without_a_year_the_place_is_still_read(tmp_path):
    doc = _extract(tmp_path, "中新网上海3月2日电 上海证券交易所今天发布公告。")
    assert doc.date is None
    assert (doc.dateline.date, doc.dateline.place) == ("--03-02", "上海")
    assert "今天" not in {m.text for m, _ in doc.times}
