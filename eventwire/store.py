"""DuckDB store: one object owns the connection and the single write path.

Tables follow the records in :mod:`eventwire.models` one-to-one: ``articles``, ``events``,
``statements``, ``places``, ``dates``. Writing an article is idempotent: an article already
stored with the same text is skipped, a changed one is replaced, each batch in one transaction.
"""

from __future__ import annotations

import json
import types
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import duckdb

from .models import Article, ArticleResult, DateMention, Event, Place, Source, Statement

_LINKAGE_SAMPLE = 25  # members a new mention is checked against when joining a cluster
_WINDOW = timedelta(days=2)  # blocking window around a mention's date span when looking for its cluster

_SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def _sql_type(hint: Any) -> str:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else str
    if hint is Source:
        return "SOURCE"
    return _SQL_TYPES.get(hint, "JSON")


def _columns(record_type: type) -> list[tuple[str, str]]:
    """(column, SQL type) for a record dataclass; Source fields become _text/_start/_end."""
    hints = get_type_hints(record_type)
    cols: list[tuple[str, str]] = []
    for f in fields(record_type):
        kind = _sql_type(hints[f.name])
        if kind == "SOURCE":
            cols += [
                (f"{f.name}_text", "VARCHAR"),
                (f"{f.name}_start", "BIGINT"),
                (f"{f.name}_end", "BIGINT"),
            ]
        else:
            cols.append((f.name, kind))
    return cols


