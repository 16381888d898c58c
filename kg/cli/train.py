"""`kg train`: train the models kg ships (`kg train ner`)."""

from __future__ import annotations

import json

import click

__all__ = ["train"]


@click.group()
def train():
    """Train the models kg ships.

    Example:

        kg train ner --train msra.train.bio.gz --dev msra.dev.bio.gz -o ner.crfsuite
    """


@train.command("ner")
@click.option("--train", "train_path", required=True, type=click.Path(dir_okay=False),
              help="Training data: char<TAB>TAG BIO file, or CLUENER .jsonl(.gz).")
@click.option("--dev", "dev_path", type=click.Path(dir_okay=False), default=None,
              help="Dev BIO/CLUENER file to score the new model on (never the training file).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the .crfsuite model.")
@click.option("--c1", type=float, default=0.3, show_default=True, help="L1 regularization.")
@click.option("--c2", type=float, default=0.01, show_default=True, help="L2 regularization.")
@click.option("--iterations", type=int, default=150, show_default=True, help="L-BFGS iterations.")
@click.option("--minfreq", type=float, default=2, show_default=True,
              help="Drop features seen fewer times than this.")
@click.option("--limit", type=int, default=None, help="Use only the first N training sentences.")
@click.option("--part", type=click.Choice(["all", "train", "heldout"]), default="all",
              help="CLUENER only: train on the 90%% split (train) of the deterministic 90/10 split.")
@click.option("--dev-part", type=click.Choice(["all", "train", "heldout"]), default="all",
              help="CLUENER only: which split of --dev to score (heldout = the 10%%).")
def ner(train_path, dev_path, output, c1, c2, iterations, minfreq, limit, part, dev_part):
    """Train the CRF NER model and score it on a dev file.

    Prints a JSON summary (sentences, seconds, model bytes) and, with --dev,
    precision/recall/F1 by type.

    Example:

        kg train ner --train msra.train.bio.gz --dev msra.dev.bio.gz \\
            -o kg/data/models/ner-msra.crfsuite
    """
    from kg.ner.train import train as train_model

    summary = train_model(
        train_path, output, c1=c1, c2=c2, max_iterations=iterations, minfreq=minfreq,
        limit=limit, part=part, log=lambda m: click.echo(m, err=True),
    )
    click.echo(json.dumps(summary, ensure_ascii=False))
    if dev_path:
        from kg.ner.evaluate import evaluate_bio, format_scores
        from kg.ner.tagger import Tagger

        click.echo(format_scores(evaluate_bio(dev_path, Tagger(output), dev_part)))
