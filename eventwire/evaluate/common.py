"""Scoring helpers shared by the evaluation harnesses."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def as_corpus(results: Iterable[Any]) -> list[Any]:
    """The results of one evaluation set as the store holds a corpus: its unplaced events placed
    by the corpus's country prior (:mod:`eventwire.fields.places.prior`)."""
    from ..fields.places import apply_country_prior

    out = list(results)
    apply_country_prior(out)
    return out


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def per_label_f1(gold: list[str], pred: list[str]) -> dict[str, dict[str, float | int]]:
    """Per-label precision/recall/F1 for single-label classification (None = no label)."""
    labels = sorted({g for g in gold if g is not None} | {p for p in pred if p is not None})
    out = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        fp = sum(g != label and p == label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        out[label] = prf(tp, fp, fn) | {"support": sum(g == label for g in gold)}
    return out


def macro_f1(scores: dict[str, dict[str, float | int]], labels: Iterable[str] | None = None) -> float:
    """Unweighted mean F1 over ``labels`` (default: the labels with gold support)."""
    names = list(labels) if labels is not None else [k for k, v in scores.items() if v["support"]]
    return round(sum(scores[n]["f1"] for n in names if n in scores) / len(names), 4) if names else 0.0


def weighted_f1(scores: dict[str, dict[str, float | int]], labels: Iterable[str] | None = None) -> float:
    """Support-weighted mean F1 over ``labels`` (default: all labels with support)."""
    names = list(labels) if labels is not None else list(scores)
    total = sum(scores[n]["support"] for n in names if n in scores)
    if not total:
        return 0.0
    return round(sum(scores[n]["f1"] * scores[n]["support"] for n in names if n in scores) / total, 4)


def confusion(gold: list[Any], pred: list[Any]) -> dict[str, dict[str, int]]:
    """Confusion matrix as nested dicts: gold label -> predicted label -> count."""
    table: dict[str, Counter] = {}
    for g, p in zip(gold, pred):
        table.setdefault(str(g), Counter())[str(p)] += 1
    return {g: dict(c.most_common()) for g, c in sorted(table.items())}


def write_report(report: dict[str, Any], path: str | Path) -> Path:
    """Write ``report`` as indented JSON and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
    return path
