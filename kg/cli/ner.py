"""`kg ner`: tag Chinese text with PER/ORG/GOV/COMPANY/LOC/TITLE mentions."""

from __future__ import annotations

import json

import click


__all__ = ["ner"]


@click.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option("--lines", is_flag=True, help="Treat every non-empty line as its own document.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), multiple=True,
              help="A model from `kg train ner`: a .onnx network (repeat to combine several) "
                   "or a .crfsuite CRF (default: the packaged networks).")
@click.option("--crf", "crf_model", default="none", show_default=True,
              help="A .crfsuite CRF combined with the network model(s) (product of experts), or 'none'.")
@click.option("--fine-model", default="default", show_default=True,
              help="GOV/COMPANY/TITLE CRF, used when the model has no fine layer: "
                   "a .crfsuite path, 'default' or 'none'.")
@click.option("--fast", is_flag=True,
              help="Use the packaged lean network (no LAC, no segmentation): much faster, "
                   "less accurate; the packaged CRFs if it is not installed.")
@click.option("--eval", "eval_path", type=click.Path(dir_okay=False), default=None,
              help="Score the tagger on a BIO (or CLUENER .jsonl) file instead of tagging.")
@click.option("--part", type=click.Choice(["all", "train", "heldout"]), default="all",
              help="With --eval: the deterministic split to score; CLUENER: the 10% held out "
                   "from the fine CRF; BIO: the 3% slice the network stops early on.")
@click.option("--layer", type=click.Choice(["all", "fine"]), default="all", show_default=True,
              help="With --eval: score the whole tagger, or its GOV/COMPANY/TITLE model alone.")
def ner(inputs, lines, model_path, crf_model, fine_model, fast, eval_path, part, layer):
    """Find people, organizations, places and titles in Chinese text.

    Writes one JSON object per document (per line with --lines):
    {"text": ..., "mentions": [{"start", "end", "label", "text"}]}, offsets
    being character offsets into the text.  With --eval, prints precision,
    recall and F1 by type (exact entity match) for a BIO file.

    Example:

        kg ner data/demo-article-2020-epidemic-response.txt

        echo 世卫组织总干事谭德塞感叹 | kg ner - --lines

        kg ner --eval msra.dev.bio.gz
    """
    from kg.io import read_input
    from kg.ner import load_tagger

    if eval_path is None and not inputs:
        raise click.UsageError("give INPUT files (or - for stdin), or --eval FILE.bio")
    if fast and model_path:
        raise click.UsageError("--fast uses the packaged fast network; leave out --model")
    texts = [(name, read_input(name).text) for name in inputs]  # check all inputs first
    fine = None if fine_model == "none" else fine_model
    crf = None if crf_model == "none" else crf_model
    tagger = load_tagger(list(model_path) or None, fine, crf, fast=fast)
    if eval_path is not None:
        from kg.ner.evaluate import evaluate_bio, format_scores

        click.echo(format_scores(evaluate_bio(eval_path, tagger, part, layer)))
        return
    for _name, text in texts:
        docs = [line for line in text.split("\n") if line.strip()] if lines else [text]
        for doc, found in zip(docs, tagger.tag_many(docs)):
            mentions = [{"start": m.start, "end": m.end, "label": m.label, "text": m.text}
                        for m in found]
            click.echo(json.dumps({"text": doc, "mentions": mentions}, ensure_ascii=False))
