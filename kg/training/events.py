"""Training the event extractor (:mod:`kg.extract.event_model`) on DuEE 1.0 with torch.

torch and onnx are needed here only (the ``train`` extra).  The DuEE file is
split by :func:`kg.extract.duee.split_of`: the networks learn from ``train``,
choose their epoch on ``stop``, and ``dev`` is only ever scored (the model
card's figures), never trained or tuned on.

Both networks are BiLSTM taggers over the same per-character inputs (the
character, LAC's tag, LAC's top-layer states); the argument network also
reads the trigger mark, the distance to the trigger and the event type, and
learns from the gold triggers (one item per gold event).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np

from kg.errors import InputError
from kg.training.setup import start_training
from kg.extract.duee import Sentence, read_duee, score_events
from kg.extract.event_model import (MASKED, MAX_DIST, MODEL_FILES, N_MARKS, EventModel,
                                    argument_ids, bio_decode, reader_features, spans)
from kg.ner.decoding import length_groups

__all__ = ["train_events", "DEFAULTS", "reader_inputs"]

DEFAULTS = {
    "char_dim": 128, "lac_dim": 24, "context_dim": 128, "mark_dim": 16, "dist_dim": 16,
    "type_dim": 32, "hidden": 160, "dropout": 0.3, "lr": 2e-3, "decay": 0.92,
    "batch_chars": 2000, "epochs": 30, "patience": 4, "seed": 1, "char_minfreq": 2,
    "char_unk": 0.02, "threads": 1, "second": 0, "trigger_state": False, "trigger_from": None,
    "argument_nets": 1, "reads": "lac", "arch": "bilstm", "dilations": (1, 2, 4, 8),
}


def _build_net(torch, sizes: dict, p: dict, arguments: bool):
    from kg.training.torch_layers import sequence_layers

    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fine = None  # kg.training.torch_layers.export_onnx asks
            self.char = nn.Embedding(sizes["chars"], p["char_dim"], padding_idx=0)
            # LAC's tag (a reader of LAC's analysis; a fast reader has none)
            self.lac = nn.Embedding(sizes["lac"], p["lac_dim"], padding_idx=0) if sizes["lac"] else None
            self.context = nn.Linear(sizes["context"], p["context_dim"])
            width = p["char_dim"] + (p["lac_dim"] if self.lac is not None else 0) + p["context_dim"]
            self.arguments = arguments
            if arguments:
                self.mark = nn.Embedding(N_MARKS, p["mark_dim"], padding_idx=0)
                self.dist = nn.Embedding(2 * MAX_DIST + 2, p["dist_dim"], padding_idx=0)
                self.event_type = nn.Embedding(sizes["types"] + 1, p["type_dim"], padding_idx=0)
                width += p["mark_dim"] + p["dist_dim"] + p["type_dim"]
            self.drop = nn.Dropout(p["dropout"])
            self.conv, self.fwd, self.bwd, out_width = sequence_layers(torch, width, p)
            state_width = out_width
            # the argument network's second layer reads each character's state
            # beside the trigger's own (what the trigger means in this sentence)
            self.second = arguments and p["second"]
            self.trigger_state = arguments and p["trigger_state"] and not self.second
            if self.second:
                self.fwd2 = nn.LSTM(2 * state_width, p["second"], batch_first=True)
                self.bwd2 = nn.LSTM(2 * state_width, p["second"], batch_first=True)
                out_width = 2 * p["second"]
            elif self.trigger_state:  # the output layer reads the trigger's state beside each character's
                out_width = 2 * state_width
            self.out = nn.Linear(out_width, sizes["tags"])

        @staticmethod
        def bilstm(fwd, bwd, x, rev):
            h_f, _ = fwd(x)
            h_b, _ = bwd(x.gather(1, rev.unsqueeze(2).expand(-1, -1, x.shape[2])))
            h_b = h_b.gather(1, rev.unsqueeze(2).expand(-1, -1, h_b.shape[2]))
            return torch.cat([h_f, h_b], dim=2)

        def forward(self, ids, marks, lengths):
            steps = ids.shape[1]
            parts = [self.char(ids[:, :, 0])]
            if self.lac is not None:
                parts.append(self.lac(ids[:, :, 1]))
            parts.append(self.context(marks))
            if self.arguments:  # the last three id columns (kg.extract.event_model.argument_ids)
                parts += [self.mark(ids[:, :, -3]), self.dist(ids[:, :, -2]), self.event_type(ids[:, :, -1])]
            x = self.drop(torch.cat(parts, dim=2))
            t = torch.arange(steps).unsqueeze(0)
            rev = torch.where(t < lengths.unsqueeze(1), lengths.unsqueeze(1) - 1 - t, t)
            h = self.conv(x, lengths) if self.conv is not None else self.bilstm(self.fwd, self.bwd, x, rev)
            if self.second or self.trigger_state:
                first = (ids[:, :, -3] == 2).to(h.dtype).unsqueeze(2)  # the trigger's first character
                trigger = (h * first).sum(1, keepdim=True).expand(-1, steps, -1)
                h = torch.cat([h, trigger], dim=2)
                if self.second:
                    h = self.bilstm(self.fwd2, self.bwd2, self.drop(h), rev)
            return self.out(self.drop(h))

    return Net()


def _bio(n: int, spans, labels: list[str]) -> np.ndarray:
    """Tag ids (0 = O, 1 + 2i = B-label i, 2 + 2i = I-label i) of non-overlapping spans."""
    index = {label: i for i, label in enumerate(labels)}
    tags = np.zeros(n, dtype=np.int64)
    for label, start, end in sorted(spans, key=lambda s: (s[1], -s[2])):
        if start < 0 or end > n or start >= end or tags[start:end].any():
            continue
        tags[start] = 1 + 2 * index[label]
        tags[start + 1:end] = 2 + 2 * index[label]
    return tags


def _pad(torch, items, idx, unk_rate=0.0, masks=None):
    width = max(len(items[i][1]) for i in idx)
    k = items[idx[0]][1].shape[1]
    ids = np.zeros((len(idx), width, k), dtype=np.int64)
    states = np.zeros((len(idx), width, items[idx[0]][2].shape[1]), dtype=np.float32)
    tags = np.zeros((len(idx), width), dtype=np.int64)
    for row, i in enumerate(idx):
        n = len(items[i][1])
        ids[row, :n], states[row, :n], tags[row, :n] = items[i][1], items[i][2], items[i][3]
    if unk_rate:
        drop = (np.random.random(ids.shape[:2]) < unk_rate) & (ids[:, :, 0] > 0)
        ids[:, :, 0][drop] = 1
    lengths = torch.tensor([len(items[i][1]) for i in idx])
    mask = None
    if masks is not None:
        mask = torch.from_numpy(np.stack([masks[items[i][4]] for i in idx]).astype(np.float32))[:, None, :]
    return torch.from_numpy(ids), torch.from_numpy(states), torch.from_numpy(tags), lengths, mask


def _emissions(torch, net, items, masks=None):
    net.eval()
    out = [None] * len(items)
    with torch.no_grad():
        for idx in length_groups([len(it[1]) for it in items], 8000):
            ids, states, _, lengths, mask = _pad(torch, items, idx, masks=masks)
            em = net(ids, states, lengths)
            if mask is not None:
                em = em + mask
            em = em.double().numpy()
            for row, i in enumerate(idx):
                out[i] = em[row, :len(items[i][1])]
    net.train()
    return out


def bio_head(tags: list[str]) -> dict:
    """Decoding scores that allow only well-formed BIO paths: ``I-x`` follows
    ``B-x`` or ``I-x``, and no path starts with ``I-x``."""
    n = len(tags)
    trans = np.zeros((n, n))
    start = np.zeros(n)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            start[j] = MASKED
            for i, prev in enumerate(tags):
                if prev[2:] != tag[2:]:
                    trans[i, j] = MASKED
    return {"tags": tags, "transitions": trans.tolist(), "start": start.tolist(), "end": [0.0] * n}


def _fit(torch, name, net, items, stop_score, p, deadline, log, masks=None):
    """Adam on per-character cross-entropy over length-grouped batches; keeps
    the state with the best ``stop_score``."""
    params = list(net.parameters())
    opt = torch.optim.Adam(params, lr=p["lr"])
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, p["decay"])
    best, best_state, waited, history = -1.0, None, 0, []
    rng = random.Random(p["seed"])
    groups = length_groups([len(it[1]) for it in items], p["batch_chars"])
    epoch_time = 0.0
    for epoch in range(1, p["epochs"] + 1):
        if time.time() + epoch_time > deadline:
            log(f"{name}: stopping before epoch {epoch}: the time budget would be overrun")
            break
        began = time.time()
        rng.shuffle(groups)
        total = 0.0
        for idx in groups:
            ids, states, tags, lengths, mask = _pad(torch, items, idx, p["char_unk"], masks)
            em = net(ids, states, lengths)
            if mask is not None:
                em = em + mask
            steps = torch.arange(em.shape[1])[None, :] < lengths[:, None]
            loss = torch.nn.functional.cross_entropy(em[steps], tags[steps], reduction="sum") / len(idx)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        score = stop_score()
        epoch_time = time.time() - began
        history.append(round(score, 4))
        log(f"{name}: epoch {epoch} loss {total / len(items):.3f} stop-slice F1 {score:.4f} "
            f"({epoch_time:.0f} s)")
        if score > best:
            best, waited = score, 0
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
        else:
            waited += 1
            if waited >= p["patience"]:
                break
    if best_state is not None:
        net.load_state_dict(best_state)
    return best, history


def train_events(train_path: str | Path, output_dir: str | Path, *, minutes: float = 60.0,
                 limit: int | None = None, log=print, **overrides) -> dict:
    """Train both networks on ``train_path``'s train part; write the model files
    to ``output_dir``; return the figures (stop slice and dev) for the model card."""
    from kg.training.torch_layers import chars_from_lac, export_onnx

    torch, p = start_training("kg train events", DEFAULTS, overrides)
    began = time.time()
    deadline = began + minutes * 60
    train = list(read_duee(train_path, "train"))[:limit]
    stop = list(read_duee(train_path, "stop"))[: (limit // 8 if limit else None)]
    if not train or not stop:
        raise InputError(f"{train_path}: too few sentences to train on; give DuEE 1.0 train")
    schema = {row["event_type"]: [r["role"] for r in row["role_list"]] for row in load_schema(train_path)}
    types = sorted(schema)
    roles = sorted({r for rs in schema.values() for r in rs})
    char_counts = Counter(c for s in train for c in s.text)
    chars, feats, analyzer = reader_inputs(p["reads"], char_counts, p["char_minfreq"])
    log(f"reading {p['reads']} over {len(train) + len(stop)} sentences …")
    train_f, stop_f = feats.of([s.text for s in train]), feats.of([s.text for s in stop])
    trig_tags = ["O"] + [f"{x}-{t}" for t in types for x in "BI"]
    role_tags = ["O"] + [f"{x}-{r}" for r in roles for x in "BI"]
    masks = {}
    for t in types:
        m = np.full(len(role_tags), MASKED)
        m[0] = 0.0
        for r in schema[t]:
            i = roles.index(r)
            m[1 + 2 * i] = m[2 + 2 * i] = 0.0
        masks[t] = m

    def trigger_items(sents, fs):
        return [(s.text, ids, st, _bio(len(s.text), [(e.event_type, e.start, e.end) for e in s.events
                                                      if e.event_type in schema], types))
                for s, (ids, st) in zip(sents, fs)]

    def argument_items(sents, fs):
        out = []
        for s, (ids, st) in zip(sents, fs):
            for e in s.events:
                if e.event_type not in schema or e.end > len(s.text):
                    continue
                arg_spans = [(a.role, a.start, a.end) for a in e.arguments if a.role in schema[e.event_type]]
                out.append((s.text, argument_ids(ids, e.start, e.end, types.index(e.event_type) + 1), st,
                            _bio(len(s.text), arg_spans, roles), e.event_type))
        return out

    sizes = {"chars": len(chars) + 2, "lac": len(analyzer.tags) + 1 if analyzer else 0,
             "context": analyzer.context_width if analyzer else feats.width, "types": len(types)}
    t_items, t_stop = trigger_items(train, train_f), trigger_items(stop, stop_f)
    a_items, a_stop = argument_items(train, train_f), argument_items(stop, stop_f)
    log(f"{len(t_items)} training sentences, {len(a_items)} events; stop slice {len(t_stop)} / {len(a_stop)}")

    def span_f1(gold_items, ems, head_tags):
        tp = fp = fn = 0
        for item, path in zip(gold_items, bio_decode(ems)):
            gold = set(spans([head_tags[j] for j in item[3]]))
            pred = set(spans([head_tags[j] for j in path]))
            tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    nets = {}
    figures = {"params": p, "types": len(types), "roles": len(roles), "train_sentences": len(train),
               "train_events": len(a_items), "chars": len(chars)}
    n_args = max(1, p["argument_nets"])
    jobs = [("trigger", 0, t_items, t_stop, trig_tags, None)]
    jobs += [("argument", k, a_items, a_stop, role_tags, masks) for k in range(n_args)]
    arg_files = [MODEL_FILES[2]] + [MODEL_FILES[2].replace(".onnx", f"-{k + 1}.onnx") for k in range(1, n_args)]
    for name, k, items, held, tags, masks_ in jobs:
        if name == "trigger" and p["trigger_from"]:
            reused = json.loads((Path(p["trigger_from"]) / MODEL_FILES[0]).read_text(encoding="utf-8"))
            if reused["chars"] != chars or reused["types"] != types or reused.get("reads", "lac") != p["reads"]:
                raise InputError(f"{p['trigger_from']}: its trigger network was trained on other data; "
                                 "train both networks (leave out --trigger-from)")
            figures[name] = {**reused["training"]["trigger"], "reused_from": str(p["trigger_from"]),
                             "arch": reused["training"]["params"].get("arch", "bilstm")}
            continue
        torch.manual_seed(p["seed"] + k)
        net = _build_net(torch, {**sizes, "tags": len(tags)}, p, arguments=name == "argument")
        chars_from_lac(torch, net.char, "".join(chars))
        # the trigger network gets 40% of the budget, each argument network its share of the rest
        share = began + (deadline - began) * (0.4 if name == "trigger" else 0.4 + 0.6 * (k + 1) / n_args)
        t0 = time.time()
        best, history = _fit(torch, name, net, items,
                             lambda: span_f1(held, _emissions(torch, net, held, masks_), tags),
                             {**p, "seed": p["seed"] + k}, share, log, masks_)
        key = name if k == 0 else f"{name}-{k + 1}"
        nets[key] = (net, tags)
        figures[key] = {"stop_f1": round(best, 4), "by_epoch": history,
                        "minutes": round((time.time() - t0) / 60, 1)}
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    trigger_arch = figures["trigger"].get("arch", p["arch"])
    meta = {"about": f"kg event extractor: a {trigger_arch} trigger tagger and {p['arch']} argument tagger(s) "
                     f"over {READERS[p['reads']]} (kg train events); trained on DuEE 1.0 train (Baidu, "
                     "non-commercial research only)",
            "types": types, "roles": roles, "type_roles": {t: schema[t] for t in types},
            "chars": chars, "lac_tags": list(analyzer.tags) if analyzer else [], "reads": p["reads"],
            "trigger": bio_head(trig_tags), "argument": bio_head(role_tags), "training": figures,
            "argument_files": arg_files}
    files = [("trigger", MODEL_FILES[1])] + [("argument" if k == 0 else f"argument-{k + 1}", arg_files[k])
                                             for k in range(n_args)]
    for key, file in files:
        if key not in nets:  # reused: the trigger network of --trigger-from
            shutil.copyfile(Path(p["trigger_from"]) / file, out / file)
            continue
        net, _ = nets[key]
        net.eval()
        sample = (t_items if key == "trigger" else a_items)[0]
        export_onnx(torch, net, out / file, (sample[0], (sample[1], sample[2])))
    write_meta(out, meta)
    model = EventModel(out, analyzer)
    meta["thresholds"], meta["snap"] = choose_thresholds(model, stop, log)
    figures["thresholds"], figures["snap"] = meta["thresholds"], meta["snap"]
    write_meta(out, meta)
    model = EventModel(out, analyzer)
    dev = list(read_duee(train_path, "dev"))
    figures["dev"] = score_events(zip(dev, _predict(model, dev)))
    figures["minutes"] = round((time.time() - began) / 60, 1)
    return figures


#: What a reader reads, as its model's ``about`` says.
READERS = {"lac": "LAC's reading", "fast": "the fast tagger's states"}


def reader_inputs(reads: str, char_counts: Counter, minfreq: int):
    """``(chars, features, analyzer)`` of a reader: its characters (those seen
    ``minfreq`` times; full-width forms folded as its features fold them), its
    features (:class:`EventFeatures` over LAC, or
    :class:`kg.extract.fast_reading.FastFeatures`) and LAC's analyser (None for
    a fast reader)."""
    if reads == "fast":
        from kg.extract.fast_reading import fold_width

        analyzer, fold = None, fold_width
    elif reads == "lac":
        from kg.ner.lac import load_lac_vocabulary, require_lexical_analyzer

        analyzer, q2b = require_lexical_analyzer(), load_lac_vocabulary().q2b

        def fold(char: str) -> str:  # full-width forms, as LAC folds them
            return q2b.get(char, char)
    else:
        raise InputError(f"unknown reader input {reads!r}; use lac or fast")
    chars = sorted({fold(c) for c, n in char_counts.items() if n >= minfreq})
    meta = {"reads": reads, "chars": chars, "lac_tags": list(analyzer.tags) if analyzer else []}
    return chars, reader_features(meta, analyzer), analyzer


def write_meta(directory: Path, meta: dict) -> None:
    """``events.json``, written to a temporary file and renamed."""
    tmp = directory / (MODEL_FILES[0] + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(directory / MODEL_FILES[0])


#: The least tag probabilities tried for triggers and for arguments.
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)


def choose_thresholds(model: EventModel, stop: list[Sentence], log=print) -> tuple[list[float], bool]:
    """The (trigger, argument) least tag probabilities, and whether to widen
    arguments to LAC's words (:func:`kg.extract.event_model.snap`), with the
    best sum of trigger+type and argument F1 on the stop part (ties: the
    lower thresholds, no widening)."""
    best, chosen = -1.0, ([0.0, 0.0], False)
    for snapping in (False, True) if model.reads == "lac" else (False,):
        model.snap = snapping
        read = [r for at in range(0, len(stop), 256) for r in model.read([s.text for s in stop[at:at + 256]])]
        for t_min in THRESHOLDS:
            for a_min in THRESHOLDS:
                predicted = [Sentence(s.text, tuple(events), s.id)
                             for s, events in zip(stop, model.keep(read, (t_min, a_min)))]
                scores = score_events(zip(stop, predicted))
                total = scores["triggers"]["f1"] + scores["arguments"]["f1"]
                if total > best + 1e-9:
                    best, chosen = total, ([t_min, a_min], snapping)
    log(f"thresholds (trigger, argument) {chosen[0]}, widening to words {chosen[1]}: "
        f"stop-part F1 sum {best:.4f}")
    return chosen


def _predict(model: EventModel, sentences: list[Sentence], thresholds=None) -> list[Sentence]:
    out = []
    for at in range(0, len(sentences), 256):
        batch = sentences[at:at + 256]
        predicted = model.predict([s.text for s in batch], thresholds)
        out += [Sentence(s.text, tuple(events), s.id) for s, events in zip(batch, predicted)]
    return out


def load_schema(train_path: str | Path) -> list[dict]:
    """DuEE's event schema: ``duee_event_schema.json`` beside the training file,
    else the types and roles seen in it."""
    path = Path(train_path).with_name("duee_event_schema.json")
    if path.is_file():
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    seen: dict[str, set] = {}
    for s in read_duee(train_path):
        for e in s.events:
            seen.setdefault(e.event_type, set()).update(a.role for a in e.arguments)
    return [{"event_type": t, "role_list": [{"role": r} for r in sorted(rs)]} for t, rs in sorted(seen.items())]
