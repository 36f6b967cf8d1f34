"""The API's write endpoints: extract from one text, or extract and store it (a token may be needed)."""

from __future__ import annotations

import hmac
import logging
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..store.store import Store
from .common import check_unicode, json_response

log = logging.getLogger("eventwire.web.api")  # the API's logger, whichever of its modules logs


class ExtractRequest(BaseModel):
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None


class ArticleRequest(ExtractRequest):
    id: str | None = Field(None, description="Article id (default: a hash of the text).")
    source: str | None = Field(None, description="Source or site name (ACLED's `source`).")


def _extract(request: ExtractRequest, **extra: Any) -> Any:
    """The ArticleResult of one request body; HTTPException 422 for an input it cannot take."""
    from ..errors import InputError
    from ..pipeline import extract

    for name in ("text", "published", "title", "url", *extra):
        check_unicode(name, getattr(request, name))
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


def router(db: str | Path, token: str | None, public: bool) -> APIRouter:
    """The write routes, storing into ``db``; ``token`` and ``public`` as in
    :func:`~.api.create_app`."""
    routes = APIRouter()
    write_lock = threading.Lock()

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

    @routes.post(
        "/api/extract", dependencies=[Depends(authorised)], summary="Extract from one text (nothing stored)"
    )
    def extract_one(request: ExtractRequest) -> dict[str, Any]:
        return extract_response(request)  # a plain def: FastAPI runs it in a worker thread

    @routes.post(
        "/api/articles", dependencies=[Depends(authorised)], status_code=201, summary="Extract and store"
    )
    def ingest_one(request: ArticleRequest) -> Response:
        from ..io.ingest import make_article

        check_unicode("id", request.id)
        check_unicode("source", request.source)
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
        return json_response({"id": result.id, "stored": bool(written), "events": len(result.events)}, 201)

    return routes
