"""What places are resolved with: the article's country evidence from who is named, the countries
an event's actors give it, compass words, spelling skeletons and gazetteer names, as tables."""

from __future__ import annotations

import pytest

from eventwire.fields.actors import actor_country, group_evidence, normalise_actor
from eventwire.fields.places.mentions import direction
from eventwire.fields.places.resolve import actor_evidence
from eventwire.gazetteer import load_index, skeleton
from eventwire.records import Event, Source

EVIDENCE = [
    # (text, countries with evidence, strongest first; minimum weights; countries with none)
    # the attacking forces' demonym is weak evidence, below a convention ("regime": Syria)
    ("Regime and Russian warplanes struck a market at noon.", ["SY", "RU"], {}, []),
    # any other demonym weighs a full demonym_weight
    ("Russian officials visited a market at noon.", ["RU"], {"RU": 0.3}, []),
    # police are no forces abroad: no deployment evidence (Turkish forces fight mostly in Syria)
    ("Turkish police detained twelve suspects at dawn.", ["TR"], {}, ["SY"]),
    # a group that often fights abroad is weak evidence for its home country: even an army's demonym outweighs it
    ("Boko Haram fighters attacked a village; Cameroonian soldiers repelled them.", ["CM", "NG"], {}, []),
    ("Boko Haram fighters attacked a village at dawn.", ["NG"], {"NG": 0.05}, []),
    # a demonym of two words is one demonym: not Sudan's "Sudanese", nor nothing for "Sri Lankan"
    ("South Sudanese soldiers searched a market at noon.", ["SS"], {}, ["SD"]),
    ("Sri Lankan police detained twelve suspects at dawn.", ["LK"], {"LK": 0.3}, []),
    # an organisation named by a division of one country works there ("Punjab": India's or Pakistan's)
    ("Members of Karnataka Rajya Raitha Sangha staged a protest at noon.", ["IN"], {"IN": 0.3}, []),
    ("Members of the Punjab Teachers Union and Sri Lankan monks met.", ["LK"], {}, ["IN", "PK"]),
    # a hyphenated name is one name: Cameroon's Donga-Mantung is not Benin's Donga
    ("Members of Donga-Mantung Farmers Union and Sri Lankan monks met.", ["LK"], {}, ["BJ"]),
]


@pytest.mark.parametrize(("text", "ranked", "at_least", "absent"), EVIDENCE)
def test_actor_evidence(nlp, text, ranked, at_least, absent):
    evidence = actor_evidence(nlp(text))
    weights = [evidence[cc] for cc in ranked]
    assert weights[-1] > 0 and weights == sorted(weights, reverse=True) and len(set(weights)) == len(weights)
    assert all(evidence[cc] >= w for cc, w in at_least.items())
    assert all(evidence.get(cc, 0) == 0 for cc in absent)


def test_a_demonym_written_as_a_division_is_no_demonym(nlp):
    # Ethiopia's Somali Region, not Somalia: before a division noun, or last in a bracketed list
    assert actor_evidence(nlp("Protesters marched in Somali region at noon.")).get("SO", 0) == 0
    assert actor_evidence(nlp("Protesters marched in Erer (Sitti, Somali) at noon.")).get("SO", 0) == 0
    assert actor_evidence(nlp("Somali protesters marched in Erer at noon.")).get("SO", 0) > 0


def _event(doc, trigger_word, **actors):
    tok = next(t for t in doc if t.text == trigger_word)
    sent = tok.sent
    event = Event(
        "Battles",
        None,
        None,
        trigger=Source(tok.text, tok.idx, tok.idx + len(tok.text)),
        evidence=Source(sent.text, sent.start_char, sent.end_char),
    )
    for field, words in actors.items():
        start = doc.text.index(words)
        event.provenance[field] = Source(words, start, start + len(words))
    return event


ACTOR_COUNTRY = [
    # (text, trigger, actor1, actor2, the country the actors place the event in)
    # the target's state forces give the country
    ("Rebel fighters shelled Saudi soldiers at a hilltop post.", "shelled", "Rebel fighters", "Saudi soldiers", "SA"),
    # a local group beats target state forces: state forces may be abroad, a local group is at home
    ("YPG fighters attacked Turkish soldiers at a hilltop post.", "attacked", "YPG fighters", "Turkish soldiers", "SY"),
    ("Unidentified gunmen shot two Saudi soldiers at a border post.", "shot", "Unidentified gunmen",
     "two Saudi soldiers", "SA"),
    # an attacking state is no evidence
    ("Turkish warplanes bombed a small village at night.", "bombed", "Turkish warplanes", None, None),
    # nor a group that often fights abroad (Boko Haram in Cameroon, Chad and Niger)
    ("Boko Haram fighters attacked a small village at night.", "attacked", "Boko Haram fighters", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "actor1", "actor2", "iso2"), ACTOR_COUNTRY)
def test_actor_country(nlp, text, trigger, actor1, actor2, iso2):
    doc = nlp(text)
    sides = {k: v for k, v in (("actor1", actor1), ("actor2", actor2)) if v}
    assert actor_country(_event(doc, trigger, **sides)) == iso2


def test_pro_hadi_forces_are_yemen_state_forces():
    # guards: "pro-Hadi forces" are Yemen's state forces (Houthi evidence for Yemen's Al Jawf)
    actor = normalise_actor("pro-Hadi forces", 0, 15)
    assert (actor.name, actor.country, actor.inter) == ("Military Forces of Yemen", "YE", 1)


GROUP_COUNTRIES = [
    # (text, the countries its groups fight in): local groups are evidence of where an article happens
    ("A Saudi-led coalition airstrike hit a farm.", ["YE"]),
    ("US-led coalition jets struck a bridge.", []),  # no one country for the US-led coalition
    ("Boko Haram fighters raided a farm.", []),  # abroad: weak evidence (group_evidence's second list)
]


@pytest.mark.parametrize(("text", "countries"), GROUP_COUNTRIES)
def test_group_countries(text, countries):
    home, _abroad = group_evidence(text)
    assert home == countries


DIRECTIONS = [
    # (text, the compass points it names)
    ("a village in the south-eastern countryside of Hama", {"S", "E"}),
    ("in central Hama", set()),
]


@pytest.mark.parametrize(("text", "points"), DIRECTIONS)
def test_direction_words(nlp, text, points):
    doc = nlp(text)
    assert direction(doc, 0, len(doc)) == points


SKELETONS = [
    # spellings that share a consonant outline (spelling variants: "Hbit" for Hubayt)
    ("khan shaykun", "khan shaykhun"),
    ("arbin", "irbin"),
    ("harbanifse", "harbinafsah"),
]


@pytest.mark.parametrize(("a", "b"), SKELETONS)
def test_skeleton_absorbs_vowels_and_digraphs(a, b):
    assert skeleton(a) == skeleton(b)


def test_admin1_names_without_a_generic_prefix():
    # guards: a division is found by its name without a generic word ("Asir")
    index = load_index()
    rows = [r for r in index.lookup("Asir") if index.feature_of(r) == "admin1"]
    assert rows and index.cc[rows[0]] == "SA"
