"""Event status from negation, modality, aggregation and the event's date."""

from __future__ import annotations

import pytest

from eventwire.fields.counts import casualties_for_event
from eventwire.fields.dates import find_dates, unresolved_in_text
from eventwire.fields.status import date_for_event, is_generic_plural, reads_as_current, status_for_event
from tests.helpers import event_at

PUB = "2023-06-15"


def _status(nlp, sentence: str, trigger: str, published: str | None = PUB) -> str:
    doc = nlp(sentence)
    event = event_at(doc, trigger)
    date = date_for_event(doc, event, find_dates(doc, published), published)
    return status_for_event(doc, event, date, published, casualties_for_event(doc, event))


TABLE = [
    ("A drone strike hit a truck near Kidal, killing two militants.", "strike", "current"),
    ("Gunmen stormed a church in Kaduna yesterday.", "stormed", "current"),
    ("Rebels shelled Goma on Tuesday.", "shelled", "current"),
    ("Rebels shelled Goma last Friday.", "shelled", "past"),
    ("In March 2011, protesters marched in Deraa.", "marched", "past"),
    ("The 2014 bombing that killed 30 worshippers in Kano was recalled.", "bombing", "past"),
    ("Since mid-March, bases in Niger have come under attack over 50 times.", "attack", "aggregate"),
    ("Mali has condemned all recent French airstrikes in the north.", "airstrikes", "aggregate"),
    ("Clashes took place between the army and rebels near Bentiu.", "Clashes", "current"),
    ("Jets carried out two raids on Ariha, killing a nurse.", "raids", "current"),
    ("Officials say the militia is responsible for attacks on aid convoys.", "attacks", "aggregate"),
    ("The army threatened to strike militant camps.", "strike", "hypothetical"),
    ("Analysts say the dispute could escalate into a war.", "war", "hypothetical"),
    ("The junta plans to bomb the rebel stronghold.", "bomb", "future"),
    ("The army will launch an offensive next week.", "offensive", "future"),
    ("The group denied carrying out the attack on the convoy.", "attack", "negated"),
    ("Police did not fire on the protesters.", "fire", "negated"),
    # cumulative tolls (issue 15 item 3): the adverbial on the trigger's clause is the cue
    ("The offensive has killed more than 900 civilians so far.", "killed", "aggregate"),
    ("Rebels have seized 12 villages in the district to date.", "seized", "aggregate"),
    ("Militants have attacked 40 schools since the ceasefire.", "attacked", "aggregate"),
    ("Militants attacked a school in Gao on Tuesday.", "attacked", "current"),
    # a "since" clause on a perfect (spaCy parses it as an adverbial clause, not a preposition),
    # also when it closes the verb's second conjunct; with a simple past "since" may be causal
    ("The offensive has killed 1,600 civilians since it began in March.", "killed", "aggregate"),
    ("Gunmen have burned two churches and looted a school since the truce collapsed.", "burned", "aggregate"),
    ("Troops shelled the village in Gao on Tuesday since the rebels refused to leave.", "shelled", "current"),
    # a day inside the cumulative adverbial starts the count; it does not date the event
    ("Gunmen have burned 30 churches since the truce collapsed on Tuesday.", "burned", "aggregate"),
    ("Gunmen have burned a church in Kaduna on Tuesday.", "burned", "current"),
    # a stretch of days, weeks or months on a perfect (progressive too) is a series, not one event
    ("Workers have been protesting their unpaid wages in the last weeks.", "protesting", "aggregate"),
    ("Government forces have shelled the town for three days.", "shelled", "aggregate"),
    ("Rebels have been fighting government troops since March.", "fighting", "aggregate"),
    ("Workers protested their unpaid wages in Lagos for three hours.", "protested", "current"),
    ("Two soldiers have been killed in a roadside bombing in Kabul.", "bombing", "current"),
    # a sentence that opens with a cumulative adverbial, also where the parser splits it off
    (
        "Since 1985 _ when the zone was set up _ nearly 200 soldiers have been killed fighting.",
        "killed",
        "aggregate",
    ),
    ("So far this year, militants have attacked 12 schools in the province.", "attacked", "aggregate"),
    ("Since then, 20 soldiers have been killed in the town.", "killed", "aggregate"),
    ("Since Monday, gunmen killed four people in the town.", "killed", "aggregate"),
    ("Gunmen killed four people in the town since the police had left.", "killed", "current"),
    # the subject of a perfect with a cumulative adverbial
    (
        "Clashes have displaced 4,000 families in the province since the truce collapsed.",
        "Clashes",
        "aggregate",
    ),
    ("Clashes displaced 400 families in Bentiu on Tuesday.", "Clashes", "current"),
    # ... also where the trigger lies inside the subject (and where the parser left it unattached)
    (
        "Confrontations among Catholic protesters, Protestant marchers and the police have provoked "
        "widespread violence in the province for the past three summers.",
        "protesters",
        "aggregate",
    ),
    ("Clashes among protesters in the town have killed two people.", "protesters", "current"),
    # an event dated only by a whole war is part of its record; a day on the event keeps it one
    ("Baghdad offered to release soldiers captured during the Iran-Iraq war.", "captured", "aggregate"),
    ("Some 500,000 people were killed during the civil war.", "killed", "aggregate"),
    ("Two soldiers were killed during the war in Kharkiv on Wednesday.", "killed", "current"),
    # a bare plural dated by a month alone is a series; a counted one, or people, is not
    ("In April, fighters were killed in IS attacks near Sukhnah.", "attacks", "aggregate"),
    ("In April 2019, IS fighters carried out two attacks near Sukhnah.", "attacks", "past"),
    ("In 1995, gunmen seized hundreds of hostages in a hospital in Budennovsk.", "hostages", "past"),
    # a bare plural the object of a perfect progressive is a practice
    ("Militants have been using roadside bombs to target the convoys.", "bombs", "aggregate"),
    ("Militants have used a roadside bomb to target a convoy in Kandahar.", "bomb", "current"),
    # the event a count or comparison starts from came before it
    ("It was the deadliest raid since the bombing of the embassy in Nairobi.", "bombing", "past"),
    # a whole campaign as the subject of a perfect: its running toll (the trigger the campaign or the verb)
    (
        "The offensive in the province has killed more than 1600 civilians, rescuers said.",
        "offensive",
        "aggregate",
    ),
    ("The war has killed more than 400,000 people in the country.", "killed", "aggregate"),
    ("The offensive killed 40 civilians in the town on Tuesday.", "offensive", "current"),
    # a plan's, a threat's or an anticipation's event has not happened
    ("Police deployed in the capital in anticipation of more protests.", "protests", "hypothetical"),
    # the adverbial on the second of two coordinated verbs
    ("Police have shot and killed 707 people so far this year.", "shot", "aggregate"),
    ("Gunmen shot and killed two traders in the market in Kano on Tuesday.", "shot", "current"),
    # regression: the call is irrealis; the strike it follows (a realis preposition) is real
    ("Niger renewed its call for talks following a drone strike in Niamey.", "strike", "current"),
    # a purpose clause is governed by what governs its verb: the plan, or a deed that marks nothing
    ("The union planned to bus in members to stage a protest in Lagos.", "protest", "future"),
    ("Police fired tear gas to disperse the protesters in Lagos on Tuesday.", "protesters", "current"),
]


