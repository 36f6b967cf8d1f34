"""Resolution: decide which event mentions describe the same real-world event, and merge them.

Two mentions are the same event when their types are compatible, their dates agree within
the dates' precision, their places are within a radius (or the same country when one is only
known to the country), and their actors do not contradict each other. Mentions with neither a
date nor a place are never merged across articles: too little is known to tell them apart.

Within one article (incident coreference: the headline, lede, body, quotes and recaps of one
incident), dates and places must not be apart, and the mentions must be of one type family
(``[resolve] type_families``); a mention that names no town and no date of its own (a headline, "the
attack") joins a compatible incident, two that each name one must share it. The merged event takes
the most specific mention's place, date and named actors, its type from the strongest trigger, and
the most precise fatality figure, never the sum of its mentions.
The thresholds live in ``data/settings.toml`` under ``[resolve]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from .fields.counts import numbers
from .fields.events.eventivity import eventive
from .fields.events.lexicon import load_lexicon
from .geo import haversine_km
from .records import PLACE_FIELDS, Event
from .settings import current

MERGEABLE_STATUSES = ("current", "past")
GENERIC_ACTOR_PREFIXES = ("Unidentified", "Civilians", "Protesters", "Rioters")


def _get(e: Any, name: str) -> Any:
    return e.get(name) if isinstance(e, Mapping) else getattr(e, name, None)


def date_span(value: str | None, precision: int | None) -> tuple[date, date] | None:
    """The range of days a resolved date can stand for (with ACLED precision widening it)."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if not 2 <= parts[0] <= 9998:  # no calendar year ("12017", "0000"), or one too near its ends
            return None  # for the windows callers add to a span
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            if parts[1] == 12:
                return start, date(parts[0], 12, 31)
            return start, date(parts[0], parts[1] + 1, 1) - timedelta(days=1)
        day = date(*parts[:3])
    except ValueError:  # no calendar date ("2024-13", "2024-02-30"): undated
        return None
    widen = {1: 0, 2: 3}.get(precision or 1, 15)  # "within a week" / "within a month" of the day given
    return day - timedelta(days=widen), day + timedelta(days=widen)


def dates_agree(a: Any, b: Any) -> bool | None:
    """True/False when both mentions are dated, None when either is not."""
    sa = date_span(_get(a, "event_date"), _get(a, "time_precision"))
    sb = date_span(_get(b, "event_date"), _get(b, "time_precision"))
    if sa is None or sb is None:
        return None
    slack = timedelta(days=int(current().resolve.day_slack_days))
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
    if km > float(current().resolve.radius_km):
        return False
    exact = all(_get(m, "geo_precision") == 1 for m in (a, b))
    return True if same_article or exact or _same_place(a, b) else None


def _actors_agree(x: str | None, y: str | None) -> bool:
    if not x or not y or x == y:
        return True
    return x.startswith(GENERIC_ACTOR_PREFIXES) or y.startswith(GENERIC_ACTOR_PREFIXES)


def _sides_agree(a: Any, b: Any) -> bool:
    """Both mentions' actors agree side by side; for a type whose sides are symmetric ([resolve]
    symmetric_types: "police clashed with al Shabaab" and "al Shabaab fought the police" are one
    battle), also crosswise."""
    a1, a2, b1, b2 = (_get(e, f"actor{n}") for e in (a, b) for n in (1, 2))
    if _actors_agree(a1, b1) and _actors_agree(a2, b2):
        return True
    symmetric = current().resolve.symmetric_types
    return (
        _get(a, "event_type") in symmetric
        and _get(b, "event_type") in symmetric
        and _actors_agree(a1, b2)
        and _actors_agree(a2, b1)
    )


def types_agree(a: Any, b: Any, *, strict_subtype: bool = True) -> bool:
    """Same ACLED event type (and sub-type, when ``strict_subtype``); same PLOVER type without one."""
    if _get(a, "event_type") != _get(b, "event_type"):
        return False
    sa, sb = _get(a, "sub_event_type"), _get(b, "sub_event_type")
    if strict_subtype and sa and sb and sa != sb:
        return False
    return _get(a, "event_type") is not None or _get(a, "plover_type") == _get(b, "plover_type")


