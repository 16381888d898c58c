"""Annotated NER corpora: char-per-line BIO files (MSRA) and CLUENER JSON
lines (``{"text": .., "label": {"name": {"叶老桂": [[9, 11]]}}}``, end offsets
inclusive), whose labels are mapped to kg's label set; each with its
deterministic held-out split (by the md5 of a sentence's text).  Also
unlabelled news corpora (JSON lines of stories with a ``text`` and no
``label``), split by story (:func:`read_stories`), for pseudo-labelling.

Read by ``kg ner --eval`` (:mod:`kg.ner.evaluate`) and by training.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.ner.bio import read_bio, tags_from_spans

__all__ = ["read_cluener", "cluener_split", "bio_split", "read_examples", "read_stories",
           "is_story_corpus", "story_split", "CLUENER_LABELS"]

#: CLUENER label -> kg label (None: not learned).
CLUENER_LABELS = {
    "name": "PER",
    "company": "COMPANY",
    "government": "GOV",
    "organization": "ORG",
    "position": "TITLE",
    "address": "LOC",
    "scene": "LOC",
    "book": None,
    "game": None,
    "movie": None,
}

def _records(path: str | Path, what: str) -> Iterator[dict]:
    """The JSON objects of a JSON-lines file (``.gz`` ok), each with a ``text``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} file {str(path)!r} does not exist; give a .jsonl(.gz) path")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {number} is not JSON ({exc.msg}); fix the line") from exc
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(f"{path} line {number} has no \"text\" string; fix the line")
            yield record


def read_cluener(path: str | Path) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(text, BIO tags)`` from a CLUENER JSON-lines file (``.gz`` ok)."""
    for record in _records(path, "CLUENER"):
        text = record["text"]
        spans = []
        for kind, entities in record.get("label", {}).items():
            label = CLUENER_LABELS.get(kind)
            if label is None:
                continue
            for places in entities.values():
                for start, end in places:
                    spans.append((start, end + 1, label))
        spans.sort()
        kept, last = [], 0
        for start, end, label in spans:  # drop overlaps, keep the first
            if start >= last:
                kept.append((start, end, label))
                last = end
        yield text, tags_from_spans(len(text), kept)


def cluener_split(text: str, held_out_percent: int = 10) -> bool:
    """True if a CLUENER sentence belongs to the held-out part (by md5 of text)."""
    digest = hashlib.md5(text.encode("utf-8")).digest()
    return digest[0] * 100 // 256 < held_out_percent


def bio_split(text: str, held_out_percent: int = 3) -> bool:
    """True if a BIO sentence belongs to the held-out slice (by md5 of text):
    the slice the network's training stops early on."""
    return hashlib.md5(text.encode("utf-8")).digest()[1] * 100 // 256 < held_out_percent


def story_split(text: str, held_out_percent: int = 5) -> bool:
    """True if a story of a news corpus belongs to its held-out part (by md5 of the story)."""
    return hashlib.md5(text.encode("utf-8")).digest()[2] * 100 // 256 < held_out_percent


def is_story_corpus(path: str | Path) -> bool:
    """True if ``path`` is JSON lines whose first record has a ``text`` and no
    ``label``: unlabelled stories (:func:`read_stories`), not CLUENER."""
    if ".json" not in str(path):
        return False
    for record in _records(path, "JSON lines"):
        return "label" not in record
    return False


def read_stories(path: str | Path, part: str = "all") -> Iterator[str]:
    """The ``text`` of each story of a JSON-lines news corpus (``.gz`` ok);
    ``part`` is all, train or heldout: the deterministic 5% of stories of
    :func:`story_split`, kept apart to measure a student against its teacher."""
    for record in _records(path, "news corpus"):
        text = record["text"]
        if part == "all" or (part == "heldout") == story_split(text):
            yield text


def read_examples(path: str | Path, part: str = "all") -> Iterator[tuple[str, list[str]]]:
    """Sentences of a BIO or CLUENER file; ``part`` is all, train or heldout:
    the deterministic 10% split of :func:`cluener_split` for CLUENER, the 3%
    slice of :func:`bio_split` for BIO."""
    name = str(path)
    if ".json" in name:
        examples, split = read_cluener(path), cluener_split
    else:
        examples, split = read_bio(path), bio_split
    for text, tags in examples:
        if part == "all" or (part == "heldout") == split(text):
            yield text, tags
