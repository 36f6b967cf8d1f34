"""Exports: one query function feeds a registry of renderers (format name -> function).

Formats: ``jsonl`` (one article result a line, the output contract), ``events-jsonl``,
``acled-csv`` (ACLED's column names), ``statements-csv``, ``plover-json``, ``geojson``,
``parquet``. ACLED-style exports hold current and past events unless ``all_statuses``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO

from ..store.store import Store
from .formats_csv import render_acled_csv, render_statements_csv
from .formats_json import render_events_jsonl, render_geojson, render_jsonl, render_plover_json
from .query import EventFilter

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


def export_text(store: Store, fmt: str, filters: EventFilter | None = None) -> str:
    """Render one text format to a string (for tests and the API)."""
    buffer = io.StringIO()
    EXPORTERS[fmt](store, buffer, filters or EventFilter())
    return buffer.getvalue()
