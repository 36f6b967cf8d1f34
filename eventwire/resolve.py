"""Resolution: decide which event mentions describe the same real-world event, and merge them.

Two mentions are the same event when their types are compatible, their dates agree within
the dates' precision, their places are within a radius (or the same country when one is only
known to the country), and their actors do not contradict each other. Mentions with neither a
date nor a place are never merged across articles: too little is known to tell them apart.
The thresholds live in ``data/settings.toml`` under ``[resolve]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from .geo import haversine_km
from .models import Event
from .settings import setting

MERGEABLE_STATUSES = ("current", "past")
PLACE_FIELDS = (
    "location",
    "admin1",
    "country",
    "iso3",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
)
GENERIC_ACTOR_PREFIXES = ("Unidentified", "Civilians", "Protesters", "Rioters")


def _get(e: Any, name: str) -> Any:
    return e.get(name) if isinstance(e, Mapping) else getattr(e, name, None)


def date_span(value: str | None, precision: int | None) -> tuple[date, date] | None:
    """The range of days a resolved date can stand for (with ACLED precision widening it)."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, nxt - timedelta(days=1)
    day = date(*parts[:3])
    widen = {1: 0, 2: 3}.get(precision or 1, 15)  # "within a week" / "within a month" of the day given
    return day - timedelta(days=widen), day + timedelta(days=widen)


def dates_agree(a: Any, b: Any) -> bool | None:
    """True/False when both mentions are dated, None when either is not."""
    sa = date_span(_get(a, "event_date"), _get(a, "time_precision"))
    sb = date_span(_get(b, "event_date"), _get(b, "time_precision"))
    if sa is None or sb is None:
        return None
    slack = timedelta(days=int(setting("resolve", "day_slack_days")))
    return sa[0] <= sb[1] + slack and sb[0] <= sa[1] + slack


def placed_finely(m: Any) -> bool:
    """Placed at or near a town, with coordinates: the only places that can confirm two reports
    of one event (across articles)."""
    return (_get(m, "geo_precision") or 3) < 3 and _get(m, "latitude") is not None


def _same_place(a: Any, b: Any) -> bool:
    """Both placed at one named place (the same gazetteer entry, or the same name)."""
    ga, la = _get(a, "geonameid"), _get(a, "location")
    return (ga is not None and ga == _get(b, "geonameid")) or (bool(la) and la == _get(b, "location"))


def places_agree(a: Any, b: Any, *, same_article: bool = False) -> bool | None:
    """True/False when both mentions are placed near/far at town level; None when either is
    placed no finer than a region or country (no confirmation), or not at all. Across articles
    a place only "near" a town (geo_precision 2) confirms nothing unless both name the same place:
    the day's other events in that district are as near."""
    if not _get(a, "iso3") or not _get(b, "iso3"):
        return None
    if _get(a, "iso3") != _get(b, "iso3"):
        return False
    if not (placed_finely(a) and placed_finely(b)):
        return None  # a country or region says nothing about which of the day's events it was
    km = haversine_km(_get(a, "latitude"), _get(a, "longitude"), _get(b, "latitude"), _get(b, "longitude"))
    if km > float(setting("resolve", "radius_km")):
        return False
    exact = all(_get(m, "geo_precision") == 1 for m in (a, b))
    return True if same_article or exact or _same_place(a, b) else None


def _actors_agree(x: str | None, y: str | None) -> bool:
    if not x or not y or x == y:
        return True
    return x.startswith(GENERIC_ACTOR_PREFIXES) or y.startswith(GENERIC_ACTOR_PREFIXES)


def types_agree(a: Any, b: Any, *, strict_subtype: bool = True) -> bool:
    """Same ACLED event type (and sub-type, when ``strict_subtype``); same PLOVER type without one."""
    if _get(a, "event_type") != _get(b, "event_type"):
        return False
    sa, sb = _get(a, "sub_event_type"), _get(b, "sub_event_type")
    if strict_subtype and sa and sb and sa != sb:
        return False
    return _get(a, "event_type") is not None or _get(a, "plover_type") == _get(b, "plover_type")


def _pinned(a: Any, b: Any) -> bool:
    """Both mentions exactly dated and placed at town level: reports of one event differ in sub-type
    (a "car bomb" is a suicide bomb in one report, an IED in another) and in the actors they name."""
    return all((_get(e, "time_precision") or 9) == 1 and (_get(e, "geo_precision") or 9) <= 2 for e in (a, b))


def _refers_back(event: Any) -> bool:
    """A generic noun ("the attack") typed with a fallback sub-type: a reference, not new information."""
    trigger = _get(event, "trigger")
    word = (trigger.text if trigger is not None else "").lower()
    return (
        _get(event, "event_type") is not None
        and word in setting("resolve", "anaphoric_triggers")
        and _get(event, "sub_event_type") in setting("resolve", "fallback_subtypes")
    )


def _best_subtype(events: Sequence[Event]) -> Event:
    """The member whose sub-type says most: a specific one beats a fallback, then confidence."""
    fallback = setting("resolve", "fallback_subtypes")
    return max(events, key=lambda e: (not _refers_back(e), e.sub_event_type not in fallback, e.confidence))


def same_event(a: Any, b: Any, *, same_article: bool = False) -> bool:
    """Whether two mentions describe one real-world event."""
    if _get(a, "status") != _get(b, "status") or _get(a, "status") not in MERGEABLE_STATUSES:
        return False
    when, where = dates_agree(a, b), places_agree(a, b, same_article=same_article)
    if when is False or where is False:
        return False
    pinned = when is True and where is True and _pinned(a, b)
    if same_article and (_refers_back(a) or _refers_back(b)):
        return True  # "the attack" in a report is the attack it reports, unless date or place differ
    if not types_agree(a, b, strict_subtype=not (pinned or same_article)):
        return False
    actors_agree = _actors_agree(_get(a, "actor1"), _get(b, "actor1")) and _actors_agree(
        _get(a, "actor2"), _get(b, "actor2")
    )
    if not (actors_agree or pinned or (same_article and when is True and where is True)):
        return False  # one report may name different actors in its headline and its body
    if same_article:
        return when is True or where is True
    return when is True and where is True


