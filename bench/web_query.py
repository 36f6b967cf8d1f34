"""p50/p95 of filtered /api/events pages over HTTP on loopback (floor: p95 < 50 ms on 1M events).

    python scripts/make_events_db.py reports/bench-1m.duckdb --events 1000000
    python bench/web_query.py reports/bench-1m.duckdb [--rounds 30]

One client, one request at a time, each query of QUERIES in turn (after one warm-up round), with
the server's answer cache off (``--cache`` keeps it on).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_common import Served, no_cache_settings, percentile  # noqa: E402

QUERIES = {
    "newest": {},
    "country name": {"country": "syria"},
    "country iso3": {"country": "som"},
    "type + dates": {"event_type": "battles", "since": "2020-01-01", "until": "2020-12-31"},
    "sub-type": {"sub_event_type": "air/drone strike"},
    "actor": {"actor": "islamist"},
    "bbox": {"bbox": "30,30,40,40"},
    "by fatalities": {"sort": "-fatalities", "country": "YEM"},
    "status all": {"status": "all", "since": "2024-01-01"},
    "text": {"text": "town 42"},
}

NEXT_PAGE = ("newest", "country name", "type + dates", "by fatalities")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--cache", action="store_true", help="keep the answer cache on (default: off)")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in QUERIES}
    settings = None if args.cache else no_cache_settings()
    with Served(args.db, settings) as url, httpx.Client(base_url=url, timeout=60) as client:
        for round_ in range(args.rounds + 1):
            for name, params in QUERIES.items():
                started = time.perf_counter()
                response = client.get("/api/events", params={"limit": 100, **params})
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, response.text
                if round_:
                    times[name].append(elapsed)
                cursor = response.json()["next_cursor"]
                if name in NEXT_PAGE and cursor and round_:  # the page after, by its cursor
                    started = time.perf_counter()
                    following = client.get("/api/events", params={"limit": 100, "cursor": cursor, **params})
                    assert following.status_code == 200, following.text
                    times.setdefault(f"{name}, next page", []).append((time.perf_counter() - started) * 1000)
    every = [t for values in times.values() for t in values]
    report = {name: {"p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1)}
              for name, v in times.items()}  # fmt: skip
    report["all"] = {"p50_ms": round(percentile(every, 50), 1), "p95_ms": round(percentile(every, 95), 1),
                     "requests": len(every)}  # fmt: skip
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
