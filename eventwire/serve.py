"""HTTP API and a web page over a store: the same query feeds JSON, exports and HTML.

    eventwire serve --db events.duckdb --port 8000

``GET /api/events`` (filters: status, country, event_type, since, until, limit, mentions),
``GET /api/events.{format}`` (any export format), ``GET /api/articles/{id}``,
``POST /api/extract`` (``{"text", "published"}`` → one article result), ``GET /`` the web page.

Limits: a request body over ``[serve] max_body_bytes`` gets 413 (checked on the declared length
and while reading); an input extraction cannot take (invalid Unicode, a date out of range, an
over-long or non-English text) gets 422 with the reason, never 500. Extraction runs in a worker
thread, so the server keeps answering other requests meanwhile. A database another process holds
gets 503 with one line. The write endpoint (``/api/extract``) is meant for loopback: see SECURITY.md.
"""

from __future__ import annotations

import html
import io
import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from pydantic import BaseModel

from .export import ACLED_STATUSES, EXPORTERS, EventFilter, query_articles, query_events
from .settings import current
from .store import Store, StoreError

log = logging.getLogger("eventwire.serve")

MEDIA_TYPES = {"acled-csv": "text/csv", "statements-csv": "text/csv", "geojson": "application/geo+json",
               "plover-json": "application/json"}  # fmt: skip


class ExtractRequest(BaseModel):
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None


def _filters(
    status: list[str] | None, country: str | None, event_type: str | None, since: str | None,
    until: str | None, limit: int | None, mentions: bool,
) -> EventFilter:  # fmt: skip
    statuses = None if status == ["all"] else tuple(status or ACLED_STATUSES)
    return EventFilter(statuses=statuses, country=country, event_type=event_type, since=since, until=until,
                       limit=limit, mentions=mentions)  # fmt: skip


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


def extract_response(request: ExtractRequest) -> dict[str, Any]:
    """The result of one POST /api/extract body; HTTPException 422 for an input it cannot take."""
    from .errors import InputError
    from .pipeline import extract

    for name in ("text", "published", "title", "url"):
        _check_unicode(name, getattr(request, name))
    try:
        result = extract(request.text, published=request.published, title=request.title, url=request.url)
    except InputError as err:
        raise HTTPException(422, err.reason) from err
    except (OverflowError, ValueError, UnicodeError, RecursionError) as err:  # the input, not the server
        log.warning("POST /api/extract: input refused by extraction", exc_info=True)
        detail = (str(err).splitlines() or [""])[0][:200]
        raise HTTPException(422, f"cannot extract from this input ({type(err).__name__}: {detail})") from err
    return result.to_dict()


def create_app(db: str | Path) -> FastAPI:
    """The API over the database at ``db`` (opened read-only per request)."""
    app = FastAPI(title="eventwire", description="Structured event data extracted from news.")
    app.add_middleware(BodyLimit, limit=int(current().serve.max_body_bytes))

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, err: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
        # the input is left out: it may hold what JSON cannot encode (a lone surrogate)
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in err.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    def store() -> Store:
        if not Path(db).exists():
            raise HTTPException(503, f"database {db} does not exist yet: run `eventwire ingest` first")
        return Store(db, read_only=True)

    @app.get("/api/events")
    def events(
        status: list[str] | None = Query(None), country: str | None = None, event_type: str | None = None,
        since: str | None = None, until: str | None = None, limit: int | None = Query(1000, le=100000),
        mentions: bool = False,
    ) -> list[dict[str, Any]]:  # fmt: skip
        with store() as s:
            return query_events(s, _filters(status, country, event_type, since, until, limit, mentions))

    @app.get("/api/events.{fmt}")
    def export(
        fmt: str, status: list[str] | None = Query(None), country: str | None = None,
        event_type: str | None = None, since: str | None = None, until: str | None = None,
        limit: int | None = None, mentions: bool = False,
    ) -> PlainTextResponse:  # fmt: skip
        if fmt not in EXPORTERS:
            raise HTTPException(404, f"unknown format {fmt!r}; choose from {', '.join(EXPORTERS)}")
        buffer = io.StringIO()
        with store() as s:
            EXPORTERS[fmt](s, buffer, _filters(status, country, event_type, since, until, limit, mentions))
        return PlainTextResponse(buffer.getvalue(), media_type=MEDIA_TYPES.get(fmt, "application/x-ndjson"))

    @app.get("/api/articles/{article_id:path}")
    def article(article_id: str) -> dict[str, Any]:
        with store() as s:
            for result in query_articles(s, article_id=article_id):
                return result
        raise HTTPException(404, f"no article {article_id!r}")

    @app.post("/api/extract")
    def extract_one(request: ExtractRequest) -> dict[str, Any]:
        return extract_response(request)  # a plain def: FastAPI runs it in a worker thread

    @app.get("/", response_class=HTMLResponse)
    def page(
        country: str | None = None, since: str | None = None, until: str | None = None, all: bool = False
    ) -> str:
        with store() as s:
            rows = query_events(
                s, _filters(["all"] if all else None, country, None, since, until, 500, False)
            )
            n_articles = s.count("articles")
        return render_page(rows, n_articles, country=country, since=since, until=until, all=all)

    return app


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def render_page(rows: list[dict[str, Any]], n_articles: int, **params: Any) -> str:
    """The event table as one self-contained HTML page (no external assets)."""
    body = "\n".join(
        "<tr>"
        f"<td>{_e(r.get('event_date'))}</td><td>{_e(r.get('status'))}</td>"
        f"<td>{_e(r.get('event_type'))}<br><small>{_e(r.get('sub_event_type'))}</small></td>"
        f"<td>{_e(r.get('actor1'))}</td><td>{_e(r.get('actor2'))}</td>"
        f"<td>{_e(r.get('location'))}<br><small>{_e(r.get('admin1'))} {_e(r.get('country'))}</small></td>"
        f"<td class=n>{_e(r.get('fatalities'))}</td><td class=n>{_e(r.get('num_articles'))}</td>"
        f"<td><small>{_e((r.get('evidence_text') or '')[:220])}</small></td>"
        "</tr>"
        for r in rows
    )
    checked = " checked" if params.get("all") else ""
    return f"""<!doctype html><html lang=en><head><meta charset=utf-8><title>eventwire</title>
<meta name=viewport content="width=device-width,initial-scale=1">
<style>body{{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}}
table{{border-collapse:collapse;width:100%}}th{{background:#f4f4f4}}
th,td{{border-bottom:1px solid #ddd;padding:.35rem .5rem;vertical-align:top;text-align:left}}
td.n{{text-align:right}}form{{margin:1rem 0}}input{{margin-right:.6rem}}small{{color:#666}}
</style></head><body>
<h1>eventwire</h1><p>{len(rows)} events from {n_articles} articles ·
<a href="/api/events.acled-csv">ACLED CSV</a> · <a href="/api/events.geojson">GeoJSON</a> ·
<a href="/api/events.plover-json">PLOVER JSON</a> · <a href="/docs">API</a></p>
<form method=get>Country <input name=country value="{_e(params.get("country"))}">
Since <input name=since type=date value="{_e(params.get("since"))}">
Until <input name=until type=date value="{_e(params.get("until"))}">
<label><input type=checkbox name=all value=true{checked}>all statuses</label> <button>Filter</button></form>
<table><thead><tr><th>date</th><th>status</th><th>type</th><th>actor 1</th><th>actor 2</th><th>where</th>
<th>killed</th><th>articles</th><th>evidence</th></tr></thead><tbody>
{body}
</tbody></table></body></html>"""
