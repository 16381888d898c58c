"""Names are free of invisible characters and emoji; mention offsets stay on the original text.

MentionStage cuts a tagged span at emoji and trims invisible characters off its
edges; ResolveStage's labels drop the invisible characters inside a name.
"""

import pytest

from kg.extract.corpus_resolve import CorpusResolveStage
from kg.extract.resolve import ResolveStage
from kg.extract.stages import MentionStage, SentenceStage
from kg.model import Document, Mention


class SpanTagger:
    """A tagger that tags the given (surface, label) pairs, left to right."""

    def __init__(self, *tags):
        self.tags = tags

    def tag(self, text):
        out, pos = [], 0
        for surface, label in self.tags:
            start = text.index(surface, pos)
            out.append(Mention(start, start + len(surface), label, surface))
            pos = start + len(surface)
        return out


def build(text, *tags):
    doc = SentenceStage()(Document("t", text))
    doc = MentionStage(tagger=SpanTagger(*tags))(doc)
    stage = ResolveStage()
    return CorpusResolveStage(stage.rules)([stage(doc)])[0]


CASES = [
    # business: a zero-width space inside a chairman's name
    ("宁德时代董事长曾\u200b毓群在福建宁德宣布投资。", [("宁德时代", "ORG"), ("曾\u200b毓群", "PER")],
     "person", "曾毓群"),
    # sports: an emoji right after a player's name, tagged with it
    ("球迷为梅西😀欢呼。", [("梅西😀", "PER")], "person", "梅西"),
    # sports: an emoji sequence with a joiner and a skin tone in front of the name
    ("现场观众👍🏽\u200dC罗再次破门。", [("👍🏽\u200dC罗", "PER")], "person", "C罗"),
    # politics: a control character and a word joiner inside names
    ("国务院总理李\x0b强会见法国总统马克\u2060龙。", [("李\x0b强", "PER"), ("马克\u2060龙", "PER")],
     "person", "马克龙"),
    # local news: direction marks around an organization's name
    ("\u202e武汉市卫健委\u202c通报疫情。", [("\u202e武汉市卫健委\u202c", "ORG")], "organization", "武汉市卫健委"),
    # society: a byte-order mark and a left-to-right mark inside a place name
    ("暴雨袭击广\ufeff东\u200e省。", [("广\ufeff东\u200e省", "LOC")], "place", "广东省"),
]


@pytest.mark.parametrize("text,tags,kind,label", CASES)
def test_labels_are_clean_and_offsets_point_into_the_text(text, tags, kind, label):
    doc = build(text, *tags)
    labels = {e.label for e in doc.entities if e.kind == kind}
    assert label in labels, labels
    for entity in doc.entities:
        for name in (entity.label, *entity.aliases, entity.key):
            assert name.isprintable() and "😀" not in name and "👍" not in name, ascii(name)
            assert not any(ch in name for ch in "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202c\u202e")
    for m in doc.mentions:
        m.check(doc.text)  # the text at the offsets is the mention's text
        assert not any(ch in m.text for ch in "😀👍\U0001f3fd")


def test_a_span_of_emoji_only_is_no_mention():
    doc = SentenceStage()(Document("t", "大家😀😀欢呼。"))
    doc = MentionStage(tagger=SpanTagger(("😀😀", "PER")))(doc)
    assert doc.mentions == ()