def _family(e: Any) -> str | None:
    """The type family within which one article's mentions of an incident may differ in type
    ("the attack" a battle, "the roadside bomb" an explosion): ``[resolve] type_families``."""
    etype = _get(e, "event_type")
    if etype is None:
        return None
    return next((name for name, types in current().resolve.type_families.items() if etype in types), etype)


def _kinds_agree(a: Any, b: Any) -> bool:
    """Within one article: one type; or one family told in different sentences (the headline's
    "roadside bomb", the body's "soldiers were killed"); or, in one sentence, a battle with a weaker
    trigger of another type beside it, or one as strong (clashes "amid shelling", "as jets carried
    out airstrikes": ACLED codes a battle with fire in support as the battle), or a
    casualty word ("killed", triggers.yaml ``cues.casualties``) beside another trigger. Two
    triggers of one sentence the event finder kept apart are otherwise two events. Strategic
    developments only of one sub-type; events with no ACLED type only of one PLOVER type."""
    fa = _family(a)
    if fa != _family(b):
        # "one officer was killed in the violence" beside the riot: the casualty verb tells its toll
        # (between the families of [resolve] type_families; a strategic development has no toll)
        families = current().resolve.type_families
        if fa in families and _family(b) in families and _casualty_beside(a, b):
            return True
        return _absorbed(a, b) or _absorbed(b, a)  # the arrests at the protest are the protest's
    if fa is None:
        return _get(a, "plover_type") == _get(b, "plover_type")
    if fa == "Strategic developments":
        sa, sb = _get(a, "sub_event_type"), _get(b, "sub_event_type")
        return sa == sb or _refers_back(a) or _refers_back(b)
    if _get(a, "event_type") == _get(b, "event_type"):
        return True
    ea, eb = _get(a, "evidence"), _get(b, "evidence")
    if ea is None or eb is None or _get(ea, "start") != _get(eb, "start"):
        return True
    order = list(current().resolve.type_precedence)
    top = min((a, b), key=lambda e: (-_strength(e), order.index(_get(e, "event_type"))))
    if _casualty_word(a) != _casualty_word(b):
        return True  # "two were killed when a bomb went off": the casualty verb tells the bomb's toll
    return _get(top, "event_type") == order[0]


def _absorbing_families(e: Any) -> tuple[str, ...]:
    """The families of which one article's incident includes the mention ``e`` when nothing sets them
    apart: a strategic development of [resolve] absorbed_subtypes (arrests at a protest, property
    rioters destroy), and a state force's violence against the crowd ([resolve] policing_inter1,
    policed_inter2: "police fired into the crowd, killing a girl" is the demonstration's toll, as
    ACLED codes excessive force against protesters and a riot's dead), not an event of its own."""
    rules = current().resolve
    if _get(e, "event_type") == "Strategic developments":
        return rules.absorbed_subtypes.get(_get(e, "sub_event_type") or "", ())
    policing = (
        str(_get(e, "inter1")) in rules.policing_inter1 and _get(e, "event_type") in rules.policing_types
    )
    if policing and str(_get(e, "inter2") or "") in rules.policed_inter2:
        return (rules.policed_family,)
    return ()


def _absorbed(part: Any, whole: Any) -> bool:
    """``part`` belongs to ``whole``'s incident (:func:`_absorbing_families`)."""
    return _family(whole) in _absorbing_families(part)


def _casualty_beside(a: Any, b: Any) -> bool:
    """One of two mentions of one sentence is only a casualty word and the other is not."""
    ea, eb = _get(a, "evidence"), _get(b, "evidence")
    same_sentence = ea is not None and eb is not None and _get(ea, "start") == _get(eb, "start")
    return same_sentence and _casualty_word(a) != _casualty_word(b)


def _casualty_word(e: Any) -> bool:
    """A mention whose trigger is only a casualty word ("killed", "wounded"): the toll of an event."""
    trigger = _get(e, "trigger")
    return trigger is not None and trigger.text.lower() in load_lexicon().cues["casualties"]


def _explicit_date(e: Any) -> bool:
    """Dated by the text itself: not undated, nor given the article's own date for want of one
    (``date_text`` "": the publication date; None: unknown, taken as the text's)."""
    return bool(_get(e, "event_date")) and _get(e, "date_text") != ""


def _anchored(e: Any) -> bool:
    """A mention that says which incident it is: placed at or near a town, or dated by its text."""
    return placed_finely(e) or _explicit_date(e)


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
        and word in current().resolve.anaphoric_triggers
        and _get(event, "sub_event_type") in current().resolve.fallback_subtypes
    )


