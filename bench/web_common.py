"""Shared by the workbench benches: serve a database with uvicorn in a subprocess on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """``eventwire serve``'s app over ``db`` in a child process (one uvicorn worker), loopback only."""

    def __init__(self, db: str | Path, settings: str | None = None) -> None:
        """``settings``: a user settings file (e.g. ``[serve] cache_entries = 0``)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        code = (
            "import uvicorn; from eventwire.web.api import create_app; "
            "from eventwire.settings import use_settings_file; "
            f"use_settings_file({settings!r}); "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={self.port}, log_level='warning')"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-c", code], env=env)

    def __enter__(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/facets", timeout=30).status_code == 200:
                    return self.url
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")
    )


def no_cache_settings() -> str:
    """A settings file that turns the answer cache off (to time the queries themselves)."""
    path = Path(tempfile.mkdtemp(prefix="eventwire-bench-")) / "no-cache.toml"
    path.write_text("[serve]\ncache_entries = 0\n", "utf-8")
    return str(path)
