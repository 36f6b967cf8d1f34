"""Store and exports on hand-built results (no parsing): idempotent writes, one read path."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from eventwire.output.export import EXPORTERS, export_text
from eventwire.output.formats_parquet import export_parquet
from eventwire.output.query import EventFilter, page_events, query_events
from eventwire.pipeline import text_hash
from eventwire.records import Article
from eventwire.store.store import Store
from eventwire.store.textsig import SIG_COLUMNS, mask, signature
from tests.helpers import STORE_TEXT, sample_article, sample_result


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def test_write_is_idempotent(store):
    article = sample_article()
    assert store.write([(article, sample_result(article))]) == 1
    assert store.write([(article, sample_result(article))]) == 0
    assert [store.count(t) for t in ("articles", "events", "statements", "places", "dates")] == [
        1,
        1,
        1,
        1,
        1,
    ]


def test_changed_text_replaces_rows(store):
    article = sample_article()
    store.write([(article, sample_result(article))])
    changed = sample_article(text=STORE_TEXT + " More later.")
    store.write([(changed, sample_result(changed, fatalities=7))])
    assert store.count("articles") == 1
    assert [e["fatalities"] for e in query_events(store)] == [7]


def test_failed_batch_rolls_back(store):
    good = sample_article("good")
    broken = sample_result(sample_article("bad"))
    broken.events[0].latitude = "not a number"  # type: ignore[assignment]
    with pytest.raises(duckdb.Error):
        store.write([(good, sample_result(good)), (sample_article("bad"), broken)])
    assert store.count("articles") == 0 and store.count("events") == 0


def test_filters_and_statuses(store):
    a, b = sample_article("a"), sample_article("b", STORE_TEXT + " b")
    store.write([(a, sample_result(a)), (b, sample_result(b, status="aggregate"))])
    assert len(query_events(store)) == 1  # ACLED default: current and past only
    assert len(query_events(store, EventFilter(statuses=None))) == 2
    assert query_events(store, EventFilter(statuses=None, since="2024-03-05")) == []


def test_acled_csv_columns(store):
    article = sample_article()
    store.write([(article, sample_result(article))])
    rows = list(csv.DictReader(io.StringIO(export_text(store, "acled-csv"))))
    assert rows[0]["event_type"] == "Explosions/Remote violence"
    assert rows[0]["interaction"] == "27"
    assert rows[0]["iso"] == "COD" and rows[0]["fatalities"] == "5"
    assert rows[0]["civilian_targeting"] == "Civilian targeting"


def test_jsonl_round_trips_the_contract(store):
    article = sample_article()
    store.write([(article, sample_result(article))])
    result = json.loads(export_text(store, "jsonl").splitlines()[0])
    event = result["events"][0]
    assert event["evidence"] == {"text": STORE_TEXT[:55], "start": 0, "end": 55}
    assert event["provenance"]["fatalities"]["text"] == "five"
    assert result["statements"][0]["kind"] == "indirect"
    assert result["places"][0]["geonameid"] == 212902
    assert result["dates"][0]["value"] == "2024-03-04"


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_text_format_renders(store, fmt):
    article = sample_article()
    store.write([(article, sample_result(article))])
    assert export_text(store, fmt).strip()


def test_geojson_and_parquet(store, tmp_path):
    import pyarrow.parquet as pq

    article = sample_article()
    store.write([(article, sample_result(article))])
    feature = json.loads(export_text(store, "geojson"))["features"][0]
    assert feature["geometry"]["coordinates"] == [29.22, -1.67]
    assert export_parquet(store, str(tmp_path / "e.parquet"), EventFilter()) == 1
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 1


def test_reopen_file_database(tmp_path):
    path = tmp_path / "e.duckdb"
    article = sample_article()
    with Store(path) as s:
        s.write([(article, sample_result(article))])
    with Store(path, read_only=True) as s:
        assert s.has_article("a1", text_hash(STORE_TEXT))


def _merged(store: Store) -> list[tuple]:
    return [tuple(r.values()) for r in store.query("SELECT * FROM merged_events ORDER BY cluster_id")]


def test_merged_rows_do_not_depend_on_rebuild_chunks(monkeypatch):
    """Clusters rebuilt a few mentions at a time give the rows rebuilt all at once."""
    import eventwire.store.clusters as clusters_module

    batches = []
    for start in range(0, 12, 4):
        batch = []
        for i in range(start, start + 4):
            article = sample_article(f"a{i:02d}", f"{STORE_TEXT} {i}")
            result = sample_result(article, fatalities=5 + i % 3)
            if i % 3 == 0:  # a second event, far away: its own cluster
                result.events[0].iso3, result.events[0].country = "RWA", "Rwanda"
            batch.append((article, result))
        batches.append(batch)

    def merged_after_writes() -> list[tuple]:
        with Store() as s:
            for batch in batches:
                s.write(batch)
            assert s.count("merged_events") == 2
            return _merged(s)

    whole = merged_after_writes()
    monkeypatch.setattr(clusters_module, "_MERGE_ROWS", 2)
    monkeypatch.setattr(clusters_module, "_MERGE_CHUNK", 1)
    assert merged_after_writes() == whole


def test_a_writing_connection_is_lean(tmp_path):
    """One thread and a bounded page cache (settings.toml [store]): memory stays flat over an ingest."""
    with Store(tmp_path / "lean.duckdb") as store:
        threads = store.con.execute("SELECT current_setting('threads')").fetchone()[0]
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert int(threads) == 1 and limit == "488.2 MiB"  # 512 MB


def test_a_file_an_older_version_made_takes_new_fields(tmp_path):
    """Regression: a field added to Event (plover_quad) made every write to an older file fail with
    "merged_events has 43 columns but 44 values were supplied"; its columns are added, rows go in by name."""
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.write([(Article(id="a1", text=STORE_TEXT), sample_result(Article(id="a1", text=STORE_TEXT)))])
    with duckdb.connect(str(path)) as con:  # as an older version left it: no plover_quad anywhere
        for table in ("events", "merged_events"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN plover_quad")
    second = Article(id="a2", text=STORE_TEXT + " Later.")
    with Store(path) as s:
        s.write([(second, sample_result(second))])
        rows = query_events(s, EventFilter(mentions=True))
    assert {r["article_id"] for r in rows} == {"a1", "a2"}
    assert all("plover_quad" in r for r in rows)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("goma", True),  # the place, in any case
        ("M23: MARCH", True),  # the actor
        ("shelled goma on", True),  # the evidence sentence
        ("goma m23", False),  # a phrase never spans two fields
        ("g_ma", False),  # _ and % are themselves, not wildcards
        ("100%", False),
    ],
)
def test_free_text_filter(store, text, found):
    article = sample_article()
    store.write([(article, sample_result(article))])
    assert bool(query_events(store, EventFilter(text=text))) is found
    assert bool(query_events(store, EventFilter(text=text, mentions=True))) is found
    for sort in ("-event_date", "fatalities", "location"):  # the page path: trigram prefilter, then ILIKE
        assert bool(page_events(store, EventFilter(text=text, sort=sort))[0]) is found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Shelling in Goma", "GOMA"),
        ("İstanbul police", "istanbul"),  # DuckDB lowers İ to i; Python's str.lower to i + a dot
        ("İstanbul police", "stanbul"),
        ("Ärzte ohne Grenzen", "ärzte"),
        ("ÄRZTE OHNE GRENZEN", "Ärzte ohne"),
        ("\u212aELVIN units", "kelvin"),  # the Kelvin sign lowers to k
        ("Łódź protest", "łódź PROTEST"),
        ("Kyiv — Kharkiv", "— kh"),
        ("ǅemal Bijedić", "ǆemal bijedić"),
    ],
)
def test_a_text_signature_never_rules_out_what_ilike_keeps(text, value):
    """The prefilter is exact only if every text that ILIKE matches has every bit of the value's mask."""
    assert duckdb.execute("SELECT ? ILIKE ?", [text, f"%{value}%"]).fetchone()[0]
    bits = mask(value)
    assert bits is not None
    assert all(s & m == m for s, m in zip(signature([text]), bits, strict=True))


def test_a_file_made_before_text_signatures_gets_them_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.write([(Article(id="a1", text=STORE_TEXT), sample_result(Article(id="a1", text=STORE_TEXT)))])
    with duckdb.connect(str(path)) as con:  # as an older version left it: no signature columns
        for column in SIG_COLUMNS:
            con.execute(f"ALTER TABLE merged_events DROP COLUMN {column}")
    with Store(path, read_only=True) as s:  # a server's read-only open heals the file
        assert s.query(f"SELECT count(*) AS n FROM merged_events WHERE {SIG_COLUMNS[0]} IS NULL")[0]["n"] == 0
        rows, _ = page_events(s, EventFilter(text="goma"))
    assert rows and not any(c in rows[0] for c in SIG_COLUMNS)
