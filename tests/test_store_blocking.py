"""Cross-article clustering reads its candidate clusters once per chunk (Store._blocks) and keeps them
up to date in memory: a chunk must cluster exactly as the same articles written one at a time."""

from __future__ import annotations

import pytest

from eventwire.pipeline import text_hash
from eventwire.records import Article, ArticleResult, Event, Source
from eventwire.store.store import Store

GAO = {"location": "Gao", "admin1": "Gao", "country": "Mali", "iso3": "MLI", "latitude": 16.27,
       "longitude": -0.04, "geo_precision": 1}  # fmt: skip


def _report(article_id: str, day: str, version: int = 0, **changes) -> tuple[Article, ArticleResult]:
    text = f"Soldiers clashed with militants near Gao on {day} ({article_id}, version {version})."
    fields = {"event_date": day, "time_precision": 1, "actor1": "Military Forces of Mali (2021-)",
              "actor2": "JNIM: Group for Support of Islam and Muslims", "fatalities": 3, **GAO, **changes}  # fmt: skip
    event = Event(
        "Battles", "Armed clash", "Political violence", evidence=Source(text, 0, len(text)), **fields
    )
    result = ArticleResult(id=article_id, title=None, published=day, url=None, source=f"Wire {article_id}",
                           events=[event], text_hash=text_hash(text))  # fmt: skip
    return Article(id=article_id, text=text, source=result.source), result


def _corpus() -> list[tuple[Article, ArticleResult]]:
    """In article-id order (the order a chunk's mentions are clustered in): 30 reports of one clash
    (more than the 25 members a new mention is checked against), reports of a clash two days later
    and of one elsewhere, a future clash, a report placed only in the country."""
    reports = [_report(f"r{i:02d}", "2024-03-04") for i in range(30)]
    reports += [_report(f"s{i}", "2024-03-06") for i in range(3)]
    reports += [_report("t0", "2024-03-04", location="Mopti", latitude=14.49, longitude=-4.2)]
    reports += [_report("u0", "2024-03-04", status="future")]
    reports += [_report("v0", "2024-03-04", location="Mali", admin1=None, geo_precision=3)]
    return reports


# written after the corpus: a report whose id sorts before every member (it becomes the cluster's
# first member for the reports after it), another report, and an article rewritten with another date
LATER = [_report("a0", "2024-03-04"), _report("q0", "2024-03-04"), _report("r05", "2024-03-06", version=1)]


def _clusters(batches: list[list[tuple[Article, ArticleResult]]]) -> tuple[list, list]:
    with Store(":memory:") as store:
        for batch in batches:
            store.write(batch)
        return (
            store.query("SELECT * FROM event_clusters ORDER BY ALL"),
            store.query("SELECT * FROM merged_events ORDER BY cluster_id"),
        )


@pytest.mark.parametrize("chunk", [2, 7, 25, 100])
def test_a_chunk_clusters_as_articles_written_one_at_a_time(chunk):
    corpus = _corpus()
    one_by_one = _clusters([[item] for item in corpus + LATER])
    chunked = _clusters([corpus[i : i + chunk] for i in range(0, len(corpus), chunk)] + [LATER])
    assert chunked == one_by_one
    sizes = sorted(r["num_mentions"] for r in one_by_one[1])
    assert sizes[-1] >= 26  # one cluster grew past the sample the linkage check reads


def test_markers_of_dead_readers_are_removed(tmp_path):
    import subprocess
    import sys

    from eventwire.store.locking import live_readers

    db = tmp_path / "events.duckdb"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f"events.duckdb.reader.{gone.stdout.strip()}"  # a server killed before it closed
    dead.touch()
    assert live_readers(str(db)) is False
    assert not dead.exists()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as child:
        live = tmp_path / f"events.duckdb.reader.{child.pid}"
        live.touch()
        try:
            assert live_readers(str(db)) is True
            assert live.exists()
        finally:
            child.kill()
