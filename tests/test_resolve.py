"""Resolution: which mentions are one real-world event, and how they merge."""

from __future__ import annotations

import pytest

from eventwire.output.query import EventFilter, query_events
from eventwire.pipeline import text_hash
from eventwire.records import Article, ArticleResult, Event, Source
from eventwire.resolve import cluster, conservative_count, date_span, merge_article_events, same_event
from eventwire.store.store import Store
from tests.helpers import write_report

GOMA = {"location": "Goma", "iso3": "COD", "country": "Democratic Republic of Congo",
        "latitude": -1.679, "longitude": 29.228, "geo_precision": 1}  # fmt: skip
SAKE = {"location": "Sake", "iso3": "COD", "country": "Democratic Republic of Congo",
        "latitude": -1.573, "longitude": 29.045, "geo_precision": 1}  # fmt: skip  # ~23 km from Goma
BENI = {"location": "Beni", "iso3": "COD", "country": "Democratic Republic of Congo",
        "latitude": 0.491, "longitude": 29.473, "geo_precision": 1}  # fmt: skip  # ~240 km


def ev(date="2024-03-04", precision=1, place=GOMA, status="current", sub="Shelling/artillery/missile attack",
       actor1="M23: March 23 Movement", fatalities=None, confidence=0.8,
       event_type="Explosions/Remote violence") -> Event:  # fmt: skip
    return Event(
        event_type=event_type, sub_event_type=sub, disorder_type="Political violence",
        status=status, event_date=date, time_precision=precision, actor1=actor1, fatalities=fatalities,
        confidence=confidence, evidence=Source("x", 0, 1), **(place or {}),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "precision", "span"),
    [("2024-03-04", 1, ("2024-03-04", "2024-03-04")), ("2024-03-04", 2, ("2024-03-01", "2024-03-07")),
     ("2024-02", 3, ("2024-02-01", "2024-02-29")), ("2023", 3, ("2023-01-01", "2023-12-31"))],
)  # fmt: skip
def test_date_span(value, precision, span):
    lo, hi = date_span(value, precision)
    assert (lo.isoformat(), hi.isoformat()) == span


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (ev(), ev(date="2024-03-05"), True),  # a day apart: time zones, late reports
        (ev(), ev(date="2024-03-07"), False),
        (ev(), ev(date="2024-03", precision=3), True),  # month-only report of the same event
        (ev(), ev(place=SAKE), True),  # within 25 km
        (ev(), ev(place=BENI), False),
        # exactly dated and placed: reports may differ on sub-type and on who did it
        (ev(), ev(sub="Air/drone strike"), True),
        (ev(), ev(actor1="Military Forces of Rwanda"), True),
        (ev(), ev(sub="Armed clash", event_type="Battles"), False),
        # known only to the month: sub-type and actors must agree
        (ev(precision=3), ev(precision=3, sub="Air/drone strike"), False),
        (ev(precision=3), ev(precision=3, actor1="Military Forces of Rwanda"), False),
        (ev(precision=3), ev(precision=3), True),
        (ev(), ev(actor1="Unidentified Armed Group (Democratic Republic of Congo)"), True),
        (ev(), ev(status="past"), False),
        (ev(status="aggregate"), ev(status="aggregate"), False),
        (ev(), ev(date=None, precision=None), False),  # across articles both date and place are needed
    ],
)
def test_same_event(a, b, same):
    assert same_event(a, b) is same


def test_same_article_needs_only_one_anchor():
    assert same_event(ev(), ev(date=None, precision=None), same_article=True)
    assert not same_event(ev(place=None), ev(date=None, precision=None), same_article=True)


def test_complete_linkage_does_not_chain():
    # 1st and 3rd are 2 days apart: the 3rd must not join through the 2nd
    labels = cluster([ev(date="2024-03-04"), ev(date="2024-03-05"), ev(date="2024-03-06")])
    assert labels == [0, 0, 1]


def test_conservative_count():
    assert conservative_count([None, 12, 40, 15]) == 12
    assert conservative_count([None, None]) is None


def test_merge_within_article_fills_gaps_and_keeps_lowest_count():
    headline = ev(date=None, precision=None, fatalities=None, confidence=0.6)
    body = ev(fatalities=7, confidence=0.9)
    claim = ev(fatalities=40, confidence=0.5)
    (merged,) = merge_article_events([headline, body, claim])
    assert (merged.event_date, merged.fatalities) == ("2024-03-04", 7)