@pytest.mark.parametrize(("sentence", "trigger", "status"), TABLE)
def test_status(nlp, sentence, trigger, status):
    assert _status(nlp, sentence, trigger) == status


# the [status] current_window_days setting: two days before publication is still the article's news;
# six days is past
WINDOW = [
    ("Rebels shelled Goma on Tuesday.", "shelled", "2023-06-15", "current"),
    ("Rebels shelled Goma on Tuesday.", "shelled", "2023-06-19", "past"),
]


@pytest.mark.parametrize(("sentence", "trigger", "published", "status"), WINDOW)
def test_status_window_from_settings(nlp, sentence, trigger, published, status):
    assert _status(nlp, sentence, trigger, published) == status


# an article with no publication date is read as written on the latest day its text names: an event
# more than [status] undated_reference_gap_days before that day is past; a few days before is not
UNDATED = [
    (
        "A truck bomb destroyed the courthouse in Arlen on 3 May 2001. "
        "On 9 June 2003 a witness told the trial in Arlen what she saw.",
        "bomb",
        "past",
    ),
    (
        "A truck bomb destroyed the courthouse in Arlen on 3 May 2001. "
        "On 9 May 2001 the governor visited the site.",
        "bomb",
        "current",
    ),
    # dated by a year alone: background, with no publication date to weigh it against
    ("In 2012, police arrested the candidate at the debate venue in Hempstead.", "arrested", "past"),
    # a day named without its year still names the day: no generic mention ...
    ("Rebels caused 28 army casualties in clashes on 2 May in La Laguna.", "clashes", "current"),
    ("Rebels caused 28 army casualties in clashes in La Laguna.", "clashes", "aggregate"),
    # ... and a month named alone makes a bare plural a series
    ("In April, two dozen fighters were killed in IS attacks near Sukhnah.", "attacks", "aggregate"),
    # an article that names days by its own now ("Friday") leaves its own year unsaid: a date that
    # spells its year out is another year's ...
    (
        "A clerk identified the driver in court Friday. "
        "The depot in Arlen was destroyed by a truck bomb on April 19, 1995, killing 16 people.",
        "bomb",
        "past",
    ),
    # ... but not when only a quoted speaker says "today", nor with no such word at all
    (
        'The mayor said: "We mourn those killed in today’s attack in Arlen." '
        "On December 21, 2015 in Arlen, a suicide bomber killed six soldiers.",
        "bomber",
        "current",
    ),
    ("On December 21, 2015 in Arlen, a suicide bomber killed six soldiers.", "bomber", "current"),
]


