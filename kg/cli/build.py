"""`kg build`: articles in, a graph file out."""

from __future__ import annotations

import re
import sys

import click

from kg.errors import InputError

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Graph file to write; the extension picks the format: .ttl .nt .trig .nq .jsonld")
@click.option("--date", default=None, help="Publication date (YYYY-MM-DD) that anchors relative dates.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Alias file that forces or forbids merges (see README: Aliases).")
@click.option("--tagger", type=click.Choice(["crf", "jieba"]), default="crf", show_default=True,
              help="Name tagger: the trained CRF model shipped with kg, or jieba's POS tags.")
@click.option("--base", default=None, help="Base IRI for the nodes kg mints.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(inputs, output, date, aliases, tagger, base, quiet):
    """Build a knowledge graph from Chinese articles.

    INPUTS are UTF-8 text files, directories of .txt/.md files, or - for
    standard input.

    Example:

        kg build data/demo-article-2020-epidemic-response.txt -o out/graph.ttl
    """
    from kg.build import extract
    from kg.io import collect_inputs
    from kg.rdf.iris import DEFAULT_BASE
    from kg.rdf.serialize import format_for, write_graph
    from kg.rdf.writer import build_dataset

    if date is not None and not DATE.match(date):
        raise InputError(f"--date {date!r} is not a date; use YYYY-MM-DD, e.g. --date 2020-05-01")
    format_for(output)  # fail on a bad extension before any work
    paths = collect_inputs(list(inputs))
    show = not quiet and len(paths) > 1
    with click.progressbar(length=len(paths), label="Extracting", file=sys.stderr) if show else _Null() as bar:
        docs = extract(paths, tagger=tagger, aliases=aliases, date=date,
                       progress=lambda doc: bar.update(1))
    ds = build_dataset(docs, base=base or DEFAULT_BASE)
    write_graph(ds, output)
    entities = {e.key for d in docs for e in d.entities}
    events = sum(len(d.events) for d in docs)
    click.echo(f"wrote {output}: {len(docs)} document(s), {len(entities)} entities, "
               f"{events} events, {len(ds)} triples", err=True)


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass
