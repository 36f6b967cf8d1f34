"""Restoring case in all-capitals text (eventwire/nlp/truecase.py): a table of words, and the
whole pipeline on wire copy in capitals."""

from __future__ import annotations

import pytest

from eventwire.nlp.truecase import is_capitals, recase, truecase, word_form
from eventwire.pipeline import extract

WORDS = [
    # (lower-case word, beside a number, form)
    ("the", False, "l"),  # a function word
    ("us", False, "l"),  # the pronoun: wire copy writes the country "U.S."
    ("i", False, "C"),
    ("police", False, "l"),  # counted lower case in the notes
    ("killed", False, "l"),
    ("salvador", False, "C"),  # a city of over a million: capitalised though the lexicon has it
    ("huancayo", False, "C"),  # a GeoNames town
    ("mulqui", False, "C"),  # unknown, no English word: a name
    ("fmln", False, "U"),  # unknown, no vowel: an acronym
    ("sentries", False, "l"),  # not in the table, known to the lexicon through its singular
    ("dynamited", False, "l"),  # ... through its stem
    ("may", False, "l"),  # the modal ...
    ("may", True, "C"),  # ... the month beside a day
    ("march", True, "C"),
]


@pytest.mark.parametrize(("word", "numbered", "form"), WORDS)
def test_word_forms(word, numbered, form):
    assert word_form(word, numbered) == form


CASES = [
    (
        "THE POLICE HAVE REPORTED IN HUANCAYO THAT TERRORISTS KILLED THE MAYOR OF MULQUI DISTRICT.",
        "The police have reported in Huancayo that terrorists killed the mayor of Mulqui district.",
    ),
    # a sentence starts after end punctuation and after a blank line, not after a line break
    (
        "REBELS ATTACKED A POST.  THE ARMY SAID\nTHE FMLN LOST 11 MEN.\n\nON 5 MAY IT WAS CALM.",
        "Rebels attacked a post.  The army said\nthe FMLN lost 11 men.\n\nOn 5 May it was calm.",
    ),
    # initials keep their capitals
    ("THE U.S. EMBASSY IN SAN SALVADOR WAS HIT.", "The U.S. Embassy in San Salvador was hit."),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_truecase_restores_usual_case_and_keeps_length(text, expected):
    out = truecase(text)
    assert out == expected
    assert len(out) == len(text)


@pytest.mark.parametrize(
    ("text", "capitals"),
    [
        ("GUERRILLAS ATTACKED A MILITARY POST NEAR THE CAPITAL ON TUESDAY NIGHT.", True),
        ("BAGHDAD (Reuters) - A drone strike killed two commanders near the airport on Friday.", False),
        ("UN SAYS", False),  # too short to tell
        ("Rebels shelled Goma on Tuesday, killing three civilians, officials said.", False),
    ],
)
def test_only_texts_in_capitals_are_recased(text, capitals):
    assert is_capitals(text) is capitals
    assert (recase(text) != text) is capitals


def test_capitals_wire_copy_is_placed_and_typed_like_mixed_case():
    text = (
        "THE POLICE HAVE REPORTED IN HUANCAYO, LOCATED 315 KM EAST OF LIMA, THAT ALLEGED TERRORISTS "
        "TODAY SHOT AND KILLED THE MAYOR OF A DISTRICT OF JUNIN DEPARTMENT AT HIS HOME."
    )
    mixed = extract(truecase(text), published="1989-11-20")
    capitals = extract(text, published="1989-11-20")
    key = [(e.event_type, e.country, e.fatalities) for e in mixed.events if e.event_type]
    assert key and key == [(e.event_type, e.country, e.fatalities) for e in capitals.events if e.event_type]
    assert capitals.events[0].country == "Peru"
    # spans point into the original text
    for e in capitals.events:
        if e.evidence is not None:
            assert e.evidence.text.lower() == text[e.evidence.start : e.evidence.end].lower()
