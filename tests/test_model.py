import pytest

from kg.errors import OffsetError
from kg.model import Document, Mention, Sentence


def test_mention_check_accepts_exact_offsets():
    Mention(2, 5, "PER", "习近平").check("昨天习近平来到")


@pytest.mark.parametrize("start, end, text", [(0, 3, "习近平"), (5, 9, "来到"), (3, 2, "近")])
def test_mention_check_rejects_wrong_offsets(start, end, text):
    with pytest.raises(OffsetError):
        Mention(start, end, "PER", text).check("昨天习近平来到")


def test_sentence_of_finds_the_containing_sentence():
    doc = Document("d", "一句。二句。", sentences=(Sentence(0, 3), Sentence(3, 6)))
    assert doc.sentence_of(4) == Sentence(3, 6)
    assert doc.sentence_of(0) == Sentence(0, 3)
    with pytest.raises(OffsetError):
        Document("d", "一句。  ", sentences=(Sentence(0, 3),)).sentence_of(4)
