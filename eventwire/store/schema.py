"""The store's schema: record dataclasses as table columns, and the DDL of every table."""

from __future__ import annotations

import types
from collections.abc import Sequence
from dataclasses import fields
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from ..records import DateMention, Event, Place, Source, Statement
from .textsig import SIG_COLUMNS

_SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def _sql_type(hint: Any) -> str:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else str
    if hint is Source:
        return "SOURCE"
    return _SQL_TYPES.get(hint, "JSON")


@cache
def field_kinds(record_type: type) -> tuple[tuple[str, str], ...]:
    """(field, SQL type or SOURCE) for each field of a record dataclass, worked out once per type."""
    hints = get_type_hints(record_type)
    return tuple((f.name, _sql_type(hints[f.name])) for f in fields(record_type))


@cache
def record_columns(record_type: type) -> tuple[tuple[str, str], ...]:
    """(column, SQL type) for a record dataclass; Source fields become _text/_start/_end."""
    cols: list[tuple[str, str]] = []
    for name, kind in field_kinds(record_type):
        if kind == "SOURCE":
            cols += [(f"{name}_text", "VARCHAR"), (f"{name}_start", "BIGINT"), (f"{name}_end", "BIGINT")]
        else:
            cols.append((name, kind))
    return tuple(cols)


ARTICLE_COLUMNS = [
    ("id", "VARCHAR PRIMARY KEY"),
    ("text_hash", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "VARCHAR"),
    ("published_source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("source", "VARCHAR"),
    ("author", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("text", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
]
CHILD_TABLES: dict[str, type] = {
    "events": Event,
    "statements": Statement,
    "places": Place,
    "dates": DateMention,
}
TABLES = ("articles", *CHILD_TABLES, "event_clusters", "merged_events")
MERGE_COLUMNS = [("num_mentions", "INTEGER"), ("num_articles", "INTEGER"), ("num_sources", "INTEGER"),
                 ("mentions", "JSON"), ("sources", "JSON"),
                 *((name, "UBIGINT") for name in SIG_COLUMNS)]  # fmt: skip


def create_table_sql(table: str, record_type: type) -> str:
    """CREATE TABLE for a child record table keyed by (article_id, idx)."""
    cols = ", ".join(f'"{name}" {kind}' for name, kind in record_columns(record_type))
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, {cols}, "
        "PRIMARY KEY (article_id, idx))"
    )


def add_columns_sql(table: str, columns: Sequence[tuple[str, str]]) -> str:
    """ALTER TABLE adding the columns a database made by an older version lacks (new fields come
    last; rows are inserted by column name, so the order in the table does not matter)."""
    return "; ".join(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{n}" {kind}' for n, kind in columns)


def merged_columns() -> list[tuple[str, str]]:
    """The columns of ``merged_events`` after its key: an event's, then the cluster's own."""
    return [*record_columns(Event), *MERGE_COLUMNS]


def schema_sql() -> list[str]:
    """The CREATE TABLE statements of every table (each IF NOT EXISTS)."""
    cols = ", ".join(f"{n} {t}" for n, t in ARTICLE_COLUMNS)
    merged = ", ".join(f'"{n}" {t}' for n, t in merged_columns())
    return [
        f"CREATE TABLE IF NOT EXISTS articles ({cols})",
        *(create_table_sql(table, record_type) for table, record_type in CHILD_TABLES.items()),
        *(add_columns_sql(table, record_columns(record_type)) for table, record_type in CHILD_TABLES.items()),
        "CREATE TABLE IF NOT EXISTS event_clusters (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, "
        "cluster_id VARCHAR NOT NULL, PRIMARY KEY (article_id, idx))",
        f"CREATE TABLE IF NOT EXISTS merged_events (cluster_id VARCHAR PRIMARY KEY, {merged})",
        add_columns_sql("merged_events", merged_columns()),
    ]
