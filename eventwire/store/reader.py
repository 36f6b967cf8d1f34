"""Read-only access for a server that yields the file to a shared writer between its requests."""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .locking import StoreError, StoreLocked, shared_writer, writer_waiting
from .store import Store


class Reader:
    """Read-only access to a database for a server: one connection, a cursor per request, and it
    yields to a shared writer (see :mod:`eventwire.store.store`): while ``<db>.want`` names a live
    writer, new requests wait (up to ``wait_s``, then :class:`StoreLocked`), the connection closes
    once the requests in flight finish, and the next request reopens it and sees the committed batch."""

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
