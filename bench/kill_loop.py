"""Crash safety under kill -9: `eventwire ingest` and `eventwire load`, killed at random moments.

    .venv/bin/python bench/kill_loop.py --kills 50 --load-kills 10        # ~1 hour on 2 cores
    .venv/bin/python bench/kill_loop.py --kills 10 --load-kills 3         # a quick check

A corpus of short hand-written articles (``--articles``, 200 by default, from the templates
below) is ingested once cleanly, and extracted once with `eventwire run` into Parquet shards that
are loaded once cleanly: the references. Then, ``--kills`` times, an `ingest` into a fresh
database is started and killed with SIGKILL after a random delay (somewhere in a clean run's
wall time, model loading included); the database it left is checked:

* the schema is all there or not there at all, and every table is readable;
* no article id is stored twice;
* every stored article has exactly the events, statements, places, dates and cluster rows the
  clean run stored for it (nothing half-written), and every cluster it is in has its merged row;

then the ingest is re-run to completion and the whole database (merged events included) is
compared with the clean run's. ``--load-kills`` does the same with `eventwire load` of the
shards. Small transactions (``[store] insert_batch``) and shards (``[runs] shard_size``), set
in a settings file of the bench, put many commits in each run, so that kills land between and
inside them. Prints the kills done and the failures found; exits 1 if any failure was found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
EVENTWIRE = [sys.executable, "-m", "eventwire"]
PUBLISHED = "2024-03-08"  # a Friday: "on Tuesday" is 2024-03-05
TABLES = ["articles", "events", "statements", "places", "dates", "event_clusters", "merged_events"]
PER_ARTICLE = ["events", "statements", "places", "dates", "event_clusters"]

# Hand-written templates of short news reports; {slots} are filled from the lists below.
TEMPLATES = [
    "Police fired tear gas at hundreds of protesters in {city} on {day}, injuring {n} people, witnesses "
    "said. "
    "The demonstrators were demanding lower fuel prices. A police spokesman said {m} people were arrested.",
    "Gunmen attacked a village near {city} on {day} night, killing {n} civilians and burning several homes, "
    "local officials said. No group has claimed responsibility for the attack.",
    "Soldiers clashed with rebels outside {city} on {day}, and {n} fighters were killed in the fighting, "
    "the army said in a statement. The rebels said they had repelled the assault.",
    "A roadside bomb exploded near a market in {city} on {day}, killing {n} people and wounding {m} others, "
    "a hospital official told reporters. The blast damaged several shops.",
    "Thousands of teachers marched peacefully through {city} on {day} to demand unpaid salaries, the union "
    "said. The march ended without incident, and the teachers said they would strike next week.",
    "An airstrike hit a fuel depot on the outskirts of {city} on {day}, killing {n} people, residents said. "
    "The military said it had targeted a weapons store used by militants.",
    "Rioters looted shops and set fire to a police station in {city} on {day} after a disputed election "
    "result, and {n} people were injured, the interior ministry said.",
    "Security forces arrested {n} opposition activists during a raid in {city} on {day}, their lawyers said. "
    "The government accused the activists of planning violent protests.",
    "Militants abducted {n} aid workers on the road to {city} on {day}, the United Nations said, calling for "
    "their immediate release. The kidnappers have not made any demands.",
    "Artillery shelling struck residential districts of {city} on {day}, killing {n} civilians, including "
    "children, according to the regional governor, who blamed government forces.",
]
CITIES = ["Nairobi", "Lagos", "Khartoum", "Mogadishu", "Goma", "Aleppo", "Kabul", "Dhaka", "Karachi",
          "Bamako", "Kano", "Beni", "Mosul", "Sanaa", "Tripoli", "Maiduguri", "Juba", "Bunia", "Kandahar",
          "Peshawar", "Quetta", "Ouagadougou", "Niamey", "Gao", "Idlib", "Homs", "Taiz", "Aden", "Benghazi",
          "Kismayo"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


def make_corpus(path: Path, n: int, seed: int) -> None:
    """``n`` articles as JSONL (ids in file order), filled from the templates."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = TEMPLATES[i % len(TEMPLATES)].format(
                city=rng.choice(CITIES), day=rng.choice(DAYS), n=rng.randint(2, 40), m=rng.randint(2, 30)
            )
            title = text.split(",")[0][:80]
            out.write(json.dumps({"id": f"kl-{i:04d}", "title": title, "text": text}) + "\n")


def command(settings: Path, *args: str) -> list[str]:
    return [*EVENTWIRE, "--settings", str(settings), *args]


def run(cmd: list[str], timeout: float = 1800) -> float:
    """Run to completion; its wall time. A failure stops the bench (the references must exist)."""
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return time.monotonic() - started


def kill_after(cmd: list[str], delay: float) -> bool:
    """Start ``cmd``, SIGKILL it after ``delay`` seconds; False when it had finished before."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            start_new_session=True)  # fmt: skip
    try:
        proc.wait(delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes, all at once
        proc.wait()
        return True


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cur = con.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cur.description]
    keep = [i for i, name in enumerate(names) if name != "ingested_at"]  # the only column a re-run changes
    return sorted((tuple(row[i] for i in keep) for row in cur.fetchall()), key=repr)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: _rows(con, table) for table in TABLES}


def by_article(snap: dict[str, list[tuple]]) -> dict[str, dict[str, list[tuple]]]:
    """article id -> table -> its rows (the article id is the first column of each such table)."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for table in ["articles", *PER_ARTICLE]:
        for row in snap[table]:
            out.setdefault(row[0], {t: [] for t in ["articles", *PER_ARTICLE]})[table].append(row)
    return out


