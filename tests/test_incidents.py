"""Incident coreference within one article (eventwire.resolve.merge_article_events): the headline,
lede, body, quotes and recaps of one incident are one event, fields from its most specific
mention, fatalities the most precise figure (never a sum); a roundup keeps its incidents apart.
Tables of hand-written mentions and articles."""

from __future__ import annotations

import pytest

from eventwire.pipeline import extract_articles
from eventwire.records import Article, Event, Source
from eventwire.resolve import merge_article_events, precise_count, same_event

AFGOYE = {"location": "Afgooye", "iso3": "SOM", "country": "Somalia", "admin1": "Lower Shabeelle",
          "latitude": 2.14, "longitude": 45.12, "geo_precision": 1}  # fmt: skip
MOGADISHU = {"location": "Mogadishu", "iso3": "SOM", "country": "Somalia", "admin1": "Banaadir",
             "latitude": 2.04, "longitude": 45.34, "geo_precision": 1}  # fmt: skip  # ~25 km from Afgoye
KISMAYO = {"location": "Kismayo", "iso3": "SOM", "country": "Somalia", "admin1": "Lower Juba",
           "latitude": -0.36, "longitude": 42.55, "geo_precision": 1}  # fmt: skip
SOMALIA = {"location": "Somalia", "iso3": "SOM", "country": "Somalia", "admin1": None,
           "latitude": 2.04, "longitude": 45.34, "geo_precision": 3}  # fmt: skip
KENYA = {"location": "Kenya", "iso3": "KEN", "country": "Kenya", "admin1": None,
         "latitude": -1.28, "longitude": 36.82, "geo_precision": 3}  # fmt: skip
PUBLISHED = {"event_date": "2024-03-06", "time_precision": 2, "date_text": ""}  # the article's own date
TUESDAY = {"event_date": "2024-03-05", "time_precision": 1, "date_text": "on Tuesday"}
LAST_MONTH = {"event_date": "2024-02", "time_precision": 3, "date_text": "last month"}


def ev(place=AFGOYE, date=PUBLISHED, *, event_type="Explosions/Remote violence", sub="Suicide bomb",
       status="current", trigger="bomber", sentence=0, confidence=0.8, fatalities=None, figure=0.9,
       actor1=None, actor2=None, inter1=None, inter2=None) -> Event:  # fmt: skip
    e = Event(
        event_type=event_type, sub_event_type=sub, disorder_type="Political violence", status=status,
        confidence=confidence, fatalities=fatalities, actor1=actor1, actor2=actor2, inter1=inter1, inter2=inter2, evidence=Source("x", sentence, sentence + 1),
        trigger=Source(trigger, sentence, sentence + len(trigger)), **(place or {}), **(date or {}),
    )  # fmt: skip
    if fatalities is not None:
        e.provenance["fatalities"] = Source(str(fatalities), 0, 1, figure)
    return e


