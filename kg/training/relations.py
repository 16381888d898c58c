"""Training the relation extractor (:mod:`kg.extract.relation_model`) on DuIE 2.0 with torch.

torch and onnx are needed here only (the ``train`` extra).  The DuIE file is
split by :func:`kg.extract.duie.split_of`: the network learns from ``train``,
chooses its epoch and each predicate's threshold on ``stop``, and ``dev`` is
only ever scored, never trained or tuned on.

Each sentence is first read by kg's pipeline (its people, organizations,
places and dates are candidates, as at run time).  Gold spans are where the
triples' subject and object texts occur; the span tagger learns them (BIO,
kinds from the predicate's slots) and the pair classifier learns, for every
candidate pair (gold spans and kg's), which predicates hold: a pair holds a
predicate when its texts are a gold triple's (compared without a final 省/市).
"""

from __future__ import annotations

import json
import pickle
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from kg.errors import InputError
from kg.training.setup import start_training
from kg.extract.duie import Predicted, Sentence, gold_triples, read_duie, score_relations, surfaces
from kg.extract.event_model import spans as bio_spans
from kg.extract.learned_relations import known_spans
from kg.extract.relation_model import (KINDS, LABELS, MODEL_FILES, N_DIST, SLOTS, SYMMETRIC, RelationModel, Span,
                                       allowed, candidate_pairs, merge_spans, pair_features, plain)
from kg.ner.decoding import length_groups, viterbi_many

__all__ = ["train_relations", "DEFAULTS", "choose_thresholds", "gold_spans", "pair_targets", "pattern_triples"]

DEFAULTS = {
    "char_dim": 128, "lac_dim": 24, "context_dim": 128, "hidden": 128, "kind_dim": 16, "dist_dim": 16,
    "pair_hidden": 192, "dropout": 0.3, "lr": 2e-3, "decay": 0.92, "batch_chars": 2000, "epochs": 30,
    "patience": 4, "seed": 1, "char_minfreq": 2, "char_unk": 0.02, "threads": 1, "tag_weight": 1.0,
    "precision": 0.87, "pos_weight": 1.0,
    "threshold_rule": "precision", "reads": "lac", "arch": "bilstm", "dilations": (1, 2, 4, 8),
}
TAG_KINDS = ("PER", "ORG", "LOC")


def gold_spans(sentence: Sentence) -> list[Span]:
    """Every occurrence of each gold triple's subject and object text, with the
    predicate's kinds (a text found inside a longer one of the same triple set
    is kept; the tagger takes the longest)."""
    out = set()
    for t in sentence.triples:
        if t.predicate not in SLOTS:
            continue
        for text, kind in zip((t.subject, t.object), SLOTS[t.predicate]):
            at = sentence.text.find(text) if text else -1
            while at >= 0:
                out.add(Span(at, at + len(text), kind))
                at = sentence.text.find(text, at + 1)
    return sorted(out, key=lambda s: (s.start, s.end, s.kind))


def pair_targets(text: str, sentence: Sentence, pairs) -> np.ndarray:
    """``(P, len(LABELS))``: 1 where a pair's texts are a gold triple of that predicate."""
    gold = {(t.predicate, plain(t.subject), plain(t.object)) for t in sentence.triples}
    y = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    for i, (s, o) in enumerate(pairs):
        a, b = plain(text[s.start:s.end]), plain(text[o.start:o.end])
        for k, label in enumerate(LABELS):
            if (label, a, b) in gold or label in SYMMETRIC and (label, b, a) in gold:
                y[i, k] = 1.0
    return y


def _tag_ids(n: int, spans: list[Span]) -> np.ndarray:
    tags = np.zeros(n, dtype=np.int64)
    for s in sorted((s for s in spans if s.kind in TAG_KINDS), key=lambda s: (-(s.end - s.start), s.start)):
        if tags[s.start:s.end].any():
            continue
        k = TAG_KINDS.index(s.kind)
        tags[s.start], tags[s.start + 1:s.end] = 1 + 2 * k, 2 + 2 * k
    return tags


