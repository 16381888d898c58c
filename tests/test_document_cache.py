"""The store's document cache: by content hash, atomic, pruned, corrupt files recomputed."""

from kg.document_cache import CACHE_DIRECTORY, DocumentCache, content_hash
from kg.model import Document, Sentence


def test_content_hash_changes_with_every_input():
    base = content_hash("opts", "doc", "2024-01-08", "北京下雪。")
    assert len(base) == 32
    assert base == content_hash("opts", "doc", "2024-01-08", "北京下雪。")
    for changed in (("opts2", "doc", "2024-01-08", "北京下雪。"), ("opts", "doc2", "2024-01-08", "北京下雪。"),
                    ("opts", "doc", None, "北京下雪。"), ("opts", "doc", "2024-01-08", "北京下雨。")):
        assert content_hash(*changed) != base


def test_put_get_prune(tmp_path):
    cache = DocumentCache(tmp_path, "opts")
    doc = Document(id="a", text="北京下雪。", sentences=(Sentence(0, 5),), meta={"k": 1})
    assert cache.get("ab" * 16) is None
    cache.put("ab" * 16, doc)
    assert "ab" * 16 in cache and cache.get("ab" * 16) == doc
    cache.put("cd" * 16, doc.with_(id="b"))
    other = DocumentCache(tmp_path, "other-options")
    other.put("ef" * 16, doc)
    assert cache.prune({"ab" * 16}) == 1
    assert "cd" * 16 not in cache and "ab" * 16 in cache
    assert not (tmp_path / CACHE_DIRECTORY / "other-options").exists()  # other options' documents go


def test_a_corrupt_file_reads_as_missing(tmp_path):
    cache = DocumentCache(tmp_path, "opts")
    cache.put("ab" * 16, Document(id="a", text="x"))
    cache._file("ab" * 16).write_bytes(b"not a gzip pickle")
    assert cache.get("ab" * 16) is None
    assert not list(cache.path.glob("*/.*.tmp"))  # no temporary files left
