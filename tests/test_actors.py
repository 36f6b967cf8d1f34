"""Actor normalisation: canonical ACLED-style names, country and inter codes (issue 3)."""

from __future__ import annotations

import pytest

from eventwire.errors import DataFileError
from eventwire.extract.actors import code_event_actors, normalise_actor
from eventwire.extract.actors_dict import load_actor_tables, load_countries
from eventwire.models import Event, Source


@pytest.mark.parametrize(
    ("text", "hint", "name", "country", "inter"),
    [
        ("American soldiers", "SY", "Military Forces of the United States", "US", 1),
        ("the Pentagon", None, "Military Forces of the United States", "US", 1),
        ("Syrian government troops", None, "Military Forces of Syria", "SY", 1),
        ("regime forces", "SY", "Military Forces of Syria", "SY", 1),
        ("Nigerian police officers", None, "Police Forces of Nigeria", "NG", 1),
        ("demonstrators in Mosul", "IQ", "Protesters (Iraq)", "IQ", 6),
        ("angry rioters", "KE", "Rioters (Kenya)", "KE", 5),
        ("six villagers", "ML", "Civilians (Mali)", "ML", 7),
        ("two Afghans", None, "Civilians (Afghanistan)", "AF", 7),
        ("unknown gunmen", "SO", "Unidentified Armed Group (Somalia)", "SO", 3),
        ("al-Shabab fighters", None, "Al Shabaab", "SO", 2),
        ("a commander of the Houthis", None, "Military Forces of Yemen Supreme Political Council", "YE", 1),
        ("ISIL militants", "IQ", "Islamic State (Iraq)", "IQ", 2),
        ("the Saudi-led coalition", "YE", "Operation Restoring Hope", "SA", 8),
        ("coalition jets", "YE", "Operation Restoring Hope", "YE", 8),
        ("coalition jets", "SY", "Global Coalition Against Daesh", "SY", 8),
        ("anti-Houthi forces", "YE", "Military Forces of Yemen", "YE", 1),
        ("Islamist factions", "SY", "Islamist Militia (Syria)", "SY", 3),
        ("Russia", None, "Government of Russia", "RU", 1),
    ],
)
def test_normalise_known(text, hint, name, country, inter):
    actor = normalise_actor(text, 10, 10 + len(text), hint)
    assert actor is not None
    assert (actor.name, actor.country, actor.inter) == (name, country, inter)
    assert (actor.start, actor.end, actor.text) == (10, 10 + len(text), text)


@pytest.mark.parametrize("text", ["us", "he", "the weather", "a car bomb", ""])
def test_normalise_not_an_actor(text):
    assert normalise_actor(text, 0, len(text), "IQ") is None


def test_unknown_named_group_keeps_text_and_guesses_type():
    actor = normalise_actor("the Zarqa Liberation Front", 0, 26, "JO")
    assert actor is not None and not actor.known
    assert actor.name == "Zarqa Liberation Front" and actor.country == "JO" and actor.inter == 2


def test_patron_country_is_not_the_actor_country():
    actor = normalise_actor("Iranian-backed militias", 0, 23, "IQ")
    assert actor is not None and actor.country == "IQ" and actor.inter == 3


def test_modifier_demonym_names_the_state():
    actor = normalise_actor("Turkish", 0, 7, "SY", modifier=True)
    assert actor is not None and actor.name == "Government of Turkey"


def test_every_country_has_state_forces():
    aliases, names, _ = load_countries()
    assert len(names) >= 240 and aliases[("kenyan",)] == "KE"
    for iso2 in ("BF", "MM", "CD", "UA", "CO", "PH"):
        actor = normalise_actor(f"{names[iso2].removeprefix('the ')} army", 0, 30)
        assert actor is not None and actor.name.startswith("Military Forces of") and actor.country == iso2


def test_tables_load_once_and_have_groups():
    tables = load_actor_tables()
    assert tables is load_actor_tables()
    assert {g.name for g in tables.groups.values()} >= {"Taliban", "Hamas Movement", "Rapid Support Forces"}


def test_bad_countries_file_raises(monkeypatch):
    from eventwire.extract import actors_dict

    actors_dict.load_countries.cache_clear()
    monkeypatch.setattr(actors_dict, "_read", lambda name: "ZZ\tbroken line\n")
    with pytest.raises(DataFileError):
        actors_dict.load_countries()
    monkeypatch.undo()
    actors_dict.load_countries.cache_clear()


