"""`kg build`: articles in, a graph file (or store) out."""

from __future__ import annotations

import click

from kg.errors import InputError
from kg.io import DATE_PATTERN, MAX_CHARS
from kg.ner.registry import TAGGER_KINDS


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Graph file to write; the extension picks the format: .ttl .nt .trig .nq .jsonld")
@click.option("--store", "store_dir", default=None, type=click.Path(file_okay=False),
              help="Also (or instead of -o) add the documents to this Oxigraph store directory "
                   "(see `kg store`): documents already there are replaced, entities are re-resolved "
                   "over every document in the store, and a killed build resumes where it stopped.")
@click.option("--date", default=None,
              help="Publication date (YYYY-MM-DD) that anchors relative dates in articles that carry "
                   "no date of their own (a JSON Lines \"date\" or a dateline).")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Alias file that forces or forbids merges (same ALIAS CANONICAL [KIND], distinct A B) "
                   "and fixes a name's kind wherever it occurs (kind NAME person|organization|place); "
                   "format: README, \"One node per real thing\".")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(file_okay=False),
              help="Directory of your own names and words, added to the packaged lexicons (repeatable; "
                   "later ones win): persons.txt (a name a line), organizations.tsv (NAME, CLASS), "
                   "places.tsv (NAME, PARENT), event_triggers.tsv (the packaged file's six columns); "
                   "README, \"Your own names and words\".")
@click.option("--model", "model", multiple=True, type=click.Path(dir_okay=False),
              help="NER model from `kg train ner`, as for `kg ner --model`: a .onnx network (its .json "
                   "beside it; repeat to combine several) or a .crfsuite CRF.  With --scheduler the path "
                   "must exist on the cluster's workers.")
@click.option("--tagger", type=click.Choice(TAGGER_KINDS), default="ner", show_default=True,
              help="Name tagger: ner (LAC and the two networks combined, most accurate), "
                   "fast (`kg ner --fast`: the lean network, about 10 times as fast), "
                   "crf (a CRF alone) or jieba (its POS tags, a baseline).")
@click.option("--events", type=click.Choice(["model", "rules"]), default="model", show_default=True,
              help="Event extractor: model (learned from DuEE 1.0, 65 types, plus the trigger "
                   "lexicon's finer classes) or rules (the trigger lexicon only; no model trained "
                   "on DuEE, whose data is for non-commercial research only).")
@click.option("--relations", type=click.Choice(["model", "rules"]), default="model", show_default=True,
              help="Relation extractor: model (the patterns plus the extractor learned from DuIE 2.0: "
                   "founder, nationality, headquarters, chairman …) or rules (the patterns only; no "
                   "model trained on DuIE, whose data is for non-commercial research only).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document work [default: the machine's cores]. "
                   "The output is the same for any number.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run the per-document work on this Dask distributed cluster instead "
                   "(resolution and writing stay here); the output is the same as a local build.")
@click.option("--profile", is_flag=True,
              help="Print the CPU time spent in each stage (summed over workers) and its characters/s.")
@click.option("--base", default=None,
              help="Base IRI for the nodes kg mints: an absolute IRI with no ? or # (http(s) with a host); "
                   "a / is added if it does not end in one.  [default: http://kg.example.org/]")
@click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS, show_default=True,
              help="Refuse an article longer than this many characters (inputs are never read whole "
                   "beyond it).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(inputs, output, store_dir, date, aliases, lexicons, model, tagger, events, relations, workers,
          scheduler, profile, base, max_chars, quiet):
    """Build a knowledge graph from Chinese articles.

    INPUTS are UTF-8 text files, directories of .txt/.md files, JSON Lines
    files (.jsonl, .jsonl.gz: one {"id", "text", "date"} article per line),
    or - for standard input.

    Example:

        kg build data/demo-article-2020-epidemic-response.txt -o out/graph.ttl

        kg build articles/ --store out/store

        kg build stories.jsonl.gz --workers 2 -o out/corpus.trig

        kg build article.txt --events rules --relations rules -o out/clean.ttl
    """
    from kg.builder import build_corpus, build_options, read_documents
    from kg.cli.output import BuildBar
    from kg.rdf.iris import DEFAULT_BASE, check_base
    from kg.rdf.formats import format_for

    base = check_base(base) if base is not None else DEFAULT_BASE
    if date is not None and not DATE_PATTERN.match(date):
        raise InputError(f"--date {date!r} is not a date; use YYYY-MM-DD, e.g. --date 2020-05-01")
    if output is None and store_dir is None:
        raise InputError("no output given; add -o GRAPH_FILE (e.g. -o out/graph.trig) or --store DIR")
    if output is not None:
        format_for(output)  # fail on a bad extension before any work
        _refuse_overwriting_inputs(output, inputs)
    if workers is not None and scheduler is not None:
        raise InputError("give --workers or --scheduler, not both; the cluster's workers do the work")
    options = build_options(tagger, aliases, events, relations, lexicons=lexicons or None, model=model)
    docs = read_documents(list(inputs), date, max_chars)
    graph_store = None
    if store_dir is not None:  # open (and lock) the store before any work
        from kg.query.store import open_store

        graph_store = open_store(store_dir)
    bar = BuildBar(len(docs)) if not quiet else None
    try:
        result = build_corpus(docs, options, output=output, store=graph_store, base=base,
                              workers=workers, scheduler=scheduler, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
        if graph_store is not None:
            graph_store.close()
    if profile:
        for line in result.times.report():
            click.echo(line, err=True)
    where = " and ".join(x for x in (output, store_dir and f"store {store_dir}") if x)
    notes = []
    if result.reused:
        notes.append(f"{result.reused} resumed from an earlier run")
    if result.kept:
        notes.append(f"{result.kept} stored document(s) kept as they were (not built by kg build --store)")
    extra = f" ({'; '.join(notes)})" if notes else ""
    click.echo(f"wrote {where}: {result.documents} document(s), {result.entities} entities, "
               f"{result.events} events, {result.triples} triples{extra}", err=True)


def _refuse_overwriting_inputs(output: str, inputs) -> None:
    """`kg build a.txt -o a.txt` would replace the article with its graph."""
    from pathlib import Path

    target = Path(output).resolve()
    for raw in inputs:
        if raw != "-" and Path(raw).exists() and Path(raw).resolve() == target:
            raise InputError(f"-o {output} is also an input; write the graph to another file")
