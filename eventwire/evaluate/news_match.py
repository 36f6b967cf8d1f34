"""Rules of the news gold set: type families, place and date agreement, compatible pairs and matching."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from ..geo import haversine_km
from ..records import Event
from .news_gold import REAL, GoldIncident

FAMILIES = {
    "Battles": "political violence",
    "Explosions/Remote violence": "political violence",
    "Violence against civilians": "political violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic developments",
}
PLACE_KM = 50.0


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
    """See :mod:`.news`: overlapping intervals, the event's no coarser than the gold's (or 31 days)."""
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
    (iso3 or name) the event shares; 0 otherwise (see :mod:`.news`)."""
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
    """See :mod:`.news`: name, admin1, 50 km, or country for a country-level incident."""
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
