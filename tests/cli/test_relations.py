"""`kg relations` through CliRunner: articles, and --eval on a tiny DuIE file written here."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def spo(predicate, subject, obj):
    return {"predicate": predicate, "subject": subject, "object": {"@value": obj},
            "subject_type": "企业", "object_type": {"@value": "人物"}}


ROWS = [
    {"text": "据介绍，星河乳业创始人赵立群曾在内蒙古工作多年。", "spo_list": [spo("创始人", "星河乳业", "赵立群")]},
    {"text": "法国球星德尚加盟了俱乐部。", "spo_list": [spo("国籍", "德尚", "法国")]},
    {"text": "华锐风电成立于2006年，总部设在北京。", "spo_list": [
        spo("成立日期", "华锐风电", "2006年"), spo("总部地点", "华锐风电", "北京")]},
    {"text": "歌手林静演唱了《海风》。", "spo_list": [spo("歌手", "海风", "林静"), spo("国籍", "林静", "中国")]},
]


@pytest.fixture()
def duie_file(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    return path


def test_eval_prints_scores_by_predicate(duie_file):
    result = run("relations", "--eval", str(duie_file), "-q")
    assert result.exit_code == 0, result.output
    rows = {line.split("\t")[0].strip(): line.split("\t")[1].split() for line in result.output.splitlines()[2:]}
    assert rows["创始人"][:3] == ["1.0000", "1.0000", "1.0000"]
    assert rows["总部地点"][:3] == ["1.0000", "1.0000", "1.0000"]
    assert rows["成立日期"][:3] == ["1.0000", "1.0000", "1.0000"]
    assert rows["国籍"][1] == "0.5000"  # 林静's nationality is not stated: missed
    assert "歌手" not in rows  # predicates kg does not answer are not scored


def test_eval_json(duie_file):
    result = run("relations", "--eval", str(duie_file), "-q", "--format", "json")
    scores = json.loads(result.output)
    assert scores["by_predicate"]["国籍"]["support"] == 2
    assert scores["overall"]["tp"] == 4 and scores["overall"]["fp"] == 0


def test_eval_errors_are_one_line(tmp_path, duie_file):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "spo_list": []}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["relations", "--eval", str(bad), "-q"])
    assert result.exit_code != 0 and "bad.jsonl line 2 is not JSON" in result.output
    result = CliRunner().invoke(main, ["relations", "a.txt", "--eval", str(duie_file)])
    assert result.exit_code != 0 and "not both" in result.output
    result = CliRunner().invoke(main, ["relations"])
    assert result.exit_code != 0 and "no input" in result.output


def test_relations_of_an_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("远航物流是顺通集团旗下的全资子公司。排球名将李婷与丈夫王刚出席了颁奖典礼。", encoding="utf-8")
    result = run("relations", str(path), "--format", "json")
    rows = json.loads(result.output)
    got = {(r["relation"], r["subject"], r["object"]) for r in rows}
    assert ("subOrganizationOf", "远航物流", "顺通集团") in got
    assert ("spouse", "李婷", "王刚") in got and ("spouse", "王刚", "李婷") in got
    assert all(r["sentence"] for r in rows)
