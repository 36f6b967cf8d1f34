"""Resolution in the store: each new mention joins the cluster of the event it reports, and each
touched cluster's merged row is rebuilt (tables ``event_clusters`` and ``merged_events``)."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import groupby
from typing import Any

import duckdb

from .rows import fetch_dicts, insert_rows
from .schema import merged_columns
from .textsig import SIG_COLUMNS, TEXT_COLUMNS, signature

_LINKAGE_SAMPLE = 25  # members a new mention is checked against when joining a cluster
_WINDOW = timedelta(days=2)  # blocking window around a mention's date span when looking for its cluster
_MERGE_CHUNK = 64  # clusters whose merged rows are rebuilt from one query ...
_MERGE_ROWS = 1000  # ... and at most this many member rows (unless one cluster alone has more)

_MENTION_SQL = (
    "SELECT e.*, a.source AS article_source, c.cluster_id FROM events e "
    "JOIN articles a ON a.id = e.article_id LEFT JOIN event_clusters c USING (article_id, idx)"
)

# Blocking, once per chunk: the clusters near any new mention (a member of its type and country
# dated within the window around its date span), as (cluster, type, country, date) of those
# members, and the clusters that already hold a new mention's own id (an article rewritten while
# other articles' mentions stayed in its old cluster), all their members.
_NEAR_SQL = (
    "WITH w AS (SELECT unnest($types) AS event_type, unnest($iso3s) AS iso3, unnest($los) AS lo, "
    "unnest($his) AS hi) "
    "SELECT DISTINCT c.cluster_id, e.event_type, e.iso3, e.event_date FROM events e "
    "JOIN w ON e.iso3 = w.iso3 AND e.event_type IS NOT DISTINCT FROM w.event_type "
    "AND e.event_date >= w.lo AND e.event_date <= w.hi JOIN event_clusters c USING (article_id, idx) "
    "UNION SELECT c.cluster_id, e.event_type, e.iso3, e.event_date FROM event_clusters c "
    "JOIN events e USING (article_id, idx) WHERE c.cluster_id IN (SELECT unnest($own))"
)
_HEADS_SQL = (
    "SELECT * EXCLUDE (member_rank) FROM (SELECT e.*, a.source AS article_source, c.cluster_id, "
    "row_number() OVER (PARTITION BY c.cluster_id ORDER BY e.article_id, e.idx) AS member_rank "
    "FROM events e JOIN articles a ON a.id = e.article_id JOIN event_clusters c USING (article_id, idx) "
    "WHERE c.cluster_id IN (SELECT unnest(?))) WHERE member_rank <= ? "
    "ORDER BY cluster_id, article_id, idx"
)


def _blocks(
    con: duckdb.DuckDBPyConnection, mentions: list[dict[str, Any]]
) -> tuple[Blocks, dict[int, tuple[str, str]]]:
    """The clusters the new ``mentions`` may join, read in two queries, and each mergeable mention's
    window (lo, hi) by its position in ``mentions`` (the others join no cluster)."""
    from ..resolve import MERGEABLE_STATUSES, date_span, placed_finely

    windows: dict[int, tuple[str, str]] = {}
    for i, m in enumerate(mentions):
        span = date_span(m.get("event_date"), m.get("time_precision"))
        if span and placed_finely(m) and m.get("status") in MERGEABLE_STATUSES and m["iso3"] is not None:
            windows[i] = ((span[0] - _WINDOW).isoformat()[:7], (span[1] + _WINDOW).isoformat() + "~")
    if not windows:
        return Blocks([], {}), windows
    params = {
        "types": [mentions[i]["event_type"] for i in windows],
        "iso3s": [mentions[i]["iso3"] for i in windows],
        "los": [lo for lo, _ in windows.values()],
        "his": [hi for _, hi in windows.values()],
        "own": [f"{m['article_id']}#{m['idx']}" for m in mentions],
    }
    near = con.execute(_NEAR_SQL, params).fetchall()
    cluster_ids = sorted({r[0] for r in near})
    heads: dict[str, list[dict[str, Any]]] = {cid: [] for cid in cluster_ids}
    if cluster_ids:
        for row in fetch_dicts(con, _HEADS_SQL, [cluster_ids, _LINKAGE_SAMPLE]):
            heads[row["cluster_id"]].append(row)
    return Blocks(near, heads), windows


def assign_clusters(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> set[str]:
    """Put each new mention into the cluster of the event it reports (or a new one): the first
    candidate cluster all of whose first members report the same event (complete linkage over a
    sample: a big cluster is well described by its first members, and the check stays cheap
    however often the event is reported). The candidates are read once for the chunk
    (:func:`_blocks`) and kept up to date in memory, so each mention finds what it would find
    looked up alone after the mentions before it. Returns the clusters touched."""
    if not article_ids:
        return set()
    from ..resolve import same_event

    mentions = fetch_dicts(
        con,
        _MENTION_SQL + " WHERE e.article_id IN (SELECT unnest(?)) ORDER BY e.article_id, e.idx",
        [article_ids],
    )
    blocks, windows = _blocks(con, mentions)
    touched: set[str] = set()
    assigned: list[list[Any]] = []
    for i, mention in enumerate(mentions):
        cluster_id = None
        if i in windows:
            lo, hi = windows[i]
            for cid in blocks.candidates(mention, lo, hi):
                if all(same_event(m, mention) for m in blocks.heads[cid]):
                    cluster_id = cid
                    break
        cluster_id = cluster_id or f"{mention['article_id']}#{mention['idx']}"
        blocks.add(mention, cluster_id)
        assigned.append([mention["article_id"], mention["idx"], cluster_id])
        touched.add(cluster_id)
    insert_rows(con, "INSERT OR REPLACE INTO event_clusters", assigned)
    return touched


def rebuild_merged(con: duckdb.DuckDBPyConnection, cluster_ids: set[str]) -> None:
    """Recompute the merged row of each cluster from its mentions, a chunk of clusters at a time;
    a chunk holds at most ``_MERGE_ROWS`` mentions, so memory does not grow with cluster sizes."""
    if not cluster_ids:
        return
    ordered = sorted(cluster_ids)
    sizes = dict(
        con.execute(
            "SELECT cluster_id, count(*) FROM event_clusters WHERE cluster_id IN (SELECT unnest(?)) "
            "GROUP BY cluster_id", [ordered],
        ).fetchall()
    )  # fmt: skip
    chunk: list[str] = []
    rows = 0
    for cid in ordered:
        size = sizes.get(cid, 0)
        if chunk and (len(chunk) >= _MERGE_CHUNK or rows + size > _MERGE_ROWS):
            _rebuild_chunk(con, chunk)
            chunk, rows = [], 0
        chunk.append(cid)
        rows += size
    _rebuild_chunk(con, chunk)


def _rebuild_chunk(con: duckdb.DuckDBPyConnection, cluster_ids: list[str]) -> None:
    from ..resolve import merge_rows

    names = [n for n, _ in merged_columns()]
    con.execute("DELETE FROM merged_events WHERE cluster_id IN (SELECT unnest(?))", [cluster_ids])
    rows = fetch_dicts(
        con,
        _MENTION_SQL + " WHERE c.cluster_id IN (SELECT unnest(?)) ORDER BY c.cluster_id, e.article_id, e.idx",
        [cluster_ids],
    )
    merged_rows = []
    for cid, group in groupby(rows, key=lambda r: r["cluster_id"]):
        members = list(group)
        merged = merge_rows(members)
        merged["mentions"] = json.dumps([f"{r['article_id']}#{r['idx']}" for r in members])
        merged["sources"] = json.dumps(
            sorted({r["article_source"] for r in members if r.get("article_source")})
        )
        merged.update(zip(SIG_COLUMNS, signature(merged.get(c) for c in TEXT_COLUMNS), strict=True))
        merged_rows.append([cid, *[merged.get(n) for n in names]])
    columns = ", ".join(f'"{n}"' for n in names)  # by name: an older file has its new columns last
    insert_rows(con, f"INSERT INTO merged_events (cluster_id, {columns})", merged_rows)


class Blocks:
    """The clusters a chunk's new mentions may join (see :func:`_blocks`), kept in memory while
    the chunk's mentions are assigned one by one: ``near`` indexes members by (type, country) as
    (date, cluster), ``heads`` holds each cluster's first members in member order (article, idx)."""

    def __init__(self, near: list[tuple[Any, ...]], heads: dict[str, list[dict[str, Any]]]) -> None:
        self.near: dict[tuple[Any, Any], list[tuple[Any, str]]] = {}
        for cluster_id, event_type, iso3, event_date in near:
            self.near.setdefault((event_type, iso3), []).append((event_date, cluster_id))
        self.heads = heads

    def candidates(self, mention: dict[str, Any], lo: str, hi: str) -> list[str]:
        """Ids of the clusters ``mention`` may join, in the order they are tried: those with a member of
        its type and country dated in [lo, hi] whose first members all share its type, country and
        status (any other fails the linkage check, so this loses nothing)."""
        key = (mention["event_type"], mention["iso3"])
        near = {cid for day, cid in self.near.get(key, ()) if day is not None and lo <= day <= hi}
        same = (mention["event_type"], mention["iso3"], mention["status"])
        return sorted(
            cid
            for cid in near
            if all((m["event_type"], m["iso3"], m["status"]) == same for m in self.heads.get(cid, ()))
        )

    def add(self, mention: dict[str, Any], cluster_id: str) -> None:
        """``mention`` joined ``cluster_id`` (an existing cluster or its own)."""
        member = dict(mention, cluster_id=cluster_id)
        self.near.setdefault((mention["event_type"], mention["iso3"]), []).append(
            (mention["event_date"], cluster_id)
        )
        head = self.heads.setdefault(cluster_id, [])
        head.append(member)
        head.sort(key=lambda m: (m["article_id"], m["idx"]))
        del head[_LINKAGE_SAMPLE:]


def fill_signatures(con: duckdb.DuckDBPyConnection, batch: int = 20_000) -> int:
    """Give the merged rows of a file made before text signatures their signature (see
    :mod:`eventwire.store.textsig`); how many rows were filled."""
    filled = 0
    while True:
        rows = con.execute(
            f"SELECT cluster_id, {', '.join(TEXT_COLUMNS)} FROM merged_events "
            f"WHERE {SIG_COLUMNS[0]} IS NULL LIMIT {int(batch)}"
        ).fetchall()
        if not rows:
            return filled
        values = [[cid, *signature(texts)] for cid, *texts in rows]
        sets = ", ".join(f"{c} = v.{c}" for c in SIG_COLUMNS)
        con.execute(
            f"UPDATE merged_events SET {sets} FROM (SELECT unnest(?) AS cluster_id, "
            + ", ".join(f"unnest(?) AS {c}" for c in SIG_COLUMNS)
            + ") v WHERE merged_events.cluster_id = v.cluster_id",
            [[v[0] for v in values], *([v[k + 1] for v in values] for k in range(len(SIG_COLUMNS)))],
        )
        filled += len(rows)
