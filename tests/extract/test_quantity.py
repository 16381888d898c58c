"""Tests of kg.extract.quantity and kg.extract.numerals, and both finders on the demo article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.numerals import read_chinese_integer, read_number
from kg.extract.quantity import find_quantities
from kg.extract.timex import find_times

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-article-2020-epidemic-response.txt"


def found(text, exclude=()):
    """(text, value, unit, approximate, counts) of each quantity, offsets and keys checked."""
    out = []
    for q in find_quantities(text, (), exclude):
        m = q.mention
        assert text[m.start : m.end] == m.text and m.label == "QUANTITY"
        assert q.key == f"q{m.start}"
        out.append((m.text, q.value, q.unit, q.approximate, q.counts))
    return out


@pytest.mark.parametrize(
    "numeral, value",
    [("14亿", 1_400_000_000), ("7955.9万", 79_559_000), ("83.6亿", 8_360_000_000), ("1,452", 1452),
     ("十四亿", 1_400_000_000), ("三千", 3000), ("两万", 20000), ("一百二十", 120), ("一千零五", 1005),
     ("十", 10), ("二〇二〇", 2020), ("400多万", 4_000_000), ("1315万余", 13_150_000), ("6.8", 6.8),
     ("一亿二千万", 120_000_000)],
)
def test_read_number(numeral, value):
    assert read_number(numeral) == value
    assert type(read_number(numeral)) is type(value)


@pytest.mark.parametrize("bad", ["", "abc", "三x", "1.2x"])
def test_read_number_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        read_number(bad) if bad != "三x" else read_chinese_integer(bad)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("党中央带领14亿中国人民作出历史性抉择。", [("14亿", 1_400_000_000, "", False, "中国人民")]),
        ("我们这个14亿人口的发展中大国。", [("14亿", 1_400_000_000, "", False, "人口")]),
        ("全国共有7955.9万名党员自愿捐款83.6亿元。",
         [("7955.9万名", 79_559_000, "人", False, "党员"), ("83.6亿元", 8_360_000_000, "元", False, None)]),
        ("全国各地和军队的346支医疗队、42600名医务人员白衣执甲。",
         [("346支", 346, "支", False, "医疗队"), ("42600名", 42600, "人", False, "医务人员")]),
        ("各级财政共安排疫情防控资金1452亿元。", [("1452亿元", 145_200_000_000, "元", False, None)]),
        ("赤道几内亚向中国捐款200万美元。", [("200万美元", 2_000_000, "美元", False, None)]),
        ("武汉以每天新增3000张床位的速度逐步实现“床等人”。", [("3000张", 3000, "张", False, "床位")]),
        ("1.2万名网格员承担起疫情统计。", [("1.2万名", 12000, "人", False, "网格员")]),
        ("全省累计排查核查1315万余人次，累计追踪密切接触者27.4万余人。",
         [("1315万余人次", 13_150_000, "人次", True, None), ("27.4万余人", 274_000, "人", True, None)]),
        ("960多万平方公里的土地上。", [("960多万平方公里", 9_600_000, "平方公里", True, None)]),
        ("防疫重点物资87批4041件准时运达。", [("87批", 87, "批", False, None), ("4041件", 4041, "件", False, None)]),
        ("在全国，400多万名城乡社区工作者严防死守。", [("400多万名", 4_000_000, "人", True, "城乡社区工作者")]),
        ("尚有近万名重症患者命悬一线。", [("近万名", 10000, "人", True, "重症患者")]),
        ("对中央指导组先后作出上百次重要指示。", [("上百次", 100, "次", True, None)]),
        ("从筛选万余种药物到确定有效诊疗方案。", [("万余种", 10000, "种", True, "药物")]),
        ("口罩产量提高到日产过亿只。", [("过亿只", 100_000_000, "只", True, None)]),
        ("确诊人数超过1000人。", [("超过1000人", 1000, "人", True, None)]),
        ("其中约80台在武汉。", [("约80台", 80, "台", True, None)]),
        ("只用了两座传染病医院。", [("两座", 2, "座", False, "传染病医院")]),
        ("十四亿人民，三千名志愿者。",
         [("十四亿", 1_400_000_000, "", False, "人民"), ("三千名", 3000, "人", False, "志愿者")]),
        ("核酸检测能力从每天300人份提升到2万人份。",
         [("300人份", 300, "人份", False, None), ("2万人份", 20000, "人份", False, None)]),
        ("蒙古国向中国捐赠3万只羊。", [("3万只", 30000, "只", False, "羊")]),
        ("全国已有30个省市报告确诊病例。", [("30个", 30, "个", False, "省市")]),
        ("捐款１２００万元，成交1,200台。", [("１２００万元", 12_000_000, "元", False, None), ("1,200台", 1200, "台", False, None)]),
    ],
)
def test_counts_money_and_people(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("外出农民工规模恢复到往年的九成左右。", [("九成左右", 90, True)]),
        ("约有三分之一的企业复工。", [("三分之一", 33.33, False)]),
        ("百分之十的床位空出。", [("百分之十", 10, False)]),
        ("全国10%的重症医务人员齐集武汉。", [("10%", 10, False)]),
        ("一季度国内生产总值同比下降6.8%。", [("6.8%", -6.8, False)]),
        ("出口同比减少了3.5%。", [("3.5%", -3.5, False)]),
        ("社会消费品零售总额增长6.8%。", [("6.8%", 6.8, False)]),
        ("占中国经济总量超过40%的三大城市群。", [("超过40%", 40, True)]),
    ],
)
def test_percentages_and_fractions(text, expected):
    assert [(t, v, a) for t, v, unit, a, _ in found(text) if unit == "%"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "中国疾控中心收到第一批4例病例标本中的第一批。",
        "数十家医院迅速被改造，每天数十万家商铺恢复营业。",
        "成千上万家制造业企业复工复产。",
        "就有一架国产运-20大型运输机轰鸣而来。",
        "G4368次列车缓缓驶离荆州站。",
        "2020，岁在庚子。",
        "一个看不见、摸不着的“恶魔”，万盏花灯流光溢彩，千万级人口城市，亿万网友。",
        "咨询电话12345678，5G网络覆盖。",
        "开启新冠肺炎疫情以来的第6次地方考察。",
        "十几个人赶来。",
    ],
)
def test_not_quantities(text):
    assert [t for t, *_ in found(text) if t not in ("4例",)] == []


def test_exclude_skips_time_mentions():
    text = "2020年1月2日，收到4例病例标本。"
    times = [m for m, _ in find_times(text, ())]
    assert [t for t, *_ in found(text, times)] == ["4例"]


def test_keys_are_unique_and_output_is_sorted():
    text = "14次中央政治局常委会会议、4次中央政治局会议、1次中央全面依法治国委员会会议。"
    quantities = find_quantities(text, ())
    assert [q.value for q in quantities] == [14, 4, 1]
    assert len({q.key for q in quantities}) == len(quantities)
    assert [q.mention for q in quantities] == sorted(q.mention for q in quantities)


DEMO_DATES = [
    ("2020年1月23日上午10时", "2020-01-23T10:00:00"), ("1月22日", "2020-01-22"), ("1月20日", "2020-01-20"),
    ("元旦前夕", "2019-12-31"), ("2019年12月底", "2019-12"), ("12月30日", "2019-12-30"), ("次日", "2019-12-31"),
    ("12月31日凌晨", "2019-12-31"), ("2020年1月2日", "2020-01-02"), ("3日", "2020-01-03"),
    ("1月7日", "2020-01-07"), ("1月24日24时", "2020-01-25T00:00:00"), ("1月25日", "2020-01-25"),
    ("大年初一", "2020-01-25"), ("大年三十", "2020-01-24"), ("大年初三", "2020-01-27"), ("同日", "2020-01-27"),
    ("1月23日夜", "2020-01-23"), ("除夕夜", "2020-01-24"), ("3天后", "2020-01-27"), ("1月下旬", "2020-01"),
    ("4月19日", "2020-04-19"), ("2月10日下午2时45分", "2020-02-10T14:45:00"), ("4月26日", "2020-04-26"),
    ("4月30日零时", "2020-04-30T00:00:00"), ("5月2日零时", "2020-05-02T00:00:00"), ("2月24日晚", "2020-02-24"),
    ("9天", "P9D"), ("3月3日", "2020-03-03"), ("3月5日", "2020-03-05"), ("8天内", "P8D"), ("16天内", "P16D"),
    ("2月3日", "2020-02-03"), ("2月23日", "2020-02-23"),
    ("3月19日13时24分", "2020-03-19T13:24:00"), ("3天后", "2020-03-06"), ("4月22日", "2020-04-22"),
    ("4月8日零时", "2020-04-08T00:00:00"), ("76天", "P76D"), ("4月17日", "2020-04-17"), ("当日", "2020-04-17"),
    ("4月29日", "2020-04-29"), ("3月12日晚", "2020-03-12"), ("当晚", "2020-03-12"), ("1月12日", "2020-01-12"),
]
DEMO_QUANTITIES = [
    ("14亿", 1_400_000_000), ("346支", 346), ("42600名", 42600), ("1452亿元", 145_200_000_000),
    ("83.6亿元", 8_360_000_000), ("7955.9万名", 79_559_000), ("200万美元", 2_000_000), ("3000张", 3000),
    ("1.2万名", 12000), ("1315万余人次", 13_150_000), ("27.4万余人", 274_000), ("960多万平方公里", 9_600_000),
    ("87批", 87), ("4041件", 4041), ("400多万名", 4_000_000), ("近万名", 10000), ("上百次", 100),
    ("九成左右", 90), ("10%", 10), ("6.8%", -6.8), ("超过40%", 40),
]


def test_demo_article_times_and_quantities():
    text = DEMO.read_text(encoding="utf-8")
    times = find_times(text, (), "2020-05-01")
    pairs = [(m.text, v.value) for m, v in times]
    position = 0
    for expected in DEMO_DATES:  # every explicit date, in document order
        assert expected in pairs[position:], expected
        position = pairs.index(expected, position) + 1
    assert all(text[m.start : m.end] == m.text for m, _ in times)
    assert ("公元2020年", "2020") in pairs and ("今年", "2020") in pairs
    assert not any(m.text.startswith("2020，") for m, _ in times)
    quantities = find_quantities(text, (), [m for m, _ in times])
    got = [(q.mention.text, q.value) for q in quantities]
    for expected in DEMO_QUANTITIES:
        assert expected in got, expected
    time_spans = [(m.start, m.end) for m, _ in times]
    assert not any(a < q.mention.end and q.mention.start < b for q in quantities for a, b in time_spans)
    assert all(text[q.mention.start : q.mention.end] == q.mention.text for q in quantities)
    assert len({q.key for q in quantities}) == len(quantities)


# ------------------------------------------------------------------ full-width numbers
from kg.extract.numerals import half_width  # noqa: E402


@pytest.mark.parametrize(
    "text, expected",
    [
        ("３２５０．６亿美元", "3250.6亿美元"),
        ("１，２３４，５６７元", "1,234,567元"),
        ("下降１２．５％，比分２：１", "下降12.5%，比分2:1"),
        ("气温－５℃，＋３分", "气温-5℃，+3分"),
        ("２０２０／１／８", "2020/1/8"),
        ("Ｇ４３６８次", "G4368次"),
        ("３，４，５号", "3，4，5号"),  # a list, not thousands
        ("１，２３４５", "1，2345"),
        ("甲．乙：丙－丁，戊", "甲．乙：丙－丁，戊"),  # no digits: nothing changes
    ],
)
def test_half_width_is_same_length(text, expected):
    assert half_width(text) == expected and len(half_width(text)) == len(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # business: an acquisition priced in full-width digits
        ("该集团以３２５０．６亿美元完成收购。", [("３２５０．６亿美元", 325_060_000_000, "美元", False, None)]),
        # sport: attendance with a full-width thousands separator
        ("本场比赛共有５２，３１８名观众到场。", [("５２，３１８名", 52318, "人", False, "观众")]),
        # business: a fall in full-width percent
        ("一季度营收同比下降１２．５％。", [("１２．５％", -12.5, "%", False, None)]),
        # disaster: mixed full-width digits and Chinese units
        ("地震造成约１．２万间房屋受损。", [("约１．２万间", 12000, "间", True, "房屋")]),
        # court: a fine
        ("法院判处罚金２００万元。", [("２００万元", 2_000_000, "元", False, None)]),
        ("Ｇ４３６８次列车准点到达。", []),
    ],
)
def test_full_width_numbers(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text, counts", [
    ("十四届全国人大二次会议在北京开幕。", []),                 # a session's number
    ("第13届市人大3次会议举行。", []),
    ("十三届全国人大常委会第二次会议闭幕。", []),
    ("本届大会召开了三次会议，讨论预算。", [("三次", 3)]),      # a count of meetings
    ("十九届中央委员会召开了三次会议。", [("三次", 3)]),
    ("他曾三次会见该国总统。", [("三次", 3)]),
])
def test_a_numbered_session_is_no_count(text, counts):
    from kg.text.sentences import split_sentences

    assert [(q.mention.text, q.value) for q in find_quantities(text, split_sentences(text))] == counts
