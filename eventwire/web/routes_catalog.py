"""The API's actors and places: the names events carry, with how many events name them."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..output.query import ilike, like_pattern
from ..store.reader import Reader
from .common import check_unicode, json_response


def router(reader: Reader, limit_max: int) -> APIRouter:
    """The actors and places routes over ``reader``; at most ``limit_max`` rows an answer."""
    routes = APIRouter()

    @routes.get("/api/actors", summary="Actors with how many events name them")
    def actors(
        q: str | None = Query(None, max_length=200, description="Part of the name"),
        limit: int = Query(100, ge=1, le=limit_max),
    ) -> Response:
        check_unicode("q", q)
        match = ilike("actor", q or "")
        sql = (
            "SELECT actor AS name, count(*) AS events, sum(coalesce(fatalities, 0)) AS fatalities FROM "
            "(SELECT actor1 AS actor, fatalities FROM merged_events UNION ALL "
            f"SELECT actor2, fatalities FROM merged_events) WHERE actor IS NOT NULL AND {match} "
            f"GROUP BY actor ORDER BY events DESC, name LIMIT {limit}"
        )
        with reader.store() as s:
            return json_response({"actors": s.query(sql, [like_pattern(q or "")])})

    @routes.get("/api/places", summary="Places events happened, with counts")
    def places(
        q: str | None = Query(None, max_length=200, description="Part of the place name"),
        country: str | None = Query(None, max_length=100),
        limit: int = Query(100, ge=1, le=limit_max),
    ) -> Response:
        check_unicode("q", q)
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
            return json_response({"places": s.query(sql, params)})

    return routes
