import pytest

from kg.gazetteer import admin_names, division_short_form
from kg.ner.lexicon_marks import LexiconMatcher, load_lexicon_matcher
from kg.resources import load_lines


@pytest.mark.parametrize(
    "name, short",
    [
        ("湖北省", "湖北"),
        ("武汉市", "武汉"),
        ("广西壮族自治区", "广西"),
        ("恩施土家族苗族自治州", "恩施"),
        ("香港特别行政区", "香港"),
        ("东城区", "东城"),
        ("沙市", None),  # too short once stripped
    ],
)
def test_short_forms(name, short):
    assert division_short_form(name) == short


def test_admin_names_include_short_and_full():
    names = admin_names()
    assert {"湖北省", "湖北", "武汉市", "武汉", "北京市", "北京"} <= names


def test_packaged_lexicons_load_and_have_no_duplicates_across_lines():
    for name in ("countries_regions.txt", "intl_organizations.txt", "org_suffixes.txt",
                 "titles.txt", "surnames.txt", "name_followers.txt"):
        items = load_lines("lexicons", name)
        assert len(items) > 20, name
        assert all("\t" not in item and " " not in item for item in items), name


def test_longest_match_per_category():
    gaz = LexiconMatcher({"ORG": {"世界卫生组织", "世界"}, "TTL": {"总干事", "干事"}})
    found = set(gaz.matches("世界卫生组织总干事"))
    assert (0, 6, "ORG") in found and (0, 2, "ORG") not in found
    assert (6, 9, "TTL") in found and (7, 9, "TTL") in found


def test_marks_bmes():
    gaz = LexiconMatcher({"LOC": {"武汉"}, "SUR": {"王"}})
    marks = gaz.marks("王在武汉")
    assert [list(m) for m in marks] == [["SUR=S"], [], ["LOC=B"], ["LOC=E"]]
    assert marks[1] == ()  # unmarked characters share one empty tuple


def test_packaged_gazetteer_categories():
    gaz = load_lexicon_matcher()
    assert "LOC" in gaz.categories_of("湖北")
    assert "ORG" in gaz.categories_of("世卫组织")
    assert "TTL" in gaz.categories_of("总干事")
    assert "SUR" in gaz.categories_of("欧阳")


def _matrix_of_marks(gaz, text):
    """The matrix :meth:`LexiconMatcher.matrices` should give, from the string marks."""
    import numpy as np

    from kg.ner.lexicon_marks import MATRIX_SLOTS

    out = np.zeros((len(text), len(MATRIX_SLOTS)), dtype=np.float32)
    for i, here in enumerate(gaz.marks(text)):
        for mark in here:
            out[i, MATRIX_SLOTS[mark]] = 1.0
    return out


def test_matrices_hold_the_marks_of_each_text(demo_text):
    gaz = LexiconMatcher({"ORG": {"世界卫生组织", "世界"}, "TTL": {"总干事", "干事"},
                     "LOC": {"武汉", "中华人民共和国"}, "SUR": {"王"}})
    texts = ["世界卫生组织总干事", "", "王在武汉", "无", "中华人民共和国王", "武汉"]
    for text, matrix in zip(texts, gaz.matrices(texts)):
        assert matrix.shape == (len(text), 24)
        assert (matrix == _matrix_of_marks(gaz, text)).all(), text
    packaged = load_lexicon_matcher()
    lines = demo_text.splitlines() + ["𠀀湖北\x02武汉", "世卫组织总干事谭德塞"]
    for text, matrix in zip(lines, packaged.matrices(lines)):
        assert (matrix == _matrix_of_marks(packaged, text)).all(), text
    assert packaged.matrices([]) == []