SAME = [
    # (first mention, second mention, one incident?)
    # the headline (no town, no date of its own) and the lede that places and dates it
    (ev(SOMALIA, PUBLISHED), ev(AFGOYE, TUESDAY, sentence=60), True),
    # ... told as another type of the same family in another sentence ("kills nine" / "suicide bomber")
    (ev(SOMALIA, PUBLISHED, event_type="Battles", sub="Armed clash", trigger="kills"),
     ev(AFGOYE, TUESDAY, sentence=60), True),
    # the body's quote, placed at the same town, undated
    (ev(AFGOYE, TUESDAY), ev(AFGOYE, PUBLISHED, trigger="explosion", sub="Remote explosive/landmine/IED",
                               sentence=200), True),
    # a recap of an earlier incident elsewhere: another incident
    (ev(AFGOYE, TUESDAY), ev(KISMAYO, LAST_MONTH, status="past", sentence=300), False),
    # a roundup: two towns far apart on one day are two incidents
    (ev(AFGOYE, TUESDAY), ev(KISMAYO, TUESDAY, sentence=90), False),
    # two dated mentions of different days
    (ev(AFGOYE, TUESDAY), ev(MOGADISHU, {"event_date": "2024-03-01", "time_precision": 1, "date_text": "Friday"},
                             sentence=90), False),
    # another country
    (ev(AFGOYE, TUESDAY), ev(KENYA, PUBLISHED, sentence=90), False),
    # another family: a protest is not the bombing
    (ev(AFGOYE, TUESDAY), ev(AFGOYE, TUESDAY, event_type="Protests", sub="Peaceful protest", trigger="rally",
                             sentence=90), False),
    # strategic developments of different sub-types stay apart
    (ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Arrests", trigger="arrested"),
     ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Agreement", trigger="deal", sentence=90), False),
    # two triggers of one sentence the finder kept apart, neither a battle that outweighs the other
    (ev(AFGOYE, TUESDAY, event_type="Violence against civilians", sub="Attack", trigger="stabbed"),
     ev(AFGOYE, TUESDAY, trigger="bomb"), False),
    # ... but a battle beside fire as strong in one sentence is the battle, the fire in support
    (ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="clashed"),
     ev(AFGOYE, TUESDAY, sub="Air/drone strike", trigger="airstrikes"), True),
    # ... but a casualty word beside a bomb in one sentence is the bomb's toll (issue 15 item 2)
    (ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="killed"),
     ev(AFGOYE, TUESDAY, trigger="bomb"), True),
    # ... and beside a riot: "one officer killed in the violence" is the riot's toll, across families
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioting"),
     ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="killed"), True),
    # ... but only in one sentence: a killing told in another sentence may be another incident
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioting"),
     ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="killed", sentence=90), False),
    # ... and a strategic development has no toll: a killing beside an arrest stays apart
    (ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Arrests", trigger="arrested"),
     ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="killed"), False),
    # ... and two triggers that are not casualty words stay two families
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioting"),
     ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="clashed"), False),
    # ... but clashes amid weaker shelling in one sentence are one battle
    (ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="clashes", confidence=0.8),
     ev(AFGOYE, TUESDAY, sub="Shelling/artillery/missile attack", trigger="shelling", confidence=0.65), True),
    # a past incident and the current one are never one
    (ev(AFGOYE, TUESDAY), ev(AFGOYE, TUESDAY, status="past", sentence=90), False),
    # mentions of non-events never merge
    (ev(status="aggregate"), ev(status="aggregate", sentence=90), False),
    # a battle's sides named in either order ("al Shabaab attacked ... after fighting with police"): one
    (ev(AFGOYE, PUBLISHED, event_type="Battles", sub="Armed clash", trigger="attacked", actor1="Al Shabaab",
        actor2="Police Forces of Somalia"),
     ev(SOMALIA, PUBLISHED, event_type="Battles", sub="Armed clash", trigger="fighting", sentence=90,
        actor1="Police Forces of Somalia", actor2="Al Shabaab"), True),
    # ... but a bomb has an attacker and a target: their sides are not interchangeable
    (ev(AFGOYE, PUBLISHED, trigger="bomb", actor1="Al Shabaab", actor2="Military Forces of Somalia"),
     ev(SOMALIA, PUBLISHED, trigger="explosion", sub="Remote explosive/landmine/IED", sentence=90,
        actor1="Military Forces of Somalia", actor2="Al Shabaab"), False),
    # property rioters destroy is their riot's, not an event of its own
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioted"),
     ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Looting/property destruction", trigger="looted",
        sentence=90), True),
    # ... but looting by attackers is coded as looting, and arrests after a battle stay apart
    (ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="attacked"),
     ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Looting/property destruction", trigger="looted",
        sentence=90), False),
    (ev(AFGOYE, TUESDAY, event_type="Battles", sub="Armed clash", trigger="clashed"),
     ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Arrests", trigger="arrested", sentence=90),
     False),
    # arrests at a protest are the protest's ("with intervention"), not an event of their own
    (ev(AFGOYE, TUESDAY, event_type="Protests", sub="Peaceful protest", trigger="protested"),
     ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Arrests", trigger="arrested", sentence=90),
     True),
    # the police firing into the crowd is the riot's toll ("a crowd rioted ... police fired into the crowd")
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioted", inter1=5),
     ev(AFGOYE, TUESDAY, event_type="Violence against civilians", sub="Attack", trigger="fired", sentence=90,
        actor1="Police Forces of Somalia", inter1=1, actor2="Civilians (Somalia)", inter2=7), True),
    # ... but not shelling of the crowd (remote violence), nor an armed group's attack on it
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioted", inter1=5),
     ev(AFGOYE, TUESDAY, sub="Shelling/artillery/missile attack", trigger="shelled", sentence=90,
        actor1="Military Forces of Somalia", inter1=1, inter2=7), False),
    (ev(AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="rioted", inter1=5),
     ev(AFGOYE, TUESDAY, event_type="Violence against civilians", sub="Attack", trigger="fired", sentence=90,
        actor1="Al Shabaab", inter1=2, inter2=7), False),
    # "condemns the attacks": a statement (no ACLED type) is no part of the attacks it speaks of,
    # though "the attacks" refers back
    (ev(AFGOYE, PUBLISHED, event_type=None, sub=None, trigger="condemns"),
     ev(AFGOYE, PUBLISHED, event_type="Violence against civilians", sub="Attack", trigger="attacks"), False),
    # named actors that differ, with nothing but the country in common
    (ev(SOMALIA, PUBLISHED, actor1="Al Shabaab"), ev(AFGOYE, TUESDAY, actor1="Military Forces of Somalia",
                                                     sentence=90), False),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "same"), SAME)