def _strength(e: Any) -> float:
    """The confidence a mention owes to its trigger alone (less ``[events]``'s bonus for an actor1)."""
    bonus = float(current().events.confidence_actor1_bonus) if _get(e, "actor1_text") else 0.0
    return round((_get(e, "confidence") or 0.0) - bonus, 2)


def _best_subtype(events: Sequence[Event]) -> Event:
    """The member whose sub-type says most: a specific one beats a fallback, then confidence. Where
    one incident is told as different event types of one family, the type comes first: the type of
    its strongest trigger (by the confidence its strength gives) that is no reference back nor a
    casualty word, and on a
    tie the one first in ``[resolve] type_precedence`` (clashes with shelling in support are a
    battle, as ACLED codes them)."""
    fallback = current().resolve.fallback_subtypes
    types = {e.event_type for e in events}
    if len(types) > 1:
        order = list(current().resolve.type_precedence)
        told = [
            e
            for e in events
            if not (_refers_back(e) or _casualty_word(e) or any(_absorbed(e, o) for o in events))
        ] or list(events)
        top = max(
            told,
            key=lambda e: (
                _strength(e),
                -order.index(e.event_type) if e.event_type in order else -len(order),
            ),
        )
        events = [e for e in events if e.event_type == top.event_type]
    return max(events, key=lambda e: (not _refers_back(e), e.sub_event_type not in fallback, e.confidence))


def _admin1_apart(a: Any, b: Any) -> bool:
    """Both placed in a named first-level division, and not the same one."""
    da, db = _get(a, "admin1"), _get(b, "admin1")
    return bool(da) and bool(db) and da != db


def same_event(a: Any, b: Any, *, same_article: bool = False) -> bool:
    """Whether two mentions describe one real-world event."""
    if _get(a, "status") != _get(b, "status") or _get(a, "status") not in MERGEABLE_STATUSES:
        return False
    when, where = dates_agree(a, b), places_agree(a, b, same_article=same_article)
    if when is False or where is False:
        return False
    if same_article:
        return _same_incident(a, b, when, where)
    pinned = when is True and where is True and _pinned(a, b)
    if not types_agree(a, b, strict_subtype=not pinned):
        return False
    actors_agree = _sides_agree(a, b)
    if not (actors_agree or pinned):
        return False  # one report may name different actors in its headline and its body
    return when is True and where is True


def _same_incident(a: Any, b: Any, when: bool | None, where: bool | None) -> bool:
    """Within one article (dates and places not apart): the headline, lede, body, quotes and recaps
    of one incident. A mention that names no town and no date of its own joins the incident it
    is compatible with; two that each name one must share one (or one refers back: "the attack")."""
    if _admin1_apart(a, b) and not (placed_finely(a) and placed_finely(b)):
        return False  # a province and a town of another province: a place at town level decides alone
    # "the attack" in a report is the attack it reports, unless date or place differ; an ACLED
    # incident's only ("condemns the attacks" is a statement about them, no part of them)
    if (_refers_back(a) or _refers_back(b)) and _get(a, "event_type") and _get(b, "event_type"):
        return True
    if not _kinds_agree(a, b):
        return False
    actors_agree = _sides_agree(a, b)
    if where is True:
        return True  # one place: one report may name different actors in its headline and its body
    shared_day = when is True and _explicit_date(a) and _explicit_date(b)
    if not actors_agree:
        return shared_day and _pinned(a, b)
    return shared_day or not (_anchored(a) and _anchored(b))


# Within one article, mentions further apart than this (in characters, by where their evidence
# starts) are never merged. The bound keeps clustering linear in article length: a mention is only
# compared with the clusters begun within the window before it. Any article up to this length is
# clustered exactly as without it (the longest development article has 22,068 characters); in a
# 450,000-character text it stops "the attack" on page 40 from joining an attack told on page 1.
MERGE_WINDOW_CHARS = 50_000


