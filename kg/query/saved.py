"""Saved queries shipped with kg (``ontology/queries/*.rq``).

Each file is a SPARQL query whose first line is a ``# description`` comment;
the file name without ``.rq`` is the name users pass to ``--saved``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError, ResourceError
from kg.resources import data_path

__all__ = ["SavedQuery", "saved_queries", "saved_query", "queries_dir"]


@dataclass(frozen=True)
class SavedQuery:
    """A packaged query: its name, one-line description and SPARQL text."""

    name: str
    description: str
    text: str
    path: Path


def queries_dir() -> Path:
    return data_path("ontology", "queries")


def _read(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.startswith("#"):
        raise ResourceError(
            f"{path}: a saved query must start with a '# description' comment; add one"
        )
    return SavedQuery(path.stem, first.lstrip("#").strip(), text, path)


def saved_queries() -> list[SavedQuery]:
    """Every packaged query, sorted by name."""
    folder = queries_dir()
    if not folder.is_dir():
        raise ResourceError(f"{folder}: saved queries are missing; reinstall kg")
    return [_read(p) for p in sorted(folder.glob("*.rq"))]


def saved_query(name: str) -> SavedQuery:
    """The packaged query called ``name`` (with or without ``.rq``)."""
    stem = name[:-3] if name.endswith(".rq") else name
    path = queries_dir() / f"{stem}.rq"
    if "/" in stem or not path.is_file():
        names = ", ".join(q.name for q in saved_queries())
        raise QueryError(f"no saved query {name!r}; use one of: {names} (see `kg query --list`)")
    return _read(path)
