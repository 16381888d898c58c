"""Inputs that would never end or are too long (issue 23, item 5): refused at
once with one line naming the input and the fix, no output written."""

from __future__ import annotations

import io
import json
import os

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import InputError
from kg.io import MAX_CHARS, _read_bounded


@pytest.fixture
def runner():
    return CliRunner()


class Endless(io.RawIOBase):
    """A stream that never ends (like ``yes 中文 |``), counting what is read."""

    def __init__(self, chunk: bytes):
        self.chunk, self.given = chunk, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = len(buffer)
        data = (self.chunk * (n // len(self.chunk) + 1))[:n]
        buffer[:n] = data
        self.given += n
        return n


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_stops_at_once(runner, tmp_path):
    out = tmp_path / "g.nq"
    result = runner.invoke(main, ["build", "/dev/zero", "-o", str(out)])
    assert result.exit_code == 1 and "/dev/zero: looks like a binary file" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()


def test_an_endless_stream_is_read_only_up_to_the_limit():
    stream = Endless("中文，".encode())
    with pytest.raises(InputError, match="over the limit of 1,000; split the article"):
        _read_bounded("<stdin>", io.BufferedReader(stream), 1000)
    assert stream.given < 4 * 1000 + (1 << 17)


def test_endless_stdin_is_refused(runner, tmp_path, monkeypatch):
    out = tmp_path / "g.nq"
    result = runner.invoke(main, ["build", "-", "--max-chars", "5000", "-o", str(out)],
                           input=io.BufferedReader(Endless("地震造成12人遇难。\n".encode())))
    assert result.exit_code == 1, result.output
    assert "<stdin>: more than 5,000 characters, over the limit of 5,000" in result.output
    assert "--max-chars" in result.output and not out.exists()


def test_a_long_article_is_refused_and_a_shorter_limit_is_the_users(runner, tmp_path):
    article = tmp_path / "long.txt"
    sentence = "曼城队在英超联赛中以3比1战胜阿森纳队。\n"
    article.write_text(sentence * 300, encoding="utf-8")  # 6,300 characters
    out = tmp_path / "g.nq"
    result = runner.invoke(main, ["build", str(article), "--max-chars", "6000", "-o", str(out)])
    assert result.exit_code == 1 and f"{article}: 6,300 characters, over the limit of 6,000" in result.output
    assert not out.exists()
    result = runner.invoke(main, ["build", str(article), "--max-chars", "6300", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert MAX_CHARS == 2_000_000


def test_json_lines_articles_are_held_to_the_limit(runner, tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [{"id": "a", "text": "法院判处被告人有期徒刑十年。"}, {"id": "b", "text": "公司宣布裁员。" * 200}]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = runner.invoke(main, ["build", str(path), "--max-chars", "1000", "-o", str(tmp_path / "g.nq")])
    assert result.exit_code == 1 and f"{path}:2: 1,400 characters, over the limit of 1,000" in result.output
    with pytest.raises(InputError, match="over the limit"):
        kg.build(path, max_chars=1000)


def test_json_escapes_cannot_smuggle_lone_surrogates(runner, tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "李\\ud800强在北京会见外宾。"}\n', encoding="utf-8")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "g.nq")])
    assert result.exit_code == 1 and "lone surrogate (U+D800)" in result.output
    assert len(result.output.strip().splitlines()) == 1
