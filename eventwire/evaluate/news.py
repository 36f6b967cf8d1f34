"""Score incidents in real news articles against the hand-coded gold set (tests/news_gold.yaml).

The gold file lists, per article (GeoWebNews, TimeBank, WikiEvents, MUC-4, PolNeAR, by id), the
incidents an ACLED coder would code from it, each with a status: ``current`` and ``past`` are
real incidents; ``aggregate``, ``future``, ``hypothetical`` and ``negated`` are mentions a careless
system would code as events. Texts are read from ``../shared/eval/dev`` by id; the publication
date comes from the gold file (where it has none, ingest may still find a dateline date).

Definitions (all within one article; "real" = status current or past):

compatible
    A predicted event and a gold incident are compatible when their ACLED type families agree
    (political violence = Battles, Explosions/Remote violence, Violence against civilians;
    demonstrations = Protests, Riots; Strategic developments) and their place or their date agrees.
place agrees
    Same location name (case, accents and punctuation ignored), or the event's location is the
    incident's admin1 (or the event's admin1 is the incident's region-level location), or both
    have coordinates within 50 km (not when the event is placed at a whole country), or the
    gold is country-level (``geo: country``) and the event lies in that country (same iso3 or
    the country's name); that last agreement weighs half.
date agrees
    The event date's interval (ISO day, week ``YYYY-Www``, month, quarter, half, season, year)
    overlaps the gold date's interval (a gold day widened by one day each side), and the event's
    interval is no longer than the gold's or 31 days. A null date never agrees.
matching
    Real predicted events against real gold incidents, one-to-one, greedily by score (place 2,
    or 1 when only the country of a country-level incident agrees; date 1; same event type 0.5;
    same sub-event type 0.25; same status 0.25; ties: earlier incident, then earlier event).
    Precision = matched / real predicted events; recall = matched / real gold incidents.
leftover rows
    A real predicted event left unmatched is assigned to its best-scoring compatible gold
    incident of any status (scored without the status term; ties: a non-real incident first;
    when only the country of a country-level incident ties them, the event types must agree).
    Assigned to a real incident it is a duplicate row; assigned to a non-real one it is a status
    error of that mention; assigned to none it is spurious.
rows per incident
    Over matched gold incidents: 1 + the duplicate rows assigned to it, averaged.
fatalities exact
    Over matched gold incidents whose gold fatalities are known (not null): the share where the
    matched event's fatalities (None read as 0) equal the gold figure.
status accuracy
    Over all gold incidents. A real incident is correct when it is matched and the matched
    event's status equals its status (``status_accuracy_lenient`` accepts current for past and
    past for current; a missed real incident is wrong in both). A non-real incident with status
    s is correct when no leftover real event is assigned to it, or when some predicted event
    with status s is compatible with it.
false-alarm articles
    Articles with no real gold incident that get any real predicted event.

Reported per split (``tune``/``test``) and overall; ``errors`` list what went wrong, per split.
The gold file and its texts are read in :mod:`.news_gold`; the agreement rules and the matching
are in :mod:`.news_match`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..records import Article, ArticleResult, Event
from .common import as_corpus, prf
from .news_gold import REAL, GoldIncident, dev_folder, gold_article, load_gold, load_texts
from .news_match import compatible, date_agrees, match, pair_score, place_agreement, real_events

SPLITS = ("tune", "test")
Runner = Callable[[list[Article]], Iterable[ArticleResult]]


# -- scoring ---------------------------------------------------------------------------------


def _event_view(e: Event) -> dict[str, Any]:
    return {
        "type": e.event_type,
        "sub": e.sub_event_type,
        "status": e.status,
        "location": e.location,
        "iso3": e.iso3,
        "date": e.event_date,
        "fatalities": e.fatalities,
        "evidence": e.evidence.text[:160] if e.evidence is not None else None,
    }


def _gold_view(g: GoldIncident) -> dict[str, Any]:
    return {
        "type": g.event_type,
        "sub": g.sub_event_type,
        "status": g.status,
        "location": g.location,
        "date": g.date,
        "fatalities": g.fatalities,
        "note": g.note,
    }


def score_article(events: list[Event], golds: list[GoldIncident]) -> dict[str, Any]:
    """Counts and error records for one article (see the module note for every definition)."""
    preds = real_events(events)
    pairs = match(preds, golds)
    matched_p = {pi: gi for pi, gi in pairs}
    matched_g = {gi: pi for pi, gi in pairs}
    dups = {gi: 0 for gi in matched_g}
    status_hits: dict[int, int] = {}  # non-real gold index -> leftover real rows assigned to it
    spurious: list[int] = []
    duplicate_rows: list[tuple[int, int]] = []
    for pi, e in enumerate(preds):
        if pi in matched_p:
            continue
        best = None
        for gi, g in enumerate(golds):
            if g.status in REAL and gi not in matched_g:
                continue  # cannot happen after greedy matching, kept for safety
            s = pair_score(e, g, status=False)
            if s <= 0:
                continue
            weak = place_agreement(e, g) < 2 and not date_agrees(e, g)
            if weak and e.event_type != g.event_type:
                continue  # the country alone ties a row to an incident only with the same type
            key = (s, g.status not in REAL, -gi)
            if best is None or key > best[0]:
                best = (key, gi)
        if best is None:
            spurious.append(pi)
        elif golds[best[1]].status in REAL:
            dups[best[1]] += 1
            duplicate_rows.append((pi, best[1]))
        else:
            status_hits[best[1]] = status_hits.get(best[1], 0) + 1
    # fatalities and status per gold incident
    fat_total = fat_exact = 0
    status_ok = status_lenient = 0
    errors: dict[str, list[Any]] = {
        "missed": [],
        "spurious": [],
        "duplicate": [],
        "status": [],
        "fatalities": [],
    }
    for gi, g in enumerate(golds):
        if g.status in REAL:
            pi = matched_g.get(gi)
            if pi is None:
                errors["missed"].append(_gold_view(g))
                continue
            e = preds[pi]
            status_ok += e.status == g.status
            status_lenient += 1
            if e.status != g.status:
                errors["status"].append({"gold": _gold_view(g), "predicted": _event_view(e)})
            if g.fatalities is not None:
                fat_total += 1
                got = e.fatalities or 0
                fat_exact += got == g.fatalities
                if got != g.fatalities:
                    errors["fatalities"].append({"gold": _gold_view(g), "predicted": _event_view(e)})
        else:
            same = any(e.status == g.status and compatible(e, g) for e in events)
            ok = same or not status_hits.get(gi)
            status_ok += ok
            status_lenient += ok
            if not ok:
                rows = [
                    _event_view(preds[pi])
                    for pi in range(len(preds))
                    if pi not in matched_p and compatible(preds[pi], g)
                ]
                errors["status"].append({"gold": _gold_view(g), "predicted": rows[:3]})
    errors["spurious"] = [_event_view(preds[pi]) for pi in spurious]
    errors["duplicate"] = [
        {"gold": _gold_view(golds[gi]), "predicted": _event_view(preds[pi])} for pi, gi in duplicate_rows
    ]
    real_gold = [g for g in golds if g.status in REAL]
    return {
        "predicted": len(preds),
        "gold": len(real_gold),
        "matched": len(pairs),
        "rows": [1 + dups[gi] for gi in sorted(dups)],
        "duplicates": sum(dups.values()),
        "status_errors_rows": sum(status_hits.values()),
        "spurious": len(spurious),
        "fatalities_total": fat_total,
        "fatalities_exact": fat_exact,
        "status_total": len(golds),
        "status_correct": status_ok,
        "status_correct_lenient": status_lenient,
        "no_event_article": not real_gold,
        "false_alarm": not real_gold and bool(preds),
        "errors": {k: v for k, v in errors.items() if v},
    }


def summarise(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures over a list of :func:`score_article` results."""
    tp = sum(s["matched"] for s in scores)
    pred = sum(s["predicted"] for s in scores)
    gold = sum(s["gold"] for s in scores)
    rows = [r for s in scores for r in s["rows"]]
    fat_total = sum(s["fatalities_total"] for s in scores)
    st_total = sum(s["status_total"] for s in scores)
    no_event = [s for s in scores if s["no_event_article"]]

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "articles": len(scores),
        "incidents": prf(tp, pred - tp, gold - tp),
        "predicted_rows": pred,
        "duplicate_rows": sum(s["duplicates"] for s in scores),
        "rows_on_non_events": sum(s["status_errors_rows"] for s in scores),
        "spurious_rows": sum(s["spurious"] for s in scores),
        "rows_per_incident": ratio(sum(rows), len(rows)),
        "fatalities_exact": ratio(sum(s["fatalities_exact"] for s in scores), fat_total),
        "fatalities_scored": fat_total,
        "status_accuracy": ratio(sum(s["status_correct"] for s in scores), st_total),
        "status_accuracy_lenient": ratio(sum(s["status_correct_lenient"] for s in scores), st_total),
        "status_incidents": st_total,
        "no_event_articles": len(no_event),
        "false_alarm_articles": sum(s["false_alarm"] for s in no_event),
        "false_alarm_rate": ratio(sum(s["false_alarm"] for s in no_event), len(no_event)),
    }


