"""Event filters and the one read path of events: rows, sorted pages and cursors, counts, map, timeline."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, replace
from typing import Any

from ..store.store import Store
from ..store.textsig import SIG_COLUMNS, TEXT_COLUMNS, condition, mask

_MERGED_STAR = f"e.* EXCLUDE ({', '.join(SIG_COLUMNS)})"  # the signatures are the store's, not the event's
_TEXT_CHUNK = 1000  # candidates of the text prefilter verified at a time (grows x4 while a page is short)

ACLED_STATUSES = ("current", "past")


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
        (TEXT_COLUMNS, f.text),
    ):
        if value:
            where.append(_any_ilike(columns, value))
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


def _any_ilike(columns: tuple[str, ...], value: str) -> str:
    return "(" + " OR ".join(ilike(f"e.{c}", value) for c in columns) + ")"


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
        select = f"SELECT e.cluster_id AS id, {_MERGED_STAR} FROM merged_events e"
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
    limit = int(f.limit or 100)
    words = mask(f.text) if f.text else None
    # with a signature, the text filter is the signature's, verified on the candidates only
    _, where, params = _base(replace(f, text=None if words else f.text, sort=None, cursor=None))
    if words:
        sig_sql, sig_params = condition("e", words)
        where, params = [*where, sig_sql], [*params, *sig_params]

    def scan(extra: str, extra_params: list[Any], order: str, n: int, ids: bool) -> list[dict[str, Any]]:
        cond = " AND ".join([*where, extra]) if extra else " AND ".join(where)
        return store.query(
            f"SELECT e.rowid AS rid, {col} AS k{', e.cluster_id AS id' if ids else ''} FROM merged_events e"
            f"{' WHERE ' + cond if cond else ''} ORDER BY {order} LIMIT {int(n)}",
            params + extra_params,
        )

    def rows(
        extra: str, extra_params: list[Any], order: str, n: int, ids: bool = False
    ) -> list[dict[str, Any]]:
        if not words:
            return scan(extra, extra_params, order, n, ids)
        assert f.text is not None
        chunk = max(_TEXT_CHUNK, 4 * n)
        checked: set[Any] = set()  # candidates verified by an earlier, smaller chunk
        kept: set[Any] = set()
        while True:  # the first ``chunk`` candidates in order hold the first n matches, or all of them
            candidates = scan(extra, extra_params, order, chunk, ids)
            fresh = [r["rid"] for r in candidates if r["rid"] not in checked]
            kept |= {
                r["rid"]
                for r in store.query(
                    "SELECT e.rowid AS rid FROM merged_events e WHERE e.rowid IN (SELECT unnest(?)) AND "
                    + _any_ilike(TEXT_COLUMNS, f.text),
                    [fresh, *[like_pattern(f.text)] * len(TEXT_COLUMNS)],
                )
            }
            checked.update(fresh)
            found = [r for r in candidates if r["rid"] in kept]
            if len(found) >= n or len(candidates) < chunk:
                return found[:n]
            chunk *= 4

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
    columns = _MERGED_STAR if f.fields == "all" else ", ".join(f"e.{c}" for c in SUMMARY_COLUMNS)
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
