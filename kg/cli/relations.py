"""`kg relations`: the relations of articles, or kg's relations scored on DuIE-format data."""

from __future__ import annotations

import json

import click

from kg.cli.output import format_option, progress, render
from kg.errors import InputError
from kg.ner.registry import TAGGER_KINDS

__all__ = ["relations"]

COLUMNS = ["document", "relation", "subject", "object", "role", "sentence"]


@click.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("--eval", "eval_path", type=click.Path(dir_okay=False), default=None,
              help="Score kg's relations on a DuIE-format .jsonl(.gz) file instead: precision, "
                   "recall and F1 by predicate (董事长, 校长, 创始人, 国籍, 总部地点 …).")
@click.option("--part", type=click.Choice(["all", "train", "stop", "dev"]), default="all", show_default=True,
              help="--eval: score one part of the file's split (dev: the 10% never tuned on).")
@click.option("--limit", type=int, default=None, help="--eval: only the first N sentences of the part.")
@click.option("--tagger", type=click.Choice(TAGGER_KINDS), default="ner", show_default=True,
              help="The name tagger (as in kg build).")
@click.option("--relations", "mode", type=click.Choice(["model", "rules"]), default="model", show_default=True,
              help="model: the patterns plus the extractor learned from DuIE; rules: the patterns only.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="The relation model's directory (default: the packaged one; see `kg train relations`).")
@click.option("--date", default=None, help="Articles: publication date (YYYY-MM-DD) anchoring relative dates.")
@click.option("--quiet", "-q", is_flag=True, help="--eval: no progress bar.")
@format_option(("table", "csv", "tsv", "json"))
def relations(inputs, eval_path, part, limit, tagger, mode, model_dir, date, quiet, fmt):
    """List the relations of articles, or score them on DuIE data (--eval).

    Example:

    \b
        kg relations article.txt
        kg relations article.txt --format json
        kg relations --eval duie_train_part.jsonl.gz --part dev
        kg relations --eval duie_train_part.jsonl.gz --part dev --relations rules
    """
    if eval_path is not None:
        if inputs:
            raise InputError("give either articles or --eval FILE, not both")
        _evaluate(eval_path, part, limit, tagger, quiet, fmt, mode, model_dir)
        return
    if not inputs:
        raise InputError("no input; give article files (or -), or --eval DUIE_FILE")
    from kg.builder import extract

    rows = []
    if model_dir:
        raise InputError("--model is for --eval; articles use the packaged model (or --relations rules)")
    for doc in extract(list(inputs), tagger=tagger, date=date, events="rules", relations=mode):
        names = {e.key: e.label for e in doc.entities}
        for rel in doc.relations:
            if not rel.sentences:
                continue  # read off a name (阿里巴巴集团 in 杭州), not stated
            obj = rel.object.rest.split("/", 1)[-1] if rel.object.kind == "time" else names.get(rel.object, rel.object)
            rows.append({"document": doc.id, "relation": rel.kind,
                         "subject": names.get(rel.subject, rel.subject), "object": obj,
                         "role": rel.role, "sentence": doc.sentence_text(rel.sentences[0]).strip()})
    click.echo(render(rows, COLUMNS, fmt))


def _evaluate(path: str, part: str, limit: int | None, tagger: str, quiet: bool, fmt: str,
              mode: str = "model", model_dir: str | None = None) -> None:
    from kg.extract.duie import (format_relation_scores, gold_triples, mappings, predicted_triples,
                                 read_duie, score_relations)

    gold = list(read_duie(path, part))[:limit]
    if not gold:
        raise InputError(f"{path}: no sentences in part {part!r}; use --part all")
    with progress(len(gold), not quiet) as bar:
        from kg.pipeline import extract_texts

        docs = extract_texts([s.text for s in gold], tagger=tagger, progress=bar.update, relations=mode,
                             model_dir=model_dir)
    labels = list(dict.fromkeys(m.label for m in mappings()))
    scores = score_relations(((gold_triples(g), predicted_triples(d)) for g, d in zip(gold, docs)), labels)
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"{path} ({part}): {len(gold)} sentences")
    click.echo(format_relation_scores(scores))
