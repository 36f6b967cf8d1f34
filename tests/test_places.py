"""Toponym recognition, resolution, article focus and event placing, on hand-written sentences."""

from __future__ import annotations

import pytest

from eventwire.extract.places import article_focus, find_places, place_for_event
from eventwire.models import Event, Source


def _places(nlp, text):
    doc = nlp(text)
    return doc, find_places(doc)


def _resolved(places):
    return {(p.text, p.iso3) for p in places if p.name is not None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked a police checkpoint near Kirkuk on Sunday.", {("Kirkuk", "IRQ")}),
        ("Thousands of protesters marched in Tunis and Sfax on Friday.", {("Tunis", "TUN"), ("Sfax", "TUN")}),
        ("The shelling hit Khan Shaykhun and Maarat al-Numan in Idlib province.", {("Idlib", "SYR")}),
        ("Militants stormed a base in Borno State, Nigeria, officials said.", {("Nigeria", "NGA")}),
        (
            "Residents of Paris, Texas, reported hail the size of golf balls.",
            {("Paris", "USA"), ("Texas", "USA")},
        ),
        (
            "An explosion struck a market in Peshawar, Pakistan, killing six.",
            {("Peshawar", "PAK"), ("Pakistan", "PAK")},
        ),
    ],
)
def test_recognised_and_resolved(nlp, text, expected):
    _, places = _places(nlp, text)
    assert expected <= _resolved(places)


def test_paris_texas_is_not_france(nlp):
    _, places = _places(nlp, "Residents of Paris, Texas, reported hail the size of golf balls.")
    paris = next(p for p in places if p.text == "Paris")
    assert paris.admin1 == "Texas"
    assert 33 < paris.latitude < 34.5


def test_georgia_follows_context(nlp):
    _, us = _places(nlp, "Storms hit Atlanta and Savannah as Georgia braced for floods.")
    _, caucasus = _places(
        nlp, "Protesters in Tbilisi said Georgia must not copy Russia's foreign agents law."
    )
    assert next(p for p in us if p.text == "Georgia").iso3 == "USA"
    assert next(p for p in caucasus if p.text == "Georgia").iso3 == "GEO"


@pytest.mark.parametrize(
    "text",
    [
        "Syrian and Iraqi officials met Jordanian envoys on Monday.",
        "Ahmed Hassan and Omar Farouk told reporters the talks had failed.",
        "General Ismail Qaani praised the Quds Force commander.",
    ],
)
def test_no_places_from_demonyms_or_people(nlp, text):
    _, places = _places(nlp, text)
    assert places == []


def test_known_place_mislabelled_by_ner(nlp):
    _, places = _places(nlp, "Rockets landed inside Ain al-Asad air base in western Anbar late on Tuesday.")
    names = {p.name for p in places}
    assert "Ain al-Asad Air Base" in names
    site = next(p for p in places if p.name == "Ain al-Asad Air Base")
    assert site.admin1 == "Anbar" and site.country == "Iraq"


def test_focus_prefers_where_over_who(nlp):
    text = (
        "US officials said US troops would stay. A car bomb exploded in Mosul, and police in "
        "Basra arrested two suspects. Iraqi police said the attackers fled."
    )
    doc, places = _places(nlp, text)
    assert article_focus(doc, places) == "IQ"


def _event(doc, trigger_word):
    tok = next(t for t in doc if t.text == trigger_word)
    sent = tok.sent
    return Event(
        None,
        None,
        None,
        trigger=Source(tok.text, tok.idx, tok.idx + len(tok.text)),
        evidence=Source(sent.text, sent.start_char, sent.end_char),
    )


@pytest.mark.parametrize(
    ("text", "trigger", "name", "precision"),
    [
        (
            "Two soldiers were killed when a roadside bomb exploded near Kandahar on Monday.",
            "exploded",
            "Kandahar",
            2,
        ),
        ("Turkish drones struck Qamishli, killing three fighters.", "struck", "Al Qamishli", 1),
        ("A US drone strike in Mogadishu killed a senior commander.", "strike", "Mogadishu", 1),
        ("Clashes erupted in Sudan overnight, residents said.", "Clashes", "Sudan", 3),
        ("Fighting raged across Marib province on Wednesday.", "Fighting", "Ma'rib", 3),
    ],
)
def test_place_for_event(nlp, text, trigger, name, precision):
    doc, places = _places(nlp, text)
    place, prec = place_for_event(doc, _event(doc, trigger), places, article_focus(doc, places))
    assert place is not None and place.name == name
    assert prec == precision
    assert place.country and place.iso3 and place.latitude is not None


def test_country_only_event_is_coded_at_the_capital(nlp):
    doc, places = _places(nlp, "Clashes erupted in Sudan overnight, residents said.")
    place, _ = place_for_event(doc, _event(doc, "Clashes"), places, "SD")
    assert abs(place.latitude - 15.55) < 0.3 and abs(place.longitude - 32.53) < 0.3  # Khartoum


def test_event_without_a_place_falls_back_to_focus(nlp):
    text = "Police fired tear gas in Nairobi on Monday. Later, two people were killed."
    doc, places = _places(nlp, text)
    place, prec = place_for_event(doc, _event(doc, "killed"), places, "KE")
    assert place.iso3 == "KEN" and place.admin1 is not None
    assert prec in (2, 3)


def test_actor_country_is_not_the_location(nlp):
    doc, places = _places(nlp, "Israeli aircraft struck targets in Rafah, the army said.")
    place, _ = place_for_event(doc, _event(doc, "struck"), places, "PS")
    assert place.name == "Rafah" and place.iso3 == "PSE"
