"""Shared output options: ``--format table|csv|tsv|json`` as one decorator.

Tables come from :func:`kg.tables.table`, which aligns CJK text by display
width (East Asian wide characters take two columns).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time

import click

from kg.tables import display_width, table
from kg.text.clean import csv_cell

__all__ = ["format_option", "render", "display_width", "progress", "BuildBar"]


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
        for r in rows:  # numbers stay; text cells cannot start a formula (OWASP)
            writer.writerow([csv_cell(v if isinstance(v, (int, float)) else _cell(v))
                             for v in (r.get(c) for c in columns)])
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


class BuildBar:
    """One progress line for a build on stderr: a bar, documents done, documents/s
    and an ETA.  ``update(done, total)`` takes document passes (a document passes
    once through each per-document segment of the pipeline).  On a terminal the
    line is redrawn at most every 0.2 s; elsewhere (a log) a line is printed every 10%."""

    def __init__(self, documents: int, stream=None, width: int = 24):
        self.documents = documents
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.last_tenth = -1
        self.terminal = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.line = ""

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        share = done / total if total else 1.0
        tenth = int(share * 10)
        if self.terminal and now - self.last_draw < 0.2 and done < total:
            return
        if not self.terminal and tenth == self.last_tenth and done < total:
            return
        self.last_draw, self.last_tenth = now, tenth
        self.line = self.render(done, total, now - self.started)
        if self.terminal:
            self.stream.write("\r" + self.line)
        else:
            self.stream.write(self.line + "\n")
        self.stream.flush()

    def render(self, done: int, total: int, elapsed: float) -> str:
        share = done / total if total else 1.0
        filled = int(round(share * self.width))
        documents = share * self.documents
        rate = documents / elapsed if elapsed > 0 else 0.0
        eta = (elapsed / share - elapsed) if share > 0 else 0.0
        return (f"Building [{'#' * filled}{'-' * (self.width - filled)}] {share:4.0%}  "
                f"{documents:,.0f}/{self.documents:,} documents  {rate:,.1f} docs/s  "
                f"ETA {_clock(eta)}")

    def close(self) -> None:
        if self.terminal and self.line:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
