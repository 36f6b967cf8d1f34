"""The workbench page's data: compact map points, events per day, and the values to filter by."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from ..output.query import EventFilter, points, timeline
from ..store.reader import Reader
from .common import event_filter, json_response


def router(reader: Reader, serve_settings: Any) -> APIRouter:
    """The page's data routes over ``reader`` (``serve_settings``: settings.toml [serve])."""
    routes = APIRouter()

    @routes.get("/api/points", summary="Compact rows for the map")
    def map_points(filters: EventFilter = Depends(event_filter)) -> Response:
        with reader.store() as s:
            rows, n = points(s, filters, int(serve_settings.map_points_max))
        return json_response(
            {
                "columns": ["id", "lat", "lon", "type", "fatalities", "level", "iso3", "date"],
                "rows": rows,
                "total": n,
            }
        )

    @routes.get("/api/timeline", summary="Events per day, for the timeline")
    def days(filters: EventFilter = Depends(event_filter)) -> Response:
        with reader.store() as s:
            return json_response({"days": timeline(s, filters)})

    @routes.get("/api/facets", summary="Values to filter by, with counts")
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
        return json_response(
            {
                "types": types,
                "countries": countries,
                "statuses": statuses,
                "articles": n_articles,
                "iso_numeric": _iso_numeric([c["iso3"] for c in countries]),
            }
        )

    return routes


def _iso_numeric(iso3s: list[str]) -> dict[str, str]:
    """ISO3 → ISO numeric (the ids of Natural Earth's world-atlas outlines)."""
    import pycountry

    out = {}
    for code in iso3s:
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            out[code] = country.numeric
    return out
