"""The API's articles: one article with its text and results, by id or by URL."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from ..output.articles import query_articles
from ..store.reader import Reader
from .common import json_response


def router(reader: Reader) -> APIRouter:
    """The article routes over ``reader``."""
    routes = APIRouter()

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

    @routes.get("/api/articles", summary="One article by its URL")
    def article_by_url(url: str = Query(max_length=4000)) -> Response:
        return json_response(article_by(None, url))

    @routes.get(
        "/api/articles/{article_id:path}", summary="One article: text, events, statements, places, dates"
    )
    def article(article_id: str = PathParam(max_length=2000)) -> Response:
        return json_response(article_by(article_id, None))

    return routes
