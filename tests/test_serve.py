"""The API and the web page read the same query as the exports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwire.store.store import Store
from eventwire.web import built
from eventwire.web.api import create_app
from tests.helpers import write_report
from tests.test_resolve import BENI, ev


@pytest.fixture
def client(tmp_path):
    db = tmp_path / "e.duckdb"
    with Store(db) as store:
        write_report(
            store,
            "a",
            "Radio Okapi",
            [ev(fatalities=9), ev(place=BENI, sub="Armed clash", status="aggregate")],
        )
        write_report(store, "b", "Reuters", [ev(fatalities=6)])
    return TestClient(create_app(db))


def _events(client, **params):
    return client.get("/api/events", params=params).json()["events"]


def test_events_merged_and_filtered(client):
    events = _events(client)
    assert len(events) == 1 and events[0]["num_articles"] == 2 and events[0]["fatalities"] == 6
    assert len(_events(client, status="all")) == 2
    assert len(_events(client, mentions=True)) == 2
    assert _events(client, country="Kenya") == []
    assert (
        len(_events(client, country="cod"))
        == len(_events(client, country="democratic republic of congo"))
        == 1
    )


def test_export_formats(client):
    csv = client.get("/api/events.acled-csv")
    assert csv.headers["content-type"].startswith("text/csv") and "Goma" in csv.text
    assert client.get("/api/events.geojson").json()["features"][0]["geometry"]["type"] == "Point"
    assert client.get("/api/events.xml").status_code == 422
    assert client.get("/api/events.parquet").content.startswith(b"PAR1")


def test_article_and_page(client):
    assert client.get("/api/articles/a").json()["id"] == "a"
    assert client.get("/api/articles/zzz").status_code == 404
    page = client.get("/")
    if built():
        assert page.status_code == 200 and '<script src="/assets/app.js">' in page.text
    else:  # a checkout without `make setup`: one clear line, and the API still answers
        assert page.status_code == 503 and "make setup" in page.text


def test_missing_database(tmp_path):
    assert TestClient(create_app(tmp_path / "none.duckdb")).get("/api/events").status_code == 503


def test_extract_endpoint_rejects_empty(client):
    assert client.post("/api/extract", json={"text": " "}).status_code == 422
