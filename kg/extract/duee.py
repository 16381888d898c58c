"""DuEE 1.0 files: reading, the deterministic train/dev split, and scoring.

A DuEE file holds one JSON object per line::

    {"text": "雀巢裁员4000人…", "id": "…", "event_list": [
        {"event_type": "组织关系-裁员", "trigger": "裁员", "trigger_start_index": 2,
         "arguments": [{"role": "裁员方", "argument": "雀巢", "argument_start_index": 0}, …]}]}

Events are compared as what a user reads: a trigger is right when its type,
start and text are; an argument is right when its event type, role and text
are (end to end: arguments of a missed trigger are missed).  The split is by
the MD5 of the sentence, so it never changes with file order: ``dev`` (10%)
is reported and never trained or tuned on, ``stop`` (10%) chooses the epoch
and the settings, ``train`` is the rest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError

__all__ = ["Argument", "EventRecord", "Sentence", "read_duee", "split_of", "score_events",
           "format_event_scores", "PARTS", "json_lines", "prf"]

PARTS = ("all", "train", "stop", "dev")


@dataclass(frozen=True)
class Argument:
    role: str
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class EventRecord:
    event_type: str
    trigger: str
    start: int
    arguments: tuple[Argument, ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.trigger)


@dataclass(frozen=True)
class Sentence:
    text: str
    events: tuple[EventRecord, ...] = field(default=())
    id: str = ""


def split_of(text: str) -> str:
    """``dev``, ``stop`` or ``train``: this sentence's part of the split."""
    bucket = int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16) % 10
    return "dev" if bucket == 0 else "stop" if bucket == 1 else "train"


def _record(path: Path, number: int, raw: dict) -> Sentence:
    where = f"{path} line {number}"
    text = raw.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: no \"text\" string; each line must be a DuEE object "
                         '{"text": ..., "event_list": [...]}')
    events = []
    for ev in raw.get("event_list") or []:
        try:
            trigger, start = ev["trigger"], int(ev["trigger_start_index"])
            args = tuple(Argument(a["role"], int(a["argument_start_index"]), a["argument"])
                         for a in ev.get("arguments") or [])
            events.append(EventRecord(ev["event_type"], trigger, start, args))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{where}: an event lacks {exc}; DuEE events need event_type, trigger, "
                             "trigger_start_index and arguments with role, argument, "
                             "argument_start_index") from exc
    return Sentence(text, tuple(events), str(raw.get("id", "")))


def json_lines(path: str | Path, part: str, record, kind: str) -> Iterator:
    """``record(path, line number, object)`` of each line of a JSON-lines file
    (``.gz`` ok) whose sentence is in ``part`` of the split (``all``: every
    line); ``kind`` names the format in error messages (DuEE, DuIE)."""
    path = Path(path)
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    if not path.is_file():
        raise InputError(f"{path}: no such file; give a {kind} .jsonl(.gz) file")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path} line {number} is not JSON ({exc.msg}); "
                                     f"give a {kind} file, one JSON object per line") from exc
                item = record(path, number, raw)
                if part == "all" or split_of(item.text) == part:
                    yield item
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise InputError(f"{path}: cannot be read ({exc}); give a UTF-8 {kind} .jsonl(.gz) file") from exc


def read_duee(path: str | Path, part: str = "all") -> Iterator[Sentence]:
    """The sentences of a DuEE JSON-lines file (``.gz`` ok), or of one part of its split."""
    return json_lines(path, part, _record, "DuEE")


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def score_events(pairs: Iterable[tuple[Sentence, Sentence]]) -> dict:
    """P/R/F1 of predicted against gold sentences: ``triggers`` (type, start, text)
    and ``arguments`` (event type, role, text), micro-averaged, with ``by_type``
    (triggers) and ``by_role`` (arguments, keyed ``type/role``)."""
    counts = {"triggers": Counter(), "arguments": Counter()}
    by_type: dict[str, Counter] = {}
    by_role: dict[str, Counter] = {}

    def tally(kind: str, key: str, table: dict, gold: Counter, pred: Counter, label_of) -> None:
        for item in gold | pred:
            tp = min(gold[item], pred[item])
            row = table.setdefault(label_of(item), Counter())
            row["tp"] += tp
            row["fp"] += pred[item] - tp
            row["fn"] += gold[item] - tp
            counts[kind]["tp"] += tp
            counts[kind]["fp"] += pred[item] - tp
            counts[kind]["fn"] += gold[item] - tp

    for gold, pred in pairs:
        g_trig = Counter((e.event_type, e.start, e.trigger) for e in gold.events)
        p_trig = Counter((e.event_type, e.start, e.trigger) for e in pred.events)
        tally("triggers", "type", by_type, g_trig, p_trig, lambda item: item[0])
        g_arg = Counter((e.event_type, a.role, a.text) for e in gold.events for a in e.arguments)
        p_arg = Counter((e.event_type, a.role, a.text) for e in pred.events for a in e.arguments)
        tally("arguments", "role", by_role, g_arg, p_arg, lambda item: f"{item[0]}/{item[1]}")
    out = {kind: prf(c["tp"], c["fp"], c["fn"]) for kind, c in counts.items()}
    out["by_type"] = {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in sorted(by_type.items())}
    out["by_role"] = {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in sorted(by_role.items())}
    return out


def format_event_scores(scores: dict, detail: bool = True) -> str:
    """A plain-text report: the two micro figures, then (with ``detail``) by type and by role."""
    def row(label: str, s: dict) -> str:
        return (f"{label:<28} {s['precision']:>9.4f} {s['recall']:>9.4f} {s['f1']:>9.4f} "
                f"{s['support']:>7}")

    head = f"{'':<28} {'precision':>9} {'recall':>9} {'f1':>9} {'support':>7}"
    lines = [head, row("trigger+type", scores["triggers"]), row("argument", scores["arguments"])]
    if detail:
        for title, key in (("by type (trigger+type)", "by_type"), ("by role (argument)", "by_role")):
            lines += ["", title, head]
            lines += [row(label, s) for label, s in scores[key].items()]
    return "\n".join(lines)
