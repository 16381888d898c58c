"""Reading article inputs and writing output files atomically.

Inputs are files, directories (their ``*.txt``, ``*.md`` and JSON Lines files
in any case, sorted; symbolic links leaving the directory are skipped),
``-`` for standard input, or JSON Lines files (``.jsonl``, ``.jsonl.gz``) with
one article per line: ``{"id": ..., "text": ..., "date": "YYYY-MM-DD"}`` (``id``
and ``date`` optional; other keys ignored).  Each article must be non-empty
UTF-8 text.  Outputs are written to a
temporary file beside the target and renamed into place, so a failed run
never leaves a half-written file.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.encodings import decode as _decode, has_wide_bom
from kg.errors import GraphError, InputError

__all__ = ["InputText", "collect_inputs", "read_input", "read_inputs", "is_json_lines", "atomic_write",
           "slug", "check_unicode", "DATE_PATTERN", "MAX_CHARS"]

#: Longest article read by default (characters; ``kg build --max-chars``).
MAX_CHARS = 2_000_000
#: Bytes read at a time; the first block decides whether an input is binary.
_BLOCK = 1 << 16
TEXT_SUFFIXES = (".txt", ".md")
JSON_LINES_SUFFIXES = (".jsonl", ".jsonl.gz")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class InputText:
    """One article: where it came from, a stable document id and its text."""

    source: str
    doc_id: str
    text: str
    date: str | None = None


def slug(name: str) -> str:
    """A readable IRI-safe identifier for a file name (CJK kept)."""
    stem = unicodedata.normalize("NFC", name)
    stem = re.sub(r"[^\w\-.\u3400-\u9fff]+", "-", stem).strip("-.")
    return stem or "doc"


def collect_inputs(paths: list[str]) -> list[str]:
    """Expand directories into their text files; keep ``-`` as stdin."""
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _directory_files(raw)
            if not files:
                raise InputError(
                    f"{raw}: directory has no .txt, .md or .jsonl files; point kg at article files"
                )
            out.extend(files)
        elif path.exists():
            out.append(raw)
        else:
            raise InputError(f"{raw}: no such file or directory; check the path")
    return out


def _is_article_file(name: str) -> bool:
    """Whether a file name is one a directory input reads (suffixes in any case: ``.TXT``, ``.Md``)."""
    return name.lower().endswith(TEXT_SUFFIXES) or is_json_lines(name)


def _directory_files(root: str) -> list[str]:
    """The article files under directory ``root``, sorted.  An unreadable folder is
    an error naming it.  Symbolic links are followed only to files inside
    ``root`` (links to directories never, so nothing is read twice); a link
    leaving the tree is skipped with one warning line on stderr."""
    def unreadable(exc: OSError) -> None:
        raise InputError(f"{exc.filename}: cannot read this folder of {root} ({exc.strerror}); "
                         f"make it readable or move it out of the input directory")

    top = os.path.realpath(root)
    files = []
    for folder, _dirs, names in os.walk(root, onerror=unreadable):
        for name in names:
            path = os.path.join(folder, name)
            if not _is_article_file(name):
                continue
            if os.path.islink(path):
                target = os.path.realpath(path)
                if os.path.commonpath([top, target]) != top:
                    print(f"warning: {path} skipped: a symbolic link to {target}, outside {root}",
                          file=sys.stderr)
                    continue
            if os.path.isfile(path):
                files.append(Path(path))
    return [str(p) for p in sorted(files)]


def _too_long(source: str, size: str, max_chars: int) -> InputError:
    return InputError(f"{source}: {size} characters, over the limit of {max_chars:,}; split the article "
                      f"into smaller files or raise --max-chars")


def _read_bounded(source: str, handle, max_chars: int) -> bytes:
    """The bytes of ``handle``, read in blocks: stops at once on a NUL in the
    first block (a binary file, ``/dev/zero``) and as soon as there are more
    bytes than ``max_chars`` characters can take in UTF-8, so no input, however
    large or endless, is read whole."""
    limit = 4 * max_chars + 4  # a BOM, then at most four bytes per character
    blocks, total = [], 0
    while True:
        block = handle.read(_BLOCK)
        if not block:
            return b"".join(blocks)
        if not blocks and b"\x00" in block and not has_wide_bom(block):
            raise InputError(f"{source}: looks like a binary file, not text; give a UTF-8 .txt article")
        blocks.append(block)
        total += len(block)
        if total > limit:
            raise _too_long(source, f"more than {max_chars:,}", max_chars)


def _checked_length(source: str, text: str, max_chars: int) -> str:
    if len(text) > max_chars:
        raise _too_long(source, f"{len(text):,}", max_chars)
    return text


def read_input(source: str, max_chars: int = MAX_CHARS) -> InputText:
    """Read one input (a path or ``-``) as UTF-8 text with a stable document id;
    an article longer than ``max_chars`` characters is refused."""
    if source == "-":
        data = _read_bounded("<stdin>", sys.stdin.buffer, max_chars)
        text = _checked_length("<stdin>", _decode("<stdin>", data), max_chars)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        return InputText("<stdin>", f"stdin-{digest}", text)
    try:
        with open(source, "rb") as handle:
            data = _read_bounded(source, handle, max_chars)
    except FileNotFoundError as exc:
        raise InputError(f"{source}: no such file; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{source}: is a directory; pass its files or the directory alone") from exc
    except PermissionError as exc:
        raise InputError(f"{source}: permission denied; make the file readable") from exc
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc}); check the file") from exc
    text = _checked_length(source, _decode(source, data), max_chars)
    return InputText(source, slug(Path(source).stem), text)


def is_json_lines(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a JSON Lines file of articles (by its extension)."""
    return str(path).lower().endswith(JSON_LINES_SUFFIXES)


