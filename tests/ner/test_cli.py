import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ner.tagger import BASE_MODEL
from kg.resources import data_path


@pytest.fixture()
def runner():
    return CliRunner()


def test_ner_file_json(runner, tmp_path, tagger):
    path = tmp_path / "a.txt"
    path.write_text("世卫组织总干事谭德塞感叹。", encoding="utf-8")
    result = runner.invoke(main, ["ner", str(path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["text"] == "世卫组织总干事谭德塞感叹。"
    assert {"start": 7, "end": 10, "label": "PER", "text": "谭德塞"} in doc["mentions"]
    assert [m["start"] for m in doc["mentions"]] == sorted(m["start"] for m in doc["mentions"])


def test_ner_stdin_lines(runner, tagger):
    result = runner.invoke(main, ["ner", "-", "--lines"], input="习近平在北京\n\n洪森访华\n")
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines()]
    assert [d["text"] for d in docs] == ["习近平在北京", "洪森访华"]
    assert docs[0]["mentions"][0] == {"start": 0, "end": 3, "label": "PER", "text": "习近平"}
    assert "习近平" in result.output  # ensure_ascii=False


def test_ner_eval(runner, tiny_bio, tagger):
    result = runner.invoke(main, ["ner", "--eval", str(tiny_bio)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["label", "P", "R", "F1", "gold"]
    assert {l.split()[0] for l in lines[1:]} == {"LOC", "ORG", "PER", "micro"}


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        ("世卫组织".encode("gb18030"), "not UTF-8"),
    ],
)
def test_bad_input(runner, tmp_path, content, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(main, ["ner", str(path)])
    assert result.exit_code != 0
    assert message in result.output
    assert str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_no_input_is_usage_error(runner):
    result = runner.invoke(main, ["ner"])
    assert result.exit_code == 2


def test_fast_with_a_model_is_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["ner", "-", "--fast", "--model", str(tmp_path / "x.onnx")],
                           input="王辰说")
    assert result.exit_code == 2 and "--fast" in result.output


def test_missing_model_error(runner, tmp_path):
    result = runner.invoke(main, ["ner", "-", "--model", str(tmp_path / "x.crfsuite")], input="王辰说")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_train_ner_cli(runner, tiny_bio, tmp_path):
    out = tmp_path / "tiny.crfsuite"
    result = runner.invoke(main, ["train", "ner", "--train", str(tiny_bio), "--dev", str(tiny_bio),
                                  "-o", str(out), "--iterations", "20", "--minfreq", "1",
                                  "--c1", "0"])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    summary = json.loads(next(l for l in result.output.splitlines() if l.startswith("{")))
    assert summary["sentences"] == 4
    assert "micro" in result.output


@pytest.mark.parametrize("neural", [False, pytest.param(True, marks=pytest.mark.training)])
def test_train_ner_with_lac_cli(runner, tiny_bio, tmp_path, neural):
    from kg.ner.tagger import Tagger, crf_reads_lac

    if neural:
        pytest.importorskip("torch")
    out = tmp_path / ("lac.onnx" if neural else "lac.crfsuite")
    extra = (["--neural", "--lac-context", "--epochs", "2", "--hidden", "8"] if neural
             else ["--iterations", "20", "--minfreq", "1"])
    result = runner.invoke(main, ["train", "ner", "--lac", "--train", str(tiny_bio), "--dev", str(tiny_bio),
                                  "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output
    if neural:
        meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
        assert "PER-B" in meta["lac"] and meta["context"] == 256
    else:
        summary = json.loads(next(l for l in result.output.splitlines() if l.startswith("{")))
        assert summary["params"]["lac"] is True and crf_reads_lac(out)
    assert Tagger(out).reads_lac
    result = runner.invoke(main, ["ner", "-", "--model", str(out)], input="钟南山在广州")
    assert result.exit_code == 0, result.output


def test_ner_help_has_example(runner):
    result = runner.invoke(main, ["ner", "--help"])
    assert "Example:" in result.output


@pytest.mark.training
def test_train_ner_neural_cli(runner, tiny_bio, tmp_path):
    pytest.importorskip("torch")
    out = tmp_path / "tiny.onnx"
    result = runner.invoke(main, ["train", "ner", "--neural", "--train", str(tiny_bio),
                                  "--dev", str(tiny_bio), "-o", str(out), "--epochs", "2",
                                  "--hidden", "8"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.with_suffix(".json").is_file()
    summary = json.loads(next(l for l in result.output.splitlines() if l.startswith("{")))
    assert summary["epochs"] == 2 and summary["params"]["hidden"] == 8
    assert "micro" in result.output
    # the new network tags through `kg ner --model`, alone or with the CRF
    for extra in (["--crf", "none"], ["--crf", str(data_path(*BASE_MODEL))], []):
        result = runner.invoke(main, ["ner", "-", "--model", str(out), *extra], input="钟南山在广州")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["text"] == "钟南山在广州"


def test_fast_is_the_crf_and_finds_the_same_people(runner, tagger):
    text = "世卫组织总干事谭德塞感叹。"
    fast = runner.invoke(main, ["ner", "-", "--fast"], input=text)
    default = runner.invoke(main, ["ner", "-"], input=text)
    assert fast.exit_code == default.exit_code == 0
    person = {"start": 7, "end": 10, "label": "PER", "text": "谭德塞"}
    assert person in json.loads(fast.output)["mentions"]
    assert person in json.loads(default.output)["mentions"]


def test_eval_fine_layer_on_cluener(runner, tmp_path, tagger):
    import gzip

    path = tmp_path / "c.jsonl.gz"
    record = {"text": "国务院总理李克强在北京会见阿里巴巴集团董事局主席",
              "label": {"government": {"国务院": [[0, 2]]}, "position": {"总理": [[3, 4]]},
                        "name": {"李克强": [[5, 7]]}, "address": {"北京": [[9, 10]]},
                        "company": {"阿里巴巴集团": [[13, 18]]}}}
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = runner.invoke(main, ["ner", "--eval", str(path), "--layer", "fine"])
    assert result.exit_code == 0, result.output
    labels = {line.split()[0] for line in result.output.splitlines()[1:]}
    assert {"GOV", "PER", "micro"} <= labels
    assert "TITLE" in labels or "COMPANY" in labels


def test_lac_context_is_for_networks_only(runner, tiny_bio, tmp_path):
    result = runner.invoke(main, ["train", "ner", "--lac-context", "--train", str(tiny_bio),
                                  "-o", str(tmp_path / "m.crfsuite")])
    assert result.exit_code == 2 and "--lac-context and --lac-finetune are for --neural" in result.output
    assert not (tmp_path / "m.crfsuite").exists()


@pytest.mark.parametrize("fast", [False, True])
def test_train_relabel_writes_the_taggers_base_spans(runner, tiny_bio, tmp_path, fast):
    from kg.ner.bio import read_bio, spans_from_tags

    out = tmp_path / "relabelled.bio.gz"
    result = runner.invoke(main, ["train", "relabel", "--text", str(tiny_bio), "-o", str(out),
                                  *(["--fast"] if fast else [])])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["sentences"] == 4 and summary["chars"] == 62
    got = list(read_bio(out))
    assert [text for text, _ in got] == [text for text, _ in read_bio(tiny_bio)]
    first, second = (spans_from_tags(tags) for _, tags in got[:2])
    # only PER/ORG/LOC: the fast network's GOV 国务院 counts as ORG, its TITLE 副总理 is left out
    assert (0, 3, "ORG") in first and (6, 9, "PER") in first and (18, 20, "LOC") in first
    assert {label for _, tags in got for *_, label in spans_from_tags(tags)} <= {"PER", "ORG", "LOC"}
    assert (7, 10, "PER") in second and (11, 14, "LOC") in second
    again = tmp_path / "again.bio.gz"
    runner.invoke(main, ["train", "relabel", "--text", str(tiny_bio), "-o", str(again),
                         *(["--fast"] if fast else [])])
    assert again.read_bytes() == out.read_bytes()


def test_train_relabel_part_and_errors(runner, tiny_cluener, tmp_path):
    out = tmp_path / "r.bio"
    # the one record of tiny_cluener is in CLUENER's 90% training part
    result = runner.invoke(main, ["train", "relabel", "--text", str(tiny_cluener), "--part", "train",
                                  "--fast", "-o", str(out)])
    assert result.exit_code == 0 and json.loads(result.output)["sentences"] == 1
    result = runner.invoke(main, ["train", "relabel", "--text", str(tiny_cluener), "--part", "heldout",
                                  "--fast", "-o", str(tmp_path / "none.bio")])
    assert result.exit_code == 1 and "no sentences to tag in part 'heldout'" in result.output
    assert not (tmp_path / "none.bio").exists()
    result = runner.invoke(main, ["train", "relabel", "--text", str(tmp_path / "missing.bio"),
                                  "-o", str(tmp_path / "x.bio")])
    assert result.exit_code == 1 and "does not exist" in result.output
    result = runner.invoke(main, ["train", "relabel", "--text", str(tiny_cluener), "--fast",
                                  "-o", str(tmp_path / "new-folder" / "x.bio")])
    assert result.exit_code == 0 and (tmp_path / "new-folder" / "x.bio").is_file()  # as every kg output
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["train", "relabel", "--text", str(tiny_cluener), "--fast",
                                  "-o", str(tmp_path / "a-file" / "x.bio")])
    assert result.exit_code == 1 and "Traceback" not in result.output and len(result.output.splitlines()) == 1
    assert "a-file" in result.output


@pytest.mark.training
def test_train_ner_extra_data(runner, tiny_bio, tmp_path):
    """--extra adds all of a BIO file to the training data, CRF or network."""
    extra = tmp_path / "extra.bio"
    extra.write_text("".join(f"{c}\t{t}\n" for c, t in zip("李兰娟在杭州", ["B-PER", "I-PER", "I-PER", "O", "B-LOC", "I-LOC"])) + "\n",
                     encoding="utf-8")
    result = runner.invoke(main, ["train", "ner", "--train", str(tiny_bio), "--extra", str(extra),
                                  "-o", str(tmp_path / "m.crfsuite"), "--iterations", "20", "--minfreq", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["sentences"] == 5
    pytest.importorskip("torch")
    result = runner.invoke(main, ["train", "ner", "--neural", "--arch", "cnn", "--lean", "--hidden", "8",
                                  "--bigram-dim", "4", "--epochs", "1",
                                  "--train", str(tiny_bio), "--extra", str(extra), "--extra", str(extra),
                                  "-o", str(tmp_path / "m.onnx")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    # tiny_bio has no held-out sentence: 4 of its own and the extra one twice
    assert summary["sentences"] == 6
    # a lean convolutional network gives its states too: what the fast readers read
    from kg.ner.neural import NeuralModel

    network = NeuralModel(tmp_path / "m.onnx")
    assert network.state_width == 8
    assert network.states_many(["李兰娟在杭州"])[0].shape == (6, 8)
    result = runner.invoke(main, ["train", "ner", "--patience", "2", "--train", str(tiny_bio),
                                  "-o", str(tmp_path / "x.crfsuite")])
    assert result.exit_code == 2 and "are for --neural" in result.output
