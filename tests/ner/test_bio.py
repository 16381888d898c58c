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


@pytest.mark.parametrize("name", ["out.bio", "out.bio.gz"])
def test_write_bio_round_trips_and_is_byte_stable(tmp_path, name):
    from kg.ner.bio import write_bio

    sentences = [("钟南山 在广州", ["B-PER", "I-PER", "I-PER", "O", "O", "B-LOC", "I-LOC"]),
                 ("好", ["O"])]
    path = tmp_path / name
    assert write_bio(path, sentences) == 2
    assert list(read_bio(path)) == sentences  # the space stays a character
    first = path.read_bytes()
    assert write_bio(path, sentences) == 2 and path.read_bytes() == first
    assert not list(tmp_path.glob("*.tmp"))


def test_write_bio_refuses_a_tab_and_leaves_no_file(tmp_path):
    from kg.ner.bio import write_bio

    path = tmp_path / "bad.bio.gz"
    with pytest.raises(InputError, match="tab or line break"):
        write_bio(path, [("好", ["O"]), ("a\tb", ["O", "O", "O"])])
    assert not path.exists() and not list(tmp_path.iterdir())