def read_json_lines(source: str, max_chars: int = MAX_CHARS) -> list[InputText]:
    """The articles of a JSON Lines file, one per line, each checked (none
    longer than ``max_chars`` characters)."""
    opener = gzip.open if source.lower().endswith(".gz") else open
    items = []
    try:
        with opener(source, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    item = _json_article(source, number, line)
                    _checked_length(item.source, item.text, max_chars)
                    items.append(item)
    except FileNotFoundError as exc:
        raise InputError(f"{source}: no such file; check the path") from exc
    except PermissionError as exc:
        raise InputError(f"{source}: permission denied; make the file readable") from exc
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise InputError(f"{source}: cannot read as UTF-8 JSON Lines ({exc}); give one JSON object "
                         f"per line, gzip-compressed only if the name ends in .gz") from exc
    if not items:
        raise InputError(f"{source}: no articles; give one JSON object per line with a \"text\" key")
    return items


def _json_article(source: str, number: int, line: str) -> InputText:
    where = f"{source}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg}); give one JSON object per line") from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f'{where}: no "text" string; give {{"id": ..., "text": ..., "date": ...}} per line')
    text = record["text"].replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f'{where}: "text" is empty; remove the line or give the article\'s text')
    if "\x00" in text:
        raise InputError(f'{where}: "text" holds NUL characters; give plain text')
    check_unicode(f'{where}: "text"', text)
    date = record.get("date")
    if date is not None and not (isinstance(date, str) and DATE_PATTERN.match(date[:10])):
        raise InputError(f'{where}: "date" {date!r} is not YYYY-MM-DD; fix or drop it')
    doc_id = record.get("id")
    stem = Path(source).name.split(".")[0]
    doc_id = slug(str(doc_id)) if doc_id not in (None, "") else f"{slug(stem)}-{number}"
    return InputText(where, doc_id, text, date[:10] if date else None)


def check_unicode(what: str, text: str) -> None:
    """Refuse ``text`` holding a lone surrogate (``\\ud800``, from a JSON escape
    or a bad decode): it cannot be written as UTF-8."""
    found = _SURROGATE.search(text)
    if found:
        raise InputError(f"{what} holds a lone surrogate (U+{ord(found.group()):04X}) at offset "
                         f"{found.start()}; give valid Unicode (decode with errors='replace')")


def read_inputs(sources: list[str], max_chars: int = MAX_CHARS) -> list[InputText]:
    """Every article of ``sources`` (paths from :func:`collect_inputs` or ``-``),
    read and checked; ``max_chars``: the longest article accepted."""
    items: list[InputText] = []
    for source in sources:
        if source != "-" and is_json_lines(source):
            items.extend(read_json_lines(source, max_chars))
        else:
            items.append(read_input(source, max_chars))
    return items


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w") -> Iterator:
    """Open a temporary file beside ``path``; on success fsync it and rename it into place.

    A symlink at ``path`` is written through: its target gets the new content
    and the link stays.  The file keeps an existing file's permissions; a new
    one gets the user's umask (0666 & ~umask).  The temporary file is removed
    on every exit path (an error, Ctrl-C)."""
    target = Path(os.path.realpath(path))
    kwargs = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
    with _write_errors(path):
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        permissions = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            with _write_errors(path):
                handle.flush()
                os.fchmod(handle.fileno(), permissions)
                os.fsync(handle.fileno())
        with _write_errors(path):
            os.replace(tmp, target)
        tmp = None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


@contextmanager
def _write_errors(path) -> Iterator[None]:
    """An OSError while writing ``path`` as one line."""
    try:
        yield
    except OSError as exc:
        raise GraphError(f"{path}: cannot write ({exc.strerror or exc}); check the path, its "
                         f"permissions and the free space") from exc


def _umask() -> int:
    """The process's umask (read from /proc where it can be, to leave it untouched)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
