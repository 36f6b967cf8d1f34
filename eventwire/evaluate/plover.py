"""Score PLOVER coding on the PLOVER gold records (JSON) or on CAMEO quad sentences (TSV).

Gold records (``PLOVER_GSR_CAMEO.json.gz``): each coded sentence goes through the pipeline; its
PLOVER coding is the PLOVER stage's sentence coding (else the most confident PLOVER-coded event or
statement, as before the stage existed: :func:`top_coding`).
Reported: 16-type accuracy (PLOVER 0.5 names mapped to today's, ``plover.yaml`` aliases), the
share where any coding has the gold type, macro-F1 and per-type recall, the share of sentences with
no PLOVER code, mode accuracy where the gold gives a mode, and source/target actor match (relaxed:
a gold actor's text inside the coded actor's name or text, or the other way round).

Quad sentences (``cameo_quad_train.tsv``: sentence, label 0-4): the quad class of the top coding
(``plover_quad``: of its type's CAMEO classes, the one the quad head rates highest) against the
label's quad (``plover.yaml`` quads); a sentence with no code counts as wrong.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fields.plover.codebook import QUADS, load_codebook
from ..records import Article, ArticleResult
from .common import confusion, macro_f1, per_label_f1

Runner = Callable[[list[Article]], Iterable[ArticleResult]]


@dataclass
class GoldRecord:
    id: str
    text: str
    type: str
    mode: str | None = None
    context: str | None = None
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass
class Coding:
    """One PLOVER coding of a sentence, from an event or a statement."""

    type: str
    mode: str | None
    context: str | None
    source: list[str]  # the actor's canonical name and its text as written
    target: list[str]
    confidence: float
    quad: str | None = None  # its CAMEO quad class


def _actors(value: Any) -> list[str]:
    return [a["actorText"] for a in value or [] if isinstance(a, dict) and a.get("actorText")]


def read_gold(path: str | Path) -> list[GoldRecord]:
    """The coded sentences of a PLOVER gold file (the DOCUMENT record and texts without a type skipped)."""
    book = load_codebook()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    out = []
    for r in raw:
        ptype = book.canonical(r.get("event"))
        text = (r.get("text") or "").strip()
        if ptype is None or not text:
            continue
        mode = r.get("mode") or None
        out.append(
            GoldRecord(
                id=r.get("id", ""),
                text=text,
                type=ptype,
                mode=book.mode_aliases.get(mode, mode) if mode else None,
                context=r.get("context") or None,
                sources=_actors(r.get("source")),
                targets=_actors(r.get("target")),
            )
        )
    return out


def read_quads(path: str | Path) -> list[tuple[str, str]]:
    """(sentence, quad) of a CAMEO quad TSV (sentence, label)."""
    quads = load_codebook().quads
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) >= 2]
    return [(text.strip(), quads[int(label)]) for text, label in rows if label.strip().isdigit()]


def codings(result: ArticleResult) -> list[Coding]:
    """Every PLOVER coding in a result: its events and statements with a PLOVER type."""
    out = [
        Coding(
            e.plover_type,
            e.plover_mode,
            e.plover_context,
            [x for x in (e.actor1, e.actor1_text) if x],
            [x for x in (e.actor2, e.actor2_text) if x],
            e.confidence,
            e.plover_quad,
        )
        for e in result.events
        if e.plover_type
    ]
    out += [
        Coding(
            s.plover_type,
            s.plover_mode,
            s.plover_context,
            [x for x in (s.speaker, s.speaker_text) if x],
            [s.target] if s.target else [],
            s.confidence,
            s.plover_quad,
        )
        for s in result.statements
        if s.plover_type
    ]
    return out


def top_coding(result: ArticleResult) -> Coding | None:
    """The sentence coding of the PLOVER stage (the event whose ``provenance.plover`` is the cue) the
    classifier is surest of; without one, the most confident coding (events before statements on ties)."""
    staged = [e for e in result.events if e.plover_type and "plover" in e.provenance]
    if staged:
        best = max(staged, key=lambda e: e.provenance["plover"].confidence)
        return Coding(
            best.plover_type,
            best.plover_mode,
            best.plover_context,
            [x for x in (best.actor1, best.actor1_text) if x],
            [x for x in (best.actor2, best.actor2_text) if x],
            best.provenance["plover"].confidence,
            best.plover_quad,
        )
    found = codings(result)
    return max(found, key=lambda c: c.confidence) if found else None


def actor_match(gold: list[str], coded: list[str]) -> bool:
    """A gold actor's text inside a coded actor's name or text, or the other way round."""
    g = [x.lower() for x in gold]
    c = [x.lower() for x in coded]
    return any(a in b or b in a for a in g for b in c)


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def score_types(gold: list[str], pred: list[str | None]) -> dict[str, Any]:
    """16-type accuracy, macro-F1, per-type recall and the no-code share (shared with training)."""
    scores = per_label_f1(gold, pred)
    types = list(load_codebook().types)
    return {
        "accuracy": _rate(sum(g == p for g, p in zip(gold, pred)), len(gold)),
        "macro_f1": macro_f1(scores, [t for t in types if any(g == t for g in gold)]),
        "no_code": _rate(sum(p is None for p in pred), len(gold)),
        "recall": {t: scores[t]["recall"] for t in types if t in scores and scores[t]["support"]},
        "support": {t: scores[t]["support"] for t in types if t in scores and scores[t]["support"]},
    }


def score_quads(gold: list[str], pred: list[str | None]) -> dict[str, Any]:
    scores = per_label_f1(gold, pred)
    return {
        "accuracy": _rate(sum(g == p for g, p in zip(gold, pred)), len(gold)),
        "no_code": _rate(sum(p is None for p in pred), len(gold)),
        "recall": {q: scores[q]["recall"] for q in QUADS if q in scores and scores[q]["support"]},
    }


def evaluate_gold(path: str, limit: int | None = None, *, runner: Runner | None = None) -> dict[str, Any]:
    from ..pipeline import extract_articles
    from .acled import as_article

    runner = runner or extract_articles
    records = read_gold(path)[:limit]
    articles = [as_article(r.text, f"plover-{i}", None) for i, r in enumerate(records)]
    return {"file": str(path)} | score_gold(records, list(runner(articles)))


def score_gold(records: list[GoldRecord], results: list[ArticleResult]) -> dict[str, Any]:
    """The gold figures of pipeline ``results`` aligned with ``records``."""
    pred: list[str | None] = []
    any_hit = mode_n = mode_ok = mode_typed_n = mode_typed_ok = 0
    src_n = src_ok = tar_n = tar_ok = 0
    for rec, result in zip(records, results):
        top = top_coding(result)
        pred.append(top.type if top else None)
        any_hit += any(c.type == rec.type for c in codings(result))
        if rec.mode:
            mode_n += 1
            mode_ok += top is not None and top.mode == rec.mode
            if top is not None and top.type == rec.type:
                mode_typed_n += 1
                mode_typed_ok += top.mode == rec.mode
        if rec.sources:
            src_n += 1
            src_ok += top is not None and actor_match(rec.sources, top.source)
        if rec.targets:
            tar_n += 1
            tar_ok += top is not None and actor_match(rec.targets, top.target)
    gold = [r.type for r in records]
    return {
        "sentences": len(records),
        "type": score_types(gold, pred),
        "any_coding_has_gold_type": _rate(any_hit, len(records)),
        "mode": {"accuracy": _rate(mode_ok, mode_n), "where_type_right": _rate(mode_typed_ok, mode_typed_n)}
        | {"gold_with_mode": mode_n},
        "source_match": _rate(src_ok, src_n),
        "target_match": _rate(tar_ok, tar_n),
        "confusion": confusion(gold, pred),
    }


def evaluate_quads(path: str, limit: int | None = None, *, runner: Runner | None = None) -> dict[str, Any]:
    from ..pipeline import extract_articles
    from .acled import as_article

    runner = runner or extract_articles
    book = load_codebook()
    rows = read_quads(path)[:limit]
    articles = [as_article(text, f"quad-{i}", None) for i, (text, _) in enumerate(rows)]
    pred = []
    for result in runner(articles):
        top = top_coding(result)
        pred.append((top.quad or book.cameo_quad(top.type)) if top else None)
    gold = [q for _, q in rows]
    return {"file": str(path), "sentences": len(rows), "quad": score_quads(gold, pred)}


def evaluate(path: str, limit: int | None = None, *, runner: Runner | None = None) -> dict[str, Any]:
    """PLOVER gold records (JSON, gzipped or not) or CAMEO quad sentences (a TSV)."""
    if str(path).endswith((".tsv", ".txt")):
        return evaluate_quads(path, limit, runner=runner)
    return evaluate_gold(path, limit, runner=runner)
