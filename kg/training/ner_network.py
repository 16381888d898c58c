"""Training the neural base tagger (a BiLSTM-CRF, or dilated convolutions with
a CRF, over characters, bigrams and lexicon marks) with torch; the result runs
on onnxruntime (:mod:`kg.ner.neural`).

torch is needed only here (``pip install torch``); it is not a run-time
dependency of kg.  Early stopping uses a deterministic 3% slice of the
training file (by md5 of the sentence), never the evaluation file.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from kg.errors import InputError, ModelError
from kg.ner.bio import read_bio, spans_from_tags, to_bioes
from kg.ner.evaluate import score
from kg.ner.features import Featurizer, load_segmenter
from kg.ner.decoding import length_groups, viterbi
from kg.ner.lexicon_marks import N_MARKS
from kg.ner.neural import Encoder, bigrams_of
from kg.training.onnx_compact import compact, detach_table, expose_states
from kg.ner.lac import EMBEDDING_INPUT, require_lexical_analyzer
from kg.training.torch_layers import CRFLoss, base_emissions, chars_from_lac, export_onnx, sequence_layers
from kg.ner.lean import N_GAZ, LeanEncoder
from kg.ner.annotated import bio_split, read_examples

__all__ = ["train_neural", "DEFAULTS"]

DEFAULTS = {
    "char_dim": 100, "bigram_dim": 64, "seg_dim": 8, "pos_dim": 16, "mark_dim": 32,
    "hidden": 128, "dropout": 0.3, "lr": 2e-3, "decay": 0.9, "batch_chars": 2400,
    "max_len": 150, "epochs": 30, "patience": 3, "seed": 1, "bigram_minfreq": 2,
    "char_unk": 0.02, "threads": 1, "stop_percent": 3, "lac_dim": 24, "table_bits": 8,
    "context_dim": 128, "finetune_lr": 5e-4, "finetune_freeze": 0,
    "arch": "bilstm", "lean": False, "bigram_buckets": 1 << 15, "dilations": (1, 2, 4, 8),
    "lattice": False, "char_init": None,
}
#: Width of LAC's character embeddings (``--char-init lac``).
LAC_CHAR_DIM = 128
_CUT = set("，。；！？、,;!?")


def _pieces(text: str, tags: list[str], max_len: int):
    """Split long sentences after punctuation outside entities (training only)."""
    start = 0
    while len(text) - start > max_len:
        cut = None
        for i in range(start + max_len - 1, start + 10, -1):
            if text[i] in _CUT and (i + 1 >= len(tags) or not tags[i + 1].startswith("I")):
                cut = i + 1
                break
        if cut is None:
            break
        yield text[start:cut], tags[start:cut]
        start = cut
    yield text[start:], tags[start:]


def _build_net(torch, sizes: dict, p: dict, lac_module=None):
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.char = nn.Embedding(sizes["chars"], p["char_dim"], padding_idx=0)
            self.bigram = nn.Embedding(sizes["bigrams"], p["bigram_dim"], padding_idx=0)
            # a lean network reads no dictionary segmentation (kg.ner.lean)
            self.lean = bool(p["lean"])
            self.seg = None if self.lean else nn.Embedding(5, p["seg_dim"], padding_idx=0)
            self.pos = None if self.lean else nn.Embedding(sizes["pos"], p["pos_dim"], padding_idx=0)
            self.n_marks = N_GAZ if self.lean and not p["lattice"] else N_MARKS
            self.marks = nn.Linear(self.n_marks, p["mark_dim"])
            self.lac = nn.Embedding(sizes["lac"], p["lac_dim"], padding_idx=0) if sizes.get("lac") else None
            # LAC's top-layer states (after the marks in the dense input), projected
            # or the states of a trainable copy of LAC's encoder (reading the last id column)
            self.lac_encoder = lac_module
            self.context = nn.Linear(sizes["context"], p["context_dim"]) if sizes.get("context") else None
            width = (p["char_dim"] + 2 * p["bigram_dim"] + p["mark_dim"]
                     + (0 if self.lean else p["seg_dim"] + p["pos_dim"])
                     + (p["lac_dim"] if self.lac is not None else 0)
                     + (p["context_dim"] if self.context is not None else 0))
            self.drop = nn.Dropout(p["dropout"])
            # dilated convolutions (no step-by-step recurrence) or a BiLSTM
            self.conv, self.fwd, self.bwd, out_width = sequence_layers(torch, width, p)
            self.out = nn.Linear(out_width, sizes["tags"])
            self.fine = nn.Linear(out_width, sizes["fine_tags"]) if sizes.get("fine_tags") else None

        def forward(self, ids, marks, lengths):
            steps = ids.shape[1]
            parts = [self.char(ids[:, :, 0]), self.bigram(ids[:, :, 1]), self.bigram(ids[:, :, 2])]
            if not self.lean:
                parts += [self.seg(ids[:, :, 3]), self.pos(ids[:, :, 4])]
            parts.append(torch.relu(self.marks(marks[:, :, :self.n_marks])))
            if self.lac is not None:
                parts.append(self.lac(ids[:, :, 5]))
            if self.lac_encoder is not None:
                parts.append(self.context(self.lac_encoder(ids[:, :, -1], lengths)))
            elif self.context is not None:
                parts.append(self.context(marks[:, :, N_MARKS:]))
            x = torch.cat(parts, dim=2)
            x = self.drop(x)
            if self.conv is not None:
                h = self.conv(x, lengths)
                return self.out(h) if self.fine is None else (self.out(h), self.fine(h))
            # reverse each row within its length (padding stays at the end)
            t = torch.arange(steps).unsqueeze(0)
            rev = torch.where(t < lengths.unsqueeze(1), lengths.unsqueeze(1) - 1 - t, t)
            index = rev.unsqueeze(2).expand(-1, -1, x.shape[2])
            h_f, _ = self.fwd(x)
            h_b, _ = self.bwd(x.gather(1, index))
            h_b = h_b.gather(1, rev.unsqueeze(2).expand(-1, -1, h_b.shape[2]))
            h = self.drop(torch.cat([h_f, h_b], dim=2))
            if self.fine is None:
                return self.out(h)
            return self.out(h), self.fine(h)

    return Net()


def _batches(items, batch_chars):
    """Index batches of similar-length items (the grouping the tagger uses)."""
    return length_groups([len(item[0]) for item in items], batch_chars)


def _pad(torch, items, idx, unk_rate=0.0):
    width = max(len(items[i][0]) for i in idx)
    ids = np.zeros((len(idx), width, items[idx[0]][1][0].shape[1]), dtype=np.int64)
    marks = np.zeros((len(idx), width, items[idx[0]][1][1].shape[1]), dtype=np.float32)
    tags = np.zeros((len(idx), width), dtype=np.int64)
    for row, i in enumerate(idx):
        n = len(items[i][0])
        ids[row, :n], marks[row, :n] = items[i][1]
        tags[row, :n] = items[i][2]
    if unk_rate:
        drop = (np.random.random(ids.shape[:2]) < unk_rate) & (ids[:, :, 0] > 0)
        ids[:, :, 0][drop] = 1
        ids[:, :, 1][drop] = np.where(ids[:, :, 1][drop] > 0, 1, 0)
    lengths = torch.tensor([len(items[i][0]) for i in idx])
    return torch.from_numpy(ids), torch.from_numpy(marks), torch.from_numpy(tags), lengths


def _scores(torch, net, crf, items, tag_names):
    net.eval()
    trans = crf.trans.detach().double().numpy()
    start = crf.start.detach().double().numpy()
    end = crf.end.detach().double().numpy()
    pairs = []
    with torch.no_grad():
        for idx in _batches(items, 8000):
            ids, marks, _, lengths = _pad(torch, items, idx)
            em = base_emissions(net(ids, marks, lengths)).double().numpy()
            for i, path in zip(idx, viterbi(em, lengths.numpy(), trans, start, end)):
                pairs.append((spans_from_tags(items[i][3]),
                              spans_from_tags([tag_names[j] for j in path])))
    net.train()
    return score(pairs)


FINE_LABELS = ("PER", "ORG", "GOV", "COMPANY", "TITLE", "LOC")


def _sample(items: list, chars: int) -> list:
    """A random sample of ``items`` (prepared examples) of about ``chars``
    characters in all (all of them if they have fewer)."""
    order = random.sample(range(len(items)), len(items))
    out, total = [], 0
    for i in order:
        if total >= chars:
            break
        out.append(items[i])
        total += len(items[i][0])
    return out


def train_neural(train_path, output, *, extra_paths=(), fine_path=None, max_minutes: float = 60.0, limit=None,
                 lac: bool = False, context: bool = False, finetune: bool = False, log=print,
                 corpus_paths=(), corpus_chars: int = 4_000_000, **params) -> dict:
    """Train on ``train_path`` (early-stopping on its held-out slice) and write
    ``output`` (``.onnx`` plus ``.json``).

    ``lac``: the network also reads LAC's tag of each character (:mod:`kg.ner.lac`);
    ``context``: it also reads LAC's top-layer states (256 numbers per character,
    pretrained by Baidu on far more text than ours), projected to ``context_dim``;
    ``finetune``: instead, a copy of LAC's encoder inside the network is trained
    further (:mod:`kg.training.lac_finetune`, learning rate ``finetune_lr``; its first
    ``finetune_freeze`` BiGRU layers stay as LAC trained them).

    ``extra_paths``: BIO files trained on whole, beside ``train_path``.
    ``corpus_paths``: large BIO files (a news corpus as a teacher tagged it,
    ``kg train relabel``) of which each epoch trains on a fresh random sample
    of about ``corpus_chars`` characters, so that epochs stay short and the
    held-out slice is checked often however large the corpus.
    ``fine_path``: a CLUENER file whose training part (:func:`kg.ner.annotated.cluener_split`)
    trains a second output layer (PER, ORG, GOV, COMPANY, TITLE, LOC) on the
    shared network, alternating batches with the base data.
    """
    try:
        import torch
    except ImportError as exc:
        raise ModelError("training the neural tagger needs torch and onnx: "
                         "pip install torch onnx") from exc
    p = {**DEFAULTS, **{k: v for k, v in params.items() if v is not None}}
    torch.set_num_threads(p["threads"])
    torch.manual_seed(p["seed"])
    random.seed(p["seed"])
    np.random.seed(p["seed"])
    started = time.time()
    output = Path(output).with_suffix(".onnx")
    train_raw, stop_raw = [], []
    for text, tags in read_examples(train_path):
        if not text:
            continue
        if bio_split(text, p["stop_percent"]):
            stop_raw.append((text, tags))
            continue
        train_raw.extend(_pieces(text, tags, p["max_len"]))
        if limit and len(train_raw) >= limit:
            break
    if not train_raw:
        raise InputError(f"{train_path} has no training sentences; check the file format")
    for path in extra_paths:  # more data for the base layer, none held out (kg train relabel)
        train_raw.extend(piece for text, tags in read_bio(path) if text
                         for piece in _pieces(text, tags, p["max_len"]))
    corpus_raw = [piece for path in corpus_paths for text, tags in read_bio(path) if text
                  for piece in _pieces(text, tags, p["max_len"])]
    fine_raw = [(t, g) for t, g in read_examples(fine_path, "train") if t] if fine_path else []
    texts = [text for text, _ in train_raw] + [text for text, _ in fine_raw] + [t for t, _ in corpus_raw]
    char_counts = Counter(c for text in texts for c in text)
    chars = "".join(sorted(char_counts))
    if context and finetune:
        raise ModelError("a network reads LAC's states either frozen (context) or fine-tuned, not both")
    if p["lattice"] and not p["lean"]:
        raise ModelError("lattice marks are an option of a lean network (a full one always reads them)")
    if p["char_init"] == "lac":
        p["char_dim"] = LAC_CHAR_DIM
    if p["lean"] and (lac or context or finetune):
        raise ModelError("a lean network reads characters, bigrams and gazetteer marks only, not LAC")
    lexical = require_lexical_analyzer() if lac or context or finetune else None
    lac_tags = sorted(set(lexical.tags)) if lac else None
    if (context or finetune) and not lexical.has_context:
        raise ModelError("the packaged LAC encoder has no `context` output; remake it with `kg train lac`")
    width = lexical.context_width if context or finetune else 0
    if p["lean"]:  # hashed bigrams, no vocabulary; no segmentation
        bigrams, pos_list = [], []
        encoder = LeanEncoder(chars, p["bigram_buckets"], lattice=p["lattice"])
    else:
        bigram_counts = Counter(b for text in texts for b in bigrams_of(text))
        bigrams = sorted(b for b, n in bigram_counts.items() if n >= p["bigram_minfreq"] and len(b) == 2)
        pos_list = sorted(set(load_segmenter().pos.values()) | {"x"})
        encoder = Encoder(chars, bigrams, pos_list, Featurizer(lexical=lexical if lac or context else None),
                          lac_tags, 0 if finetune else width, lac_chars=finetune)
    tag_names = ["O"] + [f"{b}-{l}" for l in ("PER", "ORG", "LOC") for b in "BIES"]
    fine_names = ["O"] + [f"{b}-{l}" for l in FINE_LABELS for b in "BIES"] if fine_path else []

    def prepare(raw, names):
        index = {t: i for i, t in enumerate(names)}
        analyses = encoder.featurizer.analyze_stream([text for text, _ in raw])
        return [(text, encoder.encode(text, a), np.array([index.get(t, 0) for t in to_bioes(tags)]), tags)
                for (text, tags), a in zip(raw, analyses)]

    train, stop = prepare(train_raw, tag_names), prepare(stop_raw, tag_names)
    fine = prepare(fine_raw, fine_names)
    corpus = prepare(corpus_raw, tag_names)
    del corpus_raw
    if corpus:
        log(f"corpus: {len(corpus)} pieces ({sum(len(t[0]) for t in corpus)} chars), "
            f"about {corpus_chars} chars of them per epoch")
    log(f"data: {len(train)} train pieces ({sum(len(t[0]) for t in train)} chars), "
        f"{len(stop)} held-out sentences, {len(chars)} chars, {len(bigrams)} bigrams, "
        f"prepared in {time.time() - started:.0f}s")
    sizes = {"chars": len(chars) + 2, "pos": len(pos_list) + 2,
             "bigrams": p["bigram_buckets"] if p["lean"] else len(bigrams) + 2,
             "tags": len(tag_names), "fine_tags": len(fine_names),
             "lac": len(lac_tags) + 2 if lac_tags else 0, "context": width}
    lac_module = None
    if finetune:
        from kg.training.lac_finetune import lac_encoder

        lac_module = lac_encoder(torch, lexical, frozen_layers=p["finetune_freeze"])
    net = _build_net(torch, sizes, p, lac_module)
    if p["char_init"] == "lac":
        log(f"character vectors from LAC: {chars_from_lac(torch, net.char, chars)} of {len(chars)}")
    crf = CRFLoss(torch, len(tag_names))
    fine_crf = CRFLoss(torch, len(fine_names)) if fine else None
    crf_params = crf.parameters() + (fine_crf.parameters() if fine_crf else [])
    tuned = {id(x) for x in lac_module.parameters()} if lac_module is not None else set()
    groups = [{"params": [x for x in net.parameters() if id(x) not in tuned and x.requires_grad] + crf_params}]
    if tuned:
        groups.append({"params": [x for x in lac_module.parameters() if x.requires_grad],
                       "lr": p["finetune_lr"]})
    optim = torch.optim.Adam(groups, lr=p["lr"])
    sched = torch.optim.lr_scheduler.ExponentialLR(optim, p["decay"])
    best, best_state, bad, history = -1.0, None, 0, []
    for epoch in range(1, p["epochs"] + 1):
        t0 = time.time()
        total, steps = 0.0, 0
        base = train + _sample(corpus, corpus_chars)
        plan = [(0, idx) for idx in _batches(base, p["batch_chars"])]
        plan += [(1, idx) for idx in _batches(fine, p["batch_chars"])]
        random.shuffle(plan)
        for head, idx in plan:
            items = fine if head else base
            ids, marks, tags, lengths = _pad(torch, items, idx, p["char_unk"])
            out = net(ids, marks, lengths)
            if head:
                loss = fine_crf.nll(out[1], tags, lengths)
            else:
                loss = crf.nll(base_emissions(out), tags, lengths)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([x for x in net.parameters() if x.requires_grad] + crf_params, 5.0)
            optim.step()
            total += loss.item()
            steps += 1
        sched.step()
        # without a held-out slice (tiny files), the training data stands in
        scores = _scores(torch, net, crf, stop or train, tag_names)
        seconds = time.time() - t0
        m = scores["micro"]
        log(f"epoch {epoch} loss {total / max(steps, 1):.3f} held-out P {m['precision']:.4f} "
            f"R {m['recall']:.4f} F1 {m['f1']:.4f} {seconds:.0f}s "
            f"total {(time.time() - started) / 60:.1f} min")
        history.append({"epoch": epoch, "f1": round(m["f1"], 4), "seconds": round(seconds)})
        if m["f1"] > best:
            best, bad = m["f1"], 0
            best_state = ({k: v.clone() for k, v in net.state_dict().items()},
                          [x.detach().clone() for x in crf_params])
            _write(torch, net, crf, fine_crf, output, train[0], chars, bigrams, pos_list,
                   tag_names, fine_names, p, best, history, lac_tags, width, finetune)
        else:
            bad += 1
            if bad >= p["patience"]:
                break
        if (time.time() - started + seconds * 1.05) / 60 > max_minutes:
            log("stopping: the next epoch would exceed the time budget")
            break
    net.load_state_dict(best_state[0])
    for x, saved in zip(crf_params, best_state[1]):
        x.data.copy_(saved)
    _write(torch, net, crf, fine_crf, output, train[0], chars, bigrams, pos_list, tag_names,
           fine_names, p, best, history, lac_tags, width, finetune)
    return {"sentences": len(train), "corpus_sentences": len(corpus),
            "seconds": round(time.time() - started, 1),
            "held_out_f1": round(best, 4), "bytes": output.stat().st_size,
            "epochs": len(history), "params": p}


def _write(torch, net, crf, fine_crf, output, sample, chars, bigrams, pos_list, tag_names,
           fine_names, p, best, history, lac_tags=None, context=0, finetune=False):
    net.eval()
    export_onnx(torch, net, output, sample)
    if finetune:  # LAC's frozen character table is read from the LAC directory at run time
        detach_table(output, "lac_encoder.embedding.weight", EMBEDDING_INPUT)
    compact(output, bits=p["table_bits"], min_size=1 << 16)  # the bigram and character tables
    if p["lean"] and p["arch"] == "cnn":  # the fast tagger: its states are what the fast readers read
        expose_states(output)
    net.train()
    info = {"chars": chars, "bigrams": bigrams, "pos": pos_list, "tags": tag_names,
            "transitions": crf.trans.detach().tolist(), "start": crf.start.detach().tolist(),
            "end": crf.end.detach().tolist(), "params": p, "held_out_f1": round(best, 4),
            "history": history}
    if p["lean"]:
        info["lean"] = {"buckets": p["bigram_buckets"], "lattice": bool(p["lattice"])}
    if lac_tags:
        info["lac"] = lac_tags
    if finetune:
        info["lac_encoder"] = True  # LAC's character ids are the last id column
    elif context:
        info["context"] = context
    if fine_crf is not None:
        info["fine"] = {"tags": fine_names, "transitions": fine_crf.trans.detach().tolist(),
                        "start": fine_crf.start.detach().tolist(),
                        "end": fine_crf.end.detach().tolist()}
    output.with_suffix(".json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