def cluster(events: Sequence[Any], *, same_article: bool = False) -> list[int]:
    """Cluster index for each mention: greedy, each mention joins the first cluster all of whose
    members it agrees with (complete linkage, so chains of near-misses do not merge)."""
    clusters: list[list[int]] = []
    labels: list[int] = []
    for i, event in enumerate(events):
        for c, members in enumerate(clusters):
            if all(same_event(events[m], event, same_article=same_article) for m in members):
                members.append(i)
                labels.append(c)
                break
        else:
            clusters.append([i])
            labels.append(len(clusters) - 1)
    return labels


def _most_precise(values: Iterable[tuple[Any, int | None]]) -> Any:
    ranked = sorted((p if p is not None else 9, i, v) for i, (v, p) in enumerate(values) if v is not None)
    return ranked[0][2] if ranked else None


def conservative_count(values: Iterable[int | None]) -> int | None:
    """ACLED's rule for conflicting reports: the lowest figure reported (None if none is)."""
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _majority(values: list[Any], default: Any) -> Any:
    """The most frequent non-empty value (ties go to ``default`` when it is among them)."""
    counts: dict[Any, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return default
    top = max(counts.values())
    winners = [v for v, c in counts.items() if c == top]
    return default if default in winners else winners[0]


def merge_rows(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One merged event from several mention rows (dicts with the events table's columns)."""
    best = max(rows, key=lambda r: (r.get("confidence") or 0, -(r.get("geo_precision") or 9)))
    merged = dict(best)
    dated = _most_precise((r, r.get("time_precision")) for r in rows if r.get("event_date"))
    if dated:
        for name in ("event_date", "time_precision", "date_text"):
            merged[name] = dated.get(name)
    placed = _most_precise((r, r.get("geo_precision")) for r in rows if r.get("iso3"))
    if placed:
        for name in PLACE_FIELDS:
            merged[name] = placed.get(name)
    for name in ("fatalities", "injured"):
        merged[name] = conservative_count(r.get(name) for r in rows)
    merged["sub_event_type"] = _majority(
        [r.get("sub_event_type") for r in rows], merged.get("sub_event_type")
    )
    for name, inter in (
        ("actor1", "inter1"),
        ("actor2", "inter2"),
        ("assoc_actor_1", None),
        ("assoc_actor_2", None),
    ):
        values = [r.get(name) for r in rows if r.get(name)]
        specific = [v for v in values if not v.startswith(GENERIC_ACTOR_PREFIXES)]
        merged[name] = _majority(specific or values, merged.get(name))
        if inter:
            merged[inter] = next(
                (r.get(inter) for r in rows if r.get(name) == merged[name]), merged.get(inter)
            )
    merged["num_mentions"] = len(rows)
    merged["num_articles"] = len({r.get("article_id") for r in rows})
    merged["num_sources"] = len({r.get("article_source") or r.get("article_id") for r in rows})
    return merged


def _take_named_actor(keep: Event, members: list[Event], side: str) -> None:
    """Where the kept mention's actor is a generic default ("Unidentified Armed Group") and another
    mention of the same event names one ("Pro-Houthi forces claim ... The battles ..."), use it."""
    name, inter, text = f"actor{side}", f"inter{side}", f"actor{side}_text"
    current = getattr(keep, name)
    if current is not None and not current.startswith(GENERIC_ACTOR_PREFIXES):
        return
    named = next(
        (m for m in members if getattr(m, name) and not getattr(m, name).startswith(GENERIC_ACTOR_PREFIXES)),
        None,
    )
    if named is not None:
        for field in (name, inter, text):
            setattr(keep, field, getattr(named, field))


def merge_article_events(events: list[Event]) -> list[Event]:
    """Within one article: one event per real-world event. The merged event takes its type from
    the member that says most, the most precise date and place, and the conservative counts."""
    labels = cluster(events, same_article=True)
    out: list[Event] = []
    for c in sorted(set(labels), key=labels.index):
        members = [e for e, label in zip(events, labels) if label == c]
        keep = _best_subtype(members)
        dated = min(members, key=lambda e: (e.time_precision or 9, -e.confidence))
        if dated.event_date and (keep.time_precision or 9) > (dated.time_precision or 9):
            keep.event_date, keep.time_precision, keep.date_text = (
                dated.event_date,
                dated.time_precision,
                dated.date_text,
            )
        placed = min(members, key=lambda e: (e.geo_precision or 9, -e.confidence))
        if placed.iso3 and (keep.geo_precision or 9) > (placed.geo_precision or 9):
            for name in PLACE_FIELDS:
                setattr(keep, name, getattr(placed, name))
        for side in ("1", "2"):
            _take_named_actor(keep, members, side)
        for other in members:
            for name in ("actor1", "actor2", "inter1", "inter2", "actor1_text", "actor2_text",
                         "assoc_actor_1", "assoc_actor_2", "plover_type", "plover_mode"):  # fmt: skip
                if getattr(keep, name) is None and getattr(other, name) is not None:
                    setattr(keep, name, getattr(other, name))
        for name in ("fatalities", "injured"):
            setattr(keep, name, conservative_count(getattr(e, name) for e in members))
        out.append(keep)
    return out
