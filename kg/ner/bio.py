"""Reading character-per-line BIO files and turning tag sequences into spans.

A BIO file has one ``char<TAB>TAG`` line per character and a blank line
between sentences (the MSRA bakeoff format); ``.gz`` files are read as gzip.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator

from kg.errors import InputError

__all__ = ["read_bio", "write_bio", "fits_bio", "spans_from_tags", "tags_from_spans", "to_bioes"]


def _open(path: str | Path):
    path = Path(path)
    if not path.is_file():
        raise InputError(f"BIO file {str(path)!r} does not exist; give a path to a char<TAB>TAG file")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def read_bio(path: str | Path) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(text, tags)`` per sentence of a BIO file (one tag per char).

    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".bio", delete=False, encoding="utf-8")
    >>> _ = f.write("王\\tB-PER\\n辰\\tI-PER\\n说\\tO\\n\\n")
    >>> f.close(); list(read_bio(f.name)); os.unlink(f.name)
    [('王辰说', ['B-PER', 'I-PER', 'O'])]
    """
    chars: list[str] = []
    tags: list[str] = []
    try:
        with _open(path) as fh:
            for number, line in enumerate(fh, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    if chars:
                        yield "".join(chars), tags
                        chars, tags = [], []
                    continue
                parts = line.split("\t")
                if len(parts) != 2 or len(parts[0]) != 1:
                    # tolerate space-separated files ("王 B-PER")
                    parts = line.rsplit(None, 1) if len(line) > 2 else parts
                    if len(parts) != 2 or len(parts[0]) != 1:
                        raise InputError(
                            f"{path} line {number}: expected 'char<TAB>TAG', found {line!r}; "
                            "fix the line or convert the file to one character per line"
                        )
                chars.append(parts[0])
                tags.append(parts[1])
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text; convert it with iconv -t utf-8") from exc
    except (OSError, EOFError) as exc:
        raise InputError(f"{path} cannot be read ({exc}); check the file") from exc
    if chars:
        yield "".join(chars), tags


def fits_bio(text: str) -> bool:
    """Whether ``text`` can be written one character per line: no tab, no line break."""
    return not any(c in text for c in "\t\n\r")


def write_bio(path: str | Path, examples) -> int:
    """Write ``(text, tags)`` sentences as a BIO file (gzip if ``path`` ends in
    ``.gz``) through a temporary file, so a failed run leaves no half file.
    Returns the number of sentences written.

    A character per line cannot be a tab or a line break: a sentence with one
    raises :class:`InputError`.
    """
    from kg.io import atomic_write

    path = Path(path)
    count = 0
    try:
        with atomic_write(path, "wb") as binary:
            # no name or time in the gzip header: the same sentences give the same bytes
            packed = gzip.GzipFile(filename="", mode="wb", fileobj=binary, mtime=0) if path.suffix == ".gz" else None
            sink = packed or binary
            try:
                for text, tags in examples:
                    if not fits_bio(text):
                        raise InputError(f"a sentence for {path} has a tab or line break; "
                                         "split or clean the text first")
                    sink.write(("".join(f"{c}\t{t}\n" for c, t in zip(text, tags)) + "\n").encode("utf-8"))
                    count += 1
            finally:
                if packed is not None:
                    packed.close()  # the gzip trailer; atomic_write closes the file
    except OSError as exc:
        raise InputError(f"cannot write {path} ({exc.strerror or exc}); check that its folder "
                         "exists and can be written") from exc
    return count


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` spans of a BIO (or BIOES) tag sequence.

    An ``I-X`` that does not continue an ``X`` span starts a new one.

    >>> spans_from_tags(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'ORG')]
    """
    spans = []
    start, label = None, None
    for i, tag in enumerate(tags):
        if tag == "O":  # most characters: end the open span, if any
            if start is not None:
                spans.append((start, i, label))
                start, label = None, None
            continue
        prefix, _, kind = tag.partition("-")
        if prefix in ("I", "M", "E") and label == kind and start is not None:
            if prefix == "E":
                spans.append((start, i + 1, label))
                start, label = None, None
            continue
        if start is not None:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I", "M", "E"):
            start, label = i, kind
            if prefix == "E":
                spans.append((start, i + 1, label))
                start, label = None, None
        elif prefix == "S":
            spans.append((i, i + 1, kind))
    if start is not None:
        spans.append((start, len(tags), label))
    return spans


def tags_from_spans(length: int, spans) -> list[str]:
    """BIO tags for ``length`` characters from ``(start, end, label)`` spans."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


def to_bioes(tags: list[str]) -> list[str]:
    """The same spans in BIOES tags (single-char spans S-, last char E-).

    >>> to_bioes(["B-PER", "I-PER", "I-PER", "O", "B-LOC"])
    ['B-PER', 'I-PER', 'E-PER', 'O', 'S-LOC']
    """
    out = ["O"] * len(tags)
    for start, end, label in spans_from_tags(tags):
        if end - start == 1:
            out[start] = "S-" + label
        else:
            out[start] = "B-" + label
            for i in range(start + 1, end - 1):
                out[i] = "I-" + label
            out[end - 1] = "E-" + label
    return out
