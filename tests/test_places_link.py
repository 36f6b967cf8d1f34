"""Placing events (place_for_event, ACLED geo_precision and coding) and the article's focus country,
as tables of hand-written sentences."""

from __future__ import annotations

import pytest

from eventwire.fields.places import article_focus, find_places, place_for_event
from eventwire.pipeline import extract_articles
from eventwire.records import Article, Event, Source

ARTICLE = "article"  # the focus column: article_focus of the sentence itself


def _event(doc, trigger_word, event_type=None):
    tok = next(t for t in doc if t.text == trigger_word)
    sent = tok.sent
    return Event(
        event_type,
        None,
        None,
        trigger=Source(tok.text, tok.idx, tok.idx + len(tok.text)),
        evidence=Source(sent.text, sent.start_char, sent.end_char),
    )


def _placed(nlp, text, trigger, focus, event_type=None, actor_iso2=None):
    doc = nlp(text)
    places = find_places(doc)
    focus = article_focus(doc, places) if focus == ARTICLE else focus
    return place_for_event(doc, _event(doc, trigger, event_type), places, focus, actor_iso2=actor_iso2)


EVENT_PLACES = [
    # (text, trigger, focus, expected place attributes, precision: an int, a set, or None to skip)
    ("Two soldiers were killed when a roadside bomb exploded near Kandahar on Monday.", "exploded", ARTICLE,
     {"name": "Kandahar"}, 2),
    ("Turkish drones struck Qamishli, killing three fighters.", "struck", ARTICLE, {"name": "Al Qamishli"}, 1),
    ("A US drone strike in Mogadishu killed a senior commander.", "strike", ARTICLE, {"name": "Mogadishu"}, 1),
    ("Clashes erupted in Sudan overnight, residents said.", "Clashes", ARTICLE, {"name": "Sudan"}, 3),
    ("Fighting raged across Marib province on Wednesday.", "Fighting", ARTICLE, {"name": "Ma'rib"}, 3),
    # a country-only event is coded at the capital's coordinates (Khartoum), as country-level: no admin1
    ("Clashes erupted in Sudan overnight, residents said.", "Clashes", "SD",
     {"iso3": "SDN", "latitude": (15.25, 15.85), "longitude": (32.23, 32.83), "admin1": None, "name": "Sudan"}, 3),
    ("Police fired tear gas at protesters, officials said.", "fired", "KE",
     {"iso3": "KEN", "admin1": None, "name": "Kenya"}, 3),
    # a dateline is where the report was filed: not the event's place when the text places it ...
    ("BEIRUT, Lebanon (AP) — A car bomb exploded outside a police station in the Syrian city of Homs on "
     "Monday.", "exploded", ARTICLE, {"name": "Homs"}, 1),
    ("JERUSALEM (AP) _ Israeli jets struck positions in southern Lebanon on Tuesday, the army said.", "struck",
     ARTICLE, {"iso3": "LBN"}, None),
    # ... but the event's place when nothing else places it
    ("BAGHDAD (Reuters) - Gunmen killed two soldiers at a checkpoint, police said.", "killed", ARTICLE,
     {"name": "Baghdad"}, None),
    # a person's home town is no event place
    ("A roadside bomb killed Private Jo Reyes, 24, of Austin, Texas, in Helmand province on Sunday.", "killed",
     ARTICLE, {"iso3": "AFG", "admin1": "Helmand"}, None),
    ("Corporal Dan Hale of Leeds was wounded when militants attacked a patrol near Kandahar.", "attacked",
     ARTICLE, {"name": "Kandahar"}, None),
    # a ship's name is no event place
    ("In 2000, militants attacked the USS Cole in the port of Aden, killing 17 sailors.", "attacked", ARTICLE,
     {"name": "Aden"}, None),
    # a religion is no event place
    ("Protesters gathered in a Catholic neighbourhood of west Belfast on Sunday.", "gathered", ARTICLE,
     {"name": "Belfast"}, None),
    # an event without a place in its sentence falls back to the focus country
    ("Police fired tear gas in Nairobi on Monday. Later, two people were killed.", "killed", "KE",
     {"iso3": "KEN", "admin1": "Nairobi Area"}, {2, 3}),
    # the actor's country is not the location
    ("Israeli aircraft struck targets in Rafah, the army said.", "struck", "PS", {"name": "Rafah", "iso3": "PSE"},
     None),
    # the event is at the place, not at its qualifier
    ("Warplanes struck the outskirts of Afrin city in northern Aleppo on Monday.", "struck", "SY",
     {"name": "Afrin"}, None),
    # a name the gazetteer lacks, placed at the division around it, has precision 2
    # unknown to GeoNames (2: at its division) or a town of the learned layers (1)
    ("Gunmen ambushed a patrol in Mankhar, Hadramawt, on Sunday.", "ambushed", "YE", {"iso3": "YEM"}, {1, 2}),
    # a sea is no event place beside a town
    ("Off the Red Sea coast, an airstrike hit a fuel depot in Hodeidah city.", "hit", None, {"iso3": "YEM"}, None),
    # a sea alone gives way to the article's country
    ("A patrol boat was attacked in the Red Sea. Houthi fighters claimed the attack.", "attacked", "YE",
     {"iso3": "YEM"}, 3),
    # where it was fired from is not where it happened
    ("Mortar rounds fired from Tyre landed in Haifa overnight.", "landed", None, {"name": "Haifa"}, None),
    # the patron after "backed by" is not the event place
    ("Clashes erupted between Kurdish fighters and rebels backed by Turkey near Marea in northern Aleppo.",
     "Clashes", ARTICLE, {"iso3": "SYR"}, None),
    # a town beside or in a named place is the event place, not a foreign namesake
    ("Soldiers raided homes in the town of Hizma, northeast of occupied Jerusalem, on Friday.", "raided", ARTICLE,
     {"name": "Hizma", "iso3": "PSE"}, None),
    ("Troops demolished a house in the town of Beit Jala, south of Jerusalem.", "demolished", ARTICLE,
     {"name": "Bayt Jala", "iso3": "PSE"}, None),
    ("Youths clashed with soldiers in Hebron in the south of the occupied West Bank.", "clashed", ARTICLE,
     {"name": "Hebron", "iso3": "PSE"}, None),
    # "X Department" is the first-level division where X is one; the point a place is measured from
    # ("90 km north of San Salvador") is not where; an unknown town is placed in the division after it
    ("Guerrillas attacked an army post in Cabanas Department on Tuesday.", "attacked", ARTICLE,
     {"name": "Cabanas", "iso3": "SLV"}, 3),
    ("Guerrillas attacked a post in Chalatenango Department, 90 km north of San Salvador.", "attacked",
     ARTICLE, {"name": "Chalatenango", "iso3": "SLV"}, None),
    ("Guerrillas attacked a post in La Laguna, Chalatenango Department, located some 90 km north of San "
     "Salvador.", "attacked", ARTICLE, {"iso3": "SLV", "admin1": "Chalatenango"}, None),
    # a sub-district named before its district is the event place
    ("Artillery shelled farms in Raju sub-district of Afrin on Monday.", "shelled", ARTICLE,
     {"name": "Raju", "iso3": "SYR"}, 2),
    # attacking forces point to where they are deployed (actors.yaml deployments: Turkish forces in Syria)
    ("Turkish forces shelled areas across Qelbarat township overnight.", "shelled", ARTICLE, {"iso3": "SYR"}, 3),
    # ... but a place named in the report outweighs the deployment
    ("Turkish warplanes struck PKK positions near Hakkari on Monday.", "struck", ARTICLE, {"iso3": "TUR"}, None),
    # the division in brackets after a place qualifies it: not where ("Kushtia city, ... (Khulna)") ...
    ("Students staged a protest in Kushtia city, Kushtia Sadar (Khulna), on Sunday.", "protest", ARTICLE,
     {"name": "Kushtia"}, 1),
    ("Gunmen kidnapped 17 women in a village of Kolofata subdivision (Mayo-Sava, Extreme-Nord).", "kidnapped",
     ARTICLE, {"iso3": "CMR", "name": "Kolofata"}, None),
    # ... unless nothing else places the event
    ("Locals protested at Waheng Khuman Keithel (Imphal) on 28 May.", "protested", ARTICLE,
     {"name": "Imphal"}, None),
    # a country across the border is not the event place
    ("Five soldiers were killed in clashes in Najran province on the border with Yemen.", "clashes", ARTICLE,
     {"iso3": "SAU"}, None),
]  # fmt: skip


