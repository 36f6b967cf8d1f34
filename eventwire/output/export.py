"""Exports: one query function feeds a registry of renderers (format name -> function).

Formats: ``jsonl`` (one article result a line, the output contract), ``events-jsonl``,
``acled-csv`` (ACLED's column names), ``statements-csv``, ``plover-json``, ``geojson``,
``parquet``. ACLED-style exports hold current and past events unless ``all_statuses``.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import IO, Any
from urllib.parse import urlsplit

from ..records import Statement
from ..store.store import CHILD_TABLES, Store, _columns

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
    """Which events to read: all fields optional.

    ``country`` matches a country name or ISO3 code in any case; ``event_type``/``sub_event_type``
    match in any case; ``actor`` and ``text`` are case-insensitive substrings (actors; evidence,
    location and actors); ``bbox`` is (west, south, east, north) in degrees. ``sort`` is a column of
    :data:`SORTS`, ``-`` in front for descending (None: oldest first, the exports' order);
    ``cursor`` continues a page (see :func:`page_events`).
    """

    statuses: tuple[str, ...] | None = ACLED_STATUSES
    country: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    limit: int | None = None
    mentions: bool = False  # every mention as extracted, instead of one row per real-world event
    sub_event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    sort: str | None = None
    cursor: str | None = None
    event_id: str | None = None
    fields: str = "all"  # with a sort: "summary" reads only SUMMARY_COLUMNS (a page of a large file)
    speaker_id: str | None = None  # statements-csv: only this speaker's statements (its canonical id)


@dataclass
class StatementFilter:
    """Which statements to read: all fields optional.

    ``speaker``, ``role`` and ``text`` are case-insensitive substrings (of the speaker's name, role,
    quote); ``speaker_id`` is the speaker's canonical id, matched exactly (``person:maria-okafor``,
    an actor's name such as ``Government of Iraq``); ``since``/``until`` bound the article's
    publication date. ``newest_first``: the API's order, else by article and position (the export's).
    """

    speaker: str | None = None
    speaker_id: str | None = None
    role: str | None = None
    text: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0
    newest_first: bool = False


# Sortable columns: column -> (value that sorts last ascending, value that sorts last descending).
SORTS: dict[str, tuple[Any, Any]] = {
    "event_date": ("\uffff", ""), "fatalities": (2**62, -1), "num_articles": (2**62, -1),
    "event_type": ("\uffff", ""), "sub_event_type": ("\uffff", ""), "country": ("\uffff", ""),
    "location": ("\uffff", ""), "actor1": ("\uffff", ""), "status": ("\uffff", ""),
}  # fmt: skip


class FilterError(ValueError):
    """A filter the query cannot take (an unknown sort column, a cursor that is not one)."""


def _sort_key(sort: str, mentions: bool) -> tuple[str, bool, Any]:
    """(column, descending, null sentinel) of a ``sort`` value such as ``-event_date``."""
    column, descending = sort.removeprefix("-"), sort.startswith("-")
    if column not in SORTS or (mentions and column == "num_articles"):
        raise FilterError(f"cannot sort by {column!r}; choose from {', '.join(SORTS)}")
    return column, descending, SORTS[column][1 if descending else 0]


def encode_cursor(sort: str, row: dict[str, Any]) -> str:
    """The cursor of the page after ``row`` in ``sort`` order (opaque to clients)."""
    column, descending, null = _sort_key(sort, False)
    value = row.get(column)
    token = json.dumps([sort, null if value is None else value, row["id"]], separators=(",", ":"))
    return base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """(sort value, id) of a cursor; FilterError for one that is not ours or another sort's."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, last_id = json.loads(raw)
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
        raise FilterError("cursor: not a cursor this API gave (use next_cursor as it came)") from None
    if made_for != sort or not isinstance(last_id, str) or not isinstance(value, (str, int, float)):
        raise FilterError(f"cursor: made for sort {made_for!r}, not {sort!r}")
    return value, last_id


