"""`kg events`: the events of articles, or the event extractor scored on DuEE-format data."""

from __future__ import annotations

import json

import click

from kg.cli.output import format_option, render
from kg.errors import InputError
from kg.ner.registry import TAGGER_KINDS

__all__ = ["events"]

COLUMNS = ["document", "class", "trigger", "date", "modality", "arguments", "sentence"]


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("--eval", "eval_path", type=click.Path(dir_okay=False), default=None,
              help="Score the learned extractor on a DuEE-format .jsonl(.gz) file instead: "
                   "trigger+type and argument precision, recall and F1, by type and by role.")
@click.option("--part", type=click.Choice(["all", "train", "stop", "dev"]), default="all", show_default=True,
              help="--eval: score one part of the file's split (dev: the 10% kg's model never "
                   "trained or tuned on, when the file is DuEE 1.0 train).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="--eval: a model directory from `kg train events` (default: the packaged model).")
@click.option("--summary", is_flag=True, help="--eval: only the two overall lines.")
@click.option("--events", "mode", type=click.Choice(["model", "rules"]), default="model", show_default=True,
              help="Articles: the learned extractor with the lexicon's finer classes, or the trigger lexicon only.")
@click.option("--tagger", type=click.Choice(TAGGER_KINDS), default="ner", show_default=True,
              help="Articles: the name tagger (as in kg build).")
@click.option("--date", default=None, help="Articles: publication date (YYYY-MM-DD) anchoring relative dates.")
@format_option(("table", "csv", "tsv", "json"))
def events(inputs, eval_path, part, model_dir, summary, mode, tagger, date, fmt):
    """List the events of articles, or score the event extractor (--eval).

    Example:

    \b
        kg events article.txt
        kg events article.txt --events rules --format json
        kg events --eval duee_train.jsonl.gz --part dev
    """
    if eval_path is not None:
        if inputs:
            raise InputError("give either articles or --eval FILE, not both")
        _evaluate(eval_path, part, model_dir, summary, fmt)
        return
    if not inputs:
        raise InputError("no input; give article files (or -), or --eval DUEE_FILE")
    from kg.builder import extract

    rows = []
    for doc in extract(list(inputs), tagger=tagger, date=date, events=mode):
        names = {e.key: e.label for e in doc.entities}
        for ev in doc.events:
            args = [f"{p}={names.get(k, k)}" for p, k in ev.participants]
            if ev.location:
                args.append(f"location={names.get(ev.location, ev.location)}")
            args += [f"{p}={q.mention.text}" for p, key in ev.counts
                     for q in doc.quantities if q.key == key]
            args += [f"{p}={t}" for p, t in ev.things]
            rows.append({"document": doc.id, "class": ev.cls, "trigger": ev.trigger.text,
                         "date": ev.date.value if ev.date else None, "modality": ev.modality,
                         "arguments": args, "sentence": doc.sentence_text(ev.sentence).strip()})
    click.echo(render(rows, COLUMNS, fmt))


def _evaluate(path: str, part: str, model_dir: str | None, summary: bool, fmt: str) -> None:
    from kg.extract.duee import Sentence, format_event_scores, read_duee, score_events
    from kg.extract.event_model import EventModel, load_event_model

    model = EventModel(model_dir) if model_dir else load_event_model()
    gold = list(read_duee(path, part))
    if not gold:
        raise InputError(f"{path}: no sentences in part {part!r}; use --part all")
    predicted = []
    for at in range(0, len(gold), 256):
        batch = gold[at:at + 256]
        predicted += [Sentence(s.text, tuple(ev), s.id) for s, ev in zip(batch, model.predict([s.text for s in batch]))]
    scores = score_events(zip(gold, predicted))
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"{path} ({part}): {len(gold)} sentences")
    click.echo(format_event_scores(scores, detail=not summary))
