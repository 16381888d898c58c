import os
import stat

import pytest

from kg.errors import GraphError, InputError
from kg.io import atomic_write, collect_inputs, read_input, read_inputs, slug


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


def test_atomic_write_keeps_an_existing_files_permissions(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    with atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_atomic_write_gives_a_new_file_the_users_umask(tmp_path):
    old = os.umask(0o027)
    try:
        with atomic_write(tmp_path / "new.ttl") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.ttl").stat().st_mode) == 0o640


def test_atomic_write_writes_through_a_symlink(tmp_path):
    real = tmp_path / "data" / "graph.ttl"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "graph.ttl"
    link.symlink_to(real)
    with atomic_write(link) as handle:
        handle.write("new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data", "graph.ttl", "graph.ttl"]


def test_atomic_write_fsyncs_before_the_rename(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b)))
    with atomic_write(tmp_path / "out.ttl") as handle:
        handle.write("x")
    assert calls[:2] == ["fsync", "replace"]


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit, OSError])
def test_atomic_write_removes_its_temp_file_on_every_exit(tmp_path, exc):
    with pytest.raises(exc):
        with atomic_write(tmp_path / "out.ttl", "wb") as handle:
            handle.write(b"partial")
            raise exc()
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_errors_are_one_line(tmp_path):
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(GraphError, match="dir.ttl: cannot write") as err:
        with atomic_write(tmp_path / "dir.ttl") as handle:
            handle.write("x")
    assert "\n" not in str(err.value)


TRADITIONAL = "國務院總理李強在北京會見了新加坡總理黃循財。雙方就經濟合作交換意見。"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + (TRADITIONAL + "\r\n第二段。\n").encode(encoding))
    assert read_input(str(path)).text == TRADITIONAL + "\n第二段。\n"


def test_utf16_with_a_bad_body_names_utf16(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(b"\xff\xfe" + "武汉".encode("utf-16-le") + b"\x00\xdc")  # a lone low surrogate
    with pytest.raises(InputError, match="UTF-16 byte-order mark.*iconv -f UTF-16 -t UTF-8"):
        read_input(str(path))


def test_big5_gets_a_big5_hint_and_gb18030_keeps_its_own(tmp_path):
    big5, gb = tmp_path / "big5.txt", tmp_path / "gb.txt"
    big5.write_bytes(TRADITIONAL.encode("big5"))
    gb.write_bytes(("武汉封城。" * 5 + TRADITIONAL).encode("gb18030"))
    with pytest.raises(InputError) as err:
        read_input(str(big5))
    assert "reads as BIG5" in str(err.value) and f"iconv -f BIG5 -t UTF-8 {big5}" in str(err.value)
    with pytest.raises(InputError) as err:
        read_input(str(gb))
    assert "reads as GB18030" in str(err.value) and f"iconv -f GB18030 -t UTF-8 {gb}" in str(err.value)


def test_directories_take_suffixes_in_any_case(tmp_path):
    for name in ("a.TXT", "b.Txt", "c.MD", "d.JSONL", "e.txt", "f.TXT.bak"):
        (tmp_path / name).write_text("甲。", encoding="utf-8")
    names = [p.rsplit("/", 1)[1] for p in collect_inputs([str(tmp_path)])]
    assert names == ["a.TXT", "b.Txt", "c.MD", "d.JSONL", "e.txt"]


def test_an_unreadable_file_in_a_directory_is_named_in_one_line(tmp_path, monkeypatch):
    import builtins

    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("乙。", encoding="utf-8")
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    with pytest.raises(InputError, match=r"secret\.txt: permission denied") as err:
        read_inputs(collect_inputs([str(tmp_path)]))
    assert "\n" not in str(err.value)


def test_an_unreadable_folder_in_a_directory_is_named_in_one_line(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def guarded(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    with pytest.raises(InputError, match=r"locked: cannot read this folder") as err:
        collect_inputs([str(tmp_path)])
    assert "\n" not in str(err.value)


def test_symlinks_leaving_an_input_directory_are_not_followed(tmp_path, capsys):
    outside, tree = tmp_path / "outside", tmp_path / "tree"
    (outside / "deep").mkdir(parents=True)
    (tree / "sub").mkdir(parents=True)
    (outside / "private.txt").write_text("外。", encoding="utf-8")
    (outside / "deep" / "more.txt").write_text("外。", encoding="utf-8")
    (tree / "a.txt").write_text("甲。", encoding="utf-8")
    (tree / "leak.txt").symlink_to(outside / "private.txt")
    (tree / "leakdir").symlink_to(outside / "deep")
    (tree / "sub" / "alias.txt").symlink_to(tree / "a.txt")  # inside the tree: followed
    names = [p.rsplit("/", 1)[1] for p in collect_inputs([str(tree)])]
    assert names == ["a.txt", "alias.txt"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "leak.txt skipped" in err and "outside" in err
