"""Geoparsing evaluation: GeoWebNews / LGL / TR-News XML, and ACLED event locations.

Gold toponyms (GeoWebNews taxonomy, Gritta et al. 2019): every annotated toponym that has
coordinates, i.e. literal and associative (metonymic, noun modifier) uses, *except*
adjectival modifiers ("Irish", "Syrian"), which eventwire treats as demonyms (country
evidence, not places), and toponyms embedded in the name of an organisation or thing
("Washington" in "The Washington Post", "Pakistan" in "Pakistan Army"), which by design never
become places. Non-toponyms, demonyms, languages, homonyms and the generic "expressions"
carry no coordinates and are not gold. The report also gives recognition against all
toponyms with coordinates (``all_with_coordinates``) so the effect of the choice is visible.

Recognition: precision/recall/F1 for exact spans and for overlapping spans (one-to-one).
Resolution, over overlap-matched toponyms that have gold coordinates: share within 161 km
(100 miles, the usual "accuracy@161"), mean and median error in km, share with the exact
GeoNames id (over gold toponyms that have one).
"""

from __future__ import annotations

import csv
import gzip
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..data import load_yaml, schema
from ..geo import haversine_km
from .common import prf

ACCURACY_KM = 161.0
ACLED_KM = 25.0


def _open(path: str | Path):
    path = Path(path)
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def _num(el: ET.Element, tag: str) -> float | None:
    node = el.find(tag)
    if node is None or node.text is None or not node.text.strip():
        return None
    return float(node.text)