def test_country_level_reports_from_two_articles_are_not_merged():
    """Two air strikes somewhere in a country on one day may be two strikes: a country confirms nothing."""
    congo = {"location": "Democratic Republic of Congo", "iso3": "COD", "country": "Democratic Republic of Congo",
             "geo_precision": 3, "latitude": -4.3, "longitude": 15.3}  # fmt: skip
    assert not same_event(ev(place=congo), ev(place=congo))
    assert same_event(ev(), ev())  # the same town, the same day


def test_merge_within_article_prefers_a_named_actor_to_the_default():
    told = ev(actor1="Unidentified Armed Group (Yemen)", confidence=0.9)
    named = ev(actor1="Military Forces of Yemen Supreme Political Council", confidence=0.6)
    named.inter1, named.actor1_text = 1, "Pro-Houthi forces"
    (merged,) = merge_article_events([told, named])
    assert (merged.actor1, merged.inter1, merged.actor1_text) == (
        "Military Forces of Yemen Supreme Political Council",
        1,
        "Pro-Houthi forces",
    )


def test_store_merges_reports_across_articles_and_batches():
    with Store() as store:
        write_report(store, "a", "Radio Okapi", [ev(fatalities=9), ev(place=BENI, sub="Armed clash")])
        write_report(store, "b", "Reuters", [ev(date="2024-03-05", place=SAKE, fatalities=6)])
        write_report(store, "c", "AFP", [ev(fatalities=6, date="2024-03", precision=3)])
        write_report(store, "d", "Reuters", [ev(date="2024-03-20")])  # another shelling, later
        events = query_events(store)
        assert len(events) == 3
        goma = next(e for e in events if e["num_articles"] == 3)
        assert goma["num_sources"] == 3 and goma["fatalities"] == 6
        assert goma["event_date"] == "2024-03-04" and goma["time_precision"] == 1
        assert len(query_events(store, EventFilter(mentions=True))) == 5


def test_replacing_an_article_updates_its_cluster():
    with Store() as store:
        write_report(store, "a", "Radio Okapi", [ev(fatalities=9)])
        write_report(store, "b", "Reuters", [ev(fatalities=6)])
        article = Article(id="b", text="report b, corrected", source="Reuters")
        result = ArticleResult(id="b", title=None, published="2024-03-05", url=None, source="Reuters",
                               events=[ev(place=BENI)], text_hash=text_hash(article.text))  # fmt: skip
        store.write([(article, result)])
        assert sorted(e["num_articles"] for e in query_events(store)) == [1, 1]
        assert {e["fatalities"] for e in query_events(store)} == {9, None}


def test_a_generic_reference_joins_the_event_it_refers_to_without_its_own_anchor():
    """ "the attacks were carried out with grenades": the generic mention has no date or place of
    its own; it is the reported event, and the specific sub-type wins."""
    generic = ev(date=None, precision=None, place=None, sub="Armed clash", event_type="Battles")
    generic.trigger = Source("attacks", 0, 7)
    grenade = ev(date=None, precision=None, place=None, sub="Grenade")
    (merged,) = merge_article_events([generic, grenade])
    assert merged.sub_event_type == "Grenade"
    elsewhere = ev(date="2024-03-20", sub="Armed clash", event_type="Battles")
    elsewhere.trigger = Source("attacks", 0, 7)
    assert len(merge_article_events([elsewhere, ev()])) == 2  # another day: another event


NEAR_GOMA = GOMA | {
    "location": "Mugunga",
    "latitude": -1.62,
    "longitude": 29.16,
    "geo_precision": 2,
}  # ~10 km


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (ev(), ev(place=NEAR_GOMA), False),  # 'near Goma' and Goma: the district's other events are as near
        (ev(place=NEAR_GOMA), ev(place=NEAR_GOMA), True),  # both at the same named place
        (ev(place=GOMA | {"geo_precision": 2}), ev(), True),  # the same name, one only near it
        (ev(), ev(place=SAKE), True),  # two exactly placed towns within 25 km
    ],
)
def test_across_articles_a_place_near_a_town_confirms_only_the_same_place(a, b, same):
    assert same_event(a, b) is same


def test_within_an_article_a_place_near_a_town_still_confirms():
    assert same_event(ev(), ev(place=NEAR_GOMA), same_article=True)