def _build(torch, sizes: dict, p: dict):
    from kg.training.torch_layers import sequence_layers

    nn = torch.nn

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.char = nn.Embedding(sizes["chars"], p["char_dim"], padding_idx=0)
            # LAC's tag (a reader of LAC's analysis; a fast reader has none)
            self.lac = nn.Embedding(sizes["lac"], p["lac_dim"], padding_idx=0) if sizes["lac"] else None
            self.context = nn.Linear(sizes["context"], p["context_dim"])
            width = p["char_dim"] + (p["lac_dim"] if self.lac is not None else 0) + p["context_dim"]
            self.drop = nn.Dropout(p["dropout"])
            self.conv, self.fwd, self.bwd, self.state_width = sequence_layers(torch, width, p)
            self.tags = nn.Linear(self.state_width, 1 + 2 * len(TAG_KINDS))

        def forward(self, ids, marks, lengths):
            steps = ids.shape[1]
            parts = [self.char(ids[:, :, 0])] + ([self.lac(ids[:, :, 1])] if self.lac is not None else [])
            x = self.drop(torch.cat(parts + [self.context(marks)], 2))
            if self.conv is not None:
                h = self.conv(x, lengths)
                return self.tags(self.drop(h)), h
            t = torch.arange(steps).unsqueeze(0)
            rev = torch.where(t < lengths.unsqueeze(1), lengths.unsqueeze(1) - 1 - t, t)
            h_f, _ = self.fwd(x)
            h_b, _ = self.bwd(x.gather(1, rev.unsqueeze(2).expand(-1, -1, x.shape[2])))
            h_b = h_b.gather(1, rev.unsqueeze(2).expand(-1, -1, h_b.shape[2]))
            h = torch.cat([h_f, h_b], dim=2)
            return self.tags(self.drop(h)), h

    class PairNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.kind = nn.Embedding(len(KINDS), p["kind_dim"], padding_idx=0)
            self.dist = nn.Embedding(N_DIST, p["dist_dim"], padding_idx=0)
            self.drop = nn.Dropout(p["dropout"])
            self.hidden = nn.Linear(5 * state_width + 2 * p["kind_dim"] + p["dist_dim"], p["pair_hidden"])
            self.out = nn.Linear(p["pair_hidden"], len(LABELS))
            self.probabilities = True

        def forward(self, pairs, codes):
            x = torch.cat([pairs, self.kind(codes[:, 0]), self.kind(codes[:, 1]), self.dist(codes[:, 2])], 1)
            logits = self.out(self.drop(torch.relu(self.hidden(self.drop(x)))))
            return torch.sigmoid(logits) if self.probabilities else logits

    encoder = Encoder()
    state_width = encoder.state_width
    return encoder, PairNet()


def _pair_tensor(torch, h, items, idx):
    """The pair classifier's torch inputs for a batch (differentiable through ``h``)."""
    rows, cols, between, codes = [], [], [], []
    for row, i in enumerate(idx):
        for s, o in items[i]["pairs"]:
            a, b = (s.end, o.start) if s.end <= o.start else (o.end, s.start)
            rows.append(row)
            cols.append((s.start, s.end - 1, o.start, o.end - 1))
            between.append((a, max(a, b)))
        codes.append(items[i]["codes"])
    if not rows:
        return None, None
    rows_t = torch.tensor(rows)
    cols_t = torch.tensor(cols)
    ends = [h[rows_t, cols_t[:, j]] for j in range(4)]
    cum = torch.cat([torch.zeros_like(h[:, :1]), h.cumsum(1)], 1)
    bt = torch.tensor(between)
    n = (bt[:, 1] - bt[:, 0]).clamp(min=1).unsqueeze(1).to(h.dtype)
    mean = (cum[rows_t, bt[:, 1]] - cum[rows_t, bt[:, 0]]) / n
    return torch.cat(ends + [mean], 1), torch.from_numpy(np.concatenate(codes))


def _batch(torch, items, idx, unk_rate=0.0):
    width = max(len(items[i]["text"]) for i in idx)
    ids = np.zeros((len(idx), width, items[idx[0]]["ids"].shape[1]), dtype=np.int64)
    states = np.zeros((len(idx), width, items[idx[0]]["states"].shape[1]), dtype=np.float32)
    tags = np.zeros((len(idx), width), dtype=np.int64)
    for row, i in enumerate(idx):
        n = len(items[i]["text"])
        ids[row, :n], states[row, :n], tags[row, :n] = items[i]["ids"], items[i]["states"], items[i]["tags"]
    if unk_rate:
        drop = (np.random.random(ids.shape[:2]) < unk_rate) & (ids[:, :, 0] > 0)
        ids[:, :, 0][drop] = 1
    lengths = torch.tensor([len(items[i]["text"]) for i in idx])
    return torch.from_numpy(ids), torch.from_numpy(states), torch.from_numpy(tags), lengths


