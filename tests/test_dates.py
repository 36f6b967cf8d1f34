"""Temporal expressions: finding, resolving against the publication date, linking to events."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.fields.dates import (
    acled_time_precision,
    day_range,
    find_dates,
    published_date,
    published_from_dateline,
)
from eventwire.fields.dates.grammar import grammar, text_runs
from eventwire.fields.status import date_for_event
from eventwire.records import Article, DateMention
from tests.helpers import event_at

PUB = "2023-06-15"  # a Thursday

# sentence, expression as found, value, precision, kind
TABLE = [
    ("Rebels shelled the town last Friday.", "last Friday", "2023-06-09", "day", "date"),
    ("Last Friday, gunmen raided a clinic in Bunia.", "Last Friday", "2023-06-09", "day", "date"),
    ("Third-quarter output fell.", "Third-quarter", "2023-Q3", "quarter", "date"),
    ("Police dispersed the crowd on Tuesday night.", "Tuesday night", "2023-06-13", "day", "date"),
    ("The convoy was ambushed on May 3.", "May 3", "2023-05-03", "day", "date"),
    ("The dam was bombed on Nov. 12.", "Nov. 12", "2022-11-12", "day", "date"),
    # a numeric day and month with no year, after "on" or in brackets (ACLED's notes, South Asian papers)
    ("Two suspected thieves were lynched in Nyeri on 28/02.", "28/02", "2023-02-28", "day", "date"),
    ("Assailants torched a bus in the capital (24/01).", "24/01", "2023-01-24", "day", "date"),
    ("The talks will resume on Aug. 2.", "Aug. 2", "2023-08-02", "day", "date"),
    ("Troops withdrew three weeks ago.", "three weeks ago", "2023-W21", "week", "date"),
    ("Fighting flared in mid-March.", "mid-March", "2023-03", "month", "date"),
    ("Strikes resumed in early April.", "early April", "2023-04", "month", "date"),
    ("The militia was formed late last year.", "late last year", "2022", "year", "date"),
    (
        "Since mid-September, convoys have been hit 40 times.",
        "mid-September",
        "2022-09",
        "month",
        "range-start",
    ),
    ("The ceasefire collapsed at the end of May.", "the end of May", "2023-05", "month", "date"),
    ("In March 2011, protests spread to Homs.", "March 2011", "2011-03", "month", "date"),
    ("The mayor had been warned the previous day.", "the previous day", "2023-06-14", "day", "date"),
    ("Prices rose this month.", "this month", "2023-06", "month", "date"),
    ("The group was founded in 2009.", "2009", "2009", "year", "date"),
    ("Gunmen have roamed the area for months.", "months", "PXM", None, "duration"),
    ("The governor resigned yesterday.", "yesterday", "2023-06-14", "day", "date"),
    ("Voters go to the polls today.", "today", "2023-06-15", "day", "date"),
    ("Exports fell in the third quarter.", "the third quarter", "2023-Q3", "quarter", "date"),
    ("The camp has grown in the 1990s.", "the 1990s", "199", "decade", "date"),
    ("The siege lasted five years.", "five years", "P5Y", None, "duration"),
    ("They protest every Friday.", "every Friday", "XXXX-WXX-5", None, "set"),
    ("The curfew began on Saturday, June 10, 2023.", "Saturday, June 10, 2023", "2023-06-10", "day", "date"),
    ("A raid took place on 4 February 2022.", "4 February 2022", "2022-02-04", "day", "date"),
    ("Officials met last week.", "last week", "2023-W23", "week", "date"),
    ("The election is next year.", "next year", "2024", "year", "date"),
    ("Refugees now number 2,000.", "now", "PRESENT_REF", None, "reference"),
    ("A bomb exploded at 3 p.m. in the market.", "3 p.m.", "2023-06-15T15:00", "day", "time"),
    ("The truce expired this summer.", "this summer", "2023-SU", "season", "date"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "precision", "kind"), TABLE)
def test_find_and_resolve(nlp, sentence, text, value, precision, kind):
    found = {m.text: m for m in find_dates(nlp(sentence), PUB)}
    assert text in found, f"{text!r} not found in {sorted(found)}"
    m = found[text]
    assert (m.value, m.precision, m.kind) == (value, precision, kind)
    assert sentence[m.start : m.end] == text


# sentence, publication date, expression as found, value
AGAINST_PUBLICATION = [
    # without a publication date relative dates get no value; absolute ones need no reference time
    ("Rebels attacked on Monday and again yesterday, and in May 2019.", None, "Monday", None),
    ("Rebels attacked on Monday and again yesterday, and in May 2019.", None, "yesterday", None),
    ("Rebels attacked on Monday and again yesterday, and in May 2019.", None, "May 2019", "2019-05"),
    # a month without a year is the most recent past one
    ("Clashes erupted in October.", "2024-03-01", "October", "2023-10"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "value"), AGAINST_PUBLICATION)
def test_resolve_against_publication(nlp, sentence, published, text, value):
    found = {m.text: m for m in find_dates(nlp(sentence), published)}
    assert text in found, f"{text!r} not found in {sorted(found)}"
    assert found[text].value == value


# regression: numbers that count things ("1,500 soldiers", "2000 troops", "$1990") and the modal "May"
# are no dates
NO_DATES = [
    "Tower 9, a remote outpost, houses 1,500 soldiers.",
    "The army deployed 2000 troops and spent $1990 on fuel.",
    "May God protect them, the imam said.",
    "The clinic is open 24/7 and half (1/2 of its staff) were off duty.",
]


@pytest.mark.parametrize("sentence", NO_DATES)
def test_no_false_dates(nlp, sentence):
    found = find_dates(nlp(sentence), PUB)
    assert found is not None
    assert [m.text for m in found if m.kind in ("date", "range-start")] == []


DATELINES = [
    ("NAIROBI, March 3, 2021 (AFP) - Gunmen attacked a bus.", "2021-03-03"),
    ("March 3, 2021 — Gunmen attacked a bus.", "2021-03-03"),
    ("KABUL, Afghanistan, 12 May 2020 (Reuters) - A blast hit a clinic.", "2020-05-12"),
    ("Gunmen attacked a bus on March 3, 2021.", None),
    ("No dateline here at all.", None),
]


@pytest.mark.parametrize(("text", "expected"), DATELINES)
def test_published_from_dateline(text, expected):
    assert published_from_dateline(text) == expected


# text, trigger, publication date, the event's date value, precision and kind (None: undated)
EVENT_DATES = [
    # the date nearest to the trigger in the dependency tree, not in the text
    (
        "A March 3 rocket attack that killed four soldiers in Somalia led to Kenya launching raids "
        "in Gedo on Sunday that killed about 25 fighters.",
        "attack", "2023-03-08", "2023-03-03", "day", "date",
    ),
    (
        "A March 3 rocket attack that killed four soldiers in Somalia led to Kenya launching raids "
        "in Gedo on Sunday that killed about 25 fighters.",
        "raids", "2023-03-08", "2023-03-05", "day", "date",
    ),
    # a weekday restated by the day in brackets after it is that day, not the latest such weekday
    ("Assailants torched a bus in the capital on Saturday (24/01).", "torched", "2015-03-01", "2015-01-24",
     "day", "date"),
    # an undated current event gets the publication week; a hypothetical one no date
    ("A drone strike hit a car near Kismayo, killing two militants.", "strike", PUB, PUB, "week", "publication"),
    ("The rebels threatened to attack the capital.", "attack", PUB, None, None, None),
    ("The rebels threatened to attack the capital.", "attack", None, None, None, None),
    # week values become a day (the Thursday) for events
    ("Militants stormed a checkpoint last week.", "stormed", PUB, "2023-06-08", "week", "date"),
    # a simple-past continuation inherits the date opening the previous sentence of its paragraph
    (
        "In May 2019, gunmen stormed a village near Gao. They killed 12 people.",
        "killed", PUB, "2019-05", "month", "date",
    ),
    (
        "In May 2019, gunmen stormed a village near Gao. They have killed 12 people.",
        "killed", PUB, PUB, "week", "publication",
    ),
    (
        "In May 2019, gunmen stormed a village near Gao.\n\nThey killed 12 people.",
        "killed", PUB, PUB, "week", "publication",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "published", "value", "precision", "kind"), EVENT_DATES)
def test_date_for_event(nlp, text, trigger, published, value, precision, kind):
    doc = nlp(text)
    d = date_for_event(doc, event_at(doc, trigger), find_dates(doc, published), published)
    if value is None:
        assert d is None
        return
    assert d is not None
    assert (d.value, d.precision, d.kind) == (value, precision, kind)
    assert acled_time_precision(d) == {"day": 1, "week": 2}.get(precision, 3)


@pytest.mark.parametrize(
    ("precision", "code"), [("day", 1), ("week", 2), ("month", 3), ("year", 3), (None, 3)]
)
def test_acled_time_precision(precision, code):
    assert acled_time_precision(DateMention("x", 0, 1, "2023", precision)) == code


# value, first day, last day (None: no day range)
DAY_RANGES = [
    ("2024-02-08", date(2024, 2, 8), date(2024, 2, 8)),
    ("2024-02-08T15:00", date(2024, 2, 8), date(2024, 2, 8)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-12", date(2023, 12, 1), date(2023, 12, 31)),
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("199", date(1990, 1, 1), date(1999, 12, 31)),
    ("2024-02-30", None, None),
    ("2024-13", None, None),
    ("2024-W05", None, None),
    ("2024-Q1", None, None),
    ("12017", None, None),
    ("PXY", None, None),
    ("", None, None),
    (None, None, None),
]


@pytest.mark.parametrize(("value", "first", "last"), DAY_RANGES)
def test_day_range(value, first, last):
    assert day_range(value) == ((first, last) if first else None)


# the publication date, parsed once; outside the years ingest accepts it is none (date arithmetic overflows)
PUBLISHED = [
    ("2024-02-08", date(2024, 2, 8)),
    ("2024-02-08T10:00:00", date(2024, 2, 8)),
    (date(2024, 2, 8), date(2024, 2, 8)),
    (Article(id="a", text="x", published="2024-02-08"), date(2024, 2, 8)),
    (Article(id="a", text="x"), None),
    ("0001-01-01", None),
    ("9999-12-31", None),
    ("yesterday", None),
    (None, None),
]


@pytest.mark.parametrize(("published", "day"), PUBLISHED)
def test_published_date(published, day):
    assert published_date(published) == day


# texts where the costly patterns (scanned only in their runs) meet punctuation, case and odd letters
WINDOW_TEXTS = [
    "Three days ago, (two weeks later) the 2.5-year truce; a few months earlier: 'next week'.",
    "Sina days ago -- someone days later; the past few\n\nyears, for years, over hours.",
    "On Monday morning, last Fridays; this coming Sunday. MARCH, 2019 and Sept 4 and Jan. 2020.",
    "Next year's first quarter, the latter half of fiscal 2019, this spring of 2018, Fall, the winter.",
    "ſeveral days ago; ſix dayſ later; twenty-one years after, THE LAST WEEK, KELVIN \u212a.",
    "x-3 days-ago,5 days\u00a0ago\u2013two weeks after\tthe next month",
]


@pytest.mark.parametrize("text", WINDOW_TEXTS)
def test_scanning_runs_finds_what_a_full_scan_finds(text):
    """The costly patterns are tried only inside runs that hold their core: same candidates as a
    scan of the whole text with every pattern."""
    gram = grammar()
    assert gram.windows, "the run scan is in use"
    full = sorted(
        (m.start(), m.end(), name)
        for name, p in gram.patterns
        for m in p.finditer(text)
        if m.end() > m.start()
    )
    assert full, "the text holds candidates"
    windowed = []
    for name, p in gram.patterns:
        core, breaks = gram.windows.get(name, (None, None))
        runs = text_runs(text, core, breaks) if core else [(0, len(text))]
        windowed += [
            (m.start(), m.end(), name) for a, b in runs for m in p.finditer(text, a, b) if m.end() > m.start()
        ]
    assert sorted(windowed) == full


# a four-digit number next to a clock word or after "at" is a clock time, not a year (issue 15 item 4)
CLOCK_TIMES = [
    "Gunmen attacked a checkpoint in Gao at 1700 GMT.",
    "THE ATTACK TOOK PLACE AT 1600 TODAY IN SAN LUIS.",
    "The shelling began at 0340 hours.",
]


@pytest.mark.parametrize("text", CLOCK_TIMES)
def test_a_clock_time_is_not_a_year(nlp, text):
    from eventwire.fields.dates import find_dates

    assert not [d for d in find_dates(nlp(text), "2019-05-02") if d.precision == "year"]