def _matches(value, expected) -> bool:
    if isinstance(expected, tuple):  # (low, high), exclusive
        return value is not None and expected[0] < value < expected[1]
    return value == expected


@pytest.mark.parametrize(("text", "trigger", "focus", "expected", "precision"), EVENT_PLACES)
def test_place_for_event(nlp, text, trigger, focus, expected, precision):
    place, prec = _placed(nlp, text, trigger, focus)
    assert place is not None
    assert place.country and place.iso3 and place.latitude is not None
    for key, want in expected.items():
        assert _matches(getattr(place, key), want), (key, getattr(place, key))
    if precision is not None:
        assert prec in precision if isinstance(precision, set) else prec == precision


EVENT_PLACES_WITH = [
    # (text, trigger, event_type, focus, actor_iso2, expected place (name or iso3) and precision,
    # or (None, None) for no place)
    # the subject of a protest is not its place
    ("Students held a rally against naming Jerusalem as Israel's capital in Bilin village.", "rally", "Protests",
     ARTICLE, None, ("Bilin", None)),
    # the target's state forces give the country (the actors' country, "SA", replaces the focus)
    ("Rebel fighters shelled Saudi soldiers at a hilltop post.", "shelled", None, "YE", "SA", ("SAU", 3)),
    # ... unless the article names towns of its focus country and none of theirs: foreigners abroad
    ("Insurgents stormed a hotel in Kabul on Saturday. Five Turkish engineers were killed.", "killed", None,
     "AF", "TR", ("Kabul", None)),
    # a patron country is no event place ("Iran-backed")
    ("Government troops recaptured the hill from Iran-backed militias on Sunday.", "recaptured", None, None, None,
     (None, None)),
    # a word in lower case is no name, whatever the tagger says ("fled to the bush" tagged PERSON)
    ("Soldiers killed two men in Ndop. Residents fled to the bush.", "killed", None, ARTICLE, None, ("Ndop", 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "trigger", "event_type", "focus", "actor_iso2", "expected"), EVENT_PLACES_WITH
)
def test_place_for_event_with(nlp, text, trigger, event_type, focus, actor_iso2, expected):
    place, prec = _placed(nlp, text, trigger, focus, event_type, actor_iso2)
    want, precision = expected
    if want is None:
        assert (place, prec) == (None, None)
        return
    assert place is not None and want in (place.name, place.iso3)
    assert precision is None or prec == precision


def test_event_in_a_part_of_a_division(nlp):
    # guards: an event "in southern Idlib" is placed south of Idlib's seat
    doc = nlp("Regime forces shelled areas in southern Idlib on Monday.")
    places = find_places(doc)
    place, _ = place_for_event(doc, _event(doc, "shelled", "Battles"), places, "SY")
    idlib = next(p for p in places if p.text == "Idlib")
    assert place.iso3 == "SYR" and place.latitude < idlib.latitude


def test_settlers_as_target_do_not_place_an_event_in_israel():
    # guards: a target group at work abroad (settlers) gives the event no country of its own
    text = "Israeli forces and settlers clashed with Palestinian residents in Qelbarat."
    out = list(extract_articles([Article(id="t", text=text, published="2018-01-05")]))
    assert out[0].events and {e.iso3 for e in out[0].events} == {"PSE"}


FOCUS = [
    # (text, the article's focus country)
    # where things happen weighs more than whose they are
    ("US officials said US troops would stay. A car bomb exploded in Mosul, and police in "
     "Basra arrested two suspects. Iraqi police said the attackers fled.", "IQ"),
    # a convention ("regime forces": Syria's) is weak country evidence ...
    ("Regime forces shelled a small village at night.", "SY"),
    # ... outweighed by any demonym
    ("Regime forces shelled a village, Sudanese officials said.", "SD"),
    # a first-level division named before people, as a demonym would be ("Turkana": a county of Kenya)
    ("Raiders killed 11 Turkana villagers at night.", "KE"),
    ("Gunmen abducted three Kachin schoolteachers overnight.", "MM"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "iso2"), FOCUS)
def test_article_focus(nlp, text, iso2):
    doc = nlp(text)
    assert article_focus(doc, find_places(doc)) == iso2