def _items(sentences, docs, feats, gold: bool) -> list[dict]:
    """Training (``gold``) or evaluation items: features, tags, candidate pairs and targets."""
    out = []
    for s, doc, (ids, states) in zip(sentences, docs, feats):
        known = known_spans(doc, 0, len(s.text))
        spans = gold_spans(s) if gold else []
        pairs = candidate_pairs(merge_spans(spans, known)) if gold else []
        item = {"text": s.text, "sentence": s, "doc": doc, "ids": ids, "states": np.asarray(states, np.float32),
                "tags": _tag_ids(len(s.text), gold_spans(s)), "known": known, "pairs": pairs}
        if gold:
            item["codes"] = pair_features(np.zeros((len(s.text), 1), np.float32), pairs)[1] if pairs \
                else np.zeros((0, 3), np.int64)
            item["targets"] = pair_targets(s.text, s, pairs)
            item["allowed"] = np.stack([allowed(a, b) for a, b in pairs]) if pairs else np.zeros((0, len(LABELS)))
        out.append(item)
    return out


def _scored(torch, enc, pair_net, items, head) -> list[list[tuple]]:
    """Per item: ``(label, subject texts, object texts, probability)`` of every
    candidate pair and predicate its kinds fit, as the run-time model would."""
    enc.eval()
    pair_net.eval()
    out = [None] * len(items)
    tagset = head["tags"]
    with torch.no_grad():
        for idx in length_groups([len(it["text"]) for it in items], 8000):
            ids, states, _, lengths = _batch(torch, items, idx)
            em, h = enc(ids, states, lengths)
            ems = [em[row, :len(items[i]["text"])].double().numpy() for row, i in enumerate(idx)]
            paths = viterbi_many(ems, *(np.array(head[k]) for k in ("transitions", "start", "end")))
            for row, (i, path) in enumerate(zip(idx, paths)):
                it = items[i]
                tagged = [Span(a, b, k) for k, a, b in bio_spans([tagset[j] for j in path])]
                pairs = candidate_pairs(merge_spans(tagged, it["known"]))
                res = []
                if pairs:
                    vec, codes = pair_features(h[row, :len(it["text"])].numpy(), pairs)
                    probs = pair_net(torch.from_numpy(vec), torch.from_numpy(codes)).numpy()
                    probs = probs * np.stack([allowed(s, o) for s, o in pairs])
                    for (s, o), pr in zip(pairs, probs):
                        for k in np.flatnonzero(pr >= 0.02):
                            res.append((LABELS[k], _names(it, s), _names(it, o), float(pr[k])))
                out[i] = res
    enc.train()
    pair_net.train()
    return out


def _names(item, span: Span) -> frozenset:
    text = item["text"][span.start:span.end]
    return frozenset({text} | (surfaces(item["doc"], span.ref) if span.ref else set()))


def _score(items, scored, thresholds: dict, base=None) -> dict:
    """P/R/F1 of the pairs scoring at least their predicate's threshold, with
    ``base`` (per item, triples found otherwise: the patterns') added."""
    pairs = []
    for n, (it, res) in enumerate(zip(items, scored)):
        preds = {Predicted(label, s, o, label in SYMMETRIC): None for label, s, o, pr in res
                 if pr >= thresholds.get(label, 0.5)}
        if base is not None:
            preds.update(dict.fromkeys(base[n]))
        pairs.append((it["sentence"], list(preds)))
    return score_relations(pairs, LABELS)


def choose_thresholds(items, scored, target: float, min_tp: int = 5, base=None, rule: str = "precision") -> dict:
    """Per predicate, a threshold (0.05 steps) scored on ``items`` with ``base``
    (per item, the triples the patterns find, which the model's are added to).
    ``rule`` ``precision``: the best recall among thresholds whose precision
    reaches ``target`` with at least ``min_tp`` right triples, else the best
    F1 (a precise threshold that keeps one or two triples says nothing);
    ``f1``: the best F1 (ties: the higher threshold)."""
    grid = [round(0.05 * i, 2) for i in range(2, 20)]
    by_t = {t: _score(items, scored, {k: t for k in LABELS}, base)["by_predicate"] for t in grid}
    out = {}
    for label in LABELS:
        rows = [(t, by_t[t][label]) for t in grid]
        ok = [(t, r) for t, r in rows if r["precision"] >= target and r["tp"] >= min_tp]
        if ok and rule == "precision":
            out[label] = max(ok, key=lambda tr: (tr[1]["recall"], tr[0]))[0]
        else:
            out[label] = max(rows, key=lambda tr: (tr[1]["f1"], tr[0]))[0]
    return out


