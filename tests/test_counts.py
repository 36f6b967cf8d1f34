"""Fatalities, injured and aggregate counts with ACLED's conservative rules."""

from __future__ import annotations

import pytest

from eventwire.fields.counts import casualties_for_event, parse_number
from tests.helpers import event_at

# sentence, trigger, fatalities, injured, count
TABLE = [
    ("The bombing killed around 40 people in Kandahar.", "bombing", 40, None, None),
    (
        "At least 12 people were killed and 30 wounded when a car bomb exploded in Mogadishu.",
        "bomb",
        12,
        30,
        None,
    ),
    ("Airstrikes on Idlib killed more than 160 civilians.", "Airstrikes", 160, None, None),
    ("Dozens of villagers were killed in the raid.", "raid", 12, None, None),
    # a multiplier after the number; years and clock times are never counts (issue 15 item 4)
    ("More than two dozen fighters were killed in the clashes near Tadmur.", "clashes", 24, None, None),
    ("Crowds marched after the 1998 shooting death of a student by police.", "shooting", 1, None, None),
    ("Gunmen attacked a checkpoint in Gao at 1700 GMT, killing three soldiers.", "attacked", 3, None, None),
    ("Tens of protesters were wounded when police opened fire.", "fire", None, 10, None),
    ("Hundreds died in the massacre.", "massacre", 100, None, None),
    ("A senior commander was killed in the ambush near Gao.", "ambush", 1, None, None),
    (
        "The airstrike that killed General Ali Hassan and Colonel Omar Farouk drew condemnation.",
        "airstrike",
        2,
        None,
        None,
    ),
    ("Gunmen killed a woman and two of her children in Mosul.", "killed", 3, None, None),
    ("Militants shot dead the mayor and his deputy in Dori.", "shot", 2, None, None),
    (
        "Warplanes raided Ariha, killing between 18 and 19 civilians and injuring up to 70 more.",
        "raided",
        18,
        70,
        None,
    ),
    ("The blast left seven dead and dozens injured.", "blast", 7, 12, None),
    ("The bombing killed 40 people, though officials put the toll at 35.", "bombing", 35, None, None),
    ("Artillery hit the camp. No fatalities were reported.", "Artillery", 0, None, None),
    ("Several fighters were killed in the clash.", "clash", 10, None, None),
    ("Military posts in Mali have come under attack over 90 times since May.", "attack", None, None, 90),
    ("Kenyan bases faced 75 attacks this year.", "attacks", None, None, 75),
    ("Insurgents attacked a market in Maiduguri, killing twenty-five traders.", "attacked", 25, None, None),
    ("Police said the ambush killed nine soldiers and wounded 14.", "ambush", 9, 14, None),
    ("Clashes erupted near Marib. Unknown fatalities coded as 10.", "Clashes", 10, None, None),
    # a name and the apposition that says who it is: one victim; a list of victims: each of them
    ("Amina Yusuf, a teacher, was shot dead in Kano on Monday.", "shot", 1, None, None),
    ("Gunmen killed a woman, a child, and at least one other civilian in Kano.", "killed", 3, None, None),
    # a verb with "to death" is a killing
    ("Two farmers were hacked to death in Gudur on Sunday.", "hacked", 2, None, None),
    # "claim", "take" and "cost" with "lives" as object are killings
    ("A roadside bomb claimed the lives of four soldiers in Kandahar.", "bomb", 4, None, None),
    ("The blast took 12 lives in Mosul on Friday.", "blast", 12, None, None),
]


@pytest.mark.parametrize(("sentence", "trigger", "fatalities", "injured", "count"), TABLE)
def test_casualties(nlp, sentence, trigger, fatalities, injured, count):
    doc = nlp(sentence)
    c = casualties_for_event(doc, event_at(doc, trigger))
    assert (c.fatalities, c.injured, c.count) == (fatalities, injured, count)
    stated = {"fatalities": fatalities, "injured": injured, "count": count}
    assert set(c.sources) == {k for k, v in stated.items() if v is not None}
    for field, source in c.sources.items():
        assert sentence[source.start : source.end] == source.text, field


RAIDS = (
    "A March 3 rocket attack that killed four Kenyan soldiers in Somalia led to Kenya launching raids "
    "in Gedo on Sunday that killed about 25 fighters."
)

# regression: a figure belongs to its own event's clause, not to another incident in the sentence
# sentence, trigger, fatalities
CLAUSES = [
    (RAIDS, "attack", 4),
    (RAIDS, "raids", 25),
    ("The protest in Lagos came a day after a bombing killed five people.", "protest", None),
]


@pytest.mark.parametrize(("sentence", "trigger", "fatalities"), CLAUSES)
def test_counts_belong_to_the_event_clause(nlp, sentence, trigger, fatalities):
    doc = nlp(sentence)
    assert casualties_for_event(doc, event_at(doc, trigger)).fatalities == fatalities


# sentence, trigger, field, value, text the source span holds
SOURCES = [
    ("Rebels killed at least 12 soldiers in Tillaberi.", "killed", "fatalities", 12, "12 soldiers"),
]


@pytest.mark.parametrize(("sentence", "trigger", "field", "value", "text"), SOURCES)
def test_source_span(nlp, sentence, trigger, field, value, text):
    doc = nlp(sentence)
    c = casualties_for_event(doc, event_at(doc, trigger))
    assert getattr(c, field) == value
    assert text in c.sources[field].text


NUMBERS = [
    ("12", 12),
    ("1,200", 1200),
    ("twenty-five", 25),
    ("three", 3),
    ("1.5 million", 1500000),
    ("a dozen", 12),
    ("two hundred and five", 205),  # "and" is a filler word (numbers.yaml number_fillers)
    ("x", None),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text, value):
    assert parse_number(text) == value