def _where(f: EventFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.statuses:  # IN (?, ?): bound values DuckDB can push into the scan (unnest(?) it cannot)
        where.append(f"e.status IN ({', '.join('?' * len(f.statuses))})")
        params += list(f.statuses)
    if f.country:  # a name in any case, or (three letters) an ISO3 code
        if len(f.country) == 3 and f.country.isalpha():
            where.append("(e.iso3 = ? OR lower(e.country) = ?)")
            params += [f.country.upper(), f.country.lower()]
        else:
            where.append("lower(e.country) = ?")
            params.append(f.country.lower())
    for column, value in (("e.event_type", f.event_type), ("e.sub_event_type", f.sub_event_type)):
        if value:
            where.append(f"lower({column}) = ?")
            params.append(value.lower())
    for columns, value in (
        (("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"), f.actor),
        (("evidence_text", "location", "actor1", "actor2"), f.text),
    ):
        if value:
            where.append("(" + " OR ".join(ilike(f"e.{c}", value) for c in columns) + ")")
            params += [like_pattern(value)] * len(columns)
    if f.since:
        where.append("e.event_date >= ?")
        params.append(f.since)
    if f.until:
        where.append("e.event_date <= ?")
        params.append(f.until + "~" if len(f.until) == 10 else f.until)  # the whole last day
    if f.bbox:
        west, south, east, north = f.bbox
        lon = "e.longitude BETWEEN ? AND ?" if west <= east else "(e.longitude >= ? OR e.longitude <= ?)"
        where.append(f"e.latitude BETWEEN ? AND ? AND {lon}")
        params += [south, north, west, east]
    return where, params


def like_pattern(value: str) -> str:
    """The ILIKE pattern of ``value`` as a part of a text (see :func:`ilike`)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ilike(column: str, value: str) -> str:
    """``column ILIKE ?`` for the pattern ``like_pattern(value)``: case-insensitive, ``%`` and ``_`` taken
    literally. DuckDB has no default escape character, so a value holding ``%``, ``_`` or ``\\``
    gets ``ESCAPE '\\'``; the others go without it, which keeps DuckDB's fast substring match
    (with the clause a scan of 1M events' four text columns took ~1.5x as long)."""
    return f"{column} ILIKE ?" + (" ESCAPE '\\'" if any(c in value for c in "%_\\") else "")


def _base(f: EventFilter) -> tuple[str, list[str], list[Any]]:
    """The SELECT of events or mentions and the WHERE terms of a filter."""
    where, params = _where(f)
    if f.mentions:
        if f.article_id:
            where.append("e.article_id = ?")
            params.append(f.article_id)
        if f.event_id:
            where.append("e.article_id || '#' || e.idx = ?")
            params.append(f.event_id)
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
        if f.event_id:
            where.append("e.cluster_id = ?")
            params.append(f.event_id)
        select = "SELECT e.cluster_id AS id, e.* FROM merged_events e"
    return select, where, params


def _decode_lists(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        if isinstance(row.get("sources"), str):
            row["sources"] = [s for s in json.loads(row["sources"]) if s]
        if isinstance(row.get("mentions"), str):
            row["mentions"] = json.loads(row["mentions"])
    return rows


def query_events(store: Store, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events, filtered: by default one merged row per real-world event, else every mention.

    Each row has an ``id`` (cluster id, or ``article_id#idx`` for a mention) and ``sources``.
    This is the one read path for every renderer, the API and the web page.
    """
    f = filters or EventFilter()
    if f.sort and not f.mentions:
        return _sorted_events(store, f)
    select, where, params = _base(f)
    if f.sort:
        column, descending, null = _sort_key(f.sort, f.mentions)
        key = f"coalesce(e.{column}, ?)"
        if f.cursor:
            value, last_id = decode_cursor(f.cursor, f.sort)
            op = "<" if descending else ">"
            where.append(f"({key} {op} ? OR ({key} = ? AND id {op} ?))")
            params += [null, value, null, value, last_id]
        way = "DESC" if descending else "ASC"
        order = f" ORDER BY {key} {way}, id {way}"
        order_params = [null]
    else:
        order, order_params = " ORDER BY e.event_date NULLS LAST, id", []
    sql = (
        select
        + (" WHERE " + " AND ".join(where) if where else "")
        + order
        + (f" LIMIT {int(f.limit)}" if f.limit else "")
    )
    return _decode_lists(store.query(sql, params + order_params))


SUMMARY_COLUMNS = (
    "event_type", "sub_event_type", "disorder_type", "status", "event_date", "time_precision", "actor1",
    "actor2", "location", "admin1", "country", "iso3", "latitude", "longitude", "geo_precision",
    "fatalities", "num_articles", "num_sources",
)  # fmt: skip


def _sorted_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Merged events in ``f.sort`` order, ties by id, empty values last: fast on a large file.

    Each step reads few columns and lets DuckDB prune: the rows tied with the cursor's value (by
    id), then the next values by the sort column alone (a running top-N, with some rows to spare),
    the rows tied at the page's edge by id when the spare rows did not hold them all, empty values
    when the page is not full; only then the page's rows, by row id (``f.fields``: every column or
    :data:`SUMMARY_COLUMNS`).
    """
    sort = f.sort or "-event_date"
    column, descending, null = _sort_key(sort, False)
    col, way, op = f"e.{column}", "DESC" if descending else "ASC", "<" if descending else ">"
    _, where, params = _base(replace(f, sort=None, cursor=None))
    limit = int(f.limit or 100)

    def rows(
        extra: str, extra_params: list[Any], order: str, n: int, ids: bool = False
    ) -> list[dict[str, Any]]:
        cond = " AND ".join([*where, extra]) if extra else " AND ".join(where)
        return store.query(
            f"SELECT e.rowid AS rid, {col} AS k{', e.cluster_id AS id' if ids else ''} FROM merged_events e"
            f"{' WHERE ' + cond if cond else ''} ORDER BY {order} LIMIT {int(n)}",
            params + extra_params,
        )

    picked: list[dict[str, Any]] = []  # in page order, each with rid
    value, last_id = decode_cursor(f.cursor, sort) if f.cursor else (None, None)
    in_tail = f.cursor is not None and value == null  # the cursor is among the empty values
    if f.cursor and not in_tail:
        picked += rows(
            f"{col} = ? AND e.cluster_id {op} ?", [value, last_id], f"e.cluster_id {way}", limit, True
        )
    if not in_tail and len(picked) < limit:
        need = limit - len(picked)
        bound, bound_params = (f"{col} {op} ?", [value]) if f.cursor else ("", [])
        spare = need + 50
        head = rows(bound, bound_params, f"{col} {way} NULLS LAST", need + spare)
        if len(head) > need:
            edge = head[need - 1]["k"]
            strict = [r for r in head if r["k"] is not None and _before(r["k"], edge, descending)]
            if head[-1]["k"] == edge and len(head) == need + spare:  # more ties than spare rows: ask
                tie = f"{col} IS NULL" if edge is None else f"{col} = ?"
                tie_params = bound_params + ([] if edge is None else [edge])
                ties = rows(" AND ".join(x for x in (bound, tie) if x), tie_params, f"e.cluster_id {way}",
                            need - len(strict), True)  # fmt: skip
            else:
                tied = {r["rid"] for r in head if r["k"] == edge}
                ids = store.query(
                    "SELECT e.rowid AS rid, e.cluster_id AS id FROM merged_events e "
                    "WHERE e.rowid IN (SELECT unnest(?))",
                    [sorted(tied)],
                )
                ties = sorted(ids, key=lambda r: r["id"], reverse=descending)[: need - len(strict)]
            picked += strict + ties
        else:
            picked += head
    if len(picked) < limit and (in_tail or f.cursor):  # the empty values, after every value
        tail = f"{col} IS NULL" + (f" AND e.cluster_id {op} ?" if in_tail else "")
        picked += rows(tail, [last_id] if in_tail else [], f"e.cluster_id {way}", limit - len(picked), True)
    if not picked:
        return []
    columns = "e.*" if f.fields == "all" else ", ".join(f"e.{c}" for c in SUMMARY_COLUMNS)
    found = store.query(
        f"SELECT e.rowid AS rid, e.cluster_id AS id, e.cluster_id, {columns} FROM merged_events e "
        "WHERE e.rowid IN (SELECT unnest(?))",
        [[r["rid"] for r in picked]],
    )
    found.sort(key=lambda r: r["id"], reverse=descending)
    valued = sorted((r for r in found if r[column] is not None), key=lambda r: r[column], reverse=descending)
    ordered = valued + [r for r in found if r[column] is None]
    for r in ordered:
        r.pop("rid")
    return _decode_lists(ordered[:limit])


def _before(value: Any, edge: Any, descending: bool) -> bool:
    """Whether ``value`` comes strictly before ``edge`` in the order (an empty edge: every value)."""
    if edge is None:
        return True
    return value > edge if descending else value < edge


def page_events(store: Store, filters: EventFilter) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events in ``filters.sort`` order and the cursor of the next (None: the last)."""
    sort = filters.sort or "-event_date"
    limit = filters.limit or 100
    rows = query_events(store, replace(filters, sort=sort, limit=limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(sort, rows[-1]) if more and rows else None


def count_events(store: Store, filters: EventFilter) -> int:
    """How many events match ``filters`` (ignoring its cursor and limit)."""
    select, where, params = _base(replace(filters, cursor=None))
    sql = "SELECT count(*) AS n FROM (" + select + (" WHERE " + " AND ".join(where) if where else "") + ")"
    return int(store.query(sql, params)[0]["n"])


def timeline(store: Store, filters: EventFilter) -> list[dict[str, Any]]:
    """Events and fatalities per day (undated events left out), for the timeline histogram."""
    select, where, params = _base(replace(filters, cursor=None))
    where.append("e.event_date IS NOT NULL AND length(e.event_date) >= 10")
    sql = (
        "SELECT left(event_date, 10) AS day, count(*) AS events, sum(coalesce(fatalities, 0)) AS fatalities "
        f"FROM ({select} WHERE {' AND '.join(where)}) GROUP BY day ORDER BY day"
    )
    return store.query(sql, params)


POINT_COLUMNS = ["id", "latitude", "longitude", "event_type", "fatalities", "level", "iso3", "event_date"]


def points(store: Store, filters: EventFilter, limit: int) -> tuple[list[list[Any]], int]:
    """The newest ``limit`` events as compact rows for the map (:data:`POINT_COLUMNS`) and the total.

    ``level`` is ``point`` (a town or site), ``region`` (an admin1 area) or ``country`` (placed in
    a country only: the map shades the country instead of pinning its capital).
    """
    select, where, params = _base(replace(filters, cursor=None))
    level = (
        "CASE WHEN e.geo_precision = 3 AND e.admin1 IS NULL THEN 'country' "
        "WHEN e.geo_precision = 3 THEN 'region' ELSE 'point' END"
    )
    sql = (
        f"SELECT e.id, e.latitude, e.longitude, e.event_type, e.fatalities, {level} AS level, e.iso3, "
        f"e.event_date FROM ({select}{' WHERE ' + ' AND '.join(where) if where else ''}) e "
        "WHERE e.latitude IS NOT NULL OR e.iso3 IS NOT NULL "
        f"ORDER BY coalesce(e.event_date, '') DESC, e.id DESC LIMIT {int(limit)}"
    )
    rows = store.query(sql, params)
    return [[r[c] for c in POINT_COLUMNS] for r in rows], count_events(store, filters)


def _child_rows(store: Store, table: str, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    one = len(article_ids) == 1  # `= ?` uses the (article_id, idx) key; a list is a semi-join scan
    rows = store.query(
        f"SELECT * FROM {table} WHERE article_id {'= ?' if one else 'IN (SELECT unnest(?))'} "
        "ORDER BY article_id, idx",
        [article_ids[0] if one else article_ids],
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


def _with_articles(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the first mention's article URL and publication date to merged events that lack them
    (an undated event's date, a source with no name)."""
    need = {
        e["mentions"][0].rsplit("#", 1)[0]: e
        for e in events
        if "article_published" not in e and e.get("mentions")
    }
    if need:
        for a in store.query(
            "SELECT id, url, published FROM articles WHERE id IN (SELECT unnest(?))", [list(need)]
        ):
            need[a["id"]]["article_url"], need[a["id"]]["article_published"] = a["url"], a["published"]
    return events


def render_acled_csv(store: Store, out: IO[str], filters: EventFilter) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    events = _with_articles(store, [e for e in query_events(store, filters) if e.get("event_type")])
    for i, event in enumerate(events, start=1):
        writer.writerow({k: safe_cell(v) for k, v in acled_row(event, i).items()})
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


STATEMENT_COLUMNS = ("article_id", "idx", "published", "article_title")  # then the statement's own


def query_statements(store: Store, filters: StatementFilter | None = None) -> list[dict[str, Any]]:
    """Statements with their article's publication date and title, filtered: the one read path of
    the API's ``/api/statements`` and the statements export. Each row has every stored field of the
    statement, ``speaker_id`` included."""
    f = filters or StatementFilter()
    where, params = [], []
    for column, value in (("s.speaker", f.speaker), ("s.speaker_role", f.role), ("s.quote", f.text)):
        if value:
            where.append(ilike(column, value))
            params.append(like_pattern(value))
    if f.speaker_id:
        where.append("s.speaker_id = ?")
        params.append(f.speaker_id)
    for op, value in ((">=", f.since), ("<=", f.until)):
        if value:
            where.append(f"a.published {op} ?")
            params.append(value + ("~" if op == "<=" else ""))
    if f.article_id:
        where.append("s.article_id = ?")
        params.append(f.article_id)
    order = "a.published DESC NULLS LAST, s.article_id, s.idx" if f.newest_first else "s.article_id, s.idx"
    sql = (
        "SELECT s.article_id, s.idx, a.published, a.title AS article_title, "
        "s.* EXCLUDE (article_id, idx) FROM statements s JOIN articles a ON a.id = s.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {order}"
        + (f" LIMIT {int(f.limit)}" if f.limit else "")
        + (f" OFFSET {int(f.offset)}" if f.offset else "")
    )
    return store.query(sql, params)


def write_statements_csv(rows: list[dict[str, Any]], out: IO[str]) -> int:
    """Statement rows (:func:`query_statements`) as CSV, formula cells neutralised."""
    names = list(rows[0]) if rows else [*STATEMENT_COLUMNS, *(n for n, _ in _columns(Statement))]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return len(rows)


def render_statements_csv(store: Store, out: IO[str], filters: EventFilter) -> int:
    """Every statement (or only ``filters.speaker_id``'s), by article and position."""
    return write_statements_csv(query_statements(store, StatementFilter(speaker_id=filters.speaker_id)), out)


def render_plover_json(store: Store, out: IO[str], filters: EventFilter) -> int:
    """POLECAT records (:mod:`eventwire.output.polecat`) of the PLOVER-coded events."""
    from .polecat import polecat_record

    rows = [e for e in query_events(store, filters) if e.get("plover_type")]
    records = [polecat_record(e) for e in _with_articles(store, rows)]
    json.dump(records, out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")
    return len(records)


def render_geojson(store: Store, out: IO[str], filters: EventFilter) -> int:
    features = []
    for e in _with_articles(store, query_events(store, filters)):
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


def _arrow_schema() -> Any:
    """Parquet columns, typed: the event's columns as stored, ``event_date`` a DATE (the full day
    of :func:`full_date`, the value as extracted in ``event_date_value``), ``year``, and the
    merged event's ``mentions`` and ``sources`` as lists of strings."""
    import pyarrow as pa

    from ..records import Event

    types = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
             "JSON": pa.string(), "INTEGER": pa.int32()}  # fmt: skip
    fields = [pa.field("id", pa.string())]
    for name, kind in _columns(Event):
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
    for e in _with_articles(store, query_events(store, filters)):
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


def export_text(store: Store, fmt: str, filters: EventFilter | None = None) -> str:
    """Render one text format to a string (for tests and the API)."""
    buffer = io.StringIO()
    EXPORTERS[fmt](store, buffer, filters or EventFilter())
    return buffer.getvalue()
