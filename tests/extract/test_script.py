"""Traditional Chinese input: offsets and text of the original, simplified names."""

from kg.builder import extract


def test_traditional_article_keeps_original_text_and_offsets(tmp_path):
    text = "2020年1月23日，武漢封城。世衛組織總幹事譚德塞表示，國務院總理李克強來到武漢市考察。"
    path = tmp_path / "繁體.txt"
    path.write_text(text, encoding="utf-8")
    (doc,) = extract([str(path)])
    assert doc.text == text
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
    for m, _ in doc.times:
        assert text[m.start : m.end] == m.text
    labels = {e.label: e for e in doc.entities}
    assert "武汉市" in labels and "武漢" in labels["武汉市"].aliases
    assert any(m.text == "譚德塞" for m in doc.mentions)
    assert "2020-01-23" in {tv.value for _, tv in doc.times}


def test_simplified_and_traditional_documents_share_entities(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("国务院总理李克强来到武汉市考察。", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("國務院總理李克強來到武漢市考察。", encoding="utf-8")
    docs = extract([str(a), str(b)])
    keys = [{e.key for e in d.entities} for d in docs]
    assert "place/武汉市" in keys[0] & keys[1]