def test_same_incident_within_an_article(a, b, same):
    assert same_event(a, b, same_article=True) is same
    assert same_event(b, a, same_article=True) is same


def test_an_absorbed_development_never_gives_the_incident_its_type():
    riot = ev(
        AFGOYE, TUESDAY, event_type="Riots", sub="Violent demonstration", trigger="riot", confidence=0.65
    )
    looting = ev(AFGOYE, TUESDAY, event_type="Strategic developments", sub="Looting/property destruction",
                 trigger="torched", sentence=90, confidence=0.9)  # fmt: skip
    (merged,) = merge_article_events([riot, looting])
    assert (merged.event_type, merged.sub_event_type) == ("Riots", "Violent demonstration")


def test_headline_lede_body_and_recap_make_one_incident_and_one_background():
    # "kills" a weaker trigger than "suicide bomber": the incident takes the bomber's type
    headline = ev(SOMALIA, PUBLISHED, event_type="Battles", sub="Armed clash", trigger="kills", fatalities=9,
                  confidence=0.65)  # fmt: skip
    lede = ev(AFGOYE, TUESDAY, sentence=60, fatalities=9)
    quote = ev(AFGOYE, PUBLISHED, trigger="explosion", sub="Remote explosive/landmine/IED", sentence=200)
    recap = ev(MOGADISHU, LAST_MONTH, status="past", sentence=300, fatalities=12)
    merged = merge_article_events([headline, lede, quote, recap])
    assert len(merged) == 2
    bombing = merged[0]
    assert (bombing.location, bombing.event_date, bombing.time_precision) == ("Afgooye", "2024-03-05", 1)
    assert (bombing.event_type, bombing.sub_event_type, bombing.fatalities) == (
        "Explosions/Remote violence", "Suicide bomb", 9,
    )  # fmt: skip
    assert merged[1].status == "past" and merged[1].fatalities == 12


def test_the_spans_move_with_the_place_and_date_the_incident_takes():
    headline = ev(SOMALIA, PUBLISHED, confidence=0.9)
    headline.provenance["location"] = Source("Somalia", 0, 7)
    lede = ev(AFGOYE, TUESDAY, sentence=60, confidence=0.6)
    lede.provenance["location"] = Source("Afgooye", 70, 77)
    lede.provenance["event_date"] = Source("on Tuesday", 80, 90)
    (merged,) = merge_article_events([headline, lede])
    assert (merged.location, merged.event_date) == ("Afgooye", "2024-03-05")
    assert merged.provenance["location"].text == "Afgooye"
    assert merged.provenance["event_date"].text == "on Tuesday"


LOWER_SHABEELLE = {"location": "Lower Shabeelle", "iso3": "SOM", "country": "Somalia", "admin1": "Lower Shabeelle",
                   "latitude": 2.14, "longitude": 45.12, "geo_precision": 3}  # fmt: skip


def test_a_division_places_the_incident_over_its_whole_country():
    # both ACLED precision 3: the mention placed in a division says more than the country's
    country = ev(SOMALIA, PUBLISHED, confidence=0.9)
    division = ev(LOWER_SHABEELLE, PUBLISHED, sentence=60, confidence=0.6)
    (merged,) = merge_article_events([country, division])
    assert (merged.location, merged.admin1) == ("Lower Shabeelle", "Lower Shabeelle")


FIGURES = [
    # (fatalities and their precision (a count's confidence) per mention, the incident's figure)
    ([(9, 0.9), (9, 0.9), (None, None)], 9),  # never the sum of its mentions
    ([(12, 0.6), (40, 0.9)], 40),  # a number before "dozens"
    ([(10, 0.4), (3, 0.9)], 3),  # a number before "civilians were killed" (10 by ACLED's rule)
    ([(7, 0.9), (5, 0.9)], 5),  # two numbers: the lowest (ACLED's rule for conflicting reports)
    ([(None, None), (None, None)], None),
]


@pytest.mark.parametrize(("told", "figure"), FIGURES)
def test_fatalities_take_the_most_precise_figure(told, figure):
    members = [ev(sentence=10 * i, fatalities=f, figure=c or 0.9) for i, (f, c) in enumerate(told)]
    got = precise_count(members, "fatalities")
    assert (got[0] if got else None) == figure
    (merged,) = merge_article_events(members)
    assert merged.fatalities == figure


