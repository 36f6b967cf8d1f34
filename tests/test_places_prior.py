"""The corpus's country prior: unplaced events of a one-country corpus take its country, at the
country level, with the share as provenance and no span; placed events are never touched."""

from __future__ import annotations

import json

import pytest

from eventwire.fields.places.prior import apply_country_prior, country_prior
from eventwire.pipeline import text_hash
from eventwire.records import PRIOR_PROVENANCE, Article, ArticleResult, Event, Source
from eventwire.settings import use_settings_file
from eventwire.store.store import Store


@pytest.mark.parametrize(
    "counts, iso3, share",
    [
        ({"KEN": 17, "SOM": 3}, "KEN", 0.85),  # 20 placed events, one country holds most
        ({"KEN": 12, "SOM": 8}, "KEN", 0.6),  # exactly the share asked for
        ({"KEN": 11, "SOM": 9}, None, None),  # below it
        ({"KEN": 19}, None, None),  # too few placed events to say
        ({"IND": 41, "PAK": 30, "BGD": 29}, None, None),  # a region's feed: no country dominates
        ({}, None, None),
    ],
)
def test_prior_needs_a_dominant_country_and_enough_events(counts, iso3, share):
    prior = country_prior(counts)
    assert (prior.iso3 if prior else None, prior.share if prior else None) == (iso3, share)


def test_the_prior_can_be_turned_off(tmp_path):
    user = tmp_path / "user.toml"
    user.write_text("[places]\ncorpus_prior = false\n")
    use_settings_file(str(user))
    try:
        assert country_prior({"KEN": 50}) is None
    finally:
        use_settings_file(None)


def _event(iso3: str | None = None, location: str | None = None) -> Event:
    event = Event(event_type="Protests", sub_event_type="Peaceful protest", disorder_type="Demonstrations")
    if iso3:
        event.iso3, event.location, event.geo_precision = iso3, location, 1
        event.provenance["location"] = Source(location or "", 0, 4, 0.9)
    return event


def _result(i: int, events: list[Event]) -> tuple[Article, ArticleResult]:
    text = f"note {i}"
    article = Article(id=f"n{i}", text=text)
    return article, ArticleResult(
        id=article.id, title=None, published="2024-03-05", url=None, source=None, events=events,
        text_hash=text_hash(text),
    )  # fmt: skip


def test_unplaced_events_take_the_corpus_country_at_country_level():
    results = [_result(i, [_event("KEN", "Kisumu")])[1] for i in range(18)]
    results += [_result(18, [_event("SOM", "Kismayo")])[1], _result(19, [_event("UGA", "Gulu")])[1]]
    unplaced = _event()
    results.append(_result(20, [unplaced])[1])
    prior = apply_country_prior(results)
    assert (prior.iso3, prior.share, prior.located) == ("KEN", 0.9, 20)
    assert (unplaced.location, unplaced.country, unplaced.iso3) == ("Kenya", "Kenya", "KEN")
    assert unplaced.admin1 is None and unplaced.geo_precision == 3 and unplaced.latitude is not None
    source = unplaced.provenance[PRIOR_PROVENANCE]
    assert (source.text, source.start, source.end, source.confidence) == ("", 0, 0, 0.9)
    assert "location" not in unplaced.provenance
    assert results[18].events[0].iso3 == "SOM"  # placed by its text: kept


def test_a_mixed_corpus_leaves_unplaced_events_alone():
    results = [_result(i, [_event(("KEN", "SOM", "UGA")[i % 3], "X")])[1] for i in range(30)]
    unplaced = _event()
    results.append(_result(30, [unplaced])[1])
    assert apply_country_prior(results) is None
    assert unplaced.iso3 is None and PRIOR_PROVENANCE not in unplaced.provenance


def _stored(store: Store, article_id: str) -> dict:
    return store.query(
        "SELECT iso3, geo_precision, admin1, provenance FROM events WHERE article_id = ?", [article_id]
    )[0]


