"""Acceptance: the seed article (../shared/seed), published 2024-02-08 — the foundation issue's list.

The code gets these by general means; the unit tests of each stage use other, hand-written texts.
"""

from __future__ import annotations

import pytest

from eventwire import extract
from eventwire.geo import haversine_km

US_MILITARY = "Military Forces of the United States"


@pytest.fixture(scope="module")
def seed(shared_dir):
    path = shared_dir / "seed" / "iraq-drone-strike-2024-02-08.txt"
    if not path.exists():
        pytest.skip("../shared/seed is absent")
    text = path.read_text("utf-8")
    return text, extract(text, published="2024-02-08").to_dict()


def _events(result, **want):
    return [e for e in result["events"] if all(e.get(k) == v for k, v in want.items())]


def test_current_drone_strike_in_baghdad(seed):
    _, result = seed
    (event,) = _events(result, status="current", sub_event_type="Air/drone strike")
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["disorder_type"] == "Political violence"
    assert event["location"] == "Baghdad" and event["country"] == "Iraq" and event["iso3"] == "IRQ"
    assert haversine_km(event["latitude"], event["longitude"], 33.34, 44.40) < 10
    assert event["actor1"] == US_MILITARY
    assert "Kataib Hezbollah" in event["actor2"]
    assert event["fatalities"] == 1
    assert "2024-02-01" <= event["event_date"] <= "2024-02-08"
    assert event["time_precision"] >= 2  # not exact


def test_jordan_drone_attack_is_past(seed):
    _, result = seed
    (event,) = _events(result, event_date="2024-01-28")
    assert event["sub_event_type"] == "Air/drone strike"
    assert (event["status"], event["fatalities"], event["actor2"]) == ("past", 3, US_MILITARY)
    assert event["country"] == "Jordan"


def test_last_friday_airstrikes(seed):
    _, result = seed
    (event,) = _events(result, event_date="2024-02-02")
    assert (event["status"], event["fatalities"]) == ("past", 40)
    assert event["actor1"] == US_MILITARY
    assert event["country"] in ("Iraq", "Syria")


def test_attacks_since_mid_october_are_one_aggregate(seed):
    _, result = seed
    (event,) = _events(result, status="aggregate", count=160)
    assert event["event_date"] == "2023-10"
    assert len([e for e in result["events"] if e["event_date"] == "2023-10"]) == 1


def test_january_2020_events_are_past(seed):
    _, result = seed
    old = _events(result, event_date="2020-01")
    assert all(e["status"] == "past" for e in old)
    strike = [e for e in old if e["sub_event_type"] == "Air/drone strike"]
    assert len(strike) == 1 and strike[0]["fatalities"] == 2
    assert any("vot" in e["trigger"]["text"] for e in old), "the parliament vote"


def test_talks_are_past_consult(seed):
    _, result = seed
    (talks,) = _events(result, plover_type="CONSULT")
    assert (talks["status"], talks["event_date"]) == ("past", "2024-01")


def test_four_direct_quotes_from_the_spokesman(seed):
    _, result = seed
    direct = [s for s in result["statements"] if s["kind"] == "direct"]
    assert len(direct) == 4
    for statement in direct:
        assert statement["speaker"] == "Yahya Rasool"
        assert statement["speaker_role"] == "Iraqi military spokesman"
        assert statement["speaker_affiliation"] == "Military Forces of Iraq"


def test_nothing_from_the_author_bio(seed):
    text, result = seed
    bio = text.index("Author:")
    assert all(e["evidence"]["start"] < bio for e in result["events"])
    assert all(s["start"] < bio for s in result["statements"])


def test_no_place_from_person_names(seed):
    _, result = seed
    names = {p["text"] for p in result["places"]}
    assert not names & {"Rasool", "Yahya Rasool", "Soleimani", "Qasem Soleimani", "Biden", "Dave DeCamp"}
    assert {"Baghdad", "Iraq", "Syria", "Jordan"} <= names
