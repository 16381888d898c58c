"""Shared output options: ``--format table|csv|tsv|json`` as one decorator.

Tables align CJK text by display width (East Asian wide characters take two
columns).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import click

__all__ = ["format_option", "render", "display_width"]


def format_option(choices=("table", "csv", "tsv", "json"), default="table"):
    """The ``--format`` option shared by listing commands."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
        help="Output format.",
    )


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


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
    widths = [max([display_width(c)] + [display_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)
