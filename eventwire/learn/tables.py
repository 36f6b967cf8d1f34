"""``eventwire learn EXPORT.csv``: both learned tables from a list of ACLED-format exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .actors import learn_actors, write_actor_table
from .places import learn_places, write_place_table
from .rows import read_exports, settings

ACTORS_FILE = "actors.tsv"
PLACES_FILE = "places.tsv"


def learn_tables(paths: list[str], out_dir: str, params: dict[str, Any] | None = None) -> dict:
    """Learn the actor table and the place layer from ``paths`` and write them into ``out_dir``
    (``actors.tsv``; ``places.tsv``, or ``places.tsv.gz`` where it would be larger than the
    ``gzip_over_mb`` setting). ``params`` overrides ``learn.toml`` (``{"actors": {...}, "places": {...}}``).

    Returns counts: input rows, actor rows, canonical actors, aliases, place rows by feature,
    and the paths written with their sizes in bytes."""
    params = params or {}
    rows = read_exports(paths)
    actors = learn_actors(rows, params.get("actors"))
    places = learn_places(rows, params.get("places"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    actors_path = out / ACTORS_FILE
    write_actor_table(actors, actors_path)
    places_path = out / PLACES_FILE
    n_places = write_place_table(places, places_path)
    limit = float({**settings()["places"], **params.get("places", {})}["gzip_over_mb"]) * 1e6
    gz_path = out / (PLACES_FILE + ".gz")
    if places_path.stat().st_size > limit:
        write_place_table(places, gz_path)
        places_path.unlink()
        places_path = gz_path
    else:
        gz_path.unlink(missing_ok=True)
    features: dict[str, int] = {}
    for pl in places:
        features[pl.feature] = features.get(pl.feature, 0) + 1
    return {
        "rows": len(rows),
        "sets": sorted({r["set"] for r in rows}),
        "actor_rows": len(actors),
        "actors": len({a.canonical for a in actors}),
        "aliases": sum(a.alias != a.canonical for a in actors),
        "place_rows": n_places,
        "places_by_feature": features,
        "files": {str(actors_path): actors_path.stat().st_size, str(places_path): places_path.stat().st_size},
    }
