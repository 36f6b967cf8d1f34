"""Exports: one query function feeds a registry of renderers (format name -> function).

Formats: ``jsonl`` (one article result a line, the output contract), ``events-jsonl``,
``acled-csv`` (ACLED's column names), ``statements-csv``, ``plover-json``, ``geojson``,
``parquet``. ACLED-style exports hold current and past events unless ``all_statuses``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from .store import CHILD_TABLES, Store

ACLED_STATUSES = ("current", "past")

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp", "num_articles",
]  # fmt: skip


@dataclass
class EventFilter:
    """Which events to read: all fields optional."""

    statuses: tuple[str, ...] | None = ACLED_STATUSES
    country: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    limit: int | None = None
    mentions: bool = False  # every mention as extracted, instead of one row per real-world event


def query_events(store: Store, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events, filtered: by default one merged row per real-world event, else every mention.

    Each row has an ``id`` (cluster id, or ``article_id#idx`` for a mention) and ``sources``.
    This is the one read path for every renderer, the API and the web page.
    """
    f = filters or EventFilter()
    where, params = [], []
    if f.statuses:
        where.append("e.status IN (SELECT unnest(?))")
        params.append(list(f.statuses))
    for column, value in (("e.country", f.country), ("e.event_type", f.event_type)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.since:
        where.append("e.event_date >= ?")
        params.append(f.since)
    if f.until:
        where.append("e.event_date <= ?")
        params.append(f.until)
    if f.mentions:
        if f.article_id:
            where.append("e.article_id = ?")
            params.append(f.article_id)
        select = (
            "SELECT e.article_id || '#' || e.idx AS id, e.*, to_json([a.source]) AS sources, "
            "a.title AS article_title, a.url AS article_url, a.published AS article_published "
            "FROM events e JOIN articles a ON a.id = e.article_id"
        )
    else:
        if f.article_id:
            where.append(
                "EXISTS (SELECT 1 FROM event_clusters c "
                "WHERE c.cluster_id = e.cluster_id AND c.article_id = ?)"
            )
            params.append(f.article_id)
        select = "SELECT e.cluster_id AS id, e.* FROM merged_events e"
    sql = (
        select
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY e.event_date NULLS LAST, id"
        + (f" LIMIT {int(f.limit)}" if f.limit else "")
    )
    rows = store.query(sql, params)
    for row in rows:
        if isinstance(row.get("sources"), str):
            row["sources"] = [s for s in json.loads(row["sources"]) if s]
        if isinstance(row.get("mentions"), str):
            row["mentions"] = json.loads(row["mentions"])
    return rows


def _child_rows(store: Store, table: str, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    rows = store.query(
        f"SELECT * FROM {table} WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, idx",
        [article_ids],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row.pop("article_id"), []).append(row)
        row.pop("idx")
    return out


def _contract_event(row: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in row.items() if not k.startswith("article_") and k not in ("idx", "cluster_id")}
    row["evidence"] = {
        "text": row.pop("evidence_text"),
        "start": row.pop("evidence_start"),
        "end": row.pop("evidence_end"),
    }
    row["trigger"] = {
        "text": row.pop("trigger_text"),
        "start": row.pop("trigger_start"),
        "end": row.pop("trigger_end"),
    }
    row["provenance"] = json.loads(row["provenance"]) if row.get("provenance") else {}
    return row


def query_articles(
    store: Store, limit: int | None = None, article_id: str | None = None
) -> Iterable[dict[str, Any]]:
    """Whole article results in the output contract, rebuilt from the tables."""
    articles = store.query(
        "SELECT id, title, published, published_source, url, source, text_hash FROM articles"
        + (" WHERE id = ?" if article_id else "")
        + " ORDER BY id"
        + (f" LIMIT {int(limit)}" if limit else ""),
        [article_id] if article_id else [],
    )
    for start in range(0, len(articles), 500):
        chunk = articles[start : start + 500]
        ids = [a["id"] for a in chunk]
        children = {table: _child_rows(store, table, ids) for table in CHILD_TABLES}
        for article in chunk:
            result = dict(article)
            result["events"] = [_contract_event(r) for r in children["events"].get(article["id"], [])]
            for table in ("statements", "places", "dates"):
                result[table] = children[table].get(article["id"], [])
            yield result


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    a, b = sorted((inter1, inter2 or 0))
    return int(f"{b}{a}") if a == 0 else int(f"{a}{b}")


def acled_row(event: dict[str, Any], index: int) -> dict[str, Any]:
    """One event as a row with ACLED's column names."""
    date = event.get("event_date") or ""
    return {
        "event_id_cnty": f"{event.get('iso3') or 'XXX'}-EW{index:06d}",
        "event_date": date,
        "year": date[:4] or None,
        "time_precision": event.get("time_precision"),
        "disorder_type": event.get("disorder_type"),
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "actor1": event.get("actor1"),
        "assoc_actor_1": event.get("assoc_actor_1"),
        "inter1": event.get("inter1"),
        "actor2": event.get("actor2"),
        "assoc_actor_2": event.get("assoc_actor_2"),
        "inter2": event.get("inter2"),
        "interaction": _interaction(event.get("inter1"), event.get("inter2")),
        "civilian_targeting": "Civilian targeting" if event.get("inter2") == 7 else "",
        "iso": event.get("iso3"),
        "region": None,
        "country": event.get("country"),
        "admin1": event.get("admin1"),
        "admin2": None,
        "admin3": None,
        "location": event.get("location"),
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "geo_precision": event.get("geo_precision"),
        "source": "; ".join(event.get("sources") or []) or event.get("article_url"),
        "source_scale": None,
        "notes": event.get("evidence_text"),
        "num_articles": event.get("num_articles", 1),
        "fatalities": event.get("fatalities") or 0,
        "tags": f"status={event.get('status')}",
        "timestamp": None,
    }


def render_acled_csv(store: Store, out: IO[str], filters: EventFilter) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    events = [e for e in query_events(store, filters) if e.get("event_type")]
    for i, event in enumerate(events, start=1):
        writer.writerow(acled_row(event, i))
    return len(events)


def render_jsonl(store: Store, out: IO[str], filters: EventFilter) -> int:
    n = 0
    for article in query_articles(store, filters.limit):
        out.write(json.dumps(article, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def render_events_jsonl(store: Store, out: IO[str], filters: EventFilter) -> int:
    events = query_events(store, filters)
    for event in events:
        out.write(json.dumps(_contract_event(dict(event)), default=str) + "\n")
    return len(events)


def render_statements_csv(store: Store, out: IO[str], filters: EventFilter) -> int:
    rows = store.query(
        "SELECT s.article_id, a.published, s.* EXCLUDE (article_id) FROM statements s "
        "JOIN articles a ON a.id = s.article_id ORDER BY s.article_id, s.idx"
    )
    if not rows:
        out.write("article_id,speaker,speaker_role,speaker_affiliation,cue,quote,kind\n")
        return 0
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def render_plover_json(store: Store, out: IO[str], filters: EventFilter) -> int:
    """PLOVER-style records (event type, mode, source and target actors, date, place)."""
    records = [
        {
            "id": e["id"],
            "date": e.get("event_date"),
            "event": e.get("plover_type"),
            "mode": e.get("plover_mode"),
            "source": e.get("actor1"),
            "target": e.get("actor2"),
            "country": e.get("iso3"),
            "location": e.get("location"),
            "latitude": e.get("latitude"),
            "longitude": e.get("longitude"),
            "fatalities": e.get("fatalities"),
            "status": e.get("status"),
            "text": e.get("evidence_text"),
        }
        for e in query_events(store, filters)
        if e.get("plover_type")
    ]
    json.dump(records, out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")
    return len(records)


def render_geojson(store: Store, out: IO[str], filters: EventFilter) -> int:
    features = []
    for e in query_events(store, filters):
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


Renderer = Callable[[Store, IO[str], EventFilter], int]
EXPORTERS: dict[str, Renderer] = {
    "jsonl": render_jsonl,
    "events-jsonl": render_events_jsonl,
    "acled-csv": render_acled_csv,
    "statements-csv": render_statements_csv,
    "plover-json": render_plover_json,
    "geojson": render_geojson,
}
BINARY_EXPORTERS = ("parquet",)


def export_parquet(store: Store, path: str, filters: EventFilter) -> int:
    """Events with article metadata as a Parquet file (via DuckDB's COPY)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = query_events(store, filters)
    table = pa.Table.from_pylist(rows) if rows else pa.table({"article_id": pa.array([], pa.string())})
    pq.write_table(table, path)
    return len(rows)


def export_text(store: Store, fmt: str, filters: EventFilter | None = None) -> str:
    """Render one text format to a string (for tests and the API)."""
    buffer = io.StringIO()
    EXPORTERS[fmt](store, buffer, filters or EventFilter())
    return buffer.getvalue()
