"""The ``parquet`` export: events with article metadata, columns typed."""

from __future__ import annotations

import json
from typing import IO, Any

from ..store.schema import record_columns
from ..store.store import Store
from .articles import with_articles
from .formats_csv import full_date
from .query import EventFilter, query_events


def _arrow_schema() -> Any:
    """Parquet columns, typed: the event's columns as stored, ``event_date`` a DATE (the full day
    of :func:`~.formats_csv.full_date`, the value as extracted in ``event_date_value``), ``year``, and the
    merged event's ``mentions`` and ``sources`` as lists of strings."""
    import pyarrow as pa

    from ..records import Event

    types = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
             "JSON": pa.string(), "INTEGER": pa.int32()}  # fmt: skip
    fields = [pa.field("id", pa.string())]
    for name, kind in record_columns(Event):
        if name == "event_date":
            fields += [pa.field("event_date", pa.date32()), pa.field("event_date_value", pa.string()),
                       pa.field("year", pa.int32())]  # fmt: skip
        else:
            fields.append(pa.field(name, types[kind]))
    fields += [pa.field("num_mentions", pa.int32()), pa.field("num_articles", pa.int32()),
               pa.field("num_sources", pa.int32()), pa.field("mentions", pa.list_(pa.string())),
               pa.field("sources", pa.list_(pa.string())), pa.field("article_id", pa.string()),
               pa.field("article_title", pa.string()), pa.field("article_url", pa.string()),
               pa.field("article_published", pa.string())]  # fmt: skip
    return pa.schema(fields)


def parquet_rows(store: Store, filters: EventFilter) -> list[dict[str, Any]]:
    """Events as rows of :func:`_arrow_schema` (full dates, lists as lists)."""
    rows = []
    for e in with_articles(store, query_events(store, filters)):
        day, precision = full_date(e.get("event_date"), e.get("time_precision"))
        row = dict(e, event_date_value=e.get("event_date"), event_date=day, year=day.year if day else None)
        row["time_precision"] = precision
        if filters.mentions:
            row["mentions"] = [e["id"]]
        if e.get("provenance") is not None and not isinstance(e["provenance"], str):
            row["provenance"] = json.dumps(e["provenance"])
        rows.append(row)
    return rows


def export_parquet(store: Store, path: str | IO[bytes], filters: EventFilter) -> int:
    """Events with article metadata as a Parquet file, columns typed (:func:`_arrow_schema`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = parquet_rows(store, filters)
    schema = _arrow_schema()
    table = pa.Table.from_pylist([{f: r.get(f) for f in schema.names} for r in rows], schema=schema)
    pq.write_table(table, path)
    return len(rows)
