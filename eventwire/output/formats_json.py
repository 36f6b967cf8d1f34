"""The JSON exports: ``jsonl`` (the output contract), ``events-jsonl``, ``plover-json``, ``geojson``."""

from __future__ import annotations

import json
from typing import IO

from ..store.store import Store
from .articles import contract_event, query_articles, with_articles
from .formats_csv import acled_row
from .query import EventFilter, query_events


def render_jsonl(store: Store, out: IO[str], filters: EventFilter) -> int:
    n = 0
    for article in query_articles(store, filters.limit):
        out.write(json.dumps(article, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def render_events_jsonl(store: Store, out: IO[str], filters: EventFilter) -> int:
    events = query_events(store, filters)
    for event in events:
        out.write(json.dumps(contract_event(dict(event)), default=str) + "\n")
    return len(events)


def render_plover_json(store: Store, out: IO[str], filters: EventFilter) -> int:
    """POLECAT records (:mod:`eventwire.output.polecat`) of the PLOVER-coded events."""
    from .polecat import polecat_record

    rows = [e for e in query_events(store, filters) if e.get("plover_type")]
    records = [polecat_record(e) for e in with_articles(store, rows)]
    json.dump(records, out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")
    return len(records)


def render_geojson(store: Store, out: IO[str], filters: EventFilter) -> int:
    features = []
    for e in with_articles(store, query_events(store, filters)):
        if e.get("latitude") is None or e.get("longitude") is None:
            continue
        props = {
            k: v for k, v in acled_row(e, len(features) + 1).items() if k not in ("latitude", "longitude")
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
                "properties": props | {"status": e.get("status"), "id": e["id"]},
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False, default=str)
    out.write("\n")
    return len(features)
