"""Tests of kg.extract.timex: dates, times, relative and lunar days, durations."""

from __future__ import annotations

import pytest

from kg.errors import InputError, ResourceError
from kg.extract import timex_lexicon
from kg.extract.timex import find_times
from kg.model import Sentence


def found(text, anchor=None, sentences=()):
    """(text, value, datatype, approximate) of each time, offsets checked."""
    out = []
    for mention, value in find_times(text, sentences, anchor):
        assert text[mention.start : mention.end] == mention.text
        assert mention.label == "TIME"
        out.append((mention.text, value.value, value.datatype, value.approximate))
    return out


@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        ("2020年1月23日上午10时，农历除夕前最后一个工作日。", None,
         [("2020年1月23日上午10时", "2020-01-23T10:00:00", "dateTime", False),
          ("农历除夕", "2020-01-24", "date", False)]),
        ("2月10日下午2时45分，习近平总书记来到安华里社区。", "2020-05-01",
         [("2月10日下午2时45分", "2020-02-10T14:45:00", "dateTime", False)]),
        ("3月19日13时24分，G4368次列车缓缓驶离荆州站。", "2020-05-01",
         [("3月19日13时24分", "2020-03-19T13:24:00", "dateTime", False)]),
        ("到1月24日24时，全国已有30个省市报告确诊病例。", "2020-05-01",
         [("1月24日24时", "2020-01-25T00:00:00", "dateTime", False)]),
        ("4月30日零时起，北京应急响应从一级调整至二级。", "2020-05-01",
         [("4月30日零时", "2020-04-30T00:00:00", "dateTime", False)]),
        ("5月3日晚上8点半，会议结束。", "2020-05-01",
         [("5月3日晚上8点半", "2020-05-03T20:30:00", "dateTime", False)]),
        ("2月24日晚，北京。", "2020-05-01", [("2月24日晚", "2020-02-24", "date", False)]),
        ("12月31日凌晨，国家卫生健康委员会作出安排部署。", "2020-01-10",
         [("12月31日凌晨", "2019-12-31", "date", False)]),
        ("二〇二〇年一月二十三日，武汉封城。", None, [("二〇二〇年一月二十三日", "2020-01-23", "date", False)]),
        ("２０２０年１月２３日上午十时，开会。", None,
         [("２０２０年１月２３日上午十时", "2020-01-23T10:00:00", "dateTime", False)]),
        ("1月28日，通知。1日起执行。", "2020-05-01",
         [("1月28日", "2020-01-28", "date", False), ("1日", "2020-02-01", "date", False)]),
        ("人类迈入公元2020年，历史写下又一篇章。", None, [("公元2020年", "2020", "gYear", False)]),
        ("2019年12月底，湖北省中西医结合医院。", None, [("2019年12月底", "2019-12", "gYearMonth", True)]),
        ("1月下旬，对危重症病例分析评估。", "2020-05-01", [("1月下旬", "2020-01", "gYearMonth", True)]),
        ("3月份以来，主要经济指标逐月好转。", "2020-05-01", [("3月份", "2020-03", "gYearMonth", False)]),
        ("2019年12月，疫情出现。", None, [("2019年12月", "2019-12", "gYearMonth", False)]),
    ],
)
def test_absolute_dates_and_times(text, anchor, expected):
    assert found(text, anchor) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2020，岁在庚子。“封城！”",  # a year needs 年
        "北京协和医院3306人请战。",
        "开启新冠肺炎疫情以来的第6次地方考察。",
        "上世纪90年代，这里还是农田。",  # 90年代 is a decade, not 90 years
        "庆祝建国70周年。",
        "12月30日，武汉市卫生健康委发布紧急通知。",  # no year, no anchor: skipped
        "一个看不见、摸不着的“恶魔”悄然而至。",
        "在这具有标志性的一天，会议召开。",
        "日本宣布与3日本企业合作。",
        "上午10时开会。",  # a clock time with no date
    ],
)
def test_not_times(text):
    assert found(text) == []


