"""Small articles from several genres, run through the real pipeline, for the writer tests."""

import pytest

ARTICLES = {
    "sport": "新华社北京3月5日电 中国女排在东京举行的比赛中以3比1战胜美国队，主教练郎平说：\"队员们打出了水平。\"",
    "courts": "北京市第一中级人民法院4月8日公开审理张某受贿一案，检察机关指控其收受财物共计1200万元。",
    "business": "阿里巴巴集团6月1日宣布，将在杭州投资200亿元建设新园区，预计创造3万个岗位。",
    "disaster": "四川省雅安市芦山县5月20日发生6.1级地震，造成4人死亡、14人受伤。当地政府已派出救援队。",
    "odd": "路径是C:\\新建文件夹\\报告\"\"\"，表情😀🎉。\n\n第二段\t有制表符\x01和控制字符。国务院总理李克强出席会议。"
           "会议指出，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，"
           "着力推动高质量发展，更好统筹发展和安全，全面深化改革开放，大力提振市场信心。",
}


@pytest.fixture(scope="session")
def docs(tmp_path_factory):
    """The articles as Documents, plus one with odd characters in its id and source."""
    from kg.builder import extract
    from tests.conftest import TAGGER

    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = extract([str(folder)], tagger=TAGGER, events="rules", relations="rules")
    # what no input file gives: odd characters in an id and in a literal the reader normalizes
    odd = next(doc for doc in out if doc.id == "odd")
    return [doc for doc in out if doc is not odd] + [odd.with_(id='odd id/"<>{}|^`\\ 中文 %20', source='C:\\a "b"\r\n\x0b.txt')]
