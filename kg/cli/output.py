"""Shared output options: ``--format table|csv|tsv|json`` as one decorator.

Tables come from :func:`kg.tables.table`, which aligns CJK text by display
width (East Asian wide characters take two columns).
"""

from __future__ import annotations

import csv
import io
import json

import click

from kg.tables import display_width, table

__all__ = ["format_option", "render", "display_width", "progress"]


def format_option(choices=("table", "csv", "tsv", "json"), default="table"):
    """The ``--format`` option shared by listing commands."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
        help="Output format.",
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def render(rows: list[dict], columns: list[str], fmt: str) -> str:
    """``rows`` (dicts keyed by ``columns``) as text in format ``fmt``."""
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    return table(columns, cells)[:-1]  # without the final newline: click.echo adds one


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def progress(length: int, show: bool, label: str = "Extracting"):
    """A progress bar on stderr over ``length`` items, or (``show`` false) one that
    draws nothing; either is a context manager with ``update(n)``."""
    import sys

    return click.progressbar(length=length, label=label, file=sys.stderr) if show else _NoProgress()
