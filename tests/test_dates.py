"""Temporal expressions: finding, resolving against the publication date, linking to events."""

from __future__ import annotations

import pytest

from eventwire.extract.dates import (
    acled_time_precision,
    date_for_event,
    find_dates,
    published_from_dateline,
)
from eventwire.models import DateMention
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


@pytest.mark.parametrize(
    "sentence",
    [
        "Tower 9, a remote outpost, houses 1,500 soldiers.",
        "The army deployed 2000 troops and spent $1990 on fuel.",
        "May God protect them, the imam said.",
    ],
)
def test_no_false_dates(nlp, sentence):
    assert [m.text for m in find_dates(nlp(sentence), PUB) if m.kind in ("date", "range-start")] == []


def test_relative_dates_unresolved_without_publication(nlp):
    found = {
        m.text: m
        for m in find_dates(nlp("Rebels attacked on Monday and again yesterday, and in May 2019."), None)
    }
    assert found["Monday"].value is None
    assert found["yesterday"].value is None
    assert found["May 2019"].value == "2019-05"  # absolute dates need no reference time


def test_month_without_year_takes_most_recent_past(nlp):
    (m,) = [d for d in find_dates(nlp("Clashes erupted in October."), "2024-03-01") if d.text == "October"]
    assert m.value == "2023-10"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NAIROBI, March 3, 2021 (AFP) - Gunmen attacked a bus.", "2021-03-03"),
        ("March 3, 2021 — Gunmen attacked a bus.", "2021-03-03"),
        ("KABUL, Afghanistan, 12 May 2020 (Reuters) - A blast hit a clinic.", "2020-05-12"),
        ("Gunmen attacked a bus on March 3, 2021.", None),
        ("No dateline here at all.", None),
    ],
)
def test_published_from_dateline(text, expected):
    assert published_from_dateline(text) == expected


def test_date_for_event_uses_the_dependency_tree(nlp):
    doc = nlp(
        "A March 3 rocket attack that killed four soldiers in Somalia led to Kenya launching raids "
        "in Gedo on Sunday that killed about 25 fighters."
    )
    dates = find_dates(doc, "2023-03-08")
    assert date_for_event(doc, event_at(doc, "attack"), dates, "2023-03-08").value == "2023-03-03"
    assert date_for_event(doc, event_at(doc, "raids"), dates, "2023-03-08").value == "2023-03-05"


def test_undated_current_event_gets_publication_week(nlp):
    doc = nlp("A drone strike hit a car near Kismayo, killing two militants.")
    d = date_for_event(doc, event_at(doc, "strike"), find_dates(doc, PUB), PUB)
    assert d is not None and d.value == PUB and d.kind == "publication"
    assert acled_time_precision(d) == 2


def test_undated_hypothetical_event_gets_no_date(nlp):
    doc = nlp("The rebels threatened to attack the capital.")
    assert date_for_event(doc, event_at(doc, "attack"), find_dates(doc, PUB), PUB) is None
    assert date_for_event(doc, event_at(doc, "attack"), [], None) is None


def test_week_values_become_a_day_for_events(nlp):
    doc = nlp("Militants stormed a checkpoint last week.")
    d = date_for_event(doc, event_at(doc, "stormed"), find_dates(doc, PUB), PUB)
    assert d.value == "2023-06-08" and d.precision == "week"


@pytest.mark.parametrize(
    ("precision", "code"), [("day", 1), ("week", 2), ("month", 3), ("year", 3), (None, 3)]
)
def test_acled_time_precision(precision, code):
    assert acled_time_precision(DateMention("x", 0, 1, "2023", precision)) == code


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        ("In May 2019, gunmen stormed a village near Gao. They killed 12 people.", "killed", "2019-05"),
        ("In May 2019, gunmen stormed a village near Gao. They have killed 12 people.", "killed", PUB),
        ("In May 2019, gunmen stormed a village near Gao.\n\nThey killed 12 people.", "killed", PUB),
    ],
)
def test_narrative_continuation_inherits_the_opening_date(nlp, text, trigger, value):
    doc = nlp(text)
    d = date_for_event(doc, event_at(doc, trigger), find_dates(doc, PUB), PUB)
    assert d is not None and d.value == value


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
    from eventwire.extract import dates

    gram = dates._grammar()
    assert gram.windows, "the run scan is in use"
    full = sorted(
        (m.start(), m.end(), name)
        for name, p in gram.patterns
        for m in p.finditer(text)
        if m.end() > m.start()
    )
    windowed = []
    for name, p in gram.patterns:
        core, breaks = gram.windows.get(name, (None, None))
        runs = dates._runs(text, core, breaks) if core else [(0, len(text))]
        windowed += [
            (m.start(), m.end(), name) for a, b in runs for m in p.finditer(text, a, b) if m.end() > m.start()
        ]
    assert sorted(windowed) == full