SIDES = [
    # (each mention's figure with its own words, the incident's figure)
    ([(23, "23 Afghan soldiers"), (20, "Twenty insurgents")], 43),  # different sides: different dead
    ([(23, "23 soldiers"), (21, "21 soldiers")], 21),  # one side told twice: the lowest
    ([(23, "23 soldiers"), (30, "30 people")], 23),  # "people" may be everyone: no sum
    ([(3, "two soldiers and a civilian"), (2, "two militants")], 2),  # a figure of more than one side
]


@pytest.mark.parametrize(("told", "figure"), SIDES)
def test_tolls_of_different_sides_add_up(told, figure):
    members = []
    for i, (value, words) in enumerate(told):
        member = ev(sentence=10 * i, fatalities=value)
        member.provenance["fatalities"] = Source(words, 0, len(words), 0.9)
        members.append(member)
    assert precise_count(members, "fatalities")[0] == figure


# -- whole articles (hand-written) -----------------------------------------------------------------

ONE_INCIDENT = """Suicide bomber kills nine at army base in Afgoye

AFGOYE, Somalia (AP) — A suicide bomber drove a car packed with explosives into an army base in Afgoye on \
Tuesday, killing at least nine soldiers, officials said.

"The explosion destroyed the gate and the barracks," said Captain Ali Hassan, a local commander.

Al-Shabaab claimed the attack. Last month a car bomb in Mogadishu killed 12 people."""

ROUNDUP = """Attacks across Iraq kill seven

BAGHDAD (Reuters) - A roadside bomb killed three policemen in Baquba on Monday. In a separate attack, gunmen \
shot dead four soldiers at a checkpoint in Tikrit, police said."""

ARTICLES = [
    # (text, published, the real incidents expected: (location, status, fatalities))
    (ONE_INCIDENT, "2024-03-06", [("Afgooye", "current", 9), ("Mogadishu", "past", 12)]),
    (ROUNDUP, "2024-03-05", [("Baqubah", "current", 3), ("Tikrit", "current", 4)]),
]


@pytest.mark.parametrize(("text", "published", "incidents"), ARTICLES)
def test_one_event_per_incident_in_an_article(text, published, incidents):
    (result,) = extract_articles([Article(id="t", text=text, published=published)])
    real = [e for e in result.events if e.event_type and e.status in ("current", "past")]
    assert sorted((e.location, e.status, e.fatalities) for e in real) == sorted(incidents)


def test_a_wiki_reference_section_lists_no_events():
    text = (
        "On 21 December 2015 in Bagram, a suicide bomber killed six soldiers.\n\n==See also==\n"
        "* 2007 Bagram Airfield bombing\n* 2014 Kabul attack\n\n==References==\n* Reuters"
    )
    (result,) = extract_articles([Article(id="t", text=text, published="2015-12-22")])
    assert [(e.event_type, e.event_date) for e in result.events] == [
        ("Explosions/Remote violence", "2015-12-21")
    ]


def test_a_lede_without_a_date_takes_the_articles_day_and_joins_its_headline():
    text = "Police break up opposition march in Nairobi\n\nPolice fired tear gas at hundreds of marchers in Nairobi."
    (result,) = extract_articles([Article(id="t", text=text, published="2024-03-06")])
    real = [e for e in result.events if e.event_type and e.status in ("current", "past")]
    assert len(real) == 1 and real[0].event_date == "2024-03-06"


def test_a_death_in_a_riot_is_the_riots_toll(nlp):
    """Issue 15 items 2 and 4: a casualty verb in a riot's sentence counts the riot's dead; no battle."""
    from eventwire.pipeline import extract

    result = extract("Rioting students threw stones in Eldoret, and one police officer was killed in the violence.",
                     published="2024-05-08")  # fmt: skip
    real = [e for e in result.events if e.event_type and e.status in ("current", "past")]
    assert [(e.event_type, e.fatalities) for e in real] == [("Riots", 1)]


def test_a_casualty_verb_beside_a_bomb_is_the_bombs_toll(nlp):
    """Issue 15 item 2: "killed" and "bomb" in one sentence are one incident, typed by the bomb."""
    from eventwire.pipeline import extract

    result = extract(
        "Two soldiers were killed and four wounded when a roadside bomb exploded near Tarmin on Monday.",
        published="2024-05-08",
    )
    real = [e for e in result.events if e.status in ("current", "past") and e.event_type]
    assert len(real) == 1
    assert real[0].event_type == "Explosions/Remote violence"
    assert real[0].fatalities == 2
