from kg.ner.traditional import is_traditional, to_simplified, traditional_share


def test_detects_traditional():
    assert is_traditional("世衛組織總幹事譚德塞感嘆")
    assert not is_traditional("世卫组织总干事谭德塞感叹")
    assert not is_traditional("2020 COVID-19")


def test_conversion_keeps_length():
    text = "世衛組織總幹事譚德塞感嘆，國務院聯防聯控機制發佈會"
    simple = to_simplified(text)
    assert len(simple) == len(text)
    assert simple.startswith("世卫组织总干事谭德塞")


def test_share_in_range():
    assert 0.4 < traditional_share("世衛組織") <= 1.0
