"""kg.text.clean: XML-safe text, formula-safe CSV cells, clean names and name spans."""

import xml.etree.ElementTree as ET

import pytest

from kg.text.clean import clean_name, csv_cell, csv_text, name_span, xml_text


def test_xml_text_drops_what_xml_cannot_hold():
    dirty = "李\x0b强\x01\x1f\x7f\x85\ud800\ufffe会见\t马克龙\n\r"
    assert xml_text(dirty) == "李强会见\t马克龙\n\r"
    ET.fromstring(f"<a>{xml_text(dirty)}</a>")  # reads back
    assert xml_text("普通文本 plain") == "普通文本 plain"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_neutralizes_formulas(cell):
    assert csv_text(cell) == "'" + cell


def test_csv_cell_keeps_numbers_and_plain_text():
    assert csv_cell(-5) == -5 and csv_cell(2.5) == 2.5
    assert csv_cell("-5") == "'-5"  # a text cell: the rule applies to all
    assert csv_cell(None) == "" and csv_cell(True) == "True"
    assert csv_cell("习近平") == "习近平" and csv_cell("a=b") == "a=b"


def test_clean_name_drops_invisible_and_control_characters():
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x0b\x01":
        assert clean_name(f"曾{ch}毓群") == "曾毓群", ascii(ch)
    assert clean_name("罗伯特·库恩") == "罗伯特·库恩"


@pytest.mark.parametrize("text,span,expected", [
    ("球迷为梅西😀欢呼", (3, 6), "梅西"),
    ("球迷为😀梅西欢呼", (3, 6), "梅西"),
    ("梅😀西", (0, 3), "梅"),                       # the first of equal runs
    ("C罗👍🏽梅西梅西", (0, 8), "梅西梅西"),          # an emoji with a skin tone
    ("\u200b 曾毓群\u200d", (0, 6), "曾毓群"),
    ("曾\u200b毓群", (0, 4), "曾\u200b毓群"),          # inside: kept in the span, the label drops it
    ("😀❤️", (0, 3), None),
])
def test_name_span(text, span, expected):
    got = name_span(text, *span)
    assert (text[got[0]:got[1]] if got else None) == expected
