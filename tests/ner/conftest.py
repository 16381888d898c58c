import gzip
import json

import pytest

from kg.ner import load_tagger
from kg.ner.tagger import BASE_MODEL
from kg.resources import data_path


@pytest.fixture(scope="session")
def tagger():
    if not data_path(*BASE_MODEL).is_file():
        pytest.fail("packaged model kg/data/models/ner-msra.crfsuite is missing; run `kg train ner`")
    return load_tagger()


@pytest.fixture(scope="session")
def tiny_bio(tmp_path_factory):
    """A tiny real BIO file (sentences in the MSRA format)."""
    sentences = [
        ("国务院副总理孙春兰率领中央指导组抵达武汉", {"孙春兰": "PER", "国务院": "ORG", "武汉": "LOC"}),
        ("世卫组织总干事谭德塞在日内瓦表示", {"世卫组织": "ORG", "谭德塞": "PER", "日内瓦": "LOC"}),
        ("湖北省卫生健康委员会发布通报", {"湖北省卫生健康委员会": "ORG"}),
        ("钟南山院士在广州接受采访", {"钟南山": "PER", "广州": "LOC"}),
    ]
    lines = []
    for text, ents in sentences:
        tags = ["O"] * len(text)
        for name, label in ents.items():
            i = text.index(name)
            tags[i] = "B-" + label
            for k in range(i + 1, i + len(name)):
                tags[k] = "I-" + label
        lines.extend(f"{c}\t{t}" for c, t in zip(text, tags))
        lines.append("")
    path = tmp_path_factory.mktemp("bio") / "tiny.bio"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_cluener(tmp_path_factory):
    """A one-record CLUENER file (a real CLUENER sentence) for fine layers."""
    path = tmp_path_factory.mktemp("cluener") / "tiny.jsonl.gz"
    record = {"text": "浙商银行企业信贷部叶老桂博士则从另一个角度",
              "label": {"name": {"叶老桂": [[9, 11]]}, "company": {"浙商银行": [[0, 3]]}}}
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
