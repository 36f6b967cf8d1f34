"""Make a synthetic eventwire database of N events for the workbench benchmarks (bench/web_*.py).

    python scripts/make_events_db.py reports/bench-1m.duckdb --events 1000000

Schema from :class:`eventwire.store.store.Store`; the rows are made in DuckDB (seconds for 1M): events
over ten years, 20 countries, the six ACLED event types, a tenth placed only in a country, one
article per ten events (each event is one mention of its article, merged on its own), seeded so
that every run makes the same file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventwire.records import Event  # noqa: E402
from eventwire.store.clusters import fill_signatures  # noqa: E402
from eventwire.store.schema import record_columns  # noqa: E402
from eventwire.store.store import Store  # noqa: E402

COUNTRIES = [
    ("Democratic Republic of Congo", "COD", -4.3, 15.3),
    ("Somalia", "SOM", 2.0, 45.3),
    ("Syria", "SYR", 33.5, 36.3),
    ("Yemen", "YEM", 15.4, 44.2),
    ("Iraq", "IRQ", 33.3, 44.4),
    ("Nigeria", "NGA", 9.1, 7.5),
    ("Mali", "MLI", 12.6, -8.0),
    ("Sudan", "SDN", 15.6, 32.5),
    ("Ukraine", "UKR", 50.4, 30.5),
    ("Afghanistan", "AFG", 34.5, 69.2),
    ("Myanmar", "MMR", 19.7, 96.1),
    ("Ethiopia", "ETH", 9.0, 38.7),
    ("Mexico", "MEX", 19.4, -99.1),
    ("Colombia", "COL", 4.7, -74.1),
    ("Pakistan", "PAK", 33.7, 73.0),
    ("Burkina Faso", "BFA", 12.4, -1.5),
    ("Libya", "LBY", 32.9, 13.2),
    ("Cameroon", "CMR", 3.9, 11.5),
    ("Philippines", "PHL", 14.6, 121.0),
    ("Haiti", "HTI", 18.5, -72.3),
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Arrests"),
]
ACTORS = ["Military Forces", "Police Forces", "Rebel Group", "Islamist Militia", "Protesters", "Rioters",
          "Civilians", "Unidentified Armed Group", "Communal Militia", "Government"]  # fmt: skip


def build(path: Path, events: int, per_article: int = 10) -> None:
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    Store(path).close()
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("SELECT setseed(0.17)")
    con.execute(
        "CREATE TEMP TABLE countries (k INTEGER, country VARCHAR, iso3 VARCHAR, lat DOUBLE, lon DOUBLE)"
    )
    con.executemany(
        "INSERT INTO countries VALUES (?, ?, ?, ?, ?)", [(i, *c) for i, c in enumerate(COUNTRIES)]
    )
    con.execute("CREATE TEMP TABLE types (k INTEGER, event_type VARCHAR, sub VARCHAR)")
    con.executemany("INSERT INTO types VALUES (?, ?, ?)", [(i, *t) for i, t in enumerate(TYPES)])
    con.execute("CREATE TEMP TABLE actors (k INTEGER, name VARCHAR)")
    con.executemany("INSERT INTO actors VALUES (?, ?)", list(enumerate(ACTORS)))
    n_articles = (events + per_article - 1) // per_article
    con.execute(
        f"""CREATE TEMP TABLE gen AS SELECT i, i // {per_article} AS a, i % {per_article} AS idx,
        (hash(i) % {len(COUNTRIES)})::INTEGER AS ck, (hash(i * 7 + 1) % {len(TYPES)})::INTEGER AS tk,
        (hash(i * 13 + 2) % 10)::INTEGER AS ak, (hash(i * 17 + 3) % 10)::INTEGER AS bk,
        (DATE '2015-01-01' + ((hash(i * 31 + 4) % 3650)::INTEGER))::VARCHAR AS day,
        (hash(i * 37 + 5) % 10)::INTEGER AS prec, random() AS r1, random() AS r2, random() AS r3
        FROM range({events}) t(i)"""
    )
    cols = [n for n, _ in record_columns(Event)]
    exprs = {
        "event_type": "t.event_type",
        "sub_event_type": "t.sub",
        "disorder_type": "'Political violence'",
        "status": "CASE WHEN g.prec = 9 THEN 'aggregate' ELSE 'current' END",
        "event_date": "g.day",
        "time_precision": "CASE WHEN g.prec < 8 THEN 1 ELSE 2 END",
        "actor1": "x.name || ' (' || c.country || ')'",
        "actor2": "y.name || ' (' || c.country || ')'",
        "inter1": "g.ak % 8 + 1",
        "inter2": "g.bk % 8 + 1",
        "location": "CASE WHEN g.prec = 0 THEN c.country ELSE 'Town ' || (hash(g.i * 41) % 500)::VARCHAR END",
        "admin1": "CASE WHEN g.prec = 0 THEN NULL ELSE 'Province ' || (hash(g.i * 43) % 12)::VARCHAR END",
        "country": "c.country",
        "iso3": "c.iso3",
        "latitude": "CASE WHEN g.prec = 0 THEN c.lat ELSE round(c.lat + (g.r1 - 0.5) * 6, 4) END",
        "longitude": "CASE WHEN g.prec = 0 THEN c.lon ELSE round(c.lon + (g.r2 - 0.5) * 6, 4) END",
        "geo_precision": "CASE WHEN g.prec = 0 THEN 3 WHEN g.prec = 1 THEN 2 ELSE 1 END",
        "fatalities": "floor(pow(g.r3, 4) * 60)::BIGINT",
        "evidence_text": "x.name || ' attacked ' || y.name || ' near Town ' "
        "|| (hash(g.i * 41) % 500)::VARCHAR",
        "evidence_start": "0",
        "evidence_end": "60",
        "trigger_text": "'attacked'",
        "trigger_start": "10",
        "trigger_end": "18",
        "confidence": "0.8",
        "provenance": "'{}'",
    }
    select = ", ".join(exprs.get(n, "NULL") for n in cols)
    source = (
        "FROM gen g JOIN countries c ON c.k = g.ck JOIN types t ON t.k = g.tk "
        "JOIN actors x ON x.k = g.ak JOIN actors y ON y.k = g.bk"
    )
    con.execute(f"INSERT INTO events SELECT 'art-' || g.a::VARCHAR, g.idx, {select} {source}")
    con.execute(
        "INSERT INTO event_clusters SELECT article_id, idx, article_id || '#' || idx::VARCHAR FROM events"
    )
    quoted = ", ".join(f'"{n}"' for n in cols)
    con.execute(
        f"INSERT INTO merged_events (cluster_id, {quoted}, num_mentions, num_articles, num_sources, "
        f"mentions, sources) SELECT article_id || '#' || idx::VARCHAR, {quoted}, 1, 1, 1, "
        "to_json([article_id || '#' || idx::VARCHAR]), "
        "to_json(['Wire ' || (hash(article_id) % 40)::VARCHAR]) "
        "FROM events"
    )
    con.execute(
        f"""INSERT INTO articles SELECT 'art-' || a::VARCHAR, md5(a::VARCHAR), 'Report ' || a::VARCHAR,
        (DATE '2015-01-01' + ((hash(a * 3) % 3650)::INTEGER))::VARCHAR, 'input',
        'https://wire-' || (hash(a) % 40)::VARCHAR || '.example/' || a::VARCHAR,
        'Wire ' || (hash('art-' || a::VARCHAR) % 40)::VARCHAR, NULL, 'synthetic',
        'Synthetic report ' || a::VARCHAR || ': fighting was reported; officials said several people died.',
        now()::TIMESTAMP FROM range({n_articles}) t(a)"""
    )
    fill_signatures(con)
    con.execute("CHECKPOINT")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.path, args.events)
    size = args.path.stat().st_size / 1e6
    print(f"{args.events:,} events in {args.path} ({size:.0f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
