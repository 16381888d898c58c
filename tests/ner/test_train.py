import gzip
import json

from kg.ner.tagger import Tagger
from kg.ner.annotated import cluener_split, read_cluener
from kg.training.ner_crf import train


def test_train_tiny_model(tiny_bio, tmp_path):
    out = tmp_path / "m.crfsuite"
    summary = train(tiny_bio, out, max_iterations=30, minfreq=1, c1=0.0, c2=0.01)
    assert out.is_file() and summary["sentences"] == 4 and summary["bytes"] > 0
    spans = Tagger(out).spans("国务院副总理孙春兰率领中央指导组抵达武汉")
    assert (6, 9, "PER") in spans


def test_read_cluener_maps_labels(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    record = {"text": "浙商银行企业信贷部叶老桂博士则从另一个角度",
              "label": {"name": {"叶老桂": [[9, 11]]}, "company": {"浙商银行": [[0, 3]]},
                        "book": {"角度": [[19, 20]]}}}
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    (text, tags), = list(read_cluener(path))
    assert tags[:4] == ["B-COMPANY", "I-COMPANY", "I-COMPANY", "I-COMPANY"]
    assert tags[9:12] == ["B-PER", "I-PER", "I-PER"]
    assert tags[19:] == ["O", "O"]  # books are not learned


def test_cluener_split_is_deterministic_and_about_ten_percent():
    texts = [f"第{i}条新闻" for i in range(2000)]
    held = [t for t in texts if cluener_split(t)]
    assert held == [t for t in texts if cluener_split(t)]
    assert 140 < len(held) < 260


def test_bio_parts_split_the_file_as_the_network_does(tmp_path):
    from kg.ner.annotated import bio_split, read_examples

    sentences = [f"第{i}句：国务院在北京开会" for i in range(200)]
    path = tmp_path / "many.bio"
    path.write_text("".join("".join(f"{c}\tO\n" for c in s) + "\n" for s in sentences), encoding="utf-8")
    every = [t for t, _ in read_examples(path)]
    held = [t for t, _ in read_examples(path, "heldout")]
    rest = [t for t, _ in read_examples(path, "train")]
    assert every == sentences and sorted(held + rest) == sorted(sentences)
    assert held and rest and not set(held) & set(rest)
    assert all(bio_split(t) for t in held) and not any(bio_split(t) for t in rest)