@pytest.mark.parametrize(("text", "trigger", "status"), UNDATED)
def test_status_of_an_undated_article_from_the_latest_day_it_names(nlp, text, trigger, status):
    from eventwire.fields.statements import find_quotes
    from eventwire.fields.status import latest_named_day, names_its_now

    doc = nlp(text)
    event = event_at(doc, trigger)
    dates = find_dates(doc, None)
    date = date_for_event(doc, event, dates, None)
    latest = latest_named_day(dates)
    deictic = names_its_now(dates, [(q.start, q.end) for q in find_quotes(text)])
    unresolved = unresolved_in_text(doc, event, dates) if date is None else None
    counts = casualties_for_event(doc, event)
    assert status_for_event(doc, event, date, None, counts, latest, unresolved, deictic=deictic) == status


# text, trigger, whether it reads as current news
CURRENT = [
    ("The army threatened to strike militant camps. An airstrike hit a camp.", "strike", False),
    ("The army threatened to strike militant camps. An airstrike hit a camp.", "airstrike", True),
]


@pytest.mark.parametrize(("text", "trigger", "current"), CURRENT)
def test_reads_as_current(nlp, text, trigger, current):
    doc = nlp(text)
    assert reads_as_current(doc, event_at(doc, trigger)) is current


# text, token, whether it is a generic plural (an aggregate)
GENERIC_PLURALS = [
    # regression: "hundreds of protesters" counts people, not events
    ("Hundreds of protesters marched through the capital on Friday.", "protesters", False),
    ("Mali has condemned all recent French airstrikes in the north.", "airstrikes", True),
]


@pytest.mark.parametrize(("text", "word", "generic"), GENERIC_PLURALS)
def test_is_generic_plural(nlp, text, word, generic):
    doc = nlp(text)
    (tok,) = [t for t in doc if t.text == word]
    assert is_generic_plural(tok) is generic


@pytest.mark.shared
def test_seed_article_dates_counts_and_statuses(shared_dir):
    """Foundation issue items 2-6: the seed's earlier events, the aggregate and the undated current strike."""
    from eventwire import extract

    text = (shared_dir / "seed" / "iraq-drone-strike-2024-02-08.txt").read_text("utf-8")
    events = extract(text, published="2024-02-08").events
    by_date = {}
    for e in events:
        by_date.setdefault(e.event_date, []).append(e)
    jordan = [e for e in by_date.get("2024-01-28", []) if e.status == "past"]
    assert jordan and jordan[0].fatalities == 3 and jordan[0].time_precision == 1
    friday = [e for e in by_date.get("2024-02-02", []) if e.status == "past"]
    assert friday and friday[0].fatalities == 40
    agg = [e for e in events if e.status == "aggregate" and e.count == 160]
    assert len(agg) == 1 and agg[0].event_date == "2023-10"
    old = by_date.get("2020-01", [])
    assert old and all(e.status == "past" for e in old)
    assert any(e.fatalities == 2 for e in old)
    talks = by_date.get("2024-01", [])
    assert talks and all(e.status == "past" for e in talks)
    current = [e for e in events if e.status == "current" and e.fatalities == 1]
    assert current and current[0].event_date == "2024-02-08" and current[0].time_precision == 2


@pytest.mark.parametrize(
    ("module_name", "loader"),
    [
        ("eventwire.fields.status", "cues"),
        ("eventwire.fields.counts", "numbers"),
        ("eventwire.fields.dates", "vocabulary"),
    ],
)
def test_data_files_fail_clearly_on_a_bad_schema(monkeypatch, module_name, loader):
    import importlib

    from eventwire.errors import DataFileError

    module = importlib.import_module(module_name)

    class _Fake:
        def files(self, _pkg):
            return self

        def joinpath(self, _name):
            return self

        def read_text(self, _enc):
            return "unexpected: 1\n"

    load = getattr(module, loader)
    load.cache_clear()
    import eventwire.data

    monkeypatch.setattr(eventwire.data, "resources", _Fake())  # the one loader every data file goes through
    try:
        with pytest.raises(DataFileError):
            load()
    finally:
        monkeypatch.undo()
        load.cache_clear()
    assert load()  # the shipped file loads again
