"""The corpus's country prior in the store (:mod:`eventwire.fields.places.prior`): recomputed over
every stored event after each write, so the events it placed follow the corpus as it grows; an
event placed by its own text is never touched."""

from __future__ import annotations

from typing import Any

import duckdb

from ..records import PRIOR_PROVENANCE as PRIOR_KEY
from ..records import Event
from ..settings import current
from .rows import fetch_dicts, flatten, unflatten
from .schema import record_columns

_BY_PRIOR = f"coalesce(json_exists(provenance, '$.{PRIOR_KEY}'), false)"
_SHARE = f"CAST(json_extract(provenance, '$.{PRIOR_KEY}.confidence') AS DOUBLE)"
# fields.places.prior.weakly_placed in SQL: a location with no span and less confidence than ``$over``
_WEAK = (
    "coalesce(json_extract(provenance, '$.location.start') = json_extract(provenance, '$.location.end') "
    "AND CAST(json_extract(provenance, '$.location.confidence') AS DOUBLE) < $over, false)"
)


def apply_store_prior(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Place the store's unplaced (and weakly placed) events by the prior of all its events placed
    by their text, and re-place or unplace those the prior placed before where it changed: the
    same Event-level steps as over a list of results (:mod:`eventwire.fields.places.prior`).
    Returns the clusters whose merged rows need rebuilding."""
    from ..fields.places.prior import country_prior, place_by_prior, unplace

    over = {"over": float(current().places.corpus_prior_over)}
    counts = dict(
        con.execute(
            f"SELECT iso3, count(*) FROM events WHERE iso3 IS NOT NULL AND NOT {_BY_PRIOR} "
            f"AND NOT {_WEAK} GROUP BY iso3",
            over,
        ).fetchall()
    )
    prior = country_prior(counts)
    if prior is None:
        rows = fetch_dicts(con, f"SELECT * FROM events WHERE {_BY_PRIOR}")
    else:
        rows = fetch_dicts(
            con,
            f"SELECT * FROM events WHERE iso3 IS NULL OR {_WEAK} OR ({_BY_PRIOR} "
            f"AND (iso3 <> $iso3 OR {_SHARE} <> $share))",
            over | {"iso3": prior.iso3, "share": prior.share},
        )
    updates: list[list[Any]] = []
    for row in rows:
        event = unflatten(row, Event)
        by_prior = PRIOR_KEY in event.provenance
        if by_prior:
            unplace(event, event.iso3)
        if prior is not None and not place_by_prior(event, prior) and not by_prior:
            continue
        updates.append([*flatten(event, Event), row["article_id"], row["idx"]])
    if not updates:
        return set()
    sets = ", ".join(f'"{c}" = ?' for c, _ in record_columns(Event))
    con.executemany(f"UPDATE events SET {sets} WHERE article_id = ? AND idx = ?", updates)
    changed = [[u[-2] for u in updates], [u[-1] for u in updates]]
    clusters = con.execute(
        "SELECT DISTINCT c.cluster_id FROM event_clusters c JOIN (SELECT unnest(?) AS article_id, "
        "unnest(?) AS idx) w USING (article_id, idx)",
        changed,
    ).fetchall()
    return {c for (c,) in clusters}


__all__ = ["apply_store_prior"]
