"""kg.tables: display width, padding, clipping and the one table renderer every command uses."""

import pytest

from kg.tables import clip, display_width, pad, table


@pytest.mark.parametrize("text, width", [
    ("", 0), ("abc", 3), ("世卫", 4), ("，", 2), ("ＡＢ", 4), ("e\u0301", 1), ("习近平 WHO", 10),
])
def test_display_width(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize("text, width, right, expected", [
    ("习", 4, False, "习  "), ("习", 4, True, "  习"), ("ab", 2, False, "ab"), ("abc", 2, False, "abc"),
])
def test_pad(text, width, right, expected):
    assert pad(text, width, right) == expected


@pytest.mark.parametrize("text, max_width, expected", [
    ("世界卫生组织", 0, "世界卫生组织"), ("世界卫生组织", 12, "世界卫生组织"), ("世界卫生组织", 11, "世界卫生组…"),
    ("世界卫生组织", 7, "世界卫…"), ("abcdef", 4, "abc…"), ("a世b", 3, "a…"),
])
def test_clip(text, max_width, expected):
    assert clip(text, max_width) == expected
    assert display_width(clip(text, max_width)) <= (max_width or display_width(text))


def test_plain_table_lines_up_chinese_and_right_aligns_numbers():
    text = table(["名字", "kind", "n"], [["习近平", "Person", 54], ["WHO", "Org", 7]], numeric={2})
    assert text == ("名字    kind     n\n"
                    "------  ------  --\n"
                    "习近平  Person  54\n"
                    "WHO     Org      7\n")
    assert len({display_width(line) for line in text.splitlines()}) == 1


def test_bars_table_clips_body_cells_not_headers():
    text = table(["organization", "place"], [["世界卫生组织", None], ["红十字会", "武汉市"]],
                 max_width=7, style="bars")
    assert text == ("organization | place\n"
                    "-------------+-------\n"
                    "世界卫…      | None\n"
                    "红十字…      | 武汉市\n")


def test_empty_table_has_header_and_rule():
    assert table(["a", "名字"], []) == "a  名字\n-  ----\n"


def test_trailing_spaces_are_stripped():
    assert all(not line.endswith(" ") for line in table(["x", "y"], [["长文字", ""]]).splitlines())


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="plain, bars"):
        table(["a"], [], style="fancy")


def test_every_renderer_uses_the_one_table():
    import kg.analysis.format as analysis_format
    import kg.cli.output as cli_output
    import kg.query.results as results
    import kg.tables as tables

    for module in (analysis_format, cli_output, results):
        assert module.display_width is tables.display_width
    assert analysis_format.table is tables.table
    assert cli_output.render([{"a": "习", "b": ["x", "y"]}], ["a", "b"], "table") == "a   b\n--  ----\n习  x、y"
