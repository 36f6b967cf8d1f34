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
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..geo import haversine_km
from ..records import Article, ArticleResult, Event
from .common import prf

REAL = ("current", "past")
FAMILIES = {
    "Battles": "political violence",
    "Explosions/Remote violence": "political violence",
    "Violence against civilians": "political violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic developments",
}
PLACE_KM = 50.0
SPLITS = ("tune", "test")
Runner = Callable[[list[Article]], Iterable[ArticleResult]]


# -- gold ------------------------------------------------------------------------------------


@dataclass
class GoldIncident:
    """One coded incident of the gold file."""

    event_type: str
    sub_event_type: str | None
    status: str
    location: str | None = None
    geo: str = "town"  # town | region | country
    iso3: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    precision: str | None = None
    fatalities: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GoldIncident:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        if known.get("date") is not None:
            known["date"] = str(known["date"])  # YAML reads 2018-03-29 as a date, 2016 as an int
        return cls(**known)


@dataclass
class GoldArticle:
    """One article of the gold file."""

    id: str
    source: str
    split: str
    kind: str | None = None
    publication_date: str | None = None
    incidents: list[GoldIncident] = field(default_factory=list)

    @property
    def real(self) -> list[GoldIncident]:
        return [g for g in self.incidents if g.status in REAL]


def load_gold(path: str | Path) -> list[GoldArticle]:
    """The articles of a gold YAML file, in file order."""
    import yaml

    data = yaml.safe_load(Path(path).read_text("utf-8"))
    out = []
    for a in data["articles"]:
        pub = a.get("publication_date")
        out.append(
            GoldArticle(
                id=str(a["id"]),
                source=str(a.get("source") or a["id"].split("-", 1)[0]),
                split=str(a["split"]),
                kind=a.get("kind"),
                publication_date=str(pub) if pub is not None else None,
                incidents=[GoldIncident.from_dict(i) for i in a.get("incidents") or []],
            )
        )
    return out


def split_of(article_id: str) -> str:
    """The fixed split rule of the gold file: ``tune`` when sha256(id) is even, else ``test``."""
    import hashlib

    return "tune" if int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


# -- texts -----------------------------------------------------------------------------------


def _dev(dev_dir: str | Path) -> Path:
    """Accept ``../shared/eval/dev``, ``../shared/eval`` or ``../shared``."""
    path = Path(dev_dir)
    for candidate in (path, path / "dev", path / "eval" / "dev"):
        if (candidate / "muc4_dev.json.gz").exists() or (candidate / "geoparsing").is_dir():
            return candidate
    return path