def test_year_is_carried_and_crosses_the_year_end():
    text = ("2019年12月底，医院接诊。12月30日，卫健委发布通知。次日，发布通报。"
            "12月31日凌晨，工作组出发。1月2日，收到标本。3日起，定期通报。1月7日，开会。")
    assert [(t, v) for t, v, _, _ in found(text)] == [
        ("2019年12月底", "2019-12"),
        ("12月30日", "2019-12-30"),
        ("次日", "2019-12-31"),
        ("12月31日凌晨", "2019-12-31"),
        ("1月2日", "2020-01-02"),  # forward across the year end
        ("3日", "2020-01-03"),
        ("1月7日", "2020-01-07"),
    ]


def test_flashback_to_the_previous_december():
    text = "2020年1月23日，武汉封城。时间回拨到12月30日，通知发布。1月25日，开会。"
    assert [v for _, v, _, _ in found(text)] == ["2020-01-23", "2019-12-30", "2020-01-25"]


def test_explicit_year_resets_the_context():
    text = "12月31日，工作组出发。2020年1月2日，收到标本。"
    assert [v for _, v, _, _ in found(text, "2020-01-20")] == ["2019-12-31", "2020-01-02"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3月3日，贵州宣布正安脱贫。3天后，脱贫攻坚会议召开。", ["2020-03-03", "2020-03-06"]),
        ("4月17日，中国公布经济数据。当日，中央政治局开会。", ["2020-04-17", "2020-04-17"]),
        ("3月12日晚，王国念写日记。就在写下这些文字的当晚，主席通话。", ["2020-03-12", "2020-03-12"]),
        ("2月24日晚，专家组评价。就在这天早些时候，会期宣布推迟。", ["2020-02-24", "2020-02-24"]),
        ("4月1日，开工。翌日，验收；前一天，检查。", ["2020-04-01", "2020-04-02", "2020-04-01"]),
        ("5月1日发布通知。次日上午9时，开始执行。", ["2020-05-01", "2020-05-02T09:00:00"]),
        ("广州，17年前曾参与抗击非典。", ["2003"]),
        ("3天后，雷神山医院工程火线上马。", []),  # nothing to count from
    ],
)
def test_relative_days(text, expected):
    assert [v for _, v, _, _ in found(text, "2020-04-30")] == expected


def test_deictic_words_use_the_anchor_outside_quotations():
    text = "就连做好今年春耕生产，总书记都牵挂在心。他说：“今天我们开会。”"
    assert found(text, "2020-05-01") == [("今年", "2020", "gYear", False)]
    assert found(text) == []


@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        ("除夕夜，火神山医院破土开建；3天后，雷神山医院工程火线上马。", "2020-01-20",
         [("除夕夜", "2020-01-24"), ("3天后", "2020-01-27")]),
        ("1月25日，大年初一，中南海怀仁堂。", "2020-05-01", [("1月25日", "2020-01-25"), ("大年初一", "2020-01-25")]),
        ("大年初三，李克强赶赴武汉考察。同日，中央指导组抵达武汉。", "2020-01-23",
         [("大年初三", "2020-01-27"), ("同日", "2020-01-27")]),
        ("“大年三十我夜不能寐。”", "2020-02-01", [("大年三十", "2020-01-24")]),
        ("正月十五闹元宵节。", "2020-02-01", [("正月十五", "2020-02-08"), ("元宵节", "2020-02-08")]),
        ("农历八月十五，全家团圆。", "2021-09-01", [("农历八月十五", "2021-09-21")]),
        ("今年的春节来得早。", "2020-05-01", [("今年", "2020"), ("春节", "2020-01-25")]),
        ("春节期间，3000多家企业复工复产。", "2021-03-01", [("春节", "2021-02-12")]),
        ("国庆前夕，天安门广场布置花坛。", "2019-09-20", [("国庆前夕", "2019-09-30")]),
    ],
)
def test_festivals_and_lunar_dates(text, anchor, expected):
    assert [(t, v) for t, v, _, _ in found(text, anchor)] == expected


