"""Score extraction against an ACLED-format CSV(.gz): each note's text in, its coded rows as gold.

Rows that repeat the same note are one text with several gold events; each gold row is scored
against the best-matching predicted event of its note (type, then actors, then place), and a
note with no predicted ACLED event scores ``None`` on every field. Old (pre-2019) event types
are mapped to today's six; Protests and Riots are one label, as the old "Riots/Protests" was.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..fields.actors import key, load_countries
from ..geo import haversine_km
from ..learn.coder import type5
from ..learn.rows import inter_code
from ..records import Article, ArticleResult, Event
from .common import as_corpus, confusion, macro_f1, per_label_f1

_NEW_LABEL = {"Protests": "Protests/Riots", "Riots": "Protests/Riots"}
_YEARS = re.compile(r"\(\d{4}-(?:\d{4})?\)")
PLACE_KM = 25.0
Runner = Callable[[list[Article]], Iterable[ArticleResult]]


def gold_label(event_type: str) -> str:
    """Today's event type (Protests and Riots merged) for an old or new ACLED type, in any case
    (:func:`eventwire.learn.coder.type5`: the coder's training reads the exports the same way)."""
    return type5(event_type) or event_type


def pred_label(event: Event | None) -> str | None:
    """Scoring label of a predicted event (None: no event)."""
    if event is None or event.event_type is None:
        return None
    return _NEW_LABEL.get(event.event_type, event.event_type)


def canonical(name: str | None) -> str:
    """Actor name for comparison: no year ranges, no "the", lower case, single spaces."""
    if not name:
        return ""
    name = _YEARS.sub(" ", name)
    return " ".join(w for w in name.lower().split() if w != "the")


def actor_country(name: str | None) -> str | None:
    """ISO2 named in an ACLED actor name ("Civilians (Iraq)", "Military Forces of Syria"), else by its
    first demonym ("Allied Syrian and/or Russian Forces", "QSD: Syrian Democratic Forces")."""
    if not name:
        return None
    aliases, _, demonyms = load_countries()
    name = _YEARS.sub(" ", name)
    m = re.search(r"\(([^()]+)\)\s*$", name) or re.search(
        r"\bof (?:the )?([A-Z][\w' -]+?)(?:\s{2,}|$|\s[A-Z]{2,})", name
    )
    if m:
        return aliases.get(key(m.group(1).strip()))
    for word in re.findall(r"[A-Z][a-z]+", name):  # "Allied Syrian and/or Russian Forces": Syria
        if key(word) in demonyms:
            return aliases[key(word)]
    return None


def actor_match(
    gold_name: str, gold_inter: str, pred_name: str | None, pred_inter: int | None
) -> tuple[bool, bool]:
    """(exact, relaxed): relaxed is the same actor type (where gold gives one) and the same country
    (where gold names one)."""
    exact = bool(pred_name) and canonical(gold_name) == canonical(pred_name)
    if exact:
        return True, True
    code = inter_code(str(gold_inter))  # as older exports write it ("6") or newer ones ("Protesters")
    if not pred_name or (code is not None and code != pred_inter):
        return False, False
    gc = actor_country(gold_name)
    return False, gc is None or gc == actor_country(pred_name)


def iso_date(value: str) -> str | None:
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """Rows of an ACLED CSV, plain or gzipped."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _score(gold: dict[str, str], event: Event) -> tuple:
    """How well ``event`` matches a gold row (higher is better)."""
    same_type = pred_label(event) == gold_label(gold["event_type"])
    a1 = actor_match(gold["actor1"], gold["inter1"], event.actor1, event.inter1)
    a2 = actor_match(gold["actor2"], gold["inter2"], event.actor2, event.inter2)
    near = _distance(gold, event)
    return (same_type, a1[0] + a1[1], a2[0] + a2[1], -(near if near is not None else 1e9), event.confidence)


def _distance(gold: dict[str, str], event: Event) -> float | None:
    try:
        lat, lon = float(gold["latitude"]), float(gold["longitude"])
    except (KeyError, ValueError):
        return None
    if event.latitude is None or event.longitude is None:
        return None
    return haversine_km(lat, lon, event.latitude, event.longitude)


def _iso3(country: str) -> str | None:
    import pycountry

    iso2 = load_countries()[0].get(key(country))
    c = pycountry.countries.get(alpha_2=iso2) if iso2 else None
    return c.alpha_3 if c else None


def as_article(text: str, id: str, published: str | None) -> Article:
    """An article for a gold text; texts that ingest would refuse (too short) are kept as they are."""
    from ..errors import InputError
    from ..io.ingest import make_article

    try:
        return make_article(text, id=id, published=published)
    except InputError:
        return Article(id=id, text=text, published=published)


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def evaluate(
    path: str, limit: int | None = None, *, runner: Runner | None = None, in_sample: bool = False
) -> dict[str, Any]:
    """Run each distinct note of ``path`` through the pipeline and score it field by field.

    ``runner`` replaces :func:`eventwire.pipeline.extract_articles` (tests, partial pipelines).
    A learned layer (actors, places) learned from ``path`` itself is left out, so that the figures
    stay held out, unless ``in_sample``.
    """
    from ..learn.layers import held_out, source_name

    if in_sample:
        return _evaluate(path, limit, runner)
    with held_out(source_name(path)):
        return _evaluate(path, limit, runner)


def _evaluate(path: str, limit: int | None, runner: Runner | None) -> dict[str, Any]:
    from ..pipeline import extract_articles

    runner = runner or extract_articles
    notes: dict[str, list[dict[str, str]]] = {}
    for row in read_rows(path):
        if row.get("notes", "").strip():
            if limit is not None and row["notes"] not in notes and len(notes) >= limit:
                continue
            notes.setdefault(row["notes"], []).append(row)
    articles = [
        as_article(text, f"acled-{i}", iso_date(rows[0]["event_date"]))
        for i, (text, rows) in enumerate(notes.items())
    ]
    gold_l: list[str] = []
    pred_l: list[str | None] = []
    first_l: list[str | None] = []
    counts = dict.fromkeys(
        ("a1_exact", "a1_relaxed", "a2_exact", "a2_relaxed", "a2_total", "fat", "loc", "country"), 0
    )
    located = no_prediction = 0
    for (_text, rows), result in zip(notes.items(), as_corpus(runner(articles))):
        preds = [e for e in result.events if e.event_type is not None]
        if not preds:
            no_prediction += 1
        first = max(preds, key=lambda e: e.confidence) if preds else None
        for gold in rows:
            best = max(preds, key=lambda e: _score(gold, e)) if preds else None
            gold_l.append(gold_label(gold["event_type"]))
            pred_l.append(pred_label(best))
            first_l.append(pred_label(first))
            if best is None:
                continue
            ex1, rel1 = actor_match(gold["actor1"], gold["inter1"], best.actor1, best.inter1)
            counts["a1_exact"] += ex1
            counts["a1_relaxed"] += rel1
            if gold["actor2"].strip():
                ex2, rel2 = actor_match(gold["actor2"], gold["inter2"], best.actor2, best.inter2)
                counts["a2_total"] += 1
                counts["a2_exact"] += ex2
                counts["a2_relaxed"] += rel2
            counts["fat"] += (best.fatalities or 0) == int(gold.get("fatalities") or 0)
            d = _distance(gold, best)
            located += d is not None
            counts["loc"] += d is not None and d <= PLACE_KM
            counts["country"] += best.iso3 is not None and best.iso3 == _iso3(gold.get("country", ""))
    n = len(gold_l)
    scores = per_label_f1(gold_l, pred_l)
    gold_with_a2 = sum(1 for rows in notes.values() for g in rows if g["actor2"].strip())
    return {
        "file": str(path),
        "notes": len(notes),
        "gold_events": n,
        "notes_without_prediction": no_prediction,
        "event_type": {
            "accuracy": _rate(sum(g == p for g, p in zip(gold_l, pred_l)), n),
            "macro_f1": macro_f1(scores),
            "per_label": scores,
            "confusion": confusion(gold_l, pred_l),
            "most_confident_accuracy": _rate(sum(g == p for g, p in zip(gold_l, first_l)), n),
            "most_confident_macro_f1": macro_f1(per_label_f1(gold_l, first_l)),
        },
        "actor1": {"exact": _rate(counts["a1_exact"], n), "relaxed": _rate(counts["a1_relaxed"], n)},
        "actor2": {
            "exact": _rate(counts["a2_exact"], gold_with_a2),
            "relaxed": _rate(counts["a2_relaxed"], gold_with_a2),
            "gold_with_actor2": gold_with_a2,
        },
        "fatalities_exact": _rate(counts["fat"], n),
        "location_within_25km": _rate(counts["loc"], n),
        "location_predicted": _rate(located, n),
        "country_correct": _rate(counts["country"], n),
    }