def test_the_store_follows_the_prior_as_the_corpus_grows():
    with Store() as store:
        store.write([_result(0, [_event()])])
        assert _stored(store, "n0")["iso3"] is None  # nothing to go by yet
        store.write([_result(i, [_event("KEN", "Kisumu")]) for i in range(1, 21)])
        row = _stored(store, "n0")
        assert (row["iso3"], row["geo_precision"], row["admin1"]) == ("KEN", 3, None)
        assert json.loads(row["provenance"])[PRIOR_PROVENANCE]["confidence"] == 1.0
        merged = store.query("SELECT iso3 FROM merged_events WHERE mentions LIKE '%n0#0%'")
        assert merged == [{"iso3": "KEN"}]
        store.write([_result(i, [_event("UGA", "Gulu")]) for i in range(21, 41)])  # now half Uganda
        row = _stored(store, "n0")
        assert row["iso3"] is None and json.loads(row["provenance"]) == {}
        assert store.query("SELECT count(*) AS n FROM events WHERE iso3 = 'KEN'") == [{"n": 20}]
        assert store.query("SELECT iso3 FROM merged_events WHERE mentions LIKE '%n0#0%'") == [{"iso3": None}]


@pytest.mark.parametrize(
    "name, old, new, expected",
    [
        ("Protesters", None, "KE", "Protesters (Kenya)"),  # coded with no country
        ("Police Forces", None, "KE", "Police Forces of Kenya"),
        ("Unidentified Armed Group (Nigeria)", "NG", "CM", "Unidentified Armed Group (Cameroon)"),
        ("Civilians (Nigeria)", "NG", "CM", "Civilians (Cameroon)"),
        ("Military Forces of Nigeria", "NG", "CM", "Military Forces of Nigeria"),  # the text named them
        ("Protesters (Kenya)", "KE", None, "Protesters"),  # the move undone
        ("Police Forces of Kenya", "KE", None, "Police Forces"),
        ("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "NG", "CM",
         "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),  # a named actor keeps its name
        (None, None, "KE", None),
    ],
)  # fmt: skip
def test_role_actors_follow_the_event_to_its_new_country(name, old, new, expected):
    from eventwire.fields.actors import recountry

    assert recountry(name, old, new) == expected


def _guessed(iso3: str, country: str, weight: float) -> Event:
    """An event placed at a country its text never names, on evidence of ``weight``."""
    event = _event()
    event.iso3, event.country, event.location, event.geo_precision = iso3, country, country, 3
    event.provenance["location"] = Source(country, 0, 0, weight)
    event.actor1, event.actor2 = "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"
    return event


def test_a_country_guessed_on_weak_evidence_yields_to_the_prior():
    results = [_result(i, [_event("CMR", "Kousseri")])[1] for i in range(20)]
    weak, demonym = _guessed("NGA", "Nigeria", 0.05), _guessed("NGA", "Nigeria", 0.3)
    results.append(_result(20, [weak, demonym])[1])
    prior = apply_country_prior(results)
    assert (prior.iso3, prior.located) == ("CMR", 21)  # the demonym's guess counts, the weak one not
    assert (weak.iso3, weak.actor1, weak.actor2) == (
        "CMR",
        "Unidentified Armed Group (Cameroon)",
        "Civilians (Cameroon)",
    )
    assert "location" not in weak.provenance and PRIOR_PROVENANCE in weak.provenance
    assert (demonym.iso3, demonym.actor1) == ("NGA", "Unidentified Armed Group (Nigeria)")  # "330 Nigerians"


def test_an_unnamed_country_carries_the_weight_of_its_evidence():
    from eventwire.pipeline import extract

    result = extract("Boko Haram fighters attacked the village of Qwertzdorf, killing two people.")
    event = next(e for e in result.events if e.event_type)
    source = event.provenance["location"]
    assert (event.iso3, source.start, source.end) == ("NGA", 0, 0)  # no span: the text never names it
    assert source.confidence == pytest.approx(0.05)  # only the group's home (abroad_group_weight)


def test_the_store_moves_role_actors_with_the_prior_and_back():
    with Store() as store:
        store.write([_result(i, [_event("KEN", "Kisumu")]) for i in range(20)])
        crowd = _event()
        crowd.actor1 = "Protesters"
        store.write([_result(20, [crowd])])
        row = store.query("SELECT iso3, actor1 FROM events WHERE article_id = 'n20'")[0]
        assert (row["iso3"], row["actor1"]) == ("KEN", "Protesters (Kenya)")
        store.write([_result(i, [_event("UGA", "Gulu")]) for i in range(21, 41)])
        row = store.query("SELECT iso3, actor1 FROM events WHERE article_id = 'n20'")[0]
        assert (row["iso3"], row["actor1"]) == (None, "Protesters")