def check_killed(db: Path, clean: dict[str, Any]) -> list[str]:
    """What is wrong with the database a kill left (nothing: [])."""
    if not db.exists():
        return []  # killed before the database was created
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            if not present:
                return []  # killed inside the schema's transaction: nothing committed
            if present != set(TABLES):
                return [f"half-built schema: {sorted(set(TABLES) - present)} missing"]
            snap = {table: _rows(con, table) for table in TABLES}
    except duckdb.Error as err:
        return [f"unreadable: {type(err).__name__}: {err}"]
    problems = []
    ids = [row[0] for row in snap["articles"]]
    if len(ids) != len(set(ids)):
        problems.append(f"duplicate article ids: {len(ids) - len(set(ids))}")
    stored, reference = by_article(snap), clean["by_article"]
    for article_id, tables in stored.items():
        if article_id not in reference:
            problems.append(f"{article_id}: not in the clean run")
            continue
        for table, rows in tables.items():
            if rows != reference[article_id][table]:
                problems.append(f"{article_id}: {table} rows differ from the clean run's ({len(rows)} vs "
                                f"{len(reference[article_id][table])})")  # fmt: skip
        if not tables["articles"]:
            problems.append(f"{article_id}: rows without an article")
    merged = {row[0] for row in snap["merged_events"]}
    missing = {row[2] for row in snap["event_clusters"]} - merged
    if missing:
        problems.append(f"{len(missing)} clusters without a merged row")
    return problems


def loop(name: str, cmd_for, kills: int, clean: dict[str, Any], clean_time: float, work: Path,
         rng: random.Random) -> tuple[int, int, list[str]]:  # fmt: skip
    """``kills`` kills of ``cmd_for(db)``; (kills, runs that finished first, failures)."""
    done = early = 0
    failures: list[str] = []
    while done < kills:
        db = work / f"{name}-{done:03d}.duckdb"
        for leftover in (db, Path(f"{db}.wal")):
            leftover.unlink(missing_ok=True)
        delay = rng.uniform(0.05, 1.0) * clean_time
        if not kill_after(cmd_for(db), delay):
            early += 1
            continue
        done += 1
        wrong = check_killed(db, clean)
        stored = 0
        if db.exists() and not wrong:
            with duckdb.connect(str(db), read_only=True) as con:
                has = con.execute(
                    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'articles'"
                ).fetchone()
                stored = con.execute("SELECT count(*) FROM articles").fetchone()[0] if has[0] else 0
        run(cmd_for(db))
        if snapshot(db) != clean["snapshot"]:
            wrong.append("after the re-run the database differs from the clean run's")
        status = "ok" if not wrong else "FAIL: " + "; ".join(wrong[:5])
        print(f"{name} kill {done:3d}/{kills} after {delay:5.1f} s: {stored:4d} articles stored, {status}",
              flush=True)  # fmt: skip
        failures += [f"{name} kill {done}: {w}" for w in wrong]
        db.unlink(missing_ok=True)
    return done, early, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50, help="kills of `eventwire ingest`")
    parser.add_argument("--load-kills", type=int, default=10, help="kills of `eventwire load`")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--processes", type=int, default=1, help="ingest worker processes")
    parser.add_argument("--batch", type=int, default=10, help="[store] insert_batch for the bench")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="eventwire-kill-loop-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = work / "bench-settings.toml"
    settings.write_text(f"[store]\ninsert_batch = {args.batch}\n\n[runs]\nshard_size = 20\n", "utf-8")
    corpus = work / "corpus.jsonl"
    make_corpus(corpus, args.articles, args.seed)

    def ingest(db: Path) -> list[str]:
        return command(settings, "ingest", str(corpus), "--db", str(db), "--published", PUBLISHED, "--quiet",
                       "--processes", str(args.processes))  # fmt: skip

    shards = work / "shards"

    def load(db: Path) -> list[str]:
        return command(settings, "load", str(shards), "--db", str(db))

    clean_db = work / "clean-ingest.duckdb"
    clean_time = run(ingest(clean_db))
    clean = {"snapshot": snapshot(clean_db)}
    clean["by_article"] = by_article(clean["snapshot"])
    n = len(clean["snapshot"]["articles"])
    print(f"clean ingest: {n} articles, {len(clean['snapshot']['events'])} events, "
          f"{len(clean['snapshot']['merged_events'])} merged, in {clean_time:.1f} s", flush=True)  # fmt: skip
    started = time.monotonic()
    kills, early, failures = loop("ingest", ingest, args.kills, clean, clean_time, work, rng)

    load_kills = load_early = 0
    if args.load_kills:
        run(command(settings, "run", str(corpus), "--out", str(shards), "--workers", str(args.processes)))
        clean_load_db = work / "clean-load.duckdb"
        load_time = run(load(clean_load_db))
        clean_load = {"snapshot": snapshot(clean_load_db)}
        clean_load["by_article"] = by_article(clean_load["snapshot"])
        print(f"clean load: {len(clean_load['snapshot']['articles'])} articles from "
              f"{len(list(shards.glob('*.parquet')))} shards in {load_time:.1f} s", flush=True)  # fmt: skip
        load_kills, load_early, load_failures = loop(
            "load", load, args.load_kills, clean_load, load_time, work, rng
        )
        failures += load_failures

    print(f"\nkills done: {kills} ingest + {load_kills} load = {kills + load_kills} "
          f"({early + load_early} runs finished before their kill were not counted) in "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    print(f"failures found: {len(failures)}")
    for failure in failures[:50]:
        print("  " + failure)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
