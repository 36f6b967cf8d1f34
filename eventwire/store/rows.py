"""Rows in and out of the store: records flattened to columns, multi-row INSERTs, results as dicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb

from .schema import field_kinds

INSERT_PARAMS = 4000  # values bound in one multi-row INSERT statement


def flatten(record: Any, record_type: type) -> list[Any]:
    """A record dataclass as the values of its columns (see :func:`~.schema.record_columns`)."""
    row: list[Any] = []
    for name, kind in field_kinds(record_type):
        value = getattr(record, name)
        if kind == "SOURCE":
            row += [value.text, value.start, value.end] if value else [None, None, None]
        elif kind == "JSON":
            row.append(json.dumps(value, default=lambda o: o.__dict__) if value is not None else None)
        else:
            row.append(value)
    return row


def insert_rows(con: duckdb.DuckDBPyConnection, insert: str, rows: list[list[Any]]) -> None:
    """``insert`` (``INSERT INTO t (cols)``) of ``rows`` as multi-row VALUES statements: DuckDB's
    executemany runs one statement per row (25 rows into a keyed table: 80 ms, as VALUES 3 ms)."""
    if not rows:
        return
    marks = "(" + ", ".join("?" * len(rows[0])) + ")"
    step = max(1, INSERT_PARAMS // len(rows[0]))
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        con.execute(f"{insert} VALUES {', '.join([marks] * len(part))}", [v for r in part for v in r])


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Rows of a read query as dicts."""
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
