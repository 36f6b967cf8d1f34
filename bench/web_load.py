"""Mixed API queries under load on loopback: requests/s, p50/p99 and errors, optionally while an
ingest writes the same file (floor: >= 200 req/s for 60 s, p99 < 200 ms, no errors, no 5xx).

    python bench/web_load.py reports/bench-100k.duckdb --seconds 60 [--concurrency 16] [--ingest 20]

``--ingest N``: a shared writer (what ``eventwire ingest`` opens) stores N batches of 200 synthetic
articles in the same file meanwhile (bounded in count; loopback only).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_common import ROOT, Served, no_cache_settings, percentile  # noqa: E402

MIX = [
    ("/api/events", {"limit": 50}),
    ("/api/events", {"limit": 50, "country": "syria"}),
    ("/api/events", {"limit": 50, "event_type": "protests", "since": "2022-01-01"}),
    ("/api/events", {"limit": 50, "bbox": "30,30,40,40", "sort": "-fatalities"}),
    ("/api/events", {"limit": 50, "actor": "police"}),
    ("/api/events/art-{n}%23{m}", {}),
    ("/api/articles/art-{n}", {}),
    ("/api/timeline", {"country": "YEM"}),
    ("/api/points", {"country": "HTI", "since": "2024-01-01"}),
    ("/api/statements", {"limit": 20}),
]

WRITER = """
import sys, time
from eventwire.records import Article, ArticleResult, Event, Source
from eventwire.pipeline import text_hash
from eventwire.store.store import Store
db, batches = sys.argv[1], int(sys.argv[2])
with Store(db, share=True) as store:
    for b in range(batches):
        batch = []
        for i in range(200):
            text = f"ingest bench {b}-{i}: clashes were reported near Town {i}."
            day = f"2025-{1 + b % 12:02d}-{1 + i % 28:02d}"
            e = Event("Battles", "Armed clash", "Political violence", event_date=day, time_precision=1,
                      location=f"Town {i}", country="Mali", iso3="MLI", latitude=12 + i / 100,
                      longitude=-8 + b / 100, geo_precision=1, evidence=Source(text, 0, len(text)))
            result = ArticleResult(id=f"ing-{b}-{i}", title=None, published="2025-01-01", url=None,
                                   source="Bench", events=[e], text_hash=text_hash(text))
            batch.append((Article(id=f"ing-{b}-{i}", text=text), result))
        started = time.perf_counter()
        store.write(batch)
        print(f"batch {b}: {time.perf_counter() - started:.2f} s", flush=True)
        time.sleep(0.5)
"""


async def run(url: str, seconds: float, concurrency: int, articles: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    kinds: dict[str, int] = {}  # the client's errors by kind (a timeout, a connection the server closed)
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            k = next(counter)
            path, params = MIX[k % len(MIX)]
            path = path.format(n=(k * 7919) % articles, m=k % 10)
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            except httpx.HTTPError as exc:
                errors += 1
                kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    rate = round(len(latencies) / elapsed, 1)
    return {"seconds": round(elapsed, 1), "requests": len(latencies), "req_per_s": rate,
            "p50_ms": round(percentile(latencies, 50), 1), "p99_ms": round(percentile(latencies, 99), 1),
            "statuses": statuses, "errors": errors, "error_kinds": kinds,
            "server_errors": sum(n for s, n in statuses.items() if s >= 500)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--ingest", type=int, default=0, help="batches an ingest writes meanwhile")
    parser.add_argument("--no-cache", action="store_true", help="turn the server's answer cache off")
    args = parser.parse_args()
    import duckdb

    with duckdb.connect(args.db, read_only=True) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    writer = None
    with Served(args.db, no_cache_settings() if args.no_cache else None) as url:
        if args.ingest:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            writer = subprocess.Popen([sys.executable, "-c", WRITER, args.db, str(args.ingest)], env=env)
        try:
            report = asyncio.run(run(url, args.seconds, args.concurrency, articles))
        finally:
            if writer is not None:
                report_writer = writer.wait(600)
                report["ingest_exit"] = report_writer
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