ARTICLE_COLUMNS = [
    ("id", "VARCHAR PRIMARY KEY"),
    ("text_hash", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "VARCHAR"),
    ("published_source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("source", "VARCHAR"),
    ("author", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("text", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
]
CHILD_TABLES: dict[str, type] = {
    "events": Event,
    "statements": Statement,
    "places": Place,
    "dates": DateMention,
}
MERGE_COLUMNS = [("num_mentions", "INTEGER"), ("num_articles", "INTEGER"), ("num_sources", "INTEGER"),
                 ("mentions", "JSON"), ("sources", "JSON")]  # fmt: skip


def create_table_sql(table: str, record_type: type) -> str:
    """CREATE TABLE for a child record table keyed by (article_id, idx)."""
    cols = ", ".join(f'"{name}" {kind}' for name, kind in _columns(record_type))
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, {cols}, "
        "PRIMARY KEY (article_id, idx))"
    )


def _flatten(record: Any, record_type: type) -> list[Any]:
    row: list[Any] = []
    hints = get_type_hints(record_type)
    for f in fields(record_type):
        value = getattr(record, f.name)
        kind = _sql_type(hints[f.name])
        if kind == "SOURCE":
            row += [value.text, value.start, value.end] if value else [None, None, None]
        elif kind == "JSON":
            row.append(json.dumps(value, default=lambda o: o.__dict__) if value is not None else None)
        else:
            row.append(value)
    return row


class Store:
    """An eventwire DuckDB database; all writes go through :meth:`write`."""

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(self.path)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self._create()

    def _create(self) -> None:
        cols = ", ".join(f"{n} {t}" for n, t in ARTICLE_COLUMNS)
        self.con.execute(f"CREATE TABLE IF NOT EXISTS articles ({cols})")
        for table, record_type in CHILD_TABLES.items():
            self.con.execute(create_table_sql(table, record_type))
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS event_clusters (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, "
            "cluster_id VARCHAR NOT NULL, PRIMARY KEY (article_id, idx))"
        )
        cols = ", ".join(f'"{n}" {t}' for n, t in [*_columns(Event), *MERGE_COLUMNS])
        self.con.execute(f"CREATE TABLE IF NOT EXISTS merged_events (cluster_id VARCHAR PRIMARY KEY, {cols})")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------
    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """id -> text_hash for the given article ids already stored."""
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, text_hash FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        )
        return dict(rows.fetchall())

    def known_text_hashes(self, hashes: Sequence[str]) -> set[str]:
        """The given text hashes that some stored article already has."""
        if not hashes:
            return set()
        rows = self.con.execute(
            "SELECT DISTINCT text_hash FROM articles WHERE text_hash IN (SELECT unnest(?))", [list(hashes)]
        )
        return {r[0] for r in rows.fetchall()}

    def has_article(self, article_id: str, text_hash: str | None = None) -> bool:
        known = self.known_hashes([article_id])
        return article_id in known and (text_hash is None or known[article_id] == text_hash)

    def count(self, table: str) -> int:
        if table not in ("articles", "merged_events", "event_clusters", *CHILD_TABLES):
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts."""
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # -- writing -------------------------------------------------------------
    def write(self, batch: Iterable[tuple[Article, ArticleResult]]) -> int:
        """Store a batch of articles with their results in one transaction; returns rows written.

        Articles already stored with the same text hash are skipped; changed ones are replaced.
        """
        batch = list(batch)
        known = self.known_hashes([a.id for a, _ in batch])
        now = datetime.now(UTC).replace(tzinfo=None)
        written = 0
        touched: set[str] = set()
        new_ids: list[str] = []
        self.con.execute("BEGIN TRANSACTION")
        try:
            for article, result in batch:
                if known.get(article.id) == result.text_hash:
                    continue
                if article.id in known:
                    touched |= self._delete(article.id)
                self.con.execute(
                    f"INSERT INTO articles VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})",
                    [
                        article.id,
                        result.text_hash,
                        article.title,
                        result.published,
                        result.published_source,
                        article.url,
                        article.source,
                        article.author,
                        article.origin,
                        article.text,
                        now,
                    ],
                )
                for table, record_type in CHILD_TABLES.items():
                    records = getattr(result, table)
                    if records:
                        width = 2 + len(_columns(record_type))
                        self.con.executemany(
                            f"INSERT INTO {table} VALUES ({', '.join('?' * width)})",
                            [[article.id, i, *_flatten(r, record_type)] for i, r in enumerate(records)],
                        )
                known[article.id] = result.text_hash or ""
                new_ids.append(article.id)
                written += 1
            touched |= self._assign_clusters(new_ids)
            self._rebuild_merged(touched)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return written

    def _delete(self, article_id: str) -> set[str]:
        """Remove an article's rows; returns the clusters that lost members."""
        rows = self.con.execute(
            "SELECT DISTINCT cluster_id FROM event_clusters WHERE article_id = ?", [article_id]
        )
        clusters = {r[0] for r in rows.fetchall()}
        for table in (*CHILD_TABLES, "event_clusters"):
            self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        self.con.execute("DELETE FROM articles WHERE id = ?", [article_id])
        return clusters

    # -- resolution: one merged event per real-world event -----------------------
    _MENTION_SQL = (
        "SELECT e.*, a.source AS article_source, c.cluster_id FROM events e "
        "JOIN articles a ON a.id = e.article_id LEFT JOIN event_clusters c USING (article_id, idx)"
    )

    def _assign_clusters(self, article_ids: list[str]) -> set[str]:
        """Put each new mention into the cluster of the event it reports (or a new one)."""
        from .resolve import date_span, same_event

        if not article_ids:
            return set()
        mentions = self.query(
            self._MENTION_SQL + " WHERE e.article_id IN (SELECT unnest(?)) ORDER BY e.article_id, e.idx",
            [article_ids],
        )
        touched: set[str] = set()
        for mention in mentions:
            cluster_id = None
            span = date_span(mention.get("event_date"), mention.get("time_precision"))
            if span and mention.get("iso3") and mention.get("status") in ("current", "past"):
                candidates = self.query(
                    self._MENTION_SQL + " WHERE e.event_type IS NOT DISTINCT FROM ? AND e.iso3 = ? "
                    "AND e.event_date >= ? AND e.event_date <= ? AND c.cluster_id IS NOT NULL "
                    "ORDER BY c.cluster_id, e.article_id, e.idx",
                    [mention["event_type"], mention["iso3"], (span[0] - _WINDOW).isoformat()[:7],
                     (span[1] + _WINDOW).isoformat() + "~"],
                )  # fmt: skip
                by_cluster: dict[str, list[dict[str, Any]]] = {}
                for row in candidates:
                    by_cluster.setdefault(row["cluster_id"], []).append(row)
                for cid, members in by_cluster.items():
                    # complete linkage over the cluster (its first members: a big cluster is
                    # well described by them, and the check stays cheap however often it is reported)
                    members = self.query(
                        self._MENTION_SQL + " WHERE c.cluster_id = ? ORDER BY e.article_id, e.idx LIMIT ?",
                        [cid, _LINKAGE_SAMPLE],
                    )
                    if all(same_event(m, mention) for m in members):
                        cluster_id = cid
                        break
            cluster_id = cluster_id or f"{mention['article_id']}#{mention['idx']}"
            self.con.execute(
                "INSERT OR REPLACE INTO event_clusters VALUES (?, ?, ?)",
                [mention["article_id"], mention["idx"], cluster_id],
            )
            touched.add(cluster_id)
        return touched

    def _rebuild_merged(self, cluster_ids: set[str]) -> None:
        """Recompute the merged row of each cluster from its mentions."""
        from .resolve import merge_rows

        names = [n for n, _ in [*_columns(Event), *MERGE_COLUMNS]]
        for cid in sorted(cluster_ids):
            self.con.execute("DELETE FROM merged_events WHERE cluster_id = ?", [cid])
            rows = self.query(
                self._MENTION_SQL + " WHERE c.cluster_id = ? ORDER BY e.article_id, e.idx", [cid]
            )
            if not rows:
                continue
            merged = merge_rows(rows)
            merged["mentions"] = json.dumps([f"{r['article_id']}#{r['idx']}" for r in rows])
            merged["sources"] = json.dumps(
                sorted({r["article_source"] for r in rows if r.get("article_source")})
            )
            self.con.execute(
                f"INSERT INTO merged_events VALUES (?, {', '.join('?' * len(names))})",
                [cid, *[merged.get(n) for n in names]],
            )
