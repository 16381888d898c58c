"""`kg train relabel` on a news corpus (JSON lines of unlabelled stories) and
`kg train ner --corpus`: pseudo-labels for distilling the default tagger."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ner.annotated import is_story_corpus, read_stories, story_split
from kg.ner.bio import read_bio, spans_from_tags

STORIES = [
    "3月5日，国务院总理李强在北京人民大会堂作政府工作报告。李强说，今年经济增长目标为百分之五左右。",
    "曼城队在英超联赛中以3比1战胜阿森纳队，哈兰德梅开二度。\n赛后，主教练瓜迪奥拉接受了采访。",
    "土耳其南部发生7.8级地震，造成数千人遇难。联合国秘书长古特雷斯表示哀悼。",
    "宁德时代董事长曾毓群在福建宁德宣布，公司将在匈牙利德布勒森建设新工厂。",
    "最高人民法院在北京公开宣判一起受贿案，被告人被判处有期徒刑十二年。",
    "外交部发言人毛宁在例行记者会上表示，中方欢迎法国总统马克龙访华。",
]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for k, text in enumerate(STORIES * 4):  # 24 stories: more than one batch per worker
            fh.write(json.dumps({"id": f"s{k}", "date": "2024-03-05", "text": text + "。" * (k // 6)},
                                ensure_ascii=False) + "\n")
    return path


def test_a_news_corpus_is_read_by_story_with_a_held_out_part(corpus, tiny_cluener):
    assert is_story_corpus(corpus) and not is_story_corpus(tiny_cluener)
    everything = list(read_stories(corpus))
    train, held = list(read_stories(corpus, "train")), list(read_stories(corpus, "heldout"))
    assert len(everything) == 24 and sorted(train + held) == sorted(everything)
    assert all(story_split(s) for s in held) and not any(story_split(s) for s in train)


def test_relabel_tags_whole_stories_and_writes_sentences(runner, corpus, tmp_path):
    out = tmp_path / "one.bio.gz"
    result = runner.invoke(main, ["train", "relabel", "--text", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["texts"] == 24 and summary["sentences"] > 24
    got = list(read_bio(out))
    texts = [t for t, _ in got]
    # one example per sentence-like chunk; the story's line break ends a sentence
    assert "曼城队在英超联赛中以3比1战胜阿森纳队，哈兰德梅开二度。" in texts
    assert all("\n" not in t for t in texts)
    spans = {text: {(text[s:e], label) for s, e, label in spans_from_tags(tags)} for text, tags in got}
    first = spans["3月5日，国务院总理李强在北京人民大会堂作政府工作报告。"]
    assert ("李强", "PER") in first and ("国务院", "ORG") in first
    assert ("李强", "PER") in spans["李强说，今年经济增长目标为百分之五左右。"]
    assert ("古特雷斯", "PER") in spans["联合国秘书长古特雷斯表示哀悼。"]
    assert {label for s in spans.values() for _, label in s} <= {"PER", "ORG", "LOC"}
    # two processes write the same bytes as one
    two = tmp_path / "two.bio.gz"
    result = runner.invoke(main, ["train", "relabel", "--text", str(corpus), "--workers", "2", "-o", str(two)])
    assert result.exit_code == 0, result.output
    assert two.read_bytes() == out.read_bytes()


def test_relabel_max_chars_and_parts(runner, corpus, tmp_path):
    out = tmp_path / "some.bio"
    result = runner.invoke(main, ["train", "relabel", "--text", str(corpus), "--max-chars", "60",
                                  "--fast", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["texts"] == 2  # the first story has 47 chars, the second more
    held = list(read_stories(corpus, "heldout"))
    result = runner.invoke(main, ["train", "relabel", "--text", str(corpus), "--part", "heldout",
                                  "--fast", "-o", str(tmp_path / "held.bio")])
    if held:
        assert result.exit_code == 0 and json.loads(result.output)["texts"] == len(held)
    else:
        assert result.exit_code == 1 and "no sentences to tag in part 'heldout'" in result.output


def test_a_record_without_text_is_named(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "body": "没有正文"}\n', encoding="utf-8")
    result = runner.invoke(main, ["train", "relabel", "--text", str(path), "-o", str(tmp_path / "x.bio")])
    assert result.exit_code == 1 and "line 1 has no \"text\"" in result.output
    assert not (tmp_path / "x.bio").exists()


def test_corpus_is_for_networks(runner, tiny_bio, tmp_path):
    result = runner.invoke(main, ["train", "ner", "--train", str(tiny_bio), "--corpus", str(tiny_bio),
                                  "-o", str(tmp_path / "m.crfsuite")])
    assert result.exit_code == 2 and "--corpus is for --neural" in result.output


@pytest.mark.training
def test_network_trains_on_a_sample_of_the_corpus_each_epoch(runner, tiny_bio, corpus, tmp_path):
    pytest.importorskip("torch")
    relabelled = tmp_path / "news.bio.gz"
    assert runner.invoke(main, ["train", "relabel", "--text", str(corpus), "--fast",
                                "-o", str(relabelled)]).exit_code == 0
    result = runner.invoke(main, ["train", "ner", "--neural", "--arch", "cnn", "--lean", "--hidden", "8",
                                  "--bigram-dim", "4", "--epochs", "2", "--train", str(tiny_bio),
                                  "--corpus", str(relabelled), "--corpus-chars", "200",
                                  "-o", str(tmp_path / "m.onnx")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["corpus_sentences"] == sum(1 for _ in read_bio(relabelled))
    assert summary["sentences"] == 4 and (tmp_path / "m.onnx").is_file()
