import gzip

import pytest

from kg.errors import InputError
from kg.ner.bio import read_bio, spans_from_tags, tags_from_spans


def write(tmp_path, name, text):
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["a.bio", "a.bio.gz"])
def test_read_bio_sentences(tmp_path, name):
    path = write(tmp_path, name, "王\tB-PER\n辰\tI-PER\n说\tO\n\n在\tO\n武\tB-LOC\n汉\tI-LOC\n")
    assert list(read_bio(path)) == [
        ("王辰说", ["B-PER", "I-PER", "O"]),
        ("在武汉", ["O", "B-LOC", "I-LOC"]),
    ]


def test_read_bio_space_separated_and_blank_runs(tmp_path):
    path = write(tmp_path, "b.bio", "\n\n洪 B-PER\n森 I-PER\n\n\n")
    assert list(read_bio(path)) == [("洪森", ["B-PER", "I-PER"])]


def test_read_bio_bad_line(tmp_path):
    path = write(tmp_path, "c.bio", "王辰\tB-PER\n")
    with pytest.raises(InputError, match="line 1"):
        list(read_bio(path))


def test_read_bio_missing(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        list(read_bio(tmp_path / "nope.bio"))


@pytest.mark.parametrize(
    "tags, spans",
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["S-PER", "B-LOC", "E-LOC", "O"], [(0, 1, "PER"), (1, 3, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_spans_from_tags(tags, spans):
    assert spans_from_tags(tags) == spans


def test_tags_round_trip():
    spans = [(0, 4, "ORG"), (7, 10, "PER")]
    assert spans_from_tags(tags_from_spans(12, spans)) == spans
