"""Documents after the per-document stages, kept beside a store by content hash.

``kg build --store DIR`` keeps each document as it leaves the stages that run
before cross-document resolution (NER and the rest, the expensive part) in
``DIR/kg-documents/``.  A later build into the same store reads them back to
re-resolve entities over every document in the store without re-reading the
old articles, and a build that was killed resumes where it stopped.  The key
of a document is its :func:`content_hash`: the text, document id, date and
build options (tagger, extractors, alias rules, kg version), so a change to
any of them recomputes it.  The files are pickles of kg's own data model:
a store directory is as trusted as the code that reads it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import shutil
from pathlib import Path

from kg.errors import BuildError
from kg.io import atomic_write
from kg.model import Document

__all__ = ["DocumentCache", "content_hash", "CACHE_DIRECTORY"]

#: The cache's directory inside a store directory.
CACHE_DIRECTORY = "kg-documents"


def content_hash(options_key: str, doc_id: str, date: str | None, text: str) -> str:
    """What a document's extraction depends on, as 32 hex digits."""
    digest = hashlib.sha256()
    for part in (options_key, doc_id, date or "", text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class DocumentCache:
    """One directory per set of build options; one gzip'd pickle per document."""

    def __init__(self, store_dir: str | os.PathLike, options_key: str):
        self.root = Path(store_dir) / CACHE_DIRECTORY
        self.path = self.root / options_key
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(f"{self.path}: cannot create the document cache ({exc}); "
                             f"check that the store directory is writable") from exc

    def _file(self, key: str) -> Path:
        return self.path / key[:2] / f"{key}.pickle.gz"

    def __contains__(self, key: str) -> bool:
        return self._file(key).is_file()

    def get(self, key: str) -> Document | None:
        """The cached document, or None (missing or unreadable: it is recomputed)."""
        try:
            with gzip.open(self._file(key), "rb") as handle:
                doc = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        return doc if isinstance(doc, Document) else None

    def put(self, key: str, doc: Document) -> None:
        """Store ``doc`` atomically (a killed build leaves the old file or none)."""
        with atomic_write(self._file(key), "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as handle:
            pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def prune(self, keep: set[str]) -> int:
        """Delete cached documents not in ``keep`` and other options' caches; the number deleted."""
        removed = 0
        for other in self.root.iterdir():
            if other.is_dir() and other != self.path:
                shutil.rmtree(other, ignore_errors=True)
        for file in self.path.glob("*/*.pickle.gz"):
            if file.name.split(".", 1)[0] not in keep:
                file.unlink(missing_ok=True)
                removed += 1
        return removed
