import pytest

from kg.errors import InputError
from kg.io import atomic_write, collect_inputs, read_input, slug


def test_read_input_gives_text_and_stable_id(tmp_path):
    path = tmp_path / "新闻 一.txt"
    path.write_text("武汉封城。\r\n次日。", encoding="utf-8")
    item = read_input(str(path))
    assert item.text == "武汉封城。\n次日。"
    assert item.doc_id == slug("新闻 一") == "新闻-一"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("武汉".encode("gb18030"), "not UTF-8"),
    ],
)
def test_bad_inputs_have_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_input(str(path))
    assert message in str(err.value) and "bad.txt" in str(err.value)
    assert "\n" not in str(err.value)


def test_collect_inputs_expands_directories_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("乙。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    assert [p.rsplit("/", 1)[1] for p in collect_inputs([str(tmp_path)])] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="no such file"):
        collect_inputs([str(tmp_path / "missing.txt")])


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.ttl"
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write("partial")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with atomic_write(target) as handle:
        handle.write("完整")
    assert target.read_text(encoding="utf-8") == "完整"
