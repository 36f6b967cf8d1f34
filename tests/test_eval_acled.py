"""ACLED evaluation harness: label mapping, actor matching, and a small run on the dev file."""

from __future__ import annotations

import csv
import gzip

import pytest

from eventwire.evaluate import acled
from eventwire.records import ArticleResult, Event


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Battle-Government regains territory", "Battles"),
        ("Remote violence", "Explosions/Remote violence"),
        ("Riots/Protests", "Protests/Riots"),
        ("Headquarters or base established", "Strategic developments"),
        ("Riots", "Protests/Riots"),
        ("Violence Against Civilians", "Violence against civilians"),  # acled-asia-2015 spells it so
        ("battles", "Battles"),
    ],
)
def test_gold_label(old, new):
    assert acled.gold_label(old) == new


@pytest.mark.parametrize(
    ("gold", "gi", "pred", "pi", "expected"),
    [
        ("Military Forces of United States", "8", "Military Forces of the United States", 8, (True, True)),
        ("Military Forces of Syria (2000-)", "1", "Military Forces of Syria", 1, (True, True)),
        ("Civilians (Yemen)", "7", "Civilians (Yemen)", 7, (True, True)),
        (
            "Military Forces of Syria (2000-) Syrian Arab Air Force",
            "1",
            "Military Forces of Syria",
            1,
            (False, True),
        ),
        ("Protesters (Iran)", "6", "Protesters (Iraq)", 6, (False, False)),
        ("Operation Restoring Hope", "8", "Military Forces of Saudi Arabia", 8, (False, True)),
        ("Islamic State (Syria)", "2", None, None, (False, False)),
        # newer exports write the actor type's label, not its code
        ("Rioters (Bangladesh) Students", "Rioters", "Rioters (Bangladesh)", 5, (False, True)),
        ("Rioters (Bangladesh) Students", "Rioters", "Protesters (Bangladesh)", 6, (False, False)),
        ("Military Forces of Myanmar (2021-)", "State forces", "Military Forces of Myanmar", 1, (True, True)),
        # an export with no type column: the country alone
        ("Unidentified Armed Group (Nigeria)", "", "Boko Haram (Nigeria)", 2, (False, True)),
    ],
)
def test_actor_match(gold, gi, pred, pi, expected):
    assert acled.actor_match(gold, gi, pred, pi) == expected


def test_actor_country():
    assert acled.actor_country("Police Forces of Iraq (2014-)") == "IQ"
    assert acled.actor_country("Rioters (Palestine)") == "PS"
    assert acled.actor_country("HTS: Hayat Tahrir al-Sham") is None


def test_evaluate_on_a_written_file(tmp_path):
    path = tmp_path / "mini.csv.gz"
    fields = [
        "event_date",
        "event_type",
        "actor1",
        "inter1",
        "actor2",
        "inter2",
        "country",
        "latitude",
        "longitude",
        "fatalities",
        "notes",
    ]
    rows = [
        [
            "03-Mar-19",
            "Remote violence",
            "Military Forces of Mali (2012-)",
            "1",
            "",
            "0",
            "Mali",
            "14.5",
            "-4.2",
            "2",
            "Army jets bombed a camp.",
        ],
        [
            "03-Mar-19",
            "Remote violence",
            "Military Forces of Mali (2012-)",
            "1",
            "",
            "0",
            "Mali",
            "14.9",
            "-3.9",
            "0",
            "Army jets bombed a camp.",
        ],
        [
            "04-Mar-19",
            "Riots/Protests",
            "Protesters (Mali)",
            "6",
            "",
            "0",
            "Mali",
            "12.6",
            "-8.0",
            "0",
            "Hundreds protested.",
        ],
    ]
    with gzip.open(path, "wt", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(fields)
        writer.writerows(rows)

    def runner(articles):
        for art in articles:
            events = []
            if "jets" in art.text:
                ev = Event(
                    "Explosions/Remote violence", "Air/drone strike", "Political violence", confidence=0.8
                )
                ev.actor1, ev.inter1, ev.fatalities = "Military Forces of Mali", 1, 2
                ev.latitude, ev.longitude, ev.iso3 = 14.5, -4.2, "MLI"
                events.append(ev)
            yield ArticleResult(
                id=art.id, title=None, published=art.published, url=None, source=None, events=events
            )

    report = acled.evaluate(str(path), runner=runner)
    assert report["notes"] == 2 and report["gold_events"] == 3
    assert report["notes_without_prediction"] == 1
    assert report["event_type"]["accuracy"] == round(2 / 3, 4)
    assert report["actor1"]["exact"] == round(2 / 3, 4)
    assert report["fatalities_exact"] == round(1 / 3, 4)
    assert report["location_within_25km"] == round(1 / 3, 4)
    assert report["country_correct"] == round(2 / 3, 4)
    assert report["event_type"]["confusion"]["Protests/Riots"] == {"None": 1}


@pytest.mark.shared
def test_acled_dev_subset(shared_dir):
    report = acled.evaluate(str(shared_dir / "eval/dev/acled_middle_east_2018_dev.csv.gz"), limit=60)
    assert report["notes"] == 60
    assert report["event_type"]["accuracy"] >= 0.8
    assert report["actor1"]["relaxed"] >= 0.6


def test_actor_country_falls_back_to_a_demonym_in_the_name():
    from eventwire.evaluate.acled import actor_country

    assert actor_country("Allied Syrian and/or Russian Forces") == "SY"
    assert actor_country("Military Forces of Iraq (2014-)") == "IQ"
    assert actor_country("Operation Restoring Hope") is None