def load_texts(dev_dir: str | Path, ids: Iterable[str]) -> dict[str, str]:
    """Article texts by gold id, read from the dev folder with the project's readers.

    Ids: ``gwn-<i>`` (i-th article of geoparsing/GWN.xml.gz), ``timebank-<doc id>``,
    ``wikievents-<doc_id>``, ``muc4-<doc id>``, ``polnear-<doc id>``. Missing ids are left out.
    """
    dev = _dev(dev_dir)
    wanted: dict[str, set[str]] = {}
    for i in ids:
        source, _, key = i.partition("-")
        wanted.setdefault(source, set()).add(key)
    out: dict[str, str] = {}
    if "gwn" in wanted:
        from .geoparse import read_articles

        for n, (text, _tops) in enumerate(read_articles(dev / "geoparsing" / "GWN.xml.gz")):
            if str(n) in wanted["gwn"]:
                out[f"gwn-{n}"] = text
    if "timebank" in wanted:
        from .timeml import iter_timeml

        for doc in iter_timeml(dev / "timebank.tar.gz"):
            if doc.id in wanted["timebank"]:
                out[f"timebank-{doc.id}"] = doc.text
    if "wikievents" in wanted:
        with gzip.open(dev / "wikievents" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    doc = json.loads(line)
                    if doc["doc_id"] in wanted["wikievents"]:
                        out[f"wikievents-{doc['doc_id']}"] = doc["text"]
    if "muc4" in wanted:
        for doc_id, rec in read_muc4(dev / "muc4_dev.json.gz"):
            if doc_id in wanted["muc4"]:
                out[f"muc4-{doc_id}"] = rec["doc"]
    if "polnear" in wanted:
        from .polnear import load_corpus

        for doc_id, text, _gold in load_corpus(str(dev / "polnear.tar.gz")):
            if doc_id in wanted["polnear"]:
                out[f"polnear-{doc_id}"] = text
    return out


def read_muc4(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """(document id, record) pairs of the ConfliBERT MUC-4 JSON: record = {doc, roles}."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [(str(doc_id), rec) for doc_id, rec in json.load(fh)]


def _article(text: str, article_id: str, published: str | None) -> Article:
    """An article for a gold text (as ingest makes it); one ingest would refuse is kept as it is."""
    from ..errors import InputError
    from ..io.ingest import make_article

    try:
        return make_article(
            text, id=article_id, published=published, published_source="input" if published else None
        )
    except InputError:
        return Article(id=article_id, text=text, published=published)


# -- fields ----------------------------------------------------------------------------------


def family(event_type: str | None) -> str | None:
    """ACLED type family of an event type (None for non-ACLED events)."""
    return FAMILIES.get(event_type or "")


def _norm(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.casefold())


_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def date_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an ISO / TimeML date value covers: ``2018-03-29``, ``2018-W13``(``-WE``),
    ``2018-03``, ``2018-Q1``, ``2018-H1``, ``2018-SU``, ``2018``; None for anything else."""
    if not value:
        return None
    v = str(value).strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", v):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            y, mo = int(m[1]), int(m[2])
            return _months(y, mo, mo)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            q = int(m[2])
            return _months(int(m[1]), 3 * q - 2, 3 * q)
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            h = int(m[2])
            return _months(int(m[1]), 6 * h - 5, 6 * h)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            a, b = _SEASONS[m[2]]
            return _months(int(m[1]), a, b)
        if m := re.fullmatch(r"(\d{4})", v):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, first, 1)
    y, m = year + (last // 12 if last > 12 else 0), (last - 1) % 12 + 1
    end = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def date_agrees(event: Event, gold: GoldIncident) -> bool:
    """See the module note: overlapping intervals, the event's no coarser than the gold's (or 31 days)."""
    g = date_range(gold.date)
    p = date_range(event.event_date)
    if g is None or p is None:
        return False
    if g[0] == g[1]:
        g = (g[0] - dt.timedelta(days=1), g[1] + dt.timedelta(days=1))
    if p[1] < g[0] or p[0] > g[1]:
        return False
    return (p[1] - p[0]).days <= max((g[1] - g[0]).days, 31)


def place_agreement(event: Event, gold: GoldIncident) -> float:
    """2 when names, admin1 or coordinates agree; 1 for a country-level incident whose country
    (iso3 or name) the event shares; 0 otherwise (see the module note)."""
    name = _norm(event.location)
    if gold.geo == "country":
        return (
            1.0 if (gold.iso3 and event.iso3 == gold.iso3) or (name and name == _norm(gold.location)) else 0.0
        )
    if name and name in {_norm(gold.location), _norm(gold.admin1)} - {""}:
        return 2.0
    if gold.geo == "region" and _norm(event.admin1) and _norm(event.admin1) == _norm(gold.location):
        return 2.0
    country_level = bool(name) and name == _norm(event.country)  # a country's centroid is no town
    if (
        not country_level
        and None not in (event.latitude, event.longitude, gold.lat, gold.lon)
        and haversine_km(event.latitude, event.longitude, gold.lat, gold.lon) <= PLACE_KM
    ):
        return 2.0
    return 0.0


def place_agrees(event: Event, gold: GoldIncident) -> bool:
    """See the module note: name, admin1, 50 km, or country for a country-level incident."""
    return place_agreement(event, gold) > 0


def compatible(event: Event, gold: GoldIncident) -> bool:
    """Same type family, and place or date agree."""
    fam = family(event.event_type)
    return (
        fam is not None
        and fam == family(gold.event_type)
        and (place_agrees(event, gold) or date_agrees(event, gold))
    )


def pair_score(event: Event, gold: GoldIncident, *, status: bool = True) -> float:
    """Strength of a compatible pair (0 when not compatible); ``status``: count a same status."""
    if not compatible(event, gold):
        return 0.0
    score = place_agreement(event, gold) + 1.0 * date_agrees(event, gold)
    score += 0.5 * (event.event_type == gold.event_type)
    score += 0.25 * (event.sub_event_type == gold.sub_event_type)
    score += 0.25 * (status and event.status == gold.status)
    return score


def real_events(events: Iterable[Event]) -> list[Event]:
    """Predicted ACLED events of status current or past."""
    return [e for e in events if e.status in REAL and family(e.event_type) is not None]


def match(events: list[Event], golds: list[GoldIncident]) -> list[tuple[int, int]]:
    """One-to-one (event index, gold index) pairs between real events and real incidents, greedy by score."""
    pairs = []
    for gi, g in enumerate(golds):
        if g.status not in REAL:
            continue
        for pi, e in enumerate(events):
            if e.status in REAL and (s := pair_score(e, g)) > 0:
                pairs.append((-s, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _s, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((pi, gi))
    return sorted(out)


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
    articles = [_article(texts[a.id], a.id, a.publication_date) for a in gold]
    per_article: dict[str, dict[str, Any]] = {}
    for a, result in zip(gold, runner(articles)):
        per_article[a.id] = score_article(list(result.events), a.incidents)
    report: dict[str, Any] = {
        "gold": str(gold_path),
        "dev": str(_dev(dev_dir)),
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


__all__ = [
    "GoldArticle",
    "GoldIncident",
    "compatible",
    "date_agrees",
    "date_range",
    "evaluate",
    "family",
    "load_gold",
    "load_texts",
    "match",
    "place_agreement",
    "place_agrees",
    "score_article",
    "split_of",
    "summarise",
]
