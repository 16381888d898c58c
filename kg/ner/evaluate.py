"""Entity-level evaluation (exact span and label match) on a BIO file."""

from __future__ import annotations

from pathlib import Path

from kg.ner.bio import spans_from_tags

__all__ = ["evaluate_bio", "score", "format_scores", "COARSE"]

#: Fine labels folded into MSRA's PER/ORG/LOC when the gold file has only those.
COARSE = {"GOV": "ORG", "COMPANY": "ORG", "GPE": "LOC"}


def score(pairs, label_map=None, ignore=()) -> dict:
    """Scores from ``(gold spans, predicted spans)`` pairs.

    Returns ``{"micro": {...}, "PER": {...}, ...}`` with precision, recall,
    f1, tp, fp, fn (and gold/predicted counts).
    """
    label_map = label_map or {}
    counts: dict[str, list[int]] = {}
    for gold, pred in pairs:
        g = {(s, e, label_map.get(l, l)) for s, e, l in gold if l not in ignore}
        p = {(s, e, label_map.get(l, l)) for s, e, l in pred if label_map.get(l, l) not in ignore}
        for label in {x[2] for x in g | p}:
            c = counts.setdefault(label, [0, 0, 0])
            gl = {x for x in g if x[2] == label}
            pl = {x for x in p if x[2] == label}
            c[0] += len(gl & pl)
            c[1] += len(pl - gl)
            c[2] += len(gl - pl)
    result = {label: _prf(*c) for label, c in sorted(counts.items())}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    result["micro"] = _prf(*total)
    return result


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn,
            "gold": tp + fn, "predicted": tp + fp}


def evaluate_bio(path: str | Path, tagger, part: str = "all", layer: str = "all") -> dict:
    """Tag every sentence of a BIO file and score against its tags.

    If the gold labels are only PER/ORG/LOC (MSRA), predicted GOV/COMPANY
    count as ORG and TITLE is ignored.  CLUENER ``.jsonl(.gz)`` files are
    read too; ``part`` (all, train, heldout) selects the deterministic split.
    ``layer="fine"`` scores the tagger's fine model alone (:meth:`Tagger.fine_spans`).
    """
    from kg.ner.annotated import read_examples

    examples = list(read_examples(path, part))
    golds = [spans_from_tags(tags) for _, tags in examples]
    gold_labels = {label for gold in golds for _, _, label in gold}
    texts = [text for text, _ in examples]
    if layer == "fine":
        predicted = [tagger.fine_spans(text) for text in texts]
    elif hasattr(tagger, "spans_many"):  # sentence by sentence, in batches of 256 sentences
        predicted = [spans for k in range(0, len(texts), 256)
                     for spans in tagger.spans_many(texts[k:k + 256])]
    else:
        predicted = [tagger.spans(text) for text in texts]
    pairs = list(zip(golds, predicted))
    if gold_labels <= {"PER", "ORG", "LOC"}:
        return score(pairs, COARSE, ignore={"TITLE"})
    return score(pairs)


def format_scores(scores: dict) -> str:
    """A small text table: label, P, R, F1, gold count."""
    lines = [f"{'label':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for label, s in scores.items():
        if label == "micro":
            continue
        lines.append(_row(label, s))
    lines.append(_row("micro", scores["micro"]))
    return "\n".join(lines)


def _row(label: str, s: dict) -> str:
    return (f"{label:<8} {s['precision']:>6.4f} {s['recall']:>6.4f} {s['f1']:>6.4f} "
            f"{s['gold']:>6}")
