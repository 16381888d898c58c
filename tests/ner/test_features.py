import pytest

from kg.ner.features import Featurizer, char_features, char_type, word_positions


@pytest.mark.parametrize("ch, kind", [("3", "D"), ("三", "N"), ("谭", "H"), ("W", "L"), ("，", "P"), ("·", "P")])
def test_char_type(ch, kind):
    assert char_type(ch) == kind


def test_window_features_at_edges():
    feats = char_features("谭德塞")
    assert len(feats) == 3
    first = set(feats[0])
    assert {"u0=谭", "u-1=^1", "u-2=^2", "u1=德", "b0=谭德", "t1=谭德塞"} <= first
    assert "u1=$1" in feats[2] and "u2=$2" in feats[2]


def test_word_positions_cover_every_char():
    text = "国家卫生健康委员会发布通知"
    words = word_positions(text)
    assert len(words) == len(text)
    assert {pos for _, pos, _ in words} <= set("BMES")
    # words rebuilt from B..E runs give back the text
    assert "".join(w for w, pos, _ in words if pos in "BS") == text
    assert words[0][:2] == ("国家", "B") and words[0][2] == "n"  # dictionary POS



def test_featurizer_adds_word_and_gazetteer_marks():
    feats = Featurizer()("世卫组织总干事谭德塞")
    assert "gORG=B" in feats[0]  # 世卫组织 is an international organization
    assert any(f.startswith("w=") for f in feats[0])
    assert "gTTL=E" in feats[6]  # 总干事 is a title
    assert "gSUR=S" in feats[7]  # 谭 is a surname


def test_lattice_features_mark_name_like_dictionary_words():
    from kg.ner.features import lattice_features, load_segmenter

    text = "习近平在北京"
    seg = load_segmenter()
    _, lattice = seg.segment(text)
    feats = lattice_features(len(text), lattice, text, seg.pos)
    assert "lPB" in feats[0] and "lPM" in feats[1] and "lPE" in feats[2]  # 习近平: a person (nrfg)
    assert feats[3] == []  # 在
    assert "lLB" in feats[4] and "lLE" in feats[5]  # 北京: a place (ns)
    assert "lLB" in Featurizer()(text)[4]
