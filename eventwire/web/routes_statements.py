"""The API's statements: who said what, a page at a time or every match as CSV."""

from __future__ import annotations

import io
from datetime import date

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..output.articles import StatementFilter, query_statements
from ..output.formats_csv import write_statements_csv
from ..store.reader import Reader
from .common import check_speaker_id, check_unicode, date_range, json_response


def router(reader: Reader, limit_max: int) -> APIRouter:
    """The statements route over ``reader``; a page holds at most ``limit_max`` statements."""
    routes = APIRouter()

    @routes.get("/api/statements", summary="Who said what")
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
            check_unicode(name, value)
        check_speaker_id(speaker_id)
        dates = date_range(since, until)
        filters = StatementFilter(
            speaker=speaker,
            speaker_id=speaker_id,
            role=role,
            text=text,
            **dates,
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
        return json_response({"statements": rows})

    return routes