def evaluate(
    gold_path: str | Path,
    dev_dir: str | Path,
    split: str | None = None,
    *,
    limit: int | None = None,
    runner: Runner | None = None,
) -> dict[str, Any]:
    """Run the pipeline over the gold articles and score them per split and overall.

    ``split``: only "tune" or "test" articles; ``limit``: at most N articles per split (in file
    order); ``runner``: replaces :func:`eventwire.pipeline.extract_articles` (tests).
    """
    if runner is None:
        from ..pipeline import extract_articles as runner
    gold = [a for a in load_gold(gold_path) if split is None or a.split == split]
    if limit is not None:
        kept, seen = [], {}
        for a in gold:
            seen[a.split] = seen.get(a.split, 0) + 1
            if seen[a.split] <= limit:
                kept.append(a)
        gold = kept
    texts = load_texts(dev_dir, [a.id for a in gold])
    missing = [a.id for a in gold if a.id not in texts]
    gold = [a for a in gold if a.id in texts]
    articles = [gold_article(texts[a.id], a.id, a.publication_date) for a in gold]
    per_article: dict[str, dict[str, Any]] = {}
    for a, result in zip(gold, as_corpus(runner(articles))):
        per_article[a.id] = score_article(list(result.events), a.incidents)
    report: dict[str, Any] = {
        "gold": str(gold_path),
        "dev": str(dev_folder(dev_dir)),
        "missing_texts": missing,
        "splits": {},
    }
    for name in SPLITS:
        ids = [a.id for a in gold if a.split == name]
        if not ids:
            continue
        scores = [per_article[i] for i in ids]
        report["splits"][name] = summarise(scores) | {
            "errors": {i: per_article[i]["errors"] for i in ids if per_article[i]["errors"]}
        }
    report["overall"] = summarise(list(per_article.values()))
    keys = (
        "incidents",
        "rows_per_incident",
        "fatalities_exact",
        "status_accuracy",
        "false_alarm_articles",
        "no_event_articles",
    )
    report["summary"] = {
        name: {
            k: (v if k != "incidents" else {m: v[m] for m in ("precision", "recall", "f1")})
            for k, v in figures.items()
            if k in keys
        }
        for name, figures in [*report["splits"].items(), ("overall", report["overall"])]
    }
    return report


__all__ = ["evaluate", "score_article", "summarise"]
