"""The API's events: a filtered page, every match in an export format, one event with its mentions."""

from __future__ import annotations

import io
import tempfile

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ..output.export import EXPORTERS
from ..output.formats_parquet import export_parquet
from ..output.query import SORTS, EventFilter, count_events, page_events, query_events
from ..store.reader import Reader
from .common import event_filter, event_out, json_response

MEDIA_TYPES = {
    "acled-csv": "text/csv",
    "statements-csv": "text/csv",
    "geojson": "application/geo+json",
    "plover-json": "application/json",
    "jsonl": "application/x-ndjson",
    "events-jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
FORMATS = (*EXPORTERS, "parquet")
ACCEPT = {
    "text/csv": "acled-csv",
    "application/geo+json": "geojson",
    "application/x-ndjson": "events-jsonl",
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
}


def router(reader: Reader, limit_max: int) -> APIRouter:
    """The events routes over ``reader``; a page holds at most ``limit_max`` events."""
    routes = APIRouter()

    def export(fmt: str, filters: EventFilter) -> Response:
        if fmt not in FORMATS:
            raise HTTPException(422, f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        with reader.store() as s:
            if fmt == "parquet":
                with tempfile.TemporaryFile() as fh:
                    export_parquet(s, fh, filters)
                    fh.seek(0)
                    body: bytes | str = fh.read()
            else:
                buffer = io.StringIO()
                EXPORTERS[fmt](s, buffer, filters)
                body = buffer.getvalue()
        headers = {"content-disposition": f'attachment; filename="events.{fmt.split("-")[-1]}"'}
        return Response(body, media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"), headers=headers)

    @routes.get("/api/events", summary="Events, filtered, newest first, a page at a time")
    def events(
        request: Request,
        filters: EventFilter = Depends(event_filter),
        sort: str = Query("-event_date", description=f"One of {', '.join(SORTS)}; '-' in front: descending"),
        cursor: str | None = Query(None, max_length=2000, description="next_cursor of the page before"),
        limit: int = Query(100, ge=1, le=limit_max),
        total: bool = Query(False, description="Count every match (one more scan)"),
        fields: str = Query("summary", pattern="^(summary|all)$", description="summary: the table's columns"),
        format: str | None = Query(None, description=f"An export format: {', '.join(FORMATS)}"),
    ) -> Response:
        """One page of events (``events``), ``next_cursor`` for the next page (null on the last) and,
        with ``total=true``, how many match. An export format (by ``format`` or ``Accept``) returns
        every match in that format instead."""
        chosen = format or ACCEPT.get(request.headers.get("accept", "").split(";")[0].strip())
        if chosen:
            return export(chosen, filters)
        page = EventFilter(
            **{**filters.__dict__, "sort": sort, "cursor": cursor, "limit": limit, "fields": fields}
        )
        with reader.store() as s:
            rows, next_cursor = page_events(s, page)
            n = count_events(s, filters) if total else None
        return json_response({"events": [event_out(r) for r in rows], "next_cursor": next_cursor, "total": n})

    @routes.get("/api/events.{fmt}", summary="Every matching event in an export format")
    def events_export(fmt: str, filters: EventFilter = Depends(event_filter)) -> Response:
        return export(fmt, filters)

    @routes.get("/api/events/{event_id:path}", summary="One event: its mentions, articles and provenance")
    def event(event_id: str = PathParam(max_length=2000)) -> Response:
        mention = "#" in event_id and not event_id.endswith("#")
        with reader.store() as s:
            rows = query_events(s, EventFilter(statuses=None, event_id=event_id))
            if not rows and mention:
                rows = query_events(s, EventFilter(statuses=None, event_id=event_id, mentions=True))
            if not rows:
                raise HTTPException(404, f"no event {event_id!r}")
            row = event_out(rows[0])
            ids = row.get("mentions") or [row["id"]]
            wanted = {tuple(m.rsplit("#", 1)) for m in ids}
            wanted_articles = sorted({a for a, _ in wanted})
            several = len(wanted_articles) > 1  # one article: `= ?` reads the key instead of a scan
            members = [
                m
                for m in s.query(
                    "SELECT e.article_id || '#' || e.idx AS id, e.*, a.title AS article_title, "
                    "a.url AS article_url, a.source AS article_source, a.published AS article_published "
                    "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.article_id "
                    + ("IN (SELECT unnest(?))" if several else "= ?")
                    + " ORDER BY e.article_id, e.idx",
                    [wanted_articles if several else wanted_articles[0]],
                )
                if (m["article_id"], str(m["idx"])) in wanted
            ]
            articles = s.query(
                "SELECT id, title, url, source, published FROM articles "
                "WHERE id IN (SELECT unnest(?)) ORDER BY id",
                [sorted({m["article_id"] for m in members})],
            )
        row["mentions"] = [event_out(m) for m in members]
        row["articles"] = articles
        return json_response(row)

    return routes
