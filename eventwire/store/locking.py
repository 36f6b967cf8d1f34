"""Who holds a database file: open errors, the shared writer's flags and lock, the readers' markers."""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
from pathlib import Path
from typing import Any

from ..errors import EventwireError
from ..settings import current


class StoreError(EventwireError):
    """A database that cannot be opened: a missing folder, not a DuckDB file, no permission."""


class StoreLocked(StoreError):
    """A database another process has open (DuckDB allows one writer, or readers, per file)."""


def open_error(path: str, err: Exception) -> StoreError:
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


def holder_pid(err: Exception) -> int | None:
    """The pid DuckDB names in a lock error, if any."""
    found = re.search(r"PID (\d+)", str(err))
    return int(found.group(1)) if found else None


def alive(pid: int) -> bool:
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
    return pid if pid and alive(pid) else None


def shared_writer(path: str) -> int | None:
    """The pid of a live shared writer of ``path`` (``eventwire ingest``), else None."""
    try:
        holder = Path(f"{path}.writer").read_text("ascii").strip()
    except OSError:
        return None
    return int(holder) if holder.isdigit() and alive(int(holder)) and int(holder) != os.getpid() else None


def take_writer_lock(path: str) -> int:
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


def live_readers(path: str) -> bool:
    """Whether a live server reads ``path`` (a :class:`~.reader.Reader`'s marker, its pid alive).
    Markers of servers that died without closing (killed) are removed on the way."""
    folder, prefix = Path(path).parent, Path(path).name + ".reader."
    found = False
    for marker in folder.glob(glob.escape(prefix) + "*"):
        pid = marker.name.removeprefix(prefix)
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        if alive(int(pid)):
            found = True
        else:
            with contextlib.suppress(OSError):
                marker.unlink()
    return found


def writer_config() -> dict[str, Any]:
    """DuckDB settings of a writing connection (settings.toml [store])."""
    return {
        "threads": int(current().store.writer_threads),
        "memory_limit": current().store.writer_memory_limit,
    }