def pattern_triples(items) -> list[list[Predicted]]:
    """Per item, the triples of kg's patterns (its reading of the sentence) that answer :data:`LABELS`."""
    from kg.extract.duie import predicted_triples

    return [[t for t in predicted_triples(it["doc"]) if t.predicate in LABELS] for it in items]


def _read_with_docs(path, part, limit, cache: dict, log):
    sentences = [gold_triples(s) for s in read_duie(path, part)][:limit]
    todo = [s.text for s in sentences if s.text not in cache]
    if todo:
        from kg.pipeline import extract_texts

        log(f"{part}: kg reads {len(todo)} sentences …")
        for text, doc in zip(todo, extract_texts(todo)):
            cache[text] = doc
    return sentences, [cache[s.text] for s in sentences]


def train_relations(train_path: str | Path, output_dir: str | Path, *, minutes: float = 30.0,
                    limit: int | None = None, cache: str | Path | None = None, log=print, **overrides) -> dict:
    """Train on ``train_path``'s train part; write the model files to
    ``output_dir``; return the figures (stop and dev, text-level) for the model card."""
    from kg.training.torch_layers import chars_from_lac
    from kg.training.events import READERS, bio_head, reader_inputs

    torch, p = start_training("kg train relations", DEFAULTS, overrides)
    began = time.time()
    deadline = began + minutes * 60
    docs_cache: dict = {}
    if cache and Path(cache).is_file():
        docs_cache = pickle.loads(Path(cache).read_bytes())
    train, train_docs = _read_with_docs(train_path, "train", limit, docs_cache, log)
    stop, stop_docs = _read_with_docs(train_path, "stop", limit // 8 if limit else None, docs_cache, log)
    if cache:
        Path(cache).write_bytes(pickle.dumps(docs_cache))
    if not train or not stop or not any(s.triples for s in train):
        raise InputError(f"{train_path}: too few sentences to train on; give DuIE 2.0 train")
    counts = Counter(c for s in train for c in s.text)
    chars, feats, analyzer = reader_inputs(p["reads"], counts, p["char_minfreq"])
    log(f"reading {p['reads']} over {len(train) + len(stop)} sentences …")
    items = _items(train, train_docs, feats.of([s.text for s in train]), gold=True)
    held = _items(stop, stop_docs, feats.of([s.text for s in stop]), gold=False)
    n_pairs = sum(len(it["pairs"]) for it in items)
    n_pos = int(sum(it["targets"].sum() for it in items))
    log(f"{len(items)} training sentences, {n_pairs} candidate pairs ({n_pos} positive); stop {len(held)}")
    tag_names = ["O"] + [f"{x}-{k}" for k in TAG_KINDS for x in "BI"]
    head = bio_head(tag_names)
    sizes = {"chars": len(chars) + 2, "lac": len(analyzer.tags) + 1 if analyzer else 0,
             "context": analyzer.context_width if analyzer else feats.width}
    enc, pair_net = _build(torch, sizes, p)
    pair_net.probabilities = False
    chars_from_lac(torch, enc.char, "".join(chars))
    params = list(enc.parameters()) + list(pair_net.parameters())
    opt = torch.optim.Adam(params, lr=p["lr"])
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, p["decay"])
    rng = random.Random(p["seed"])
    groups = length_groups([len(it["text"]) for it in items], p["batch_chars"])
    best, best_state, waited, history, epoch_time = -1.0, None, 0, [], 0.0
    for epoch in range(1, p["epochs"] + 1):
        if time.time() + epoch_time > deadline:
            log(f"stopping before epoch {epoch}: the time budget would be overrun")
            break
        t0 = time.time()
        rng.shuffle(groups)
        total = 0.0
        for idx in groups:
            ids, states, tags, lengths = _batch(torch, items, idx, p["char_unk"])
            em, h = enc(ids, states, lengths)
            steps = torch.arange(em.shape[1])[None, :] < lengths[:, None]
            loss = p["tag_weight"] * torch.nn.functional.cross_entropy(em[steps], tags[steps], reduction="sum")
            vec, codes = _pair_tensor(torch, h, items, idx)
            if vec is not None:
                pair_net.probabilities = False
                logits = pair_net(vec, codes)
                y = torch.from_numpy(np.concatenate([items[i]["targets"] for i in idx]))
                mask = torch.from_numpy(np.concatenate([items[i]["allowed"] for i in idx]).astype(np.float32))
                bce = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, y, reduction="none", pos_weight=torch.full((len(LABELS),), float(p["pos_weight"])))
                loss = loss + (bce * mask).sum()
            loss = loss / len(idx)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        pair_net.probabilities = True
        scored = _scored(torch, enc, pair_net, held, head)
        score = _score(held, scored, {})["overall"]["f1"]
        epoch_time = time.time() - t0
        history.append(round(score, 4))
        log(f"epoch {epoch} loss {total / len(items):.3f} stop F1 {score:.4f} ({epoch_time:.0f} s)")
        if score > best:
            best, waited = score, 0
            best_state = ({k: v.clone() for k, v in enc.state_dict().items()},
                          {k: v.clone() for k, v in pair_net.state_dict().items()})
        else:
            waited += 1
            if waited >= p["patience"]:
                break
    if best_state is not None:
        enc.load_state_dict(best_state[0])
        pair_net.load_state_dict(best_state[1])
    pair_net.probabilities = True
    scored = _scored(torch, enc, pair_net, held, head)
    # "f1": scored with the patterns' triples, as the pipeline adds the model's to them (tried in session 12)
    base = pattern_triples(held) if p["threshold_rule"] == "f1" else None
    thresholds = choose_thresholds(held, scored, p["precision"], base=base, rule=p["threshold_rule"])
    figures = {"params": p, "train_sentences": len(items), "train_pairs": n_pairs, "positive_pairs": n_pos,
               "chars": len(chars), "stop_f1_by_epoch": history, "thresholds": thresholds,
               "stop": _score(held, scored, thresholds, base)}
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    _export(torch, enc, pair_net, items, out)
    meta = {"about": f"kg relation extractor: span tagger and pair classifier ({p['arch']}) over "
                     f"{READERS[p['reads']]} (kg train relations); trained on DuIE 2.0 train (Baidu, "
                     "non-commercial research only)",
            "labels": list(LABELS), "chars": chars, "lac_tags": list(analyzer.tags) if analyzer else [],
            "reads": p["reads"], "tagger": head,
            "thresholds": thresholds, "training": {k: v for k, v in figures.items() if k != "stop"}}
    tmp = out / (MODEL_FILES[0] + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(out / MODEL_FILES[0])
    RelationModel(out, analyzer)  # the files load
    figures["minutes"] = round((time.time() - began) / 60, 1)
    figures["bytes"] = sum((out / n).stat().st_size for n in MODEL_FILES)
    return figures


def _export(torch, enc, pair_net, items, out: Path) -> None:
    """Both networks to ONNX (opset 17), each checked against torch."""
    import warnings

    import onnxruntime as ort

    enc.eval()
    pair_net.eval()
    sample = max(items[:50], key=lambda it: len(it["pairs"]))
    ids, states, _, _ = _batch(torch, [sample, sample], [0, 1])
    lengths = torch.tensor([ids.shape[1], ids.shape[1] - 1])
    vec, codes = pair_features(np.zeros((len(sample["text"]), enc.state_width), np.float32),
                               sample["pairs"][:3] or [(Span(0, 1, "ORG"), Span(1, 2, "PER"))])
    jobs = ((enc, (ids, states, lengths), ["ids", "marks", "lengths"], ["tags", "states"],
             {"ids": {0: "batch", 1: "length"}, "marks": {0: "batch", 1: "length"}, "lengths": {0: "batch"},
              "tags": {0: "batch", 1: "length"}, "states": {0: "batch", 1: "length"}}, MODEL_FILES[1]),
            (pair_net, (torch.from_numpy(vec), torch.from_numpy(codes)), ["pairs", "codes"], ["scores"],
             {"pairs": {0: "n"}, "codes": {0: "n"}, "scores": {0: "n"}}, MODEL_FILES[2]))
    for net, args, inputs, outputs, axes, name in jobs:
        tmp = out / (name + ".tmp")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                torch.onnx.export(net, args, str(tmp), input_names=inputs, output_names=outputs,
                                  opset_version=17, dynamic_axes=axes, dynamo=False)
            except TypeError:
                torch.onnx.export(net, args, str(tmp), input_names=inputs, output_names=outputs,
                                  opset_version=17, dynamic_axes=axes)
        with torch.no_grad():
            expected = net(*args)
            expected = (expected if isinstance(expected, tuple) else (expected,))
        got = ort.InferenceSession(str(tmp), providers=["CPUExecutionProvider"]).run(
            None, {k: a.numpy() for k, a in zip(inputs, args)})
        for e, g in zip(expected, got):
            if not np.allclose(e.numpy(), g, atol=1e-3):
                from kg.errors import ModelError

                raise ModelError(f"ONNX export of {name} does not match torch; retrain")
        tmp.replace(out / name)
