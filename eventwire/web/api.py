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
database is read through a :class:`~eventwire.store.reader.Reader`, which yields to ``eventwire ingest``
between batches: requests wait for a batch to commit instead of failing. A database another
process holds gets 503 with one line.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ..output.query import FilterError
from ..settings import current
from ..store.locking import StoreError
from ..store.reader import Reader
from . import (
    DIST_DIR,
    PAGE_DIR,
    built,
    routes_articles,
    routes_catalog,
    routes_events,
    routes_map,
    routes_statements,
    routes_write,
)
from .middleware import BodyLimit, ResponseCache

LOOPBACK = ("127.0.0.1", "::1", "localhost")


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

    limit_max = int(serve_settings.page_limit_max)
    app.include_router(routes_events.router(reader, limit_max))
    app.include_router(routes_articles.router(reader))
    app.include_router(routes_statements.router(reader, limit_max))
    app.include_router(routes_catalog.router(reader, limit_max))
    app.include_router(routes_map.router(reader, serve_settings))
    app.include_router(routes_write.router(db, token, public))

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


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")
