"""Packaged data files (lexicons, patterns, trigger words, models).

Everything is loaded with :mod:`importlib.resources`, once, and validated on
load; a bad file raises :class:`kg.errors.ResourceError` naming it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import ResourceError

__all__ = ["data_path", "read_text", "load_lines", "load_json", "load_tsv"]


def data_path(*parts: str) -> Path:
    """The filesystem path of a packaged file under ``kg/data``."""
    ref = resources.files("kg").joinpath("data", *parts)
    return Path(str(ref))


def read_text(*parts: str) -> str:
    path = data_path(*parts)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(
            f"packaged data file {'/'.join(parts)} is missing; reinstall kg"
        ) from exc


@lru_cache(maxsize=None)
def load_lines(*parts: str) -> tuple[str, ...]:
    """Non-empty, non-comment (``#``) lines of a packaged text file, stripped."""
    out = []
    for line in read_text(*parts).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def load_tsv(*parts: str, columns: int = 2) -> tuple[tuple[str, ...], ...]:
    """Rows of a packaged TSV file (``#`` comments allowed), each ``columns`` wide."""
    rows = []
    for number, line in enumerate(read_text(*parts).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) != columns:
            raise ResourceError(
                f"{'/'.join(parts)} line {number}: expected {columns} tab-separated "
                f"columns, found {len(cells)}; fix the line"
            )
        rows.append(cells)
    return tuple(rows)


@lru_cache(maxsize=None)
def load_json(*parts: str):
    try:
        return json.loads(read_text(*parts))
    except json.JSONDecodeError as exc:
        raise ResourceError(
            f"{'/'.join(parts)} is not valid JSON (line {exc.lineno}): {exc.msg}"
        ) from exc
