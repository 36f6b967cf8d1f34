"""Routes for the free-text filter of /api/events on a large file, timed in DuckDB alone (issue 17).

    python scripts/make_events_db.py reports/bench-1m.duckdb --events 1000000
    python bench/text_routes.py reports/bench-1m.duckdb [--terms "town 42,islamist,zzqx"] [--runs 11]

The file is copied to a temporary folder first (a word table is added to the copy, never to the
file). For each term, the median and the second-slowest of ``--runs`` runs, in ms, of:

- ``scan``: the filter the API runs today (``ILIKE`` over evidence, location and both actors) with
  the newest-first top-N of a page;
- ``window newest 5%`` / ``window rest``: the same with the rows split at the 95th percentile of
  ``event_date`` (a page of a common term is full after the first; a rare one needs both);
- ``words: lookup``: the newest 500 events of a word from a table of (word, cluster_id, event_date)
  sorted by word (zone maps prune it to the word's row groups);
- ``words: rows of the ids``: those events' row ids by their cluster ids (the primary key);
- ``words: verify by row id``: the page's filter on just those row ids.

The word routes only help where lookup + rows + verify beat the scan.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

TEXT = "(e.evidence_text ILIKE ? OR e.location ILIKE ? OR e.actor1 ILIKE ? OR e.actor2 ILIKE ?)"
PAGE = "ORDER BY e.event_date DESC NULLS LAST LIMIT 200"
REAL = "e.status IN ('current', 'past')"
ROWS = "SELECT e.rowid, e.event_date FROM merged_events e WHERE"
LOOKUP = "SELECT cluster_id FROM event_words WHERE word = ? ORDER BY event_date DESC LIMIT 500"
ROW_IDS = "SELECT rowid FROM merged_events WHERE cluster_id IN (SELECT unnest(?))"


def timed(con: duckdb.DuckDBPyConnection, sql: str, params: list, runs: int) -> tuple[dict, list]:
    times, rows = [], []
    for _ in range(runs):
        started = time.perf_counter()
        rows = con.execute(sql, params).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "slow_ms": round(times[-2], 1),
        "rows": len(rows),
    }, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--terms", default="town 42,islamist,zzqx")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.duckdb"
        shutil.copyfile(args.db, copy)
        con = duckdb.connect(str(copy))
        con.execute(f"SET threads = {int(args.threads)}")
        started = time.perf_counter()
        con.execute(
            "CREATE TABLE event_words AS SELECT DISTINCT word, cluster_id, event_date FROM (SELECT "
            "unnest(regexp_extract_all(lower(concat_ws(' ', evidence_text, location, actor1, actor2)), "
            "'[a-z0-9]+')) AS word, cluster_id, event_date FROM merged_events) ORDER BY word, event_date DESC"
        )
        con.execute("CHECKPOINT")
        report: dict = {"word_table": {"rows": con.execute("SELECT count(*) FROM event_words").fetchone()[0],
                                       "build_s": round(time.perf_counter() - started, 1)}}  # fmt: skip
        edge = con.execute("SELECT quantile_disc(event_date, 0.95) FROM merged_events").fetchone()[0]
        for term in args.terms.split(","):
            like = [f"%{term}%"] * 4
            out = {}
            out["scan"], _ = timed(con, f"{ROWS} {REAL} AND {TEXT} {PAGE}", like, args.runs)
            for name, cut in (("window newest 5%", ">="), ("window rest", "<")):
                out[name], _ = timed(
                    con,
                    f"{ROWS} {REAL} AND e.event_date {cut} ? AND {TEXT} {PAGE}",
                    [edge, *like],
                    args.runs,
                )
            word = term.split()[-1].lower()
            out["words: lookup"], found = timed(con, LOOKUP, [word], args.runs)
            ids = [r[0] for r in found]
            out["words: rows of the ids"], rids = timed(con, ROW_IDS, [ids], args.runs)
            out["words: verify by row id"], _ = timed(
                con,
                f"{ROWS} e.rowid IN (SELECT unnest(?)) AND {REAL} AND {TEXT} {PAGE}",
                [[r[0] for r in rids], *like],
                args.runs,
            )
            report[term] = out
        con.close()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