class _Key:
    """What :func:`same_event` reads of one mention, computed once: for :func:`_may_agree`."""

    __slots__ = (
        "status", "lo", "hi", "iso3", "fine", "event_type", "family", "refers_back", "odd", "casualty",
        "sentence", "absorbed_by", "typed_family",
    )  # fmt: skip

    def __init__(self, e: Any, same_article: bool) -> None:
        self.status = _get(e, "status")
        self.odd = False  # a date date_span cannot read: leave every decision to same_event
        try:
            span = date_span(_get(e, "event_date"), _get(e, "time_precision"))
        except (ValueError, OverflowError):
            span, self.odd = None, True
        self.lo, self.hi = (span[0].toordinal(), span[1].toordinal()) if span is not None else (None, None)
        self.iso3 = _get(e, "iso3")
        self.fine = bool(self.iso3) and placed_finely(e)
        self.event_type = _get(e, "event_type")
        self.family = _family(e) if same_article else None
        self.refers_back = same_article and _refers_back(e)
        self.casualty = same_article and _casualty_word(e)
        evidence = _get(e, "evidence")
        self.sentence = _get(evidence, "start") if evidence is not None else None
        self.absorbed_by = _absorbing_families(e) if same_article else ()
        self.typed_family = same_article and self.family in current().resolve.type_families


def _may_agree(a: _Key, b: _Key, slack: int, same_article: bool) -> bool:
    """False only where :func:`same_event` is certainly False (same status already checked): dates
    apart, countries apart, types apart, or neither both dated nor both placed at town level."""
    if a.odd or b.odd:
        return True
    dated = a.lo is not None and b.lo is not None
    if dated and (a.lo > b.hi + slack or b.lo > a.hi + slack):
        return False  # dates_agree is False
    if a.iso3 and b.iso3 and a.iso3 != b.iso3:
        return False  # places_agree is False
    if (a.refers_back or b.refers_back) and a.event_type and b.event_type:
        return True
    if same_article:  # else _kinds_agree is False
        return (
            a.family == b.family
            or b.family in a.absorbed_by
            or a.family in b.absorbed_by
            or (
                a.casualty != b.casualty
                and a.sentence is not None
                and a.sentence == b.sentence
                and a.typed_family
                and b.typed_family
            )
        )
    if a.event_type != b.event_type:
        return False  # types_agree is False
    placed = a.fine and b.fine  # places_agree can only be True for two mentions placed at town level
    return dated and placed


def _position(e: Any) -> int | None:
    for name in ("evidence", "trigger"):
        src = _get(e, name)
        start = _get(src, "start") if src is not None else None
        if isinstance(start, int):
            return start
    return None


def cluster(
    events: Sequence[Any], *, same_article: bool = False, window: int | None = MERGE_WINDOW_CHARS
) -> list[int]:
    """Cluster index for each mention: greedy, each mention joins the first cluster all of whose
    members it agrees with (complete linkage, so chains of near-misses do not merge).

    Only clusters of the mention's own status are tried, each member first through the cheap
    :func:`_may_agree`, and (``window`` not None) only clusters whose first member is at most
    ``window`` characters before the mention: mentions further apart are not merged. A mention's
    position is where its evidence starts (or the furthest position before it, where that is
    earlier or unknown), so positions only grow along the list."""
    slack = int(current().resolve.day_slack_days)
    keys = [_Key(e, same_article) for e in events]
    positions: list[int] = []
    for e in events:
        pos = _position(e)
        positions.append(max(pos if pos is not None else 0, positions[-1] if positions else 0))
    clusters: list[list[int]] = []
    labels: list[int] = []
    by_status: dict[Any, list[int]] = {}  # status -> its clusters, in the order they were begun
    first_open: dict[Any, int] = {}  # status -> the first of them still within the window
    for i, event in enumerate(events):
        key = keys[i]
        joined = None
        if key.status in MERGEABLE_STATUSES:  # no other status merges with anything
            ids = by_status.setdefault(key.status, [])
            lo = first_open.get(key.status, 0)
            if window is not None:
                while lo < len(ids) and positions[clusters[ids[lo]][0]] < positions[i] - window:
                    lo += 1
                first_open[key.status] = lo
            for j in range(lo, len(ids)):
                members = clusters[ids[j]]
                if all(
                    _may_agree(keys[m], key, slack, same_article)
                    and same_event(events[m], event, same_article=same_article)
                    for m in members
                ):
                    joined = ids[j]
                    break
        if joined is None:
            joined = len(clusters)
            clusters.append([])
            if key.status in MERGEABLE_STATUSES:
                by_status[key.status].append(joined)
        clusters[joined].append(i)
        labels.append(joined)
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


