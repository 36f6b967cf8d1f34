"""The API's ASGI middleware: a cap on request bodies, and a cache of answers valid until a write."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse

from ..store.locking import writer_waiting


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, declared or as it arrives."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"request body over {self.limit:,} bytes (settings: serve.max_body_bytes)"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await JSONResponse({"detail": too_large}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def limited() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, too_large)
            return message

        await self.app(scope, limited, send)


class ResponseCache:
    """ASGI middleware: GET /api/ answers (JSON, 200, at most ``max_bytes``) kept in an LRU of
    ``entries``, keyed by path, query and Accept, and valid while the database file is unchanged
    (its size and modification time, and its WAL's): a committed batch makes every entry stale.
    While a writer holds the file (``<db>.want``), answers of the last committed state are served."""

    def __init__(self, app: Any, db: str | Path, entries: int, max_bytes: int = 1_000_000) -> None:
        self.app, self.db, self.entries, self.max_bytes = app, str(db), entries, max_bytes
        self.cache: OrderedDict[tuple[Any, ...], tuple[int, list[Any], bytes]] = OrderedDict()
        self.lock = threading.Lock()
        self.committed: tuple[Any, ...] | None = None

    def _version(self) -> tuple[Any, ...] | None:
        """The file's version; while a writer holds it, the last version committed before it."""
        if writer_waiting(self.db):
            return self.committed
        try:
            main = os.stat(self.db)
        except OSError:
            return None
        try:
            wal = os.stat(self.db + ".wal")
            wal_version = (wal.st_size, wal.st_mtime_ns)
        except OSError:
            wal_version = None
        if writer_waiting(self.db):  # it began meanwhile: the file may be half written
            return self.committed
        self.committed = (main.st_size, main.st_mtime_ns, wal_version)
        return self.committed

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        version = self._version()
        if version is None or self.entries <= 0:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = (scope["path"], scope.get("query_string", b""), headers.get(b"accept"), version)
        with self.lock:
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
        if hit is not None:
            status, response_headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": response_headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def keep(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        body = b"".join(chunks)
        content_type = dict(start.get("headers") or []).get(b"content-type", b"")
        cacheable = start.get("status") == 200 and content_type.startswith(b"application/json")
        if (
            cacheable and len(body) <= self.max_bytes and self._version() == version
        ):  # nothing written meanwhile
            with self.lock:
                self.cache[key] = (200, list(start.get("headers") or []), body)
                while len(self.cache) > self.entries:
                    self.cache.popitem(last=False)