def read_articles(path: str | Path, limit: int | None = None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(text, toponyms) per article; a toponym: start, end, name, type, modifier, lat, lon, geonameid."""
    with _open(path) as fh:
        root = ET.parse(fh).getroot()
    for n, art in enumerate(root.iter("article")):
        if limit is not None and n >= limit:
            return
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            gid = _num(t, "geonamesID")
            tops.append(
                {
                    "start": int(t.findtext("start")),
                    "end": int(t.findtext("end")),
                    "name": t.findtext("extractedName") or "",
                    "type": t.findtext("type") or "",
                    "modifier": t.findtext("modifierType") or "",
                    "lat": _num(t, "latitude"),
                    "lon": _num(t, "longitude"),
                    "geonameid": int(gid) if gid is not None else None,
                }
            )
        yield text, tops


def is_gold(t: dict[str, Any], everything: bool = False) -> bool:
    """A toponym eventwire should produce (see the module note); ``everything``: any with coordinates."""
    if t["lat"] is None or t["lon"] is None:
        return False
    return everything or (t["modifier"] != "Adjective" and not t["type"].startswith("Embedded"))


def match_spans(
    gold: list[tuple[int, int]], pred: list[tuple[int, int]]
) -> tuple[int, list[tuple[int, int]]]:
    """Exact-match count and one-to-one overlapping pairs (gold index, pred index)."""
    exact = len(set(gold) & set(pred))
    pairs, used = [], set()
    for gi, (gs, ge) in enumerate(gold):
        best = None
        for pi, (ps, pe) in enumerate(pred):
            if pi in used or pe <= gs or ps >= ge:
                continue
            overlap = min(ge, pe) - max(gs, ps)
            if best is None or overlap > best[0]:
                best = (overlap, pi)
        if best is not None:
            used.add(best[1])
            pairs.append((gi, best[1]))
    return exact, pairs


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Recognition and resolution scores of :func:`find_places` on a GeoWebNews-style XML file."""
    from ..fields.places import find_places
    from ..nlp.parse import parse

    articles = list(read_articles(path, limit))
    counts = {k: Counter() for k in ("main", "all_with_coordinates")}
    errors: list[float] = []
    within = ids = id_total = 0
    missed: Counter = Counter()
    spurious: Counter = Counter()
    far: list[dict[str, Any]] = []
    for (_, tops), doc in zip(articles, parse(t for t, _ in articles)):
        places = find_places(doc)
        pred = [(p.start, p.end) for p in places]
        for key, everything in (("main", False), ("all_with_coordinates", True)):
            gold_tops = [t for t in tops if is_gold(t, everything)]
            gold = [(t["start"], t["end"]) for t in gold_tops]
            exact, pairs = match_spans(gold, pred)
            c = counts[key]
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            c["exact"] += exact
            c["overlap"] += len(pairs)
            if key != "main":
                continue
            matched_g = {g for g, _ in pairs}
            matched_p = {p for _, p in pairs}
            missed.update(gold_tops[g]["name"] for g in range(len(gold)) if g not in matched_g)
            spurious.update(places[p].text for p in range(len(places)) if p not in matched_p)
            for gi, pi in pairs:
                g, p = gold_tops[gi], places[pi]
                if g["geonameid"] is not None:
                    id_total += 1
                    ids += p.geonameid == g["geonameid"]
                if p.latitude is None:
                    d = 20015.0  # unresolved: half the earth's circumference
                else:
                    d = haversine_km(g["lat"], g["lon"], p.latitude, p.longitude)
                errors.append(d)
                within += d <= ACCURACY_KM
                if d > ACCURACY_KM and len(far) < 300:
                    far.append({"text": g["name"], "got": p.name, "country": p.country, "km": round(d)})
    report: dict[str, Any] = {"file": str(path), "articles": len(articles)}
    for key, c in counts.items():
        report[key] = {
            "gold": c["gold"],
            "predicted": c["pred"],
            "exact": prf(c["exact"], c["pred"] - c["exact"], c["gold"] - c["exact"]),
            "overlap": prf(c["overlap"], c["pred"] - c["overlap"], c["gold"] - c["overlap"]),
        }
    report["resolution"] = {
        "matched": len(errors),
        "within_161km": round(within / len(errors), 4) if errors else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "geonameid_exact": round(ids / id_total, 4) if id_total else 0.0,
    }
    report["errors"] = {
        "missed": missed.most_common(30),
        "spurious": spurious.most_common(30),
        "far": far,
    }
    return report


# -- ACLED notes -----------------------------------------------------------------------------


def read_acled_notes(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Unique notes with their (first) ACLED location."""
    opener = gzip.open if str(path).endswith(".gz") else open
    seen: dict[str, dict[str, Any]] = {}
    with opener(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            note = (row.get("notes") or "").strip()
            if not note or note in seen:
                continue
            seen[note] = row
            if limit is not None and len(seen) >= limit:
                break
    return list(seen.values())


def evaluate_acled_locations(path: str, limit: int | None = None) -> dict[str, Any]:
    """Approximate event placing on ACLED notes: the note's event location vs ACLED's point.

    Events come from another stage; here each note is one event whose trigger is the first
    violence/protest verb or noun the parser finds (root verb as a fallback), placed by
    :func:`place_for_event`. Reports the share within 25 km and the share with the right country.
    """
    from ..fields.places import article_focus, find_places, place_for_event
    from ..nlp.parse import parse
    from ..records import Event, Source

    rows = read_acled_notes(path, limit)
    near = country_ok = placed = 0
    by_country: Counter = Counter()
    wrong: list[dict[str, Any]] = []
    for row, doc in zip(rows, parse(r["notes"] for r in rows)):
        places = find_places(doc)
        focus = article_focus(doc, places)
        trig = _trigger(doc)
        sent = trig.sent
        event = Event(
            None,
            None,
            None,
            trigger=Source(trig.text, trig.idx, trig.idx + len(trig.text)),
            evidence=Source(sent.text, sent.start_char, sent.end_char),
        )
        place, _ = place_for_event(doc, event, places, focus)
        if place is None or place.latitude is None:
            by_country[(row["country"], "none")] += 1
            continue
        placed += 1
        d = haversine_km(float(row["latitude"]), float(row["longitude"]), place.latitude, place.longitude)
        near += d <= ACLED_KM
        ok = (place.country or "") == row["country"]
        country_ok += ok
        by_country[(row["country"], "ok" if d <= ACLED_KM else "far")] += 1
        if d > ACLED_KM and len(wrong) < 60:
            wrong.append({"note": row["notes"][:160], "acled": row["location"], "got": place.name,
                          "country": place.country, "km": round(d)})  # fmt: skip
    n = len(rows)
    return {
        "file": str(path),
        "notes": n,
        "placed": placed,
        "within_25km": round(near / n, 4) if n else 0.0,
        "country_correct": round(country_ok / n, 4) if n else 0.0,
        "by_country": {f"{c}/{k}": v for (c, k), v in sorted(by_country.items())},
        "errors": wrong,
    }


@lru_cache(maxsize=1)
def _violence() -> tuple[str, ...]:
    """The stand-in trigger's lemma prefixes (``evaluation.yaml`` geoparse_trigger_prefixes)."""
    data = load_yaml("evaluation.yaml", ("geoparse_trigger_prefixes",))
    schema.lists("evaluation.yaml", data, ("geoparse_trigger_prefixes",))
    return tuple(str(w) for w in data["geoparse_trigger_prefixes"])


def _trigger(doc):
    """A stand-in event trigger: the first token whose lemma starts like a violence word."""
    for tok in doc:
        if tok.pos_ in ("VERB", "NOUN") and tok.lemma_.lower().startswith(_violence()):
            return tok
    return next(iter(doc.sents)).root
