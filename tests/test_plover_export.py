"""The plover-json export has POLECAT's shape: keys and value types as a hand-written POLECAT record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.io.ingest import make_article
from eventwire.output.export import export_text
from eventwire.output.polecat import actor_object, polecat_record
from eventwire.output.query import EventFilter
from eventwire.pipeline import extract_articles
from eventwire.store.store import Store

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "polecat_record.json").read_text("utf-8"))
POLECAT = {k: v for k, v in FIXTURE.items() if not k.startswith("_")}
TEXTS = [
    "Turkish warplanes struck Kurdish fighters near Qamishli on Saturday, killing four, the monitor said.",
    "Moldova accused Russia on Friday of meddling in its election.",
]


def _same_shape(record: dict, reference: dict) -> None:
    assert set(reference) <= set(record)
    for key, ref in reference.items():
        value = record[key]
        if value is None:
            continue  # a field the text did not give
        assert type(value) is type(ref) or (isinstance(ref, float) and isinstance(value, int)), key
        if isinstance(ref, list):
            for item in value:
                assert set(item) == set(ref[0]) and all(isinstance(v, str | None) for v in item.values())
        if isinstance(ref, dict):
            assert set(value) == set(ref), key


@pytest.fixture(scope="module")
def records():
    articles = [
        make_article(t, id=f"a{i}", published="2024-03-04", source="Example Wire")
        for i, t in enumerate(TEXTS)
    ]
    with Store() as store:
        store.write(zip(articles, extract_articles(articles)))
        return json.loads(export_text(store, "plover-json", EventFilter()))


def test_export_records_have_polecat_keys_and_types(records):
    assert {r["event"] for r in records} >= {"ASSAULT", "ACCUSE"}
    for record in records:
        _same_shape(record, POLECAT)


def test_assault_record_fields(records):
    (strike,) = [r for r in records if r["event"] == "ASSAULT"]
    assert strike["mode"] == "aerial" and strike["dead"] == "4"
    assert "Qamishli" in strike["eventLoc"]["name"] and strike["eventLoc"]["country code"] == "SY"
    assert strike["publication"] == "Example Wire" and strike["date"].startswith("2024-03")


@pytest.mark.parametrize(
    ("name", "text", "inter", "code", "sector"),
    [
        ("Government of Iraq", "Iraq", 1, "IRQ", "GOV"),
        ("Military Forces of Iraq", "Iraqi troops", 1, "IRQ", "MIL"),
        ("Police Forces of Kenya", "police", 1, "KEN", "COP"),
        ("Protesters (Kenya)", "teachers", 6, "KEN", "OPP"),
    ],
)
def test_actor_objects(name, text, inter, code, sector):
    assert actor_object(name, text, inter) == {"actorText": text, "code": code, "sector": sector}


def test_record_of_a_bare_row_keeps_every_key():
    record = polecat_record({"id": "x", "plover_type": "CONSULT"})
    _same_shape(record, POLECAT)
    assert record["source"] == [] and record["eventLoc"] is None
