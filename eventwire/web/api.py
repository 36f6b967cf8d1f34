"""HTTP API and the analyst's workbench page over a store: the same query feeds JSON, exports and the page.

    eventwire serve --db events.duckdb --port 8000

Reading: ``GET /api/events`` (filters: status, country by name or ISO3 in any case, event_type,
sub_event_type, actor, text, since, until, bbox; sort, cursor paging, newest first), any export
format by suffix (``/api/events.acled-csv``, ``.parquet`` …) or ``Accept``, ``GET /api/events/{id}``
(mentions, articles, provenance), ``GET /api/articles/{id}`` (or ``?url=``), ``/api/statements``,
``/api/actors``, ``/api/places``; for the page ``/api/points``, ``/api/timeline``, ``/api/facets``.
Writing: ``POST /api/extract`` (one text → its result, nothing stored) and ``POST /api/articles``
(extract and store). ``GET /`` is the page, ``/docs`` the OpenAPI page (both offline).

Limits: every parameter is validated (422 with the reason); a request body over ``[serve]
max_body_bytes`` gets 413; write endpoints need ``Authorization: Bearer TOKEN`` once a token is set,
and are refused when the server listens beyond loopback without one; no CORS headers. The
database is read through a :class:`~eventwire.store.store.Reader`, which yields to ``eventwire ingest``
between batches: requests wait for a batch to commit instead of failing. A database another
process holds gets 503 with one line.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from ..output.export import (
    ACLED_STATUSES,
    EXPORTERS,
    SORTS,
    EventFilter,
    FilterError,
    StatementFilter,
    count_events,
    export_parquet,
    ilike,
    like_pattern,
    page_events,
    points,
    query_articles,
    query_events,
    query_statements,
    timeline,
    write_statements_csv,
)
from ..records import STATUSES
from ..settings import current
from ..store.store import Reader, Store, StoreError, writer_waiting
from . import DIST_DIR, PAGE_DIR, built

log = logging.getLogger("eventwire.web.api")

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
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class ExtractRequest(BaseModel):
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None


class ArticleRequest(ExtractRequest):
    id: str | None = Field(None, description="Article id (default: a hash of the text).")
    source: str | None = Field(None, description="Source or site name (ACLED's `source`).")


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, declared or as it arrives."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"request body over {self.limit:,} bytes (settings: serve.max_body_bytes)"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await JSONResponse({"detail": too_large}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def limited() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, too_large)
            return message

        await self.app(scope, limited, send)


class ResponseCache:
    """ASGI middleware: GET /api/ answers (JSON, 200, at most ``max_bytes``) kept in an LRU of
    ``entries``, keyed by path, query and Accept, and valid while the database file is unchanged
    (its size and modification time, and its WAL's): a committed batch makes every entry stale.
    While a writer holds the file (``<db>.want``), answers of the last committed state are served."""

    def __init__(self, app: Any, db: str | Path, entries: int, max_bytes: int = 1_000_000) -> None:
        self.app, self.db, self.entries, self.max_bytes = app, str(db), entries, max_bytes
        self.cache: OrderedDict[tuple[Any, ...], tuple[int, list[Any], bytes]] = OrderedDict()
        self.lock = threading.Lock()
        self.committed: tuple[Any, ...] | None = None

    def _version(self) -> tuple[Any, ...] | None:
        """The file's version; while a writer holds it, the last version committed before it."""
        if writer_waiting(self.db):
            return self.committed
        try:
            main = os.stat(self.db)
        except OSError:
            return None
        try:
            wal = os.stat(self.db + ".wal")
            wal_version = (wal.st_size, wal.st_mtime_ns)
        except OSError:
            wal_version = None
        if writer_waiting(self.db):  # it began meanwhile: the file may be half written
            return self.committed
        self.committed = (main.st_size, main.st_mtime_ns, wal_version)
        return self.committed

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        version = self._version()
        if version is None or self.entries <= 0:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = (scope["path"], scope.get("query_string", b""), headers.get(b"accept"), version)
        with self.lock:
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
        if hit is not None:
            status, response_headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": response_headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def keep(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        body = b"".join(chunks)
        content_type = dict(start.get("headers") or []).get(b"content-type", b"")
        cacheable = start.get("status") == 200 and content_type.startswith(b"application/json")
        if (
            cacheable and len(body) <= self.max_bytes and self._version() == version
        ):  # nothing written meanwhile
            with self.lock:
                self.cache[key] = (200, list(start.get("headers") or []), body)
                while len(self.cache) > self.entries:
                    self.cache.popitem(last=False)


def _check_unicode(name: str, value: str | None) -> None:
    """422 for a string that cannot be encoded (a lone surrogate such as "\\ud800")."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise HTTPException(
            422, f"{name}: invalid Unicode (a lone surrogate at character {err.start}), not text"
        ) from None


def _extract(request: ExtractRequest, **extra: Any) -> Any:
    """The ArticleResult of one request body; HTTPException 422 for an input it cannot take."""
    from ..errors import InputError
    from ..pipeline import extract

    for name in ("text", "published", "title", "url", *extra):
        _check_unicode(name, getattr(request, name))
    try:
        return extract(
            request.text, published=request.published, title=request.title, url=request.url, **extra
        )
    except InputError as err:
        raise HTTPException(422, err.reason) from err
    except (OverflowError, ValueError, UnicodeError, RecursionError) as err:  # the input, not the server
        log.warning("extraction refused an input", exc_info=True)
        detail = (str(err).splitlines() or [""])[0][:200]
        raise HTTPException(422, f"cannot extract from this input ({type(err).__name__}: {detail})") from err


def extract_response(request: ExtractRequest) -> dict[str, Any]:
    """The result of one POST /api/extract body; HTTPException 422 for an input it cannot take."""
    return _extract(request).to_dict()


def _json(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, default=str), status_code=status, media_type="application/json"
    )


def _check_speaker_id(value: str | None) -> None:
    """422 for a speaker id no statement can have: blank, padded, or holding control characters."""
    if value is None:
        return
    _check_unicode("speaker_id", value)
    if not value.strip() or value != value.strip():
        raise HTTPException(
            422, "speaker_id: a canonical id such as person:maria-okafor, not blank or padded"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise HTTPException(422, "speaker_id: control characters are not part of any speaker id")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise HTTPException(422, "bbox: four numbers west,south,east,north (degrees)") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(422, "bbox: longitudes in [-180, 180], latitudes in [-90, 90], south <= north")
    return west, south, east, north


def _statuses(status: list[str] | None) -> tuple[str, ...] | None:
    if status == ["all"]:
        return None
    wanted = [s for value in status or [] for s in value.split(",") if s]
    unknown = [s for s in wanted if s not in STATUSES]
    if unknown:
        raise HTTPException(422, f"status: unknown {unknown[0]!r}; choose from all, {', '.join(STATUSES)}")
    return tuple(wanted) or ACLED_STATUSES


def _event_out(row: dict[str, Any]) -> dict[str, Any]:
    """An event row for JSON: provenance as an object."""
    if isinstance(row.get("provenance"), str):
        row["provenance"] = json.loads(row["provenance"])
    return row


def create_app(db: str | Path, token: str | None = None, public: bool = False) -> FastAPI:
    """The API and page over the database at ``db``.

    ``token``: write endpoints need ``Authorization: Bearer <token>``. ``public``: the server listens
    beyond loopback, so write endpoints are refused unless a token is set.
    """
    serve_settings = current().serve
    app = FastAPI(
        title="eventwire",
        description="Structured event data extracted from news: the analyst's workbench API.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimit, limit=int(serve_settings.max_body_bytes))
    app.add_middleware(ResponseCache, db=db, entries=int(serve_settings.cache_entries))
    reader = Reader(db, wait_s=float(serve_settings.reader_wait_s))
    write_lock = threading.Lock()
    app.state.reader = reader

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, err: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=503)

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, err: FilterError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
        # the input is left out: it may hold what JSON cannot encode (a lone surrogate)
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in err.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    def authorised(request: Request) -> None:
        if token is None and public:
            raise HTTPException(
                403,
                "write endpoints are off: the server listens beyond loopback without a "
                "token (set EVENTWIRE_TOKEN)",
            )
        if token is not None:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                raise HTTPException(401, "write endpoints need the header Authorization: Bearer TOKEN")

    limit_max = int(serve_settings.page_limit_max)

    def event_filter(
        status: list[str] | None = Query(
            None, description="current, past, … or all (default: current, past)"
        ),
        country: str | None = Query(None, max_length=100, description="Name or ISO3, any case"),
        event_type: str | None = Query(None, max_length=100),
        sub_event_type: str | None = Query(None, max_length=100),
        actor: str | None = Query(None, max_length=200, description="Part of an actor's name"),
        text: str | None = Query(None, max_length=200, description="Words in the evidence or place"),
        since: date | None = None,
        until: date | None = None,
        bbox: str | None = Query(None, description="west,south,east,north in degrees"),
        mentions: bool = False,
        speaker_id: str | None = Query(
            None, min_length=1, max_length=200, description="statements-csv: only this speaker's statements"
        ),
    ) -> EventFilter:
        if since and until and since > until:
            raise HTTPException(422, f"since ({since}) is after until ({until})")
        for name, value in (
            ("country", country),
            ("event_type", event_type),
            ("actor", actor),
            ("text", text),
        ):
            _check_unicode(name, value)
        _check_speaker_id(speaker_id)
        return EventFilter(
            statuses=_statuses(status),
            country=country,
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor=actor,
            text=text,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            bbox=_bbox(bbox),
            mentions=mentions,
            speaker_id=speaker_id,
        )

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

    @app.get("/api/events", summary="Events, filtered, newest first, a page at a time")
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
        return _json({"events": [_event_out(r) for r in rows], "next_cursor": next_cursor, "total": n})

    @app.get("/api/events.{fmt}", summary="Every matching event in an export format")
    def events_export(fmt: str, filters: EventFilter = Depends(event_filter)) -> Response:
        return export(fmt, filters)

    @app.get("/api/events/{event_id:path}", summary="One event: its mentions, articles and provenance")
    def event(event_id: str = PathParam(max_length=2000)) -> Response:
        mention = "#" in event_id and not event_id.endswith("#")
        with reader.store() as s:
            rows = query_events(s, EventFilter(statuses=None, event_id=event_id))
            if not rows and mention:
                rows = query_events(s, EventFilter(statuses=None, event_id=event_id, mentions=True))
            if not rows:
                raise HTTPException(404, f"no event {event_id!r}")
            row = _event_out(rows[0])
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
        row["mentions"] = [_event_out(m) for m in members]
        row["articles"] = articles
        return _json(row)

    def article_by(article_id: str | None, url: str | None) -> dict[str, Any]:
        with reader.store() as s:
            if url is not None:
                found = s.query("SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1", [url])
                article_id = found[0]["id"] if found else None
            result = next(iter(query_articles(s, article_id=article_id)), None) if article_id else None
            if result is not None:
                result["text"] = s.query("SELECT text FROM articles WHERE id = ?", [article_id])[0]["text"]
                clusters = s.query(
                    "SELECT idx, cluster_id FROM event_clusters WHERE article_id = ?", [article_id]
                )
                by_idx = {c["idx"]: c["cluster_id"] for c in clusters}
                for i, e in enumerate(result["events"]):
                    e["mention_id"], e["event_id"] = f"{article_id}#{i}", by_idx.get(i)
        if result is None:
            raise HTTPException(404, f"no article {url if url is not None else article_id!r}")
        return result

    @app.get("/api/articles", summary="One article by its URL")
    def article_by_url(url: str = Query(max_length=4000)) -> Response:
        return _json(article_by(None, url))

    @app.get(
        "/api/articles/{article_id:path}", summary="One article: text, events, statements, places, dates"
    )
    def article(article_id: str = PathParam(max_length=2000)) -> Response:
        return _json(article_by(article_id, None))

    @app.get("/api/statements", summary="Who said what")
    def statements(
        speaker: str | None = Query(None, max_length=200, description="Part of the speaker's name"),
        speaker_id: str | None = Query(
            None,
            min_length=1,
            max_length=200,
            description="The speaker's canonical id, exactly (person:maria-okafor, Government of Iraq)",
        ),
        role: str | None = Query(None, max_length=200),
        text: str | None = Query(None, max_length=200),
        since: date | None = None,
        until: date | None = None,
        article_id: str | None = Query(None, max_length=2000),
        limit: int = Query(100, ge=1, le=limit_max),
        offset: int = Query(0, ge=0),
        format: str | None = Query(
            None, pattern="^statements-csv$", description="statements-csv: every match"
        ),
    ) -> Response:
        """A page of statements, newest first, each with its ``speaker_id``; ``format=statements-csv``
        returns every match as CSV instead."""
        for name, value in (("speaker", speaker), ("role", role), ("text", text), ("article_id", article_id)):
            _check_unicode(name, value)
        _check_speaker_id(speaker_id)
        if since and until and since > until:
            raise HTTPException(422, f"since ({since}) is after until ({until})")
        filters = StatementFilter(
            speaker=speaker,
            speaker_id=speaker_id,
            role=role,
            text=text,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            article_id=article_id,
            limit=None if format else limit,
            offset=0 if format else offset,
            newest_first=not format,
        )
        with reader.store() as s:
            rows = query_statements(s, filters)
        if format:
            buffer = io.StringIO()
            write_statements_csv(rows, buffer)
            headers = {"content-disposition": 'attachment; filename="statements.csv"'}
            return Response(buffer.getvalue(), media_type="text/csv", headers=headers)
        return _json({"statements": rows})

    @app.get("/api/actors", summary="Actors with how many events name them")
    def actors(
        q: str | None = Query(None, max_length=200, description="Part of the name"),
        limit: int = Query(100, ge=1, le=limit_max),
    ) -> Response:
        _check_unicode("q", q)
        match = ilike("actor", q or "")
        sql = (
            "SELECT actor AS name, count(*) AS events, sum(coalesce(fatalities, 0)) AS fatalities FROM "
            "(SELECT actor1 AS actor, fatalities FROM merged_events UNION ALL "
            f"SELECT actor2, fatalities FROM merged_events) WHERE actor IS NOT NULL AND {match} "
            f"GROUP BY actor ORDER BY events DESC, name LIMIT {limit}"
        )
        with reader.store() as s:
            return _json({"actors": s.query(sql, [like_pattern(q or "")])})

    @app.get("/api/places", summary="Places events happened, with counts")
    def places(
        q: str | None = Query(None, max_length=200, description="Part of the place name"),
        country: str | None = Query(None, max_length=100),
        limit: int = Query(100, ge=1, le=limit_max),
    ) -> Response:
        _check_unicode("q", q)
        where, params = ["location IS NOT NULL", ilike("location", q or "")], [like_pattern(q or "")]
        if country:
            where.append("(lower(country) = lower(?) OR iso3 = upper(?))")
            params += [country, country]
        sql = (
            "SELECT location, admin1, country, iso3, any_value(latitude) AS latitude, "
            "any_value(longitude) AS longitude, min(geo_precision) AS geo_precision, count(*) AS events "
            f"FROM merged_events WHERE {' AND '.join(where)} GROUP BY location, admin1, country, iso3 "
            f"ORDER BY events DESC, location LIMIT {limit}"
        )
        with reader.store() as s:
            return _json({"places": s.query(sql, params)})

    @app.get("/api/points", summary="Compact rows for the map")
    def map_points(filters: EventFilter = Depends(event_filter)) -> Response:
        with reader.store() as s:
            rows, n = points(s, filters, int(serve_settings.map_points_max))
        return _json(
            {
                "columns": ["id", "lat", "lon", "type", "fatalities", "level", "iso3", "date"],
                "rows": rows,
                "total": n,
            }
        )

    @app.get("/api/timeline", summary="Events per day, for the timeline")
    def days(filters: EventFilter = Depends(event_filter)) -> Response:
        with reader.store() as s:
            return _json({"days": timeline(s, filters)})

    @app.get("/api/facets", summary="Values to filter by, with counts")
    def facets() -> Response:
        with reader.store() as s:
            types = s.query(
                "SELECT event_type, sub_event_type, count(*) AS n FROM merged_events "
                "WHERE event_type IS NOT NULL GROUP BY ALL ORDER BY event_type, sub_event_type"
            )
            countries = s.query(
                "SELECT country, iso3, count(*) AS n FROM merged_events WHERE iso3 IS NOT NULL GROUP BY ALL "
                "ORDER BY n DESC, country"
            )
            statuses = s.query("SELECT status, count(*) AS n FROM merged_events GROUP BY ALL ORDER BY n DESC")
            n_articles = s.count("articles")
        return _json(
            {
                "types": types,
                "countries": countries,
                "statuses": statuses,
                "articles": n_articles,
                "iso_numeric": _iso_numeric([c["iso3"] for c in countries]),
            }
        )

    @app.post(
        "/api/extract", dependencies=[Depends(authorised)], summary="Extract from one text (nothing stored)"
    )
    def extract_one(request: ExtractRequest) -> dict[str, Any]:
        return extract_response(request)  # a plain def: FastAPI runs it in a worker thread

    @app.post(
        "/api/articles", dependencies=[Depends(authorised)], status_code=201, summary="Extract and store"
    )
    def ingest_one(request: ArticleRequest) -> Response:
        from ..io.ingest import make_article

        _check_unicode("id", request.id)
        _check_unicode("source", request.source)
        result = _extract(request, id=request.id, source=request.source)
        article = make_article(
            request.text,
            id=result.id,
            title=request.title,
            published=request.published,
            url=request.url,
            source=request.source,
        )
        with write_lock, Store(db, share=True) as store:
            written = store.write([(article, result)])
        return _json({"id": result.id, "stored": bool(written), "events": len(result.events)}, 201)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="eventwire API",
            swagger_js_url="/assets/vendor/swagger-ui-bundle.js",
            swagger_css_url="/assets/vendor/swagger-ui.css",
            swagger_favicon_url="/assets/vendor/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        if not built():
            return HTMLResponse(
                "<!doctype html><title>eventwire</title><p>The page's assets are not built: run "
                "<code>make setup</code> (npm ci and npm run build in web/). "
                "The API works: <a href=/docs>/docs</a>.</p>",
                status_code=503,
            )
        return FileResponse(PAGE_DIR / "index.html", headers={"cache-control": "no-cache"})

    app.mount("/assets/vendor", StaticFiles(directory=DIST_DIR, check_dir=False), name="vendor")
    app.mount("/assets", StaticFiles(directory=PAGE_DIR), name="assets")

    return app


def _iso_numeric(iso3s: list[str]) -> dict[str, str]:
    """ISO3 → ISO numeric (the ids of Natural Earth's world-atlas outlines)."""
    import pycountry

    out = {}
    for code in iso3s:
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            out[code] = country.numeric
    return out


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")