def test_eve_of_new_year_is_approximate():
    assert found("2020年1月20日，指示。时间，回拨到元旦前夕。") [-1] == (
        "元旦前夕", "2019-12-31", "date", True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("历经76天的“封城”坚守，武汉重启。", [("76天", "P76D", False)]),
        ("8天内判定病原体结构；16天内完成检测试剂盒优化。", [("8天内", "P8D", False), ("16天内", "P16D", False)]),
        ("在结束对中国为期9天的考察后。", [("9天", "P9D", False)]),
        ("不到1个月，湖北省集中机器100多台。", [("不到1个月", "P1M", True)]),
        ("为期3个月的专项行动。", [("3个月", "P3M", False)]),
        ("1小时后，图纸送达。", [("1小时", "PT1H", False)]),
        ("每隔三分钟，就有一架运输机降落。", [("三分钟", "PT3M", False)]),
        ("只用了短短十多天。", [("十多天", "P10D", True)]),
        ("两个星期后复查。", []),  # a relative week with nothing to count from
        ("连续工作两周。", [("两周", "P14D", False)]),
        ("用时1.5小时。", [("1.5小时", "PT90M", False)]),
    ],
)
def test_durations(text, expected):
    assert [(t, v, a) for t, v, dt, a in found(text) if dt == "duration"] == expected


def test_times_stay_inside_sentences():
    text = "会议在12月。30日起执行。"
    sentences = (Sentence(0, 6), Sentence(6, len(text)))
    assert all(m.end <= 6 or m.start >= 6 for m, _ in find_times(text, sentences, "2020-12-01"))


def test_output_is_sorted_and_non_overlapping():
    text = "2020年1月2日，收到标本。3日起，通报。除夕夜，开建；3天后，上马。1月23日夜，接到电话。"
    mentions = [m for m, _ in find_times(text, ())]
    assert mentions == sorted(mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


@pytest.mark.parametrize("anchor", ["May 1", "2020-13-01", "20-05-01"])
def test_bad_anchor_is_an_input_error(anchor):
    with pytest.raises(InputError, match="anchor"):
        find_times("1月2日", (), anchor)


def test_bad_lexicon_row_is_a_resource_error(monkeypatch):
    monkeypatch.setattr(timex_lexicon, "load_tsv", lambda *a, **k: (("除夕", "moon", "1", "1", "-1", "no"),))
    timex_lexicon.festivals.cache_clear()
    try:
        with pytest.raises(ResourceError, match="time_festivals.tsv"):
            timex_lexicon.festivals()
    finally:
        timex_lexicon.festivals.cache_clear()


# ------------------------------------------------------------------ the document date as a limit
@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        # disaster report dated 8 January: December dates are last year's
        ("12月30日，当地发生4.2级地震；1月5日，余震平息。", "2020-01-08",
         [("12月30日", "2019-12-30"), ("1月5日", "2020-01-05")]),
        ("28日，救援队抵达灾区。", "2020-01-08", [("28日", "2019-12-28")]),
        # court: a trial months after the article's date without a cue happened last year
        ("3月5日，法院一审公开宣判。", "2020-01-08", [("3月5日", "2019-03-05")]),
        ("3月份以来，该案已审结。", "2020-01-08", [("3月份", "2019-03")]),
        # a few days ahead keeps its year (a week of grace)
        ("1月12日，代表团抵达北京。", "2020-01-08", [("1月12日", "2020-01-12")]),
        # the text has itself moved past the document date with an explicit year
        ("2021年3月，新工厂投产。5月，二期开工。", "2020-01-08", [("2021年3月", "2021-03"), ("5月", "2021-05")]),
    ],
)
def test_yearless_dates_do_not_land_after_the_document_date(text, anchor, expected):
    assert [(t, v) for t, v, _, _ in found(text, anchor)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("两国外长定于3月5日在日内瓦会谈。", "2020-03-05"),  # diplomacy
        ("3月5日，两国外长将在日内瓦会谈。", "2020-03-05"),  # the cue in the clause after the date
        ("公司计划3月5日发布新款手机。", "2020-03-05"),  # business
        ("联赛预计3月5日重启。", "2020-03-05"),  # sport
        ("新规自3月5日起施行。", "2020-03-05"),
        ("3月5日，公司发布新款手机。", "2019-03-05"),
    ],
)
def test_a_future_cue_keeps_a_date_after_the_document_date(text, expected):
    assert [v for _, v, _, _ in found(text, "2020-01-08")] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [  # 2020-01-08 is a Wednesday
        ("今天", ("2020-01-08", "date", False)),
        ("昨天", ("2020-01-07", "date", False)),
        ("前天", ("2020-01-06", "date", False)),
        ("明天", ("2020-01-09", "date", False)),
        ("后天", ("2020-01-10", "date", False)),
        ("本周", ("2020-01-06", "date", True)),  # a week: its Monday, approximate
        ("上周", ("2019-12-30", "date", True)),
        ("下周", ("2020-01-13", "date", True)),
        ("今年", ("2020", "gYear", False)),
        ("去年", ("2019", "gYear", False)),
        ("前年", ("2018", "gYear", False)),
        ("上个月", ("2019-12", "gYearMonth", False)),
        ("上周五", ("2020-01-03", "date", False)),
        ("下星期二", ("2020-01-14", "date", False)),
        ("本周一", ("2020-01-06", "date", False)),
        ("周一", ("2020-01-06", "date", False)),  # the last Monday
        ("周五", ("2020-01-03", "date", False)),  # the last Friday, not the coming one
    ],
)
def test_deictic_words_count_from_the_document_date(text, expected):
    sentence = f"{text}，球队进行了训练。"
    assert [(v, dt, a) for t, v, dt, a in found(sentence, "2020-01-08")] == [expected]


