"""End to end: twelve hand-written reports of three real-world events come out as three events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.io.corpus import ingest
from eventwire.output.query import query_events
from eventwire.store.store import Store

CORPUS = Path(__file__).parent / "fixtures" / "dedupe_corpus.jsonl"


@pytest.fixture(scope="module")
def store():
    with Store() as s:
        ingest([CORPUS], s, n_process=1)
        yield s


def test_three_events_each_from_four_reports(store):
    gold = {}
    for line in CORPUS.read_text("utf-8").splitlines():
        obj = json.loads(line)
        gold.setdefault(obj["gold_event"], set()).add(obj["id"])
    events = [e for e in query_events(store) if e["event_type"]]
    assert len(events) == 3
    clusters = store.query(
        "SELECT cluster_id, list(DISTINCT article_id) AS ids FROM event_clusters GROUP BY 1"
    )
    found = {frozenset(c["ids"]) for c in clusters if c["cluster_id"] in {e["id"] for e in events}}
    assert found == {frozenset(ids) for ids in gold.values()}
    for event in events:
        assert event["num_articles"] == 4 and event["num_sources"] == 4


def test_merged_fields_are_conservative_and_precise(store):
    events = {e["location"]: e for e in query_events(store) if e["event_type"]}
    assert events["Mogadishu"]["fatalities"] == 7  # reports say 7, at least 9, 8, at least 7
    assert events["Kharkiv"]["fatalities"] == 4
    assert events["Kharkiv"]["event_date"] == "2025-03-09" and events["Kharkiv"]["time_precision"] == 1
    assert events["Nairobi"]["event_type"] == "Protests"


def test_reingest_adds_nothing(store):
    before = (store.count("events"), store.count("merged_events"))
    report = ingest([CORPUS], store, n_process=1)
    assert report.skipped == 12 and report.written == 0
    assert (store.count("events"), store.count("merged_events")) == before