def _event(event_type: str, a1: str | None, a2: str | None) -> Event:
    ev = Event(event_type, None, None)
    for name, text in (("actor1", a1), ("actor2", a2)):
        if text:
            ev.provenance[name] = Source(text, 0, len(text))
    return ev


def test_code_event_actors_state_abroad_is_external():
    ev = _event("Explosions/Remote violence", "Israeli jets", "Hezbollah fighters")
    code_event_actors(ev, "LB")
    assert (ev.actor1, ev.inter1) == ("Military Forces of Israel", 8)
    assert (ev.actor2, ev.inter2) == ("Hezbollah", 3)


def test_code_event_actors_country_as_attacker_is_its_military():
    ev = _event("Battles", "Ethiopia", "Fano militiamen")
    code_event_actors(ev, "ET")
    assert (ev.actor1, ev.inter1) == ("Military Forces of Ethiopia", 1)
    assert ev.actor2 == "Fano Militia"


def test_code_event_actors_defaults():
    ev = _event("Violence against civilians", None, "three farmers")
    code_event_actors(ev, "NG")
    assert ev.actor1 == "Unidentified Armed Group (Nigeria)" and ev.inter1 == 3
    assert ev.actor2 == "Civilians (Nigeria)" and ev.inter2 == 7
    protest = _event("Protests", "hundreds of Chileans", None)
    code_event_actors(protest, "CL")
    assert protest.actor1 == "Protesters (Chile)" and protest.inter1 == 6


def test_convention_names_a_country_only_without_another():
    from eventwire.extract.actors import convention_countries

    assert convention_countries("Regime forces shelled the town at night.") == ["SY"]
    assert convention_countries("The Iranian regime said regime forces were ready.") == []
    assert convention_countries("Police dispersed the crowd.") == []


def test_unattributed_air_strike_follows_the_country_convention():
    def air(said: str) -> Event:
        ev = _event("Explosions/Remote violence", None, None)
        ev.sub_event_type = "Air/drone strike"
        ev.evidence = Source(said, 0, len(said))
        return ev

    ev = air("Two air raids hit a farm.")
    code_event_actors(ev, "YE")
    assert (ev.actor1, ev.inter1) == ("Operation Restoring Hope", 8)
    ev = air("Two air raids hit a farm.")
    code_event_actors(ev, "NG")
    assert (ev.actor1, ev.inter1) == ("Military Forces of Nigeria", 1)
    ev = air("A drone strike hit a car.")  # drones with no state named stay unidentified
    code_event_actors(ev, "NG")
    assert ev.actor1 == "Unidentified Armed Group (Nigeria)"


def test_unknown_number_of_soldiers_is_the_soldiers_state():
    actor = normalise_actor("an unidentified number of Kenyan soldiers", 0, 41)
    assert (actor.name, actor.inter) == ("Military Forces of Kenya", 1)


def test_a_state_coordinated_with_its_allies_is_the_state():
    actor = normalise_actor("Turkish and Olive Branch forces", 0, 31, "SY")
    assert (actor.name, actor.inter) == ("Military Forces of Turkey", 1)
    joint = normalise_actor("Syrian and Russian warplanes", 0, 28, "SY")
    assert joint.name == "Allied Syrian and/or Russian Forces"  # a name of its own wins


def test_a_mutual_clash_puts_the_state_first():
    ev = _event("Battles", "al-Shabaab", "the Somali army")
    ev.sub_event_type = "Armed clash"
    ev.trigger = Source("clashes", 0, 7)
    code_event_actors(ev, "SO")
    assert (ev.actor1, ev.actor2) == ("Military Forces of Somalia", "Al Shabaab")
    assert ev.provenance["actor1"].text == "the Somali army"
    attack = _event("Battles", "al-Shabaab", "the Somali army")
    attack.sub_event_type, attack.trigger = "Armed clash", Source("attacked", 0, 8)
    code_event_actors(attack, "SO")
    assert attack.actor1 == "Al Shabaab"  # the attacker is known: it stays first


def test_a_coalition_members_forces_are_the_coalition_where_it_fights():
    ev = _event("Explosions/Remote violence", "Saudi artillery", None)
    code_event_actors(ev, "YE")
    assert (ev.actor1, ev.inter1) == ("Operation Restoring Hope", 8)
    home = _event("Explosions/Remote violence", "Saudi artillery", None)
    code_event_actors(home, "SA")
    assert home.actor1 == "Military Forces of Saudi Arabia"