def test_weekdays_to_come_and_weekdays_that_are_not_dates():
    assert [(t, v) for t, v, _, _ in found("决赛将于周五晚上8点举行。", "2020-01-08")] == [
        ("周五晚上8点", "2020-01-10T20:00:00")]
    assert [t for t, _, dt, _ in found("球馆每周三开放，一周一次。", "2020-01-08") if dt != "duration"] == []
    assert found("商场周一至周五营业。", "2020-01-08") == []
    assert found("周二，双方举行会谈。") == []  # no document date


def test_full_width_dates_keep_their_offsets():
    text = "据悉，２０２０年１月８日下午３时，法院开庭；１２月３０日，检方起诉。"
    got = found(text, "2020-01-10")
    assert [(t, v) for t, v, _, _ in got] == [
        ("２０２０年１月８日下午３时", "2020-01-08T15:00:00"), ("１２月３０日", "2019-12-30")]
    (first, _), (second, _) = find_times(text, (), "2020-01-10")
    assert (first.start, first.end) == (text.index("２０２０"), text.index("，法院"))
    assert (second.start, second.end) == (text.index("１２月"), text.index("，检方"))


def test_the_lunar_month_table_agrees_with_lunar_python_and_years_outside_it_are_computed():
    import random
    from datetime import date, timedelta

    from lunar_python import Lunar

    from kg.extract.timex_lexicon import lunar_date, lunar_months

    table = lunar_months()
    assert min(table) == 1900 and max(table) == 2100
    rng = random.Random(7)
    years = [1900, 2100, 2033, 2057] + rng.sample(range(1901, 2100), 12)  # 2033: a leap 11th month after the 11th
    for year in years:
        for month in range(1, 13):
            day = rng.randint(1, 30)
            solar = Lunar.fromYmd(year, month, 1).getSolar()
            first = date(solar.getYear(), solar.getMonth(), solar.getDay())
            assert lunar_date(year, month, day) == first + timedelta(days=day - 1)
    assert lunar_date(1850, 1, 1) == date(1850, 2, 12)  # 春节 1850: outside the table, from lunar_python
