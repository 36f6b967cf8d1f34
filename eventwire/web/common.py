"""What the API's routers share: request checks, the events filter of the query string, JSON answers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import HTTPException, Query
from fastapi.responses import Response

from ..output.query import ACLED_STATUSES, EventFilter
from ..records import STATUSES


def check_unicode(name: str, value: str | None) -> None:
    """422 for a string that cannot be encoded (a lone surrogate such as "\\ud800")."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise HTTPException(
            422, f"{name}: invalid Unicode (a lone surrogate at character {err.start}), not text"
        ) from None


def json_response(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, default=str), status_code=status, media_type="application/json"
    )


def check_speaker_id(value: str | None) -> None:
    """422 for a speaker id no statement can have: blank, padded, or holding control characters."""
    if value is None:
        return
    check_unicode("speaker_id", value)
    if not value.strip() or value != value.strip():
        raise HTTPException(
            422, "speaker_id: a canonical id such as person:maria-okafor, not blank or padded"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise HTTPException(422, "speaker_id: control characters are not part of any speaker id")


def date_range(since: date | None, until: date | None) -> dict[str, str | None]:
    """A filter's ``since`` and ``until`` keywords, as ISO strings; 422 when ``since`` is after ``until``."""
    if since and until and since > until:
        raise HTTPException(422, f"since ({since}) is after until ({until})")
    return {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None}


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


def event_out(row: dict[str, Any]) -> dict[str, Any]:
    """An event row for JSON: provenance as an object."""
    if isinstance(row.get("provenance"), str):
        row["provenance"] = json.loads(row["provenance"])
    return row


def event_filter(
    status: list[str] | None = Query(None, description="current, past, … or all (default: current, past)"),
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
    dates = date_range(since, until)
    for name, value in (
        ("country", country),
        ("event_type", event_type),
        ("actor", actor),
        ("text", text),
    ):
        check_unicode(name, value)
    check_speaker_id(speaker_id)
    return EventFilter(
        statuses=_statuses(status),
        country=country,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=actor,
        text=text,
        **dates,
        bbox=_bbox(bbox),
        mentions=mentions,
        speaker_id=speaker_id,
    )
