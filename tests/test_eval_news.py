"""The news gold set and its harness: the gold file's shape, the scoring rules on hand-made
records, and a run over ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventwire.evaluate import news, news_gold, news_match
from eventwire.evaluate.news_gold import GoldIncident
from eventwire.records import ArticleResult, Event

GOLD = Path(__file__).parent / "news_gold.yaml"
STATUSES = {"current", "past", "aggregate", "future", "hypothetical", "negated"}


def ev(event_type="Battles", status="current", location=None, **kw) -> Event:
    return Event(
        event_type=event_type,
        sub_event_type=kw.pop("sub", None),
        disorder_type=None,
        status=status,
        location=location,
        **kw,
    )


def gold(event_type="Battles", status="current", location="Afrin", **kw) -> GoldIncident:
    return GoldIncident(
        event_type=event_type, sub_event_type=kw.pop("sub", None), status=status, location=location, **kw
    )


# -- the gold file ---------------------------------------------------------------------------


def test_gold_file_shape():
    articles = news_gold.load_gold(GOLD)
    codebook = yaml.safe_load(
        (Path(news.__file__).parents[1] / "data" / "acled_codebook.yaml").read_text("utf-8")
    )
    subtypes = {(t, s) for t, subs in codebook["event_types"].items() for s in subs}
    assert len(articles) >= 60
    assert len({a.id for a in articles}) == len(articles)
    assert sum(not a.real for a in articles) >= 15  # articles with no ACLED event
    assert {a.source for a in articles} == {"gwn", "timebank", "wikievents", "muc4", "polnear"}
    for a in articles:
        assert a.id.startswith(a.source + "-")
        assert a.split == news_gold.split_of(a.id), a.id  # the fixed rule, not a choice per article
        for g in a.incidents:
            assert g.status in STATUSES, a.id
            assert (g.event_type, g.sub_event_type) in subtypes, (a.id, g.event_type, g.sub_event_type)
            assert g.geo in ("town", "region", "country") and g.iso3 and len(g.iso3) == 3, a.id
            assert g.date is None or news_match.date_range(g.date) is not None, (a.id, g.date)
            assert g.fatalities is None or g.fatalities >= 0
            assert g.note, a.id
    tune = sum(a.split == "tune" for a in articles)
    assert 0.4 <= tune / len(articles) <= 0.6


def test_gold_file_holds_no_text():
    # notes are short descriptions in the annotator's words, never article text
    for a in news_gold.load_gold(GOLD):
        for g in a.incidents:
            assert len(g.note) <= 160, a.id


# -- fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2018-03-29", "2018-03-29", "2018-03-29"),
        ("1998-W08", "1998-02-16", "1998-02-22"),
        ("2016-09", "2016-09-01", "2016-09-30"),
        ("1998-02", "1998-02-01", "1998-02-28"),
        ("2018-Q1", "2018-01-01", "2018-03-31"),
        ("2018-WI", "2018-12-01", "2019-02-28"),
        ("1996", "1996-01-01", "1996-12-31"),
    ],
)
def test_date_range(value, first, last):
    a, b = news_match.date_range(value)
    assert (a.isoformat(), b.isoformat()) == (first, last)


def test_date_range_unreadable():
    assert news_match.date_range(None) is None
    assert news_match.date_range("PAST_REF") is None
    assert news_match.date_range("P3D") is None


def test_date_agrees():
    g = gold(date="2018-03-29", precision="day")
    assert news_match.date_agrees(ev(event_date="2018-03-29"), g)
    assert news_match.date_agrees(ev(event_date="2018-03-30"), g)  # a day either side
    assert not news_match.date_agrees(ev(event_date="2018-04-02"), g)
    assert not news_match.date_agrees(ev(event_date="2018"), g)  # a year is too coarse for a day
    assert news_match.date_agrees(ev(event_date="1996-07-27"), gold(date="1996", precision="year"))
    assert not news_match.date_agrees(ev(event_date="2018-03-29"), gold(date=None))


def test_place_agrees():
    afrin = gold(location="Afrin", lat=36.51, lon=36.87, iso3="SYR")
    assert news_match.place_agrees(ev(location="afrin"), afrin)  # case ignored
    assert news_match.place_agrees(ev(location="Jindires", latitude=36.39, longitude=36.69), afrin)  # ~20 km
    assert not news_match.place_agrees(
        ev(location="Latakia", latitude=35.52, longitude=35.79, iso3="SYR"), afrin
    )
    country = gold(location="Kuwait", geo="country", iso3="KWT")
    assert news_match.place_agrees(ev(location="Al Jahra", iso3="KWT"), country)
    assert not news_match.place_agrees(ev(location="Basra", iso3="IRQ"), country)
    region = gold(location="Kosovo", geo="region", iso3="XKX")
    assert news_match.place_agrees(ev(location="Pristina", admin1="Kosovo"), region)
    town = gold(location="Urum", admin1="Norte de Santander", iso3="COL")
    assert news_match.place_agrees(ev(location="Norte de Santander"), town)  # placed at the incident's admin1
    assert news_match.place_agrees(
        ev(location="Déir ez-Zor"), gold(location="Deir ez Zor")
    )  # accents, punctuation


def test_compatible_needs_family_and_place_or_date():
    g = gold(location="Afrin", date="2018-01-23")
    assert news_match.compatible(ev("Explosions/Remote violence", location="Afrin"), g)  # same family
    assert not news_match.compatible(ev("Protests", location="Afrin"), g)
    assert news_match.compatible(ev(location="Aleppo", event_date="2018-01-23"), g)  # date alone
    assert not news_match.compatible(ev(location="Aleppo", event_date="2018-02-23"), g)
    assert not news_match.compatible(ev(None, location="Afrin"), g)  # not an ACLED event


# -- matching and scoring --------------------------------------------------------------------


def test_one_to_one_greedy_by_score():
    golds = [gold(location="Afrin", date="2018-01-23"), gold(location="Qamishli", date="2018-01-23")]
    events = [ev(location="Qamishli", event_date="2018-01-23"), ev(location="Afrin", event_date="2018-01-23")]
    assert news_match.match(events, golds) == [(0, 1), (1, 0)]
    # the date alone would pair event 0 with incident 0 too: the place decides
    events = [ev(location="Aleppo", event_date="2018-01-23"), ev(location="Afrin", event_date="2018-01-23")]
    assert news_match.match(events, golds) == [(0, 1), (1, 0)]


def test_duplicates_count_in_rows_per_incident_and_precision():
    golds = [gold(location="Manbij", fatalities=2)]
    events = [ev(location="Manbij", fatalities=2), ev(location="Manbij", fatalities=2), ev(location="Manbij")]
    s = news.score_article(events, golds)
    assert (s["predicted"], s["gold"], s["matched"]) == (3, 1, 1)
    assert s["rows"] == [3] and s["duplicates"] == 2
    summary = news.summarise([s])
    assert summary["incidents"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert summary["incidents"]["recall"] == 1.0
    assert summary["rows_per_incident"] == 3.0


def test_fatalities_from_the_matched_row():
    golds = [
        gold(location="Bagram", fatalities=6),
        gold(location="Kabul", fatalities=0),
        gold(location="Herat", fatalities=None),
    ]
    events = [ev(location="Bagram", fatalities=7), ev(location="Kabul"), ev(location="Herat", fatalities=3)]
    s = news.score_article(events, golds)
    assert (s["fatalities_total"], s["fatalities_exact"]) == (2, 1)  # None reads as 0; null gold not scored
    assert s["errors"]["fatalities"][0]["gold"]["location"] == "Bagram"


def test_status_of_non_events_and_real_incidents():
    golds = [
        gold(location="Afrin", status="current"),
        gold(location="Afrin", status="aggregate"),
        gold(location="Douma", status="negated", event_type="Explosions/Remote violence"),
        gold(location="Manbij", status="past"),
        gold("Protests", location="Barcelona", status="future"),
    ]
    events = [
        ev(location="Afrin"),  # the current clash
        ev(location="Afrin", fatalities=73),  # the cumulative toll coded as an event
        ev(location="Manbij"),  # the past incident, coded current
        ev("Protests", location="Barcelona", status="future"),  # right: not an event
    ]
    s = news.score_article(events, golds)
    assert s["matched"] == 2 and s["status_errors_rows"] == 1 and s["duplicates"] == 0
    # correct: current Afrin, negated Douma (nothing coded), future Barcelona; wrong: aggregate, past
    assert (s["status_total"], s["status_correct"], s["status_correct_lenient"]) == (5, 3, 4)


def test_non_event_coded_with_its_own_status_is_correct():
    golds = [gold(location="Afrin", status="aggregate")]
    events = [ev(location="Afrin", status="aggregate")]
    s = news.score_article(events, golds)
    assert (s["predicted"], s["status_correct"]) == (0, 1)


def test_missed_incident_is_a_status_error_and_a_recall_error():
    s = news.score_article([], [gold(location="Afrin")])
    assert (s["matched"], s["status_correct"]) == (0, 0)
    assert s["errors"]["missed"][0]["location"] == "Afrin"


def test_false_alarm_articles():
    quiet = news.score_article([ev(location="Chicago")], [gold(location="Chicago", status="aggregate")])
    calm = news.score_article([ev(location="Chicago", status="aggregate")], [])
    busy = news.score_article([ev(location="Afrin")], [gold(location="Afrin")])
    summary = news.summarise([quiet, calm, busy])
    assert (summary["no_event_articles"], summary["false_alarm_articles"]) == (2, 1)
    assert summary["false_alarm_rate"] == 0.5


def test_spurious_rows():
    s = news.score_article([ev(location="Paris")], [gold(location="Afrin")])
    assert (s["spurious"], s["matched"]) == (1, 0)


def test_evaluate_reports_both_splits(monkeypatch, tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "articles": [
                    {
                        "id": "gwn-1",
                        "source": "gwn",
                        "split": "tune",
                        "publication_date": "2018-01-23",
                        "incidents": [
                            {
                                "event_type": "Battles",
                                "sub_event_type": "Armed clash",
                                "status": "current",
                                "location": "Afrin",
                                "geo": "town",
                                "iso3": "SYR",
                                "fatalities": 0,
                                "note": "x",
                            }
                        ],
                    },
                    {
                        "id": "gwn-2",
                        "source": "gwn",
                        "split": "test",
                        "publication_date": None,
                        "incidents": [],
                    },
                ]
            }
        ),
        "utf-8",
    )
    monkeypatch.setattr(
        news, "load_texts", lambda dev, ids: {i: f"Text of {i} long enough to be an article." for i in ids}
    )
    seen = []

    def runner(articles):
        for a in articles:
            seen.append((a.id, a.published))
            events = [ev(location="Afrin")] if a.id == "gwn-1" else [ev(location="Paris")]
            yield ArticleResult(
                id=a.id, title=None, published=a.published, url=None, source=None, events=events
            )

    report = news.evaluate(path, tmp_path, runner=runner)
    assert seen == [("gwn-1", "2018-01-23"), ("gwn-2", None)]
    assert report["splits"]["tune"]["incidents"]["recall"] == 1.0
    assert report["splits"]["test"]["false_alarm_articles"] == 1
    assert report["overall"]["articles"] == 2
    assert set(report["summary"]) == {"tune", "test", "overall"}
    only = news.evaluate(path, tmp_path, split="test", runner=runner)
    assert set(only["splits"]) == {"test"}


# -- on ../shared ----------------------------------------------------------------------------


@pytest.mark.shared
def test_every_gold_text_is_found(shared_dir):
    ids = [a.id for a in news_gold.load_gold(GOLD)]
    texts = news_gold.load_texts(shared_dir / "eval" / "dev", ids)
    assert set(texts) == set(ids)
    assert all(len(t) > 100 for t in texts.values())


@pytest.mark.shared
@pytest.mark.slow
def test_harness_runs_on_shared(shared_dir):
    report = news.evaluate(GOLD, shared_dir / "eval" / "dev", limit=2)
    assert report["missing_texts"] == []
    for name in ("tune", "test"):
        figures = report["splits"][name]
        assert figures["articles"] == 2
        for key in (
            "incidents",
            "rows_per_incident",
            "fatalities_exact",
            "status_accuracy",
            "false_alarm_articles",
            "no_event_articles",
            "predicted_rows",
        ):
            assert key in figures
        assert {"precision", "recall", "f1"} <= set(figures["incidents"])
        assert 0.0 <= figures["status_accuracy"] <= 1.0
    assert report["overall"]["articles"] == 4


def test_country_alone_ties_a_leftover_row_only_with_the_same_type():
    golds = [gold("Battles", status="past", location="Syria", geo="country", iso3="SYR")]
    events = [
        ev("Battles", status="past", location="Syria", iso3="SYR"),
        ev("Battles", location="Syria", iso3="SYR"),  # same type: a duplicate
        ev("Explosions/Remote violence", location="Syria", iso3="SYR"),  # country only: spurious
    ]
    s = news.score_article(events, golds)
    assert (s["matched"], s["duplicates"], s["spurious"]) == (1, 1, 1)
    assert news_match.place_agreement(events[0], golds[0]) == 1.0


def test_a_country_centroid_is_no_place_match():
    ilobasco = gold(location="Ilobasco", lat=13.84, lon=-88.85, iso3="SLV")
    country = ev(location="El Salvador", country="El Salvador", iso3="SLV", latitude=13.8, longitude=-88.9)
    assert not news_match.place_agrees(country, ilobasco)
    assert news_match.place_agrees(
        ev(location="Sensuntepeque", country="El Salvador", latitude=13.88, longitude=-88.63), ilobasco
    )
