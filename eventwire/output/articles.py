"""Articles and statements read back from the store: whole results in the output contract, statement
rows, and the article metadata that event rows lack."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..store.schema import CHILD_TABLES
from ..store.store import Store
from .query import ilike, like_pattern


@dataclass
class StatementFilter:
    """Which statements to read: all fields optional.

    ``speaker``, ``role`` and ``text`` are case-insensitive substrings (of the speaker's name, role,
    quote); ``speaker_id`` is the speaker's canonical id, matched exactly (``person:maria-okafor``,
    an actor's name such as ``Government of Iraq``); ``since``/``until`` bound the article's
    publication date. ``newest_first``: the API's order, else by article and position (the export's).
    """

    speaker: str | None = None
    speaker_id: str | None = None
    role: str | None = None
    text: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0
    newest_first: bool = False


def _child_rows(store: Store, table: str, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    one = len(article_ids) == 1  # `= ?` uses the (article_id, idx) key; a list is a semi-join scan
    rows = store.query(
        f"SELECT * FROM {table} WHERE article_id {'= ?' if one else 'IN (SELECT unnest(?))'} "
        "ORDER BY article_id, idx",
        [article_ids[0] if one else article_ids],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row.pop("article_id"), []).append(row)
        row.pop("idx")
    return out


def contract_event(row: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in row.items() if not k.startswith("article_") and k not in ("idx", "cluster_id")}
    row["evidence"] = {
        "text": row.pop("evidence_text"),
        "start": row.pop("evidence_start"),
        "end": row.pop("evidence_end"),
    }
    row["trigger"] = {
        "text": row.pop("trigger_text"),
        "start": row.pop("trigger_start"),
        "end": row.pop("trigger_end"),
    }
    row["provenance"] = json.loads(row["provenance"]) if row.get("provenance") else {}
    return row


def query_articles(
    store: Store, limit: int | None = None, article_id: str | None = None
) -> Iterable[dict[str, Any]]:
    """Whole article results in the output contract, rebuilt from the tables."""
    articles = store.query(
        "SELECT id, title, published, published_source, url, source, text_hash FROM articles"
        + (" WHERE id = ?" if article_id else "")
        + " ORDER BY id"
        + (f" LIMIT {int(limit)}" if limit else ""),
        [article_id] if article_id else [],
    )
    for start in range(0, len(articles), 500):
        chunk = articles[start : start + 500]
        ids = [a["id"] for a in chunk]
        children = {table: _child_rows(store, table, ids) for table in CHILD_TABLES}
        for article in chunk:
            result = dict(article)
            result["events"] = [contract_event(r) for r in children["events"].get(article["id"], [])]
            for table in ("statements", "places", "dates"):
                result[table] = children[table].get(article["id"], [])
            yield result


STATEMENT_COLUMNS = ("article_id", "idx", "published", "article_title")  # then the statement's own


def query_statements(store: Store, filters: StatementFilter | None = None) -> list[dict[str, Any]]:
    """Statements with their article's publication date and title, filtered: the one read path of
    the API's ``/api/statements`` and the statements export. Each row has every stored field of the
    statement, ``speaker_id`` included."""
    f = filters or StatementFilter()
    where, params = [], []
    for column, value in (("s.speaker", f.speaker), ("s.speaker_role", f.role), ("s.quote", f.text)):
        if value:
            where.append(ilike(column, value))
            params.append(like_pattern(value))
    if f.speaker_id:
        where.append("s.speaker_id = ?")
        params.append(f.speaker_id)
    for op, value in ((">=", f.since), ("<=", f.until)):
        if value:
            where.append(f"a.published {op} ?")
            params.append(value + ("~" if op == "<=" else ""))
    if f.article_id:
        where.append("s.article_id = ?")
        params.append(f.article_id)
    order = "a.published DESC NULLS LAST, s.article_id, s.idx" if f.newest_first else "s.article_id, s.idx"
    sql = (
        "SELECT s.article_id, s.idx, a.published, a.title AS article_title, "
        "s.* EXCLUDE (article_id, idx) FROM statements s JOIN articles a ON a.id = s.article_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {order}"
        + (f" LIMIT {int(f.limit)}" if f.limit else "")
        + (f" OFFSET {int(f.offset)}" if f.offset else "")
    )
    return store.query(sql, params)


def with_articles(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the first mention's article URL and publication date to merged events that lack them
    (an undated event's date, a source with no name)."""
    need = {
        e["mentions"][0].rsplit("#", 1)[0]: e
        for e in events
        if "article_published" not in e and e.get("mentions")
    }
    if need:
        for a in store.query(
            "SELECT id, url, published FROM articles WHERE id IN (SELECT unnest(?))", [list(need)]
        ):
            need[a["id"]]["article_url"], need[a["id"]]["article_published"] = a["url"], a["published"]
    return events
