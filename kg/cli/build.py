"""`kg build`: articles in, a graph file out."""

from __future__ import annotations

import re

import click

from kg.cli.output import progress
from kg.errors import InputError

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Graph file to write; the extension picks the format: .ttl .nt .trig .nq .jsonld")
@click.option("--store", "store_dir", default=None, type=click.Path(file_okay=False),
              help="Also (or instead of -o) add the graph to this Oxigraph store directory "
                   "(see `kg store`); documents already there are replaced.")
@click.option("--date", default=None, help="Publication date (YYYY-MM-DD) that anchors relative dates.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Alias file that forces or forbids merges (format: README, \"One node per real thing\").")
@click.option("--tagger", type=click.Choice(["ner", "fast", "crf", "jieba"]), default="ner", show_default=True,
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
@click.option("--base", default=None, help="Base IRI for the nodes kg mints.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(inputs, output, store_dir, date, aliases, tagger, events, relations, base, quiet):
    """Build a knowledge graph from Chinese articles.

    INPUTS are UTF-8 text files, directories of .txt/.md files, or - for
    standard input.

    Example:

        kg build data/demo-article-2020-epidemic-response.txt -o out/graph.ttl

        kg build articles/ --store out/store

        kg build article.txt --events rules --relations rules -o out/clean.ttl
    """
    from kg.build import extract
    from kg.io import collect_inputs
    from kg.rdf.iris import DEFAULT_BASE
    from kg.rdf.serialize import format_for
    from kg.rdf.stream import write_documents
    from kg.rdf.writer import build_dataset

    if date is not None and not DATE.match(date):
        raise InputError(f"--date {date!r} is not a date; use YYYY-MM-DD, e.g. --date 2020-05-01")
    if output is None and store_dir is None:
        raise InputError("no output given; add -o GRAPH_FILE (e.g. -o out/graph.trig) or --store DIR")
    if output is not None:
        format_for(output)  # fail on a bad extension before any work
    graph_store = None
    if store_dir is not None:  # open (and lock) the store before any work
        from kg.query.store import open_store

        graph_store = open_store(store_dir)
    paths = collect_inputs(list(inputs))
    show = not quiet and len(paths) > 1
    with progress(len(paths), show) as bar:
        docs = extract(paths, tagger=tagger, aliases=aliases, date=date, events=events, relations=relations,
                       progress=lambda doc: bar.update(1))
    triples = 0
    if output is not None:
        triples = write_documents(docs, output, base=base or DEFAULT_BASE)
    if graph_store is not None:
        ds = build_dataset(docs, base=base or DEFAULT_BASE)
        graph_store.add_dataset(ds)
        triples = triples or len(ds)
    entities = {e.key for d in docs for e in d.entities}
    events = sum(len(d.events) for d in docs)
    where = " and ".join(x for x in (output, store_dir and f"store {store_dir}") if x)
    click.echo(f"wrote {where}: {len(docs)} document(s), {len(entities)} entities, "
               f"{events} events, {triples} triples", err=True)
