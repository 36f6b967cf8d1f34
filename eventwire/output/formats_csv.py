"""The CSV exports: ``acled-csv`` (ACLED's columns, full dates) and ``statements-csv``."""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import IO, Any
from urllib.parse import urlsplit

from ..records import Statement
from ..store.schema import record_columns
from ..store.store import Store
from .articles import STATEMENT_COLUMNS, StatementFilter, query_statements, with_articles
from .query import EventFilter, query_events

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp", "num_articles",
]  # fmt: skip


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    a, b = sorted((inter1, inter2 or 0))
    return int(f"{b}{a}") if a == 0 else int(f"{a}{b}")


_SEASONS = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}


def full_date(value: str | None, precision: int | None) -> tuple[date | None, int | None]:
    """A TimeML date value as one calendar day and ACLED's time_precision (1 day, 2 week, 3 wider).

    A partial value stands for its first day, with the precision saying how wide it is:
    ``2024-W12`` → the Monday (2), ``2024-03`` → 1 March (3), ``2024-Q2`` → 1 April (3),
    ``2024-SU`` → 1 June (3), ``2024`` → 1 January (3). No calendar date: (None, None).
    """
    if not value:
        return None, None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            return date.fromisoformat(value[:10]), precision or 1
        year, _, rest = value.partition("-")
        if not re.fullmatch(r"\d{4}", year):
            return None, None
        y = int(year)
        if not rest:
            return date(y, 1, 1), 3
        if re.fullmatch(r"\d{2}", rest):
            return date(y, int(rest), 1), 3
        if week := re.fullmatch(r"W(\d{2})(?:-WE)?", rest):
            return date.fromisocalendar(y, int(week.group(1)), 6 if rest.endswith("WE") else 1), 2
        if quarter := re.fullmatch(r"Q([1-4])", rest):
            return date(y, 3 * int(quarter.group(1)) - 2, 1), 3
        if half := re.fullmatch(r"H([12])", rest):
            return date(y, 1 if half.group(1) == "1" else 7, 1), 3
        if rest in _SEASONS:
            return date(y, _SEASONS[rest], 1), 3
    except ValueError:  # "2024-13", "2024-W60"
        return None, None
    return None, None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """OWASP's CSV-injection rule: a text cell opening with = + - @ (or a tab, CR) is prefixed with
    a single quote so a spreadsheet shows it as text; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _site(url: str | None) -> str | None:
    """The site name of a URL ("www.bbc.co.uk" → "bbc.co.uk"), for a source with no name."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def acled_row(event: dict[str, Any], index: int) -> dict[str, Any]:
    """One event as a row with ACLED's column names.

    ``event_date`` is always a full day (see :func:`full_date`; an event its text does not date
    takes its article's publication date, precision 3) and ``year`` its year; ``source`` is the
    sources' names, else the site of the article's URL.
    """
    day, precision = full_date(event.get("event_date"), event.get("time_precision"))
    if day is None:
        day, _ = full_date(event.get("article_published"), None)
        precision = 3 if day else None
    return {
        "event_id_cnty": f"{event.get('iso3') or 'XXX'}-EW{index:06d}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else None,
        "time_precision": precision,
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
        "source": "; ".join(event.get("sources") or []) or _site(event.get("article_url")),
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
    events = with_articles(store, [e for e in query_events(store, filters) if e.get("event_type")])
    for i, event in enumerate(events, start=1):
        writer.writerow({k: safe_cell(v) for k, v in acled_row(event, i).items()})
    return len(events)


def write_statements_csv(rows: list[dict[str, Any]], out: IO[str]) -> int:
    """Statement rows (:func:`query_statements`) as CSV, formula cells neutralised."""
    names = list(rows[0]) if rows else [*STATEMENT_COLUMNS, *(n for n, _ in record_columns(Statement))]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return len(rows)


def render_statements_csv(store: Store, out: IO[str], filters: EventFilter) -> int:
    """Every statement (or only ``filters.speaker_id``'s), by article and position."""
    return write_statements_csv(query_statements(store, StatementFilter(speaker_id=filters.speaker_id)), out)
