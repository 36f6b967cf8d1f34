"""DuckDB store: one object owns the connection and the single write path.

Tables follow the records in :mod:`eventwire.records` one-to-one: ``articles``, ``events``,
``statements``, ``places``, ``dates``. Writing an article is idempotent: an article already
stored with the same text is skipped, a changed one is replaced, each batch in one transaction.

The schema is created in one transaction, and opening a database whose schema is incomplete (a
kill during its creation by an older version) creates the missing tables, read-only opens too.
A database that cannot be opened (in use by another process, a missing folder, not a DuckDB
file) raises :class:`StoreError` with one clear line.

Serving while ingesting: DuckDB lets one process write a file, or any number read it, never both.
A *shared* writer (``Store(path, share=True)``, what ``eventwire ingest`` opens) holds the file
only while it reads or writes a batch: it announces itself in ``<db>.want`` (its pid), waits for
the readers that yield (:class:`Reader`, what ``eventwire serve`` opens: each marks itself with
``<db>.reader.<pid>``) to finish their requests and let go, writes, closes and removes the flag.
Meanwhile readers hold new requests back and reopen once the batch is committed, so they see it.
A second writer gets one line naming the first (``<db>.writer`` is locked for a writer's life).
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import glob
import json
import os
import re
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import duckdb

from ..errors import EventwireError
from ..records import Article, ArticleResult, DateMention, Event, Place, Source, Statement
from ..settings import current

_LINKAGE_SAMPLE = 25  # members a new mention is checked against when joining a cluster
_WINDOW = timedelta(days=2)  # blocking window around a mention's date span when looking for its cluster
_MERGE_CHUNK = 64  # clusters whose merged rows are rebuilt from one query ...
_MERGE_ROWS = 1000  # ... and at most this many member rows (unless one cluster alone has more)
_INSERT_PARAMS = 4000  # values bound in one multi-row INSERT statement

_SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def _sql_type(hint: Any) -> str:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else str
    if hint is Source:
        return "SOURCE"
    return _SQL_TYPES.get(hint, "JSON")


@cache
def _field_kinds(record_type: type) -> tuple[tuple[str, str], ...]:
    """(field, SQL type or SOURCE) for each field of a record dataclass, worked out once per type."""
    hints = get_type_hints(record_type)
    return tuple((f.name, _sql_type(hints[f.name])) for f in fields(record_type))


@cache
def _columns(record_type: type) -> tuple[tuple[str, str], ...]:
    """(column, SQL type) for a record dataclass; Source fields become _text/_start/_end."""
    cols: list[tuple[str, str]] = []
    for name, kind in _field_kinds(record_type):
        if kind == "SOURCE":
            cols += [(f"{name}_text", "VARCHAR"), (f"{name}_start", "BIGINT"), (f"{name}_end", "BIGINT")]
        else:
            cols.append((name, kind))
    return tuple(cols)


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
TABLES = ("articles", *CHILD_TABLES, "event_clusters", "merged_events")
MERGE_COLUMNS = [("num_mentions", "INTEGER"), ("num_articles", "INTEGER"), ("num_sources", "INTEGER"),
                 ("mentions", "JSON"), ("sources", "JSON")]  # fmt: skip


def create_table_sql(table: str, record_type: type) -> str:
    """CREATE TABLE for a child record table keyed by (article_id, idx)."""
    cols = ", ".join(f'"{name}" {kind}' for name, kind in _columns(record_type))
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, {cols}, "
        "PRIMARY KEY (article_id, idx))"
    )


def add_columns_sql(table: str, record_type: type) -> str:
    """ALTER TABLE adding the record's columns a database made by an older version lacks (new fields
    come last; rows are inserted by column name, so the order in the table does not matter)."""
    columns = _columns(record_type)
    return "; ".join(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{n}" {kind}' for n, kind in columns)


def _flatten(record: Any, record_type: type) -> list[Any]:
    row: list[Any] = []
    for name, kind in _field_kinds(record_type):
        value = getattr(record, name)
        if kind == "SOURCE":
            row += [value.text, value.start, value.end] if value else [None, None, None]
        elif kind == "JSON":
            row.append(json.dumps(value, default=lambda o: o.__dict__) if value is not None else None)
        else:
            row.append(value)
    return row


class StoreError(EventwireError):
    """A database that cannot be opened: a missing folder, not a DuckDB file, no permission."""


class StoreLocked(StoreError):
    """A database another process has open (DuckDB allows one writer, or readers, per file)."""


def _open_error(path: str, err: Exception) -> StoreError:
    """The one-line error for a failed ``duckdb.connect``."""
    message = str(err)
    if "Could not set lock" in message or "Conflicting lock" in message:
        pid = re.search(r"PID (\d+)", message)
        by = f" (pid {pid.group(1)})" if pid else ""
        return StoreLocked(f"{path} is in use by another process{by}, e.g. another eventwire ingest, load "
                           "or serve; try again when it finishes")  # fmt: skip
    if "No such file or directory" in message:
        return StoreError(f"{path}: cannot open the database: no such directory {Path(path).parent}")
    if "not a valid DuckDB database" in message:
        return StoreError(f"{path}: not a DuckDB database (eventwire stores its results in DuckDB files)")
    if "Permission denied" in message:
        return StoreError(f"{path}: cannot open the database: permission denied")
    detail = message.removeprefix("IO Error: ").splitlines()[0] if message else type(err).__name__
    return StoreError(f"{path}: cannot open the database ({detail})")


def _holder_pid(err: Exception) -> int | None:
    """The pid DuckDB names in a lock error, if any."""
    found = re.search(r"PID (\d+)", str(err))
    return int(found.group(1)) if found else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def writer_waiting(path: str) -> int | None:
    """The pid of a live shared writer that wants ``path`` now (``<path>.want``), else None."""
    try:
        pid = int(Path(f"{path}.want").read_text("ascii").strip() or 0)
    except (OSError, ValueError):
        return None
    return pid if pid and _alive(pid) else None


def shared_writer(path: str) -> int | None:
    """The pid of a live shared writer of ``path`` (``eventwire ingest``), else None."""
    try:
        holder = Path(f"{path}.writer").read_text("ascii").strip()
    except OSError:
        return None
    return int(holder) if holder.isdigit() and _alive(int(holder)) and int(holder) != os.getpid() else None


def _take_writer_lock(path: str) -> int:
    """Lock ``<path>.writer`` for this writer's life (an fd); StoreLocked naming the holder if taken."""
    fd = os.open(f"{path}.writer", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        by = f" (pid {holder})" if holder.isdigit() else ""
        raise StoreLocked(f"{path} is being written by another eventwire process{by}, e.g. another "
                          "eventwire ingest or load; try again when it finishes") from None  # fmt: skip
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def _shared(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a Store method with the file open (a shared writer opens it for the call only)."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self._session():
            return method(self, *args, **kwargs)

    return wrapper


def _writer_config() -> dict[str, Any]:
    """DuckDB settings of a writing connection (settings.toml [store])."""
    return {
        "threads": int(current().store.writer_threads),
        "memory_limit": current().store.writer_memory_limit,
    }


class Store:
    """An eventwire DuckDB database; all writes go through :meth:`write`."""

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False, share: bool = False) -> None:
        """``share``: hold the file only while reading or writing (serving while ingesting)."""
        self.path = str(path)
        self.read_only = read_only
        file = None if self.path == ":memory:" else Path(self.path)
        self.share = share and file is not None and not read_only
        self._depth = 0
        self._writer_fd: int | None = None
        if file is not None and read_only and not file.exists():
            raise FileNotFoundError(self.path)
        if self.share:
            self._writer_fd = _take_writer_lock(self.path)
        try:
            if file is not None and not read_only and file.is_file() and file.stat().st_size == 0:
                file.unlink()  # killed while DuckDB created the file: nothing in it to keep
            with self._session():
                if not read_only:
                    self._create()
                elif self._missing_tables():
                    self._heal()
        except BaseException:
            self._release_writer()
            raise

    @classmethod
    def over(cls, con: duckdb.DuckDBPyConnection, path: str) -> Store:
        """A read-only Store over an open connection or cursor (what :class:`Reader` hands out)."""
        store = cls.__new__(cls)
        store.path, store.read_only, store.share, store._depth, store._writer_fd = path, True, False, 0, None
        store.con = con
        return store

    def _connect(self) -> duckdb.DuckDBPyConnection:
        config = {} if self.read_only else _writer_config()
        try:
            return duckdb.connect(self.path, read_only=self.read_only, config=config)
        except duckdb.Error as err:
            raise _open_error(self.path, err) from None

    def _connect_shared(self) -> duckdb.DuckDBPyConnection:
        """Connect as a shared writer: wait (up to ``[store] writer_wait_s``) while the file is held
        by a reader that yields to writers; any other holder is an error at once."""
        deadline = time.monotonic() + float(current().store.writer_wait_s)
        while True:
            try:
                return duckdb.connect(self.path, read_only=False, config=_writer_config())
            except duckdb.Error as err:
                pid = _holder_pid(err)
                if pid is None and "different configuration" in str(err):  # this process's own reader
                    pid = os.getpid()
                yields = pid is not None and Path(f"{self.path}.reader.{pid}").exists()
                if not yields or time.monotonic() > deadline:
                    raise _open_error(self.path, err) from None
            time.sleep(0.01)

    @contextmanager
    def _session(self) -> Iterator[None]:
        """The connection for one call; a shared writer opens the file for the outermost call only."""
        if not self.share:
            if self._depth == 0 and not hasattr(self, "con"):
                self.con = self._connect()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        want = Path(f"{self.path}.want")
        want.write_text(str(os.getpid()), "ascii")
        try:
            self.con = self._connect_shared()
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self.con.close()
                del self.con
        finally:
            want.unlink(missing_ok=True)

    def _release_writer(self) -> None:
        if self._writer_fd is not None:
            os.ftruncate(self._writer_fd, 0)  # no pid left behind to be taken for a live writer
            os.close(self._writer_fd)
            self._writer_fd = None

    @staticmethod
    def schema_sql() -> list[str]:
        """The CREATE TABLE statements of every table (each IF NOT EXISTS)."""
        cols = ", ".join(f"{n} {t}" for n, t in ARTICLE_COLUMNS)
        merged = ", ".join(f'"{n}" {t}' for n, t in [*_columns(Event), *MERGE_COLUMNS])
        return [
            f"CREATE TABLE IF NOT EXISTS articles ({cols})",
            *(create_table_sql(table, record_type) for table, record_type in CHILD_TABLES.items()),
            *(add_columns_sql(table, record_type) for table, record_type in CHILD_TABLES.items()),
            "CREATE TABLE IF NOT EXISTS event_clusters (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, "
            "cluster_id VARCHAR NOT NULL, PRIMARY KEY (article_id, idx))",
            f"CREATE TABLE IF NOT EXISTS merged_events (cluster_id VARCHAR PRIMARY KEY, {merged})",
        ]

    def _create(self) -> None:
        """Create the missing tables, all in one transaction: a kill leaves all or none."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for sql in self.schema_sql():
                self.con.execute(sql)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _missing_tables(self) -> list[str]:
        present = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return [t for t in TABLES if t not in present]

    def _heal(self) -> None:
        """A read-only open of an incomplete schema: create the missing tables, then reopen."""
        self.con.close()
        self.read_only = False
        try:
            self.con = self._connect()
            self._create()
            self.con.close()
        finally:
            self.read_only = True
        self.con = self._connect()

    def close(self) -> None:
        if hasattr(self, "con"):
            self.con.close()
        self._release_writer()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------
    @_shared
    def known_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """id -> text_hash for the given article ids already stored."""
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, text_hash FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        )
        return dict(rows.fetchall())

    @_shared
    def known_text_hashes(self, hashes: Sequence[str]) -> set[str]:
        """The given text hashes that some stored article already has."""
        if not hashes:
            return set()
        rows = self.con.execute(
            "SELECT DISTINCT text_hash FROM articles WHERE text_hash IN (SELECT unnest(?))", [list(hashes)]
        )
        return {r[0] for r in rows.fetchall()}

    @_shared
    def has_article(self, article_id: str, text_hash: str | None = None) -> bool:
        known = self.known_hashes([article_id])
        return article_id in known and (text_hash is None or known[article_id] == text_hash)

    @_shared
    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @_shared
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts."""
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # -- writing -------------------------------------------------------------
    def write(self, batch: Iterable[tuple[Article, ArticleResult]]) -> int:
        """Store a batch of articles with their results in one transaction; returns rows written.

        Articles already stored with the same text hash are skipped; changed ones are replaced. A
        shared writer stores the batch ``[store] shared_write_articles`` at a time, each in its own
        transaction, letting readers in between (a request waits for one chunk, not the batch).
        """
        batch = list(batch)
        if not self.share:
            return self._write(batch)
        size = max(1, int(current().store.shared_write_articles))
        written = 0
        for start in range(0, len(batch), size):
            if start and self._readers():  # their waiting requests get the file between two chunks
                time.sleep(float(current().store.shared_write_pause_s))
            written += self._write(batch[start : start + size])
        return written

    def _readers(self) -> bool:
        """Whether a live server reads this file (a :class:`Reader`'s marker, its pid alive)."""
        folder, prefix = Path(self.path).parent, Path(self.path).name + ".reader."
        for marker in folder.glob(glob.escape(prefix) + "*"):
            pid = marker.name.removeprefix(prefix)
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                return True
        return False

    @_shared
    def _write(self, batch: list[tuple[Article, ArticleResult]]) -> int:
        known = self.known_hashes([a.id for a, _ in batch])
        now = datetime.now(UTC).replace(tzinfo=None)
        written = 0
        touched: set[str] = set()
        new_ids: list[str] = []
        pending: dict[str, list[list[Any]]] = {table: [] for table in ("articles", *CHILD_TABLES)}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for article, result in batch:
                if known.get(article.id) == result.text_hash:
                    continue
                if article.id in known:
                    self._insert_pending(pending)  # the same article twice in a batch: the first is stored
                    touched |= self._delete(article.id)
                pending["articles"].append(
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
                    ]
                )
                for table, record_type in CHILD_TABLES.items():
                    pending[table] += [
                        [article.id, i, *_flatten(r, record_type)]
                        for i, r in enumerate(getattr(result, table))
                    ]
                known[article.id] = result.text_hash or ""
                new_ids.append(article.id)
                written += 1
            self._insert_pending(pending)
            touched |= self._assign_clusters(new_ids)
            self._rebuild_merged(touched)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return written

    def _insert_pending(self, pending: dict[str, list[list[Any]]]) -> None:
        """Insert the rows gathered per table (articles first) and empty the lists."""
        for table, rows in pending.items():
            if table == "articles":
                self._insert_rows("INSERT INTO articles", rows)
            else:
                names = ", ".join(f'"{n}"' for n, _ in _columns(CHILD_TABLES[table]))
                self._insert_rows(f"INSERT INTO {table} (article_id, idx, {names})", rows)
            rows.clear()

    def _insert_rows(self, insert: str, rows: list[list[Any]]) -> None:
        """``insert`` (``INSERT INTO t (cols)``) of ``rows`` as multi-row VALUES statements: DuckDB's
        executemany runs one statement per row (25 rows into a keyed table: 80 ms, as VALUES 3 ms)."""
        if not rows:
            return
        marks = "(" + ", ".join("?" * len(rows[0])) + ")"
        step = max(1, _INSERT_PARAMS // len(rows[0]))
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            self.con.execute(
                f"{insert} VALUES {', '.join([marks] * len(part))}", [v for r in part for v in r]
            )

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

    def _blocks(self, mentions: list[dict[str, Any]]) -> tuple[Blocks, dict[int, tuple[str, str]]]:
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
        near = self.con.execute(self._NEAR_SQL, params).fetchall()
        cluster_ids = sorted({r[0] for r in near})
        heads: dict[str, list[dict[str, Any]]] = {cid: [] for cid in cluster_ids}
        if cluster_ids:
            for row in self.query(self._HEADS_SQL, [cluster_ids, _LINKAGE_SAMPLE]):
                heads[row["cluster_id"]].append(row)
        return Blocks(near, heads), windows

    def _assign_clusters(self, article_ids: list[str]) -> set[str]:
        """Put each new mention into the cluster of the event it reports (or a new one): the first
        candidate cluster all of whose first members report the same event (complete linkage over a
        sample: a big cluster is well described by its first members, and the check stays cheap
        however often the event is reported). The candidates are read once for the chunk
        (:meth:`_blocks`) and kept up to date in memory, so each mention finds what it would find
        looked up alone after the mentions before it."""
        if not article_ids:
            return set()
        from ..resolve import same_event

        mentions = self.query(
            self._MENTION_SQL + " WHERE e.article_id IN (SELECT unnest(?)) ORDER BY e.article_id, e.idx",
            [article_ids],
        )
        blocks, windows = self._blocks(mentions)
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
        self._insert_rows("INSERT OR REPLACE INTO event_clusters", assigned)
        return touched

    def _rebuild_merged(self, cluster_ids: set[str]) -> None:
        """Recompute the merged row of each cluster from its mentions, a chunk of clusters at a time;
        a chunk holds at most ``_MERGE_ROWS`` mentions, so memory does not grow with cluster sizes."""
        if not cluster_ids:
            return
        ordered = sorted(cluster_ids)
        sizes = dict(
            self.con.execute(
                "SELECT cluster_id, count(*) FROM event_clusters WHERE cluster_id IN (SELECT unnest(?)) "
                "GROUP BY cluster_id", [ordered],
            ).fetchall()
        )  # fmt: skip
        chunk: list[str] = []
        rows = 0
        for cid in ordered:
            size = sizes.get(cid, 0)
            if chunk and (len(chunk) >= _MERGE_CHUNK or rows + size > _MERGE_ROWS):
                self._rebuild_chunk(chunk)
                chunk, rows = [], 0
            chunk.append(cid)
            rows += size
        self._rebuild_chunk(chunk)

    def _rebuild_chunk(self, cluster_ids: list[str]) -> None:
        from ..resolve import merge_rows

        names = [n for n, _ in [*_columns(Event), *MERGE_COLUMNS]]
        self.con.execute("DELETE FROM merged_events WHERE cluster_id IN (SELECT unnest(?))", [cluster_ids])
        rows = self.query(
            self._MENTION_SQL + " WHERE c.cluster_id IN (SELECT unnest(?)) "
            "ORDER BY c.cluster_id, e.article_id, e.idx", [cluster_ids],
        )  # fmt: skip
        merged_rows = []
        for cid, group in groupby(rows, key=lambda r: r["cluster_id"]):
            members = list(group)
            merged = merge_rows(members)
            merged["mentions"] = json.dumps([f"{r['article_id']}#{r['idx']}" for r in members])
            merged["sources"] = json.dumps(
                sorted({r["article_source"] for r in members if r.get("article_source")})
            )
            merged_rows.append([cid, *[merged.get(n) for n in names]])
        self._insert_rows("INSERT INTO merged_events", merged_rows)


class Blocks:
    """The clusters a chunk's new mentions may join (see :meth:`Store._blocks`), kept in memory while
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


class Reader:
    """Read-only access to a database for a server: one connection, a cursor per request, and it
    yields to a shared writer (see the module's notes): while ``<db>.want`` names a live writer, new
    requests wait (up to ``wait_s``, then :class:`StoreLocked`), the connection closes once the
    requests in flight finish, and the next request reopens it and sees the committed batch."""

    def __init__(self, path: str | Path, wait_s: float) -> None:
        self.path, self.wait_s = str(path), wait_s
        self._store: Store | None = None
        self._inflight = 0
        self._cond = threading.Condition()
        self._marker = Path(f"{self.path}.reader.{os.getpid()}")
        self._closed = False
        atexit.register(self.close)
        threading.Thread(target=self._watch, name="eventwire-reader-watch", daemon=True).start()

    def _watch(self) -> None:
        """Let go of the file when a writer asks while no request is in flight (an idle server
        would otherwise hold it until its next request)."""
        while not self._closed:
            time.sleep(0.02)
            if self._store is not None and writer_waiting(self.path):
                with self._cond:
                    if self._inflight == 0:
                        self._close_locked()

    def _open(self) -> bool:
        """Open the file if it can be now; False while a shared writer holds it."""
        if not Path(self.path).exists():
            raise StoreError(f"database {self.path} does not exist yet: run `eventwire ingest` first")
        with suppress(OSError):  # a read-only folder: no writer can be there either
            self._marker.touch()
        try:
            self._store = Store(self.path, read_only=True)
        except StoreLocked:
            if writer_waiting(self.path) or shared_writer(self.path):
                return False
            raise
        return True

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A Store over a fresh cursor for one request."""
        deadline = time.monotonic() + self.wait_s
        with self._cond:
            while True:
                waiting = writer_waiting(self.path)
                if waiting and self._inflight == 0:
                    self._close_locked()
                if not waiting and (self._store is not None or self._open()):
                    break
                if time.monotonic() > deadline:
                    raise StoreLocked(f"{self.path} is being written by eventwire (pid {waiting or '?'}) "
                                      f"for over {self.wait_s:g} s; try again shortly")  # fmt: skip
                self._cond.wait(0.01)
            self._inflight += 1
            assert self._store is not None
            cursor = self._store.con.cursor()
        try:
            yield Store.over(cursor, self.path)
        finally:
            cursor.close()
            with self._cond:
                self._inflight -= 1
                if self._inflight == 0 and writer_waiting(self.path):
                    self._close_locked()
                self._cond.notify_all()

    def _close_locked(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def close(self) -> None:
        self._closed = True
        with self._cond:
            self._close_locked()
        self._marker.unlink(missing_ok=True)
