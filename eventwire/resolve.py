"""Resolution: merge event mentions that describe the same real-world event."""

from __future__ import annotations

from .models import Event


def _key(event: Event) -> tuple:
    return (event.sub_event_type, event.status, event.event_date, event.location, event.actor1, event.actor2)


def merge_article_events(events: list[Event]) -> list[Event]:
    """Within one article: keep one event per (type, status, date, place, actors), the most confident."""
    best: dict[tuple, Event] = {}
    order: list[tuple] = []
    for event in events:
        key = _key(event)
        kept = best.get(key)
        if kept is None:
            best[key] = event
            order.append(key)
            continue
        merged = kept if kept.confidence >= event.confidence else event
        other = event if merged is kept else kept
        for name in ("fatalities", "injured", "count", "event_date", "location", "actor1", "actor2"):
            if getattr(merged, name) is None and getattr(other, name) is not None:
                setattr(merged, name, getattr(other, name))
        best[key] = merged
    return [best[k] for k in order]