def _take_source(keep: Event, other: Event, name: str) -> None:
    """``keep`` took field ``name`` from ``other``: its provenance comes along (or goes, where
    ``other`` has none), so that every field still points at the words it was read from."""
    source = other.provenance.get(name)
    if source is None:
        keep.provenance.pop(name, None)
    else:
        keep.provenance[name] = source


def merge_article_events(events: list[Event]) -> list[Event]:
    """The article-level pass after the sentence-level finders: mentions the eventivity model judged
    no specific occurrence are dropped (:func:`eventive`), then one event per real-world incident.
    The merged event takes its type from the member that says most, the most precise date and
    place, named actors over defaults, and the most precise figures (:func:`precise_count`)."""
    events = [e for e in events if eventive(e)]
    labels = cluster(events, same_article=True)
    groups: dict[int, list[Event]] = {}  # cluster -> members; clusters are numbered in order of first member
    for e, label in zip(events, labels):
        groups.setdefault(label, []).append(e)
    out: list[Event] = []
    for members in groups.values():
        keep = _best_subtype(members)
        dated = min(members, key=lambda e: (e.time_precision or 9, -e.confidence))
        if dated.event_date and (keep.time_precision or 9) > (dated.time_precision or 9):
            keep.event_date, keep.time_precision, keep.date_text = (
                dated.event_date,
                dated.time_precision,
                dated.date_text,
            )
            _take_source(keep, dated, "event_date")  # the span moves with the value
        # the most precise place; of two at one ACLED precision, a division over its whole country
        placed = min(members, key=lambda e: (*_place_rank(e), -e.confidence))
        if placed.iso3 and _place_rank(keep) > _place_rank(placed):
            for name in PLACE_FIELDS:
                setattr(keep, name, getattr(placed, name))
            _take_source(keep, placed, "location")
        for side in ("1", "2"):
            _take_named_actor(keep, members, side)
        for other in members:
            for name in ("actor1", "actor2", "inter1", "inter2", "actor1_text", "actor2_text",
                         "assoc_actor_1", "assoc_actor_2", "plover_type", "plover_mode",
                         "plover_context", "plover_quad"):  # fmt: skip
                if getattr(keep, name) is None and getattr(other, name) is not None:
                    setattr(keep, name, getattr(other, name))
        for name in ("fatalities", "injured"):
            figure = precise_count(members, name)
            setattr(keep, name, figure[0] if figure else None)
            if figure is not None and figure[1] is not None:
                keep.provenance[name] = figure[1]
        out.append(keep)
    return out


def _place_rank(e: Event) -> tuple[int, bool]:
    """How precisely ``e`` is placed, lower is finer: its ACLED geo_precision, then whether it is
    placed at a whole country (Chalatenango and El Salvador are both precision 3)."""
    return e.geo_precision or 9, not e.admin1


def precise_count(members: Sequence[Event], name: str) -> tuple[int, Any] | None:
    """The figure (and its span) one incident's mentions give for ``name`` ("fatalities",
    "injured"): the most precise one (a number before "dozens" before "civilians were killed", by the
    confidence counts gives each), the lowest among equally precise ones (ACLED's rule for
    conflicting reports), never the sum of reports of the same dead. Figures each told for one
    side, for different sides (numbers.yaml ``victim_sides``: "23 Afghan soldiers", "Twenty
    insurgents"), are different dead: the most precise of each side, added up."""
    told = [
        (-(src.confidence if (src := m.provenance.get(name)) is not None else 0.5), value, i, src)
        for i, m in enumerate(members)
        if (value := getattr(m, name)) is not None
    ]
    if not told:
        return None
    by_side: dict[str | None, list[tuple]] = {}
    for t in told:
        by_side.setdefault(_victim_side(t[3]), []).append(t)
    if len(by_side) > 1 and None not in by_side:
        picks = sorted(min(ts, key=lambda t: t[:3]) for ts in by_side.values())
        return sum(p[1] for p in picks), picks[0][3]
    _, value, _, src = min(told, key=lambda t: t[:3])
    return value, src


def _victim_side(src: Any) -> str | None:
    """The side the figure's own words name ("23 Afghan soldiers": state), or None (no words, another
    noun, or more than one group: "two soldiers and a civilian")."""
    text = (src.text if src is not None else "").lower()
    words = text.replace(",", " , ").split()
    if not words or "and" in words or "," in words:
        return None
    return numbers()["victim_sides"].get(words[-1].strip(".;:"))
