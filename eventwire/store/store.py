"""DuckDB store: one object owns the connection and the single write path.

Tables follow the records in :mod:`eventwire.records` one-to-one: ``articles``, ``events``,
``statements``, ``places``, ``dates``. Writing an article is idempotent: an article already
stored with the same text is skipped, a changed one is replaced, each batch in one transaction.

The schema is created in one transaction, and opening a database whose schema is incomplete (a
kill during its creation by an older version) creates the missing tables, read-only opens too.
A database that cannot be opened (in use by another process, a missing folder, not a DuckDB
file) raises :class:`~.locking.StoreError` with one clear line.

Serving while ingesting: DuckDB lets one process write a file, or any number read it, never both.
A *shared* writer (``Store(path, share=True)``, what ``eventwire ingest`` opens) holds the file
only while it reads or writes a batch: it announces itself in ``<db>.want`` (its pid), waits for
the readers that yield (:class:`~.reader.Reader`, what ``eventwire serve`` opens: each marks itself
with ``<db>.reader.<pid>``) to finish their requests and let go, writes, closes and removes the flag.
Meanwhile readers hold new requests back and reopen once the batch is committed, so they see it.
A second writer gets one line naming the first (``<db>.writer`` is locked for a writer's life).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ..records import Article, ArticleResult
from ..settings import current
from .clusters import assign_clusters, fill_signatures, rebuild_merged
from .locking import holder_pid, live_readers, open_error, take_writer_lock, writer_config
from .prior import apply_store_prior
from .rows import fetch_dicts, flatten, insert_rows
from .schema import CHILD_TABLES, TABLES, record_columns, schema_sql
from .textsig import SIG_COLUMNS


def _shared(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a Store method with the file open (a shared writer opens it for the call only)."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self._session():
            return method(self, *args, **kwargs)

    return wrapper


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
            self._writer_fd = take_writer_lock(self.path)
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
        config = {} if self.read_only else writer_config()
        try:
            return duckdb.connect(self.path, read_only=self.read_only, config=config)
        except duckdb.Error as err:
            raise open_error(self.path, err) from None

    def _connect_shared(self) -> duckdb.DuckDBPyConnection:
        """Connect as a shared writer: wait (up to ``[store] writer_wait_s``) while the file is held
        by a reader that yields to writers; any other holder is an error at once."""
        deadline = time.monotonic() + float(current().store.writer_wait_s)
        while True:
            try:
                return duckdb.connect(self.path, read_only=False, config=writer_config())
            except duckdb.Error as err:
                pid = holder_pid(err)
                if pid is None and "different configuration" in str(err):  # this process's own reader
                    pid = os.getpid()
                yields = pid is not None and Path(f"{self.path}.reader.{pid}").exists()
                if not yields or time.monotonic() > deadline:
                    raise open_error(self.path, err) from None
            time.sleep(0.01)

    @contextmanager
    def _session(self) -> Iterator[None]:
        """The connection for one call; a shared writer opens the file for the outermost call only."""
        if not self.share and self._depth == 0 and not hasattr(self, "con"):
            self.con = self._connect()
        if not self.share or self._depth:  # a private connection, or an inner call of a shared one
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

    def _create(self) -> None:
        """Create the missing tables, all in one transaction: a kill leaves all or none."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for sql in schema_sql():
                self.con.execute(sql)
            fill_signatures(self.con)  # a file made before them
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _missing_tables(self) -> list[str]:
        """The tables, and the columns of ``merged_events``, a file made by an older version lacks."""
        present = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        missing = [t for t in TABLES if t not in present]
        if "merged_events" in present:
            sql = "SELECT column_name FROM duckdb_columns() WHERE table_name = 'merged_events'"
            columns = {r[0] for r in self.con.execute(sql).fetchall()}
            missing += [f"merged_events.{c}" for c in SIG_COLUMNS if c not in columns]
        return missing

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
        return fetch_dicts(self.con, sql, params)

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
            if start and live_readers(self.path):  # their waiting requests get the file between two chunks
                time.sleep(float(current().store.shared_write_pause_s))
            written += self._write(batch[start : start + size])
        return written

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
                        [article.id, i, *flatten(r, record_type)]
                        for i, r in enumerate(getattr(result, table))
                    ]
                known[article.id] = result.text_hash or ""
                new_ids.append(article.id)
                written += 1
            self._insert_pending(pending)
            touched |= assign_clusters(self.con, new_ids)
            if (
                new_ids
            ):  # the corpus's country prior over the grown corpus: its clusters rebuilt once with the rest
                touched |= apply_store_prior(self.con)
            rebuild_merged(self.con, touched)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return written

    def _insert_pending(self, pending: dict[str, list[list[Any]]]) -> None:
        """Insert the rows gathered per table (articles first) and empty the lists."""
        for table, rows in pending.items():
            if table == "articles":
                insert_rows(self.con, "INSERT INTO articles", rows)
            else:
                names = ", ".join(f'"{n}"' for n, _ in record_columns(CHILD_TABLES[table]))
                insert_rows(self.con, f"INSERT INTO {table} (article_id, idx, {names})", rows)
            rows.clear()

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
