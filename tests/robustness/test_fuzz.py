"""Random Unicode through the whole build (issue 23, item 9): no crash, RDF
that an independent parser reads, and every offset pointing at its text.

1,000 generated texts per run (``KG_FUZZ_EXAMPLES=20000`` for a longer
hunt): Chinese news vocabulary mixed with any code point (controls, invisible
characters, emoji, other scripts, private use), line breaks and punctuation.  Lone
surrogates, which no UTF-8 file can hold, are refused with one clear error.
"""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.errors import InputError

WORDS = ["国务院", "总理", "李强", "北京", "会见", "美国", "总统", "宣布", "地震", "造成", "12人", "遇难",
         "法院", "判处", "有期徒刑", "公司", "裁员", "董事长", "曼城队", "3比1", "战胜", "2024年3月5日",
         "，", "。", "、", "“", "”", "《", "》", "（", "）", "！", "？", "\n", "\n\n", " ", "\u3000"]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.characters(codec="utf-8"),  # any code point a UTF-8 file can hold, controls included
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(["\u200b", "\u200d", "\u202e", "\ufeff", "\x00", "\x0b", "\x1f", "\x7f", "😀", "👩‍👩‍👧",
                     "Ω", "ع", "ä", "\ue000", "\U0010fffd", "\ufffd"]),
)
TEXTS = st.lists(PIECES, min_size=1, max_size=60).map("".join)
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "1000"))

PHRASES = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?string ?begin ?end ?anchor WHERE {
  GRAPH ?g { ?x nif:referenceContext ?c ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor .
             ?c nif:isString ?string }
}"""


def check(text: str, path, **options) -> None:
    try:
        graph = kg.build_text(text, "2024-03-05", **options)
    except InputError as exc:  # only an empty text is refused
        assert not text.strip() and "empty" in str(exc)
        return
    graph.serialize(path)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query(PHRASES))
    assert rows, "no sentence or mention with offsets"
    for row in rows:
        string, begin, end = row["string"].value, int(row["begin"].value), int(row["end"].value)
        assert 0 <= begin <= end <= len(string)
        assert string[begin:end] == row["anchor"].value


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_builds_valid_rdf_with_true_offsets(text, tmp_path):
    check(text, tmp_path / "g.nq")


@settings(max_examples=max(EXAMPLES // 7, 1), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_the_fast_tagger_and_rules_alone_hold_too(text, tmp_path):
    check(text, tmp_path / "g.nq", tagger="fast", events="rules", relations="rules")


#: texts the generator found that once broke the build
FOUND = ["\x1f北京\x0c《\x1f\x1f"]  # a place split at its head left "\x0c《" between sentences


@pytest.mark.parametrize("text", FOUND)
def test_texts_that_once_broke_the_build(text, tmp_path):
    check(text, tmp_path / "g.nq")


@pytest.mark.parametrize("text", ["李\ud800强在北京。", "\udfff", "中国\udc80"])
def test_lone_surrogates_are_refused_with_one_line(text):
    with pytest.raises(InputError, match="lone surrogate") as info:
        kg.build_text(text)
    assert "\n" not in str(info.value)
