"""Event detection and typing on hand-written sentences (issue 3), as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.context import DocContext
from eventwire.fields.actors import normalise_actor
from eventwire.fields.events import allowed_labels, find_events, load_codebook, load_lexicon, load_plover
from eventwire.fields.events.eventivity import use_eventivity_model
from eventwire.pipeline import extract_articles
from eventwire.records import Article, Source

NONE = "<none>"  # an actor column that must be empty (None in a column: not checked)


def _events(nlp, text: str, iso2: str | None = None):
    """Every candidate the lexicon finds and types (the eventivity model, tested in
    tests/test_eventivity.py, judges none of them here)."""
    doc = nlp(text)
    ctx = DocContext(
        doc=doc, article=Article(id="t", text=text), published=date(2023, 5, 10), focus_iso2=iso2
    )
    with use_eventivity_model(None):
        return find_events(ctx)


def _typed(nlp, text: str):
    """The events of ``text`` with an ACLED type (PLOVER-only ones left out)."""
    return [e for e in _events(nlp, text) if e.event_type]


def _pipeline(text: str):
    """Events of ``text`` through the whole pipeline (places, dates, counts, actors coded)."""
    (result,) = extract_articles([Article(id="t", text=text, published="2024-01-01")])
    return result.events


def _actor_is(value: str | None, expected: str | None) -> bool:
    return expected is None or value == (None if expected == NONE else expected)


@pytest.mark.parametrize(
    ("text", "etype", "sub"),
    [
        (
            "Russian warplanes bombed the town of Saraqib on Tuesday.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "A Turkish drone strike hit a car near Qamishli, killing two SDF fighters.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "Army artillery shelled rebel positions outside Goma.",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        (
            "A roadside bomb exploded next to a police patrol in Kirkuk.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "A suicide bomber blew himself up at a checkpoint in Mogadishu.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        ("Gunmen threw a grenade at a bar in Bujumbura.", "Explosions/Remote violence", "Grenade"),
        ("Taliban fighters clashed with Afghan soldiers in Helmand.", "Battles", "Armed clash"),
        ("Unknown gunmen shot dead a teacher in Maiduguri.", "Violence against civilians", "Attack"),
        # a crowd's violence to a suspect is mob violence, its object a coordinated verb's too ("locals": a crowd)
        (
            "A group of locals beat up and threw a suspected thief into a latrine in Bohicon.",
            "Riots",
            "Mob violence",
        ),
        # a "V to death" phrase with the victim between its words
        (
            "Unknown assailants hacked a farmer to death near Lodwar on Monday.",
            "Violence against civilians",
            "Attack",
        ),
        # an official's killing is political whoever is said to kill ("drug traffickers": no veto)
        (
            "Drug traffickers assassinated a judge in Medellin on Monday.",
            "Violence against civilians",
            "Attack",
        ),
        # communal militias (ACLED inter 4) are armed actors; a crowd's lynching of a suspect is mob violence
        ("Cattle rustlers shot dead three herders near Isiolo.", "Violence against civilians", "Attack"),
        (
            "Raiders attacked two villages outside Lodwar, killing five people.",
            "Violence against civilians",
            "Attack",
        ),
        ("Residents lynched a suspected thief at the market in Kisumu.", "Riots", "Mob violence"),
        # "confrontation" is a clash noun: between students and the police, a riot
        (
            "Confrontations between students and police erupted in Nakuru on Monday.",
            "Riots",
            "Violent demonstration",
        ),
        ("A crowd stoned to death two suspected robbers in Kano.", "Riots", "Mob violence"),
        (
            "Militants kidnapped 12 farmers in Zamfara state.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "Jihadists seized the town of Menaka after heavy fighting.",
            "Battles",
            "Non-state actor overtakes territory",
        ),
        (
            "Government troops recaptured the village of Kibumba from the rebels.",
            "Battles",
            "Government regains territory",
        ),
        (  # a crowd's words are no riot
            "Hundreds of demonstrators verbally attacked the president outside parliament in Lima.",
            "Protests",
            "Peaceful protest",
        ),
        (  # the hyphenated "rebel-held" is no trigger; the capture is
            "Government troops recaptured the rebel-held village of Kibumba.",
            "Battles",
            "Government regains territory",
        ),
        (
            "Thousands of teachers marched peacefully in Santiago to demand higher pay.",
            "Protests",
            "Peaceful protest",
        ),
        (
            "Police fired tear gas to disperse hundreds of protesters in Dakar.",
            "Protests",
            "Protest with intervention",
        ),
        (
            "Security forces shot dead four protesters during a rally in Conakry.",
            "Protests",
            "Excessive force against protesters",
        ),
        ("Rioters torched cars and threw stones at police in Lyon.", "Riots", "Violent demonstration"),
        # burning a building, a verb: property destroyed by an armed side
        (
            "Separatist fighters burnt the council building in Kumba on Sunday.",
            "Strategic developments",
            "Looting/property destruction",
        ),
        ("The two factions signed a ceasefire agreement in Juba.", "Strategic developments", "Agreement"),
        ("Police arrested five opposition activists in Harare.", "Strategic developments", "Arrests"),
        # South Asia's protest forms: a shutdown observed, a fast unto death
        (
            "A complete shutdown was observed in Srinagar on Friday against the killings.",
            "Protests",
            "Peaceful protest",
        ),
        (
            "Army engineers defused an improvised explosive device near Gao.",
            "Strategic developments",
            "Disrupted weapons use",
        ),
    ],
)
def test_event_typing(nlp, text, etype, sub):
    events = _typed(nlp, text)
    assert events, text
    assert (events[0].event_type, events[0].sub_event_type) == (etype, sub)
    book = load_codebook()
    assert events[0].disorder_type == book[etype][sub]


@pytest.mark.parametrize(
    "text",
    [
        # disasters, sport, accidents, crime, business, bylines
        "A magnitude 6 earthquake killed 30 people in western Nepal.",
        "The striker scored twice as Arsenal beat Chelsea in the league.",
        "A gas cylinder exploded in a restaurant kitchen, injuring three cooks.",
        "Police seized 200 kilograms of cocaine from drug smugglers at the port.",
        # contraband seized is no territory taken, even in a "base" ("cocaine base")
        "Federal police seized two tonnes of cocaine base during an operation in Sinaloa.",
        # "burn" as a noun is no destruction
        "Two soldiers suffered burn injuries in the barracks kitchen.",
        "Shares fell sharply after the central bank raised interest rates.",
        "Jane Doe is a senior correspondent for the Daily Planet; follow her on Twitter @janedoe.",
        "Ten persons were arrested for drug smuggling in the port.",
        # a purpose infinitive is no event
        "The troops are in the region to fight the insurgents.",
        # non-violent measures "targeting" someone
        "The government announced new sanctions against the regime, targeting ten officials over corruption.",
        "The White House announced new measures targeting Russia over the hacking of the election.",
        # trigger words that modify a noun naming no event
        "The bomb squad arrived at the school on Tuesday.",
        "The protest leaders met the mayor on Tuesday.",
        "The militia bought assault rifles and two attack helicopters from a dealer in 2019.",
        "Authorities are evacuating residents within a 3km radius of the plant.",
        "China urged North Korea to stop missile launches and nuclear tests.",
        # regression: "riot police" name the police sent to a riot, not a riot
        "Riot police patrolled the capital.",
        # a manner that makes a violent verb no physical act
        "The opposition leader verbally attacked the president during the session on Monday.",
        # a confrontation of politicians is no clash
        "A confrontation between the governor and the assembly over the budget deepened on Monday.",
        # deaths in an accident
        "The bodies of four military men who were killed when the plane crashed were found.",
        # weapons listed, not used
        "The equipment included Galil rifles, ammunition belts, various types of grenades, and radios.",
        "376 rifles, 3 carbines, 11 shotguns, 83 rocket launchers, 26 mortars, 8 machineguns, 31 pistols.",
        "The rockets that are in the depot.",
        # a participle closing a hyphenated adjective is a state of the place, no occurrence
        "The mayor of gun-controlled Chicago spoke at the conference on Monday.",
        "Aid reached the rebel-held district on Monday.",
        "Aid reached the town of Douma, controlled by the Army of Islam rebel group, on Monday.",
        # regression: a label that names no kind of event, above a sentence with no trigger
        "Explosives: a history of the fuse.",
        # a government's shutdown is no strike
        "The government shutdown entered its third week in Washington.",
        # a store of weapons only mentioned, not found, seized or destroyed
        "The witness said she gave the police false information about the location of a weapons cache.",
        # "demonstrate" with an object or a clause is showing, not protesting
        "The senator said the vote demonstrated that the party was united.",
        "The army demonstrated its new rockets at a parade in the capital.",
        # a group's claim, and an accusation, name no deed of their own
        "The group claimed responsibility for the bombing in a statement on Monday.",
        "A web video lists four cases in which the lawyer defended people accused of murder.",
        "Officials said the rebels are suspected to be behind the killing of a judge in Gao.",
        # "to death" with a verb the lexicon has no such phrase for
        "The long meeting bored the delegates to death on Monday.",
        # crime among criminals stays crime
        "A drug trafficker killed a rival dealer in a dispute over cocaine in Medellin.",
    ],
)
def test_no_event(nlp, text):
    assert _typed(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # weapons found, seized or destroyed: an event whoever did it
        (
            "Police said two explosive devices were found in a canal near the station.",
            "Disrupted weapons use",
        ),
        ("Three rifles and 200 rounds of ammunition were seized in the village.", "Disrupted weapons use"),
        (
            "Soldiers destroyed 40 mines and 12 improvised explosive devices in the north.",
            "Disrupted weapons use",
        ),
        ("Rebels destroyed three houses with rockets in the village.", "Shelling/artillery/missile attack"),
        # a headline whose only verb is a copula off the weapon's path: its target makes it a use
        ("Mortars on the market square, where the traders are.", "Shelling/artillery/missile attack"),
        # a missile launched from the air is an air strike
        ("Israeli jets fired two missiles at a car near the border.", "Air/drone strike"),
        ("Two missiles were fired by Israeli jets at targets near the airport.", "Air/drone strike"),
        ("Rebels fired rockets at the airport.", "Shelling/artillery/missile attack"),
        # force against protesters
        (
            "Security forces opened fire on peaceful protesters in the capital, killing six.",
            "Excessive force against protesters",
        ),
        (
            "Riot police beat a protester near the parliament on Saturday.",
            "Excessive force against protesters",
        ),
        (
            "The army stepped up its crackdown on demonstrators in the south.",
            "Excessive force against protesters",
        ),
        ("Police fired tear gas at protesters in the city.", "Protest with intervention"),
        ("Thousands of workers gathered in front of the ministry of labour.", "Peaceful protest"),
        # South Asia's forms of protest, and East Africa's "demo"
        ("Residents held a demo in Isiolo town over the abduction of several men.", "Peaceful protest"),
        ("Pensioners staged a dharna outside the district office in Patna on Monday.", "Peaceful protest"),
        (
            "Thousands of students formed a human chain in front of the press club in Dhaka.",
            "Peaceful protest",
        ),
        ("Opposition activists took out a procession in Rajshahi city on Sunday.", "Peaceful protest"),
        # agreements include talks and surrenders
        ("More than 150 fighters surrendered to government forces in the north.", "Agreement"),
        ("The rebels started peace talks with the government on Monday.", "Agreement"),
        # a capture without a fight is a non-violent transfer
        (
            "Rebels moved into the town after the army withdrew without a fight.",
            "Non-violent transfer of territory",
        ),
        ("Rebels captured the town after heavy fighting.", "Non-state actor overtakes territory"),
        ("Soldiers discovered and safely detonated a car loaded with explosives.", "Disrupted weapons use"),
        ("Police found a mass grave containing the remains of 20 people.", "Other"),
        # shelling and air strikes told as a clash's support: the battle
        (
            "Regime forces clashed with rebel fighters near the town amid intense mutual shelling.",
            "Armed clash",
        ),
        ("An airstrike hit rebel positions near the town.", "Air/drone strike"),
        (
            "The militants said they have taken control of two villages during clashes against the army.",
            "Non-state actor overtakes territory",
        ),
        (
            "Security forces reinforced their presence around churches in the capital.",
            "Change to group/activity",
        ),
        (
            "Israeli warplanes fired a missile targeting a group of youths east of the town.",
            "Air/drone strike",
        ),
        (
            "Some 300 people were treated for breathing difficulties after rebels fired shells into the city.",
            "Chemical weapon",
        ),
        ("Rebels fired shells into the city, killing three.", "Shelling/artillery/missile attack"),
        (
            "Riot police chased demonstrators during anti-government protests in the capital.",
            "Protest with intervention",
        ),
        (
            "Forces loyal to the government wrested control of a military camp from a separatist militia.",
            "Government regains territory",
        ),
        ("The security service continues to detain people who organise demonstrations.", "Arrests"),
        ("Police continue to arrest activists in anticipation of mass protests.", "Arrests"),
        ("Police arrested 20 protesters at a demonstration in the capital.", "Protest with intervention"),
        (
            "A police officer hit a demonstrator with his baton during a demonstration.",
            "Excessive force against protesters",
        ),
        ("Unknown gunmen shot dead a government employee as he left his house.", "Attack"),
        ("Rebel forces shot dead an enemy fighter south of the camp.", "Armed clash"),
        ("Four men raped a woman in a moving car near the market.", "Sexual violence"),
        (
            "Over 110 people, mostly opposition leaders and activists, were arrested in five districts.",
            "Arrests",
        ),
        (
            "Thousands of people protested near the summit. The protests later turned violent.",
            "Violent demonstration",
        ),
        ("Thousands marched against gun violence in the capital.", "Peaceful protest"),
        (
            "Militants took control of the village. They seized it following the withdrawal of the army.",
            "Non-violent transfer of territory",
        ),
        ("Gunmen opened fire on the vehicle of an aid group near the village.", "Attack"),
        # the attacker's own words are no military target
        ("Islamic State militants assassinated a tribal chief in the village.", "Attack"),
        ("Militants attacked an army checkpoint in the village.", "Armed clash"),
        # a killing aimed at one unarmed person is violence against civilians
        ("Gunmen shot dead a tribal leader on the road.", "Attack"),
        ("Gunmen shot dead two soldiers at a checkpoint.", "Armed clash"),
        # first event of a sentence with several (formerly test_first_event_sub_type)
        ("Police seized ten rifles and a grenade launcher in Gondar.", "Disrupted weapons use"),
        ("The army recovered the villages that rebels had taken over.", "Government regains territory"),
        ("The air force destroyed a number of vehicles near Zardana.", "Air/drone strike"),
        (
            "Police used water cannons to disperse activists from the square after they held a rally.",
            "Protest with intervention",
        ),
        (
            "Russian planes carried out raids on the town, killing a woman and her four children.",
            "Air/drone strike",
        ),
        # regression: crowd violence anywhere in the sentence makes a riot
        (
            "Police made arrests during a demonstration in Bristol after projectiles were thrown at officers.",
            "Violent demonstration",
        ),
    ],
)
def test_first_event_sub_type(nlp, text, sub):
    events = _typed(nlp, text)
    assert events and events[0].sub_event_type == sub


@pytest.mark.parametrize(
    ("text", "kind", "types"),
    [
        # regression: "March" in a date is no march (protest)
        ("Gunmen killed three farmers in Zamfara on March 21.", "event_type", ["Violence against civilians"]),
        # regression: a label that names no kind of event changes nothing
        (
            "Update: Gunmen killed four farmers in Zamfara on Monday.",
            "event_type",
            ["Violence against civilians"],
        ),
        # weapons disposed of by the state are no attack
        (
            "Security forces dismantled an IED placed near a popular market in Mahmudiyah.",
            "sub_event_type",
            ["Disrupted weapons use"],
        ),
        (
            "The gendarmerie detonated improvised explosive devices found in a cave near Hakkari.",
            "sub_event_type",
            ["Disrupted weapons use"],
        ),
        # ... but militants detonating an IED at a patrol attack it
        (
            "Militants detonated an IED targeting an army patrol.",
            "sub_event_type",
            ["Remote explosive/landmine/IED"],
        ),
        # one-sided killings are attacks whoever the victims are
        ("Militants executed two individuals in Tal Afar.", "sub_event_type", ["Attack"]),
    ],
)
def test_every_event_type(nlp, text, kind, types):
    """The (sub-)event types of every typed event of the sentence, in order."""
    assert [getattr(e, kind) for e in _typed(nlp, text)] == types


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # destroying military objects is an armed engagement; a police officer's house is not one
        ("Rebels destroyed three military vehicles of the army near Gao.", "Battles"),
        ("Militants destroyed an army tank near Maiduguri.", "Battles"),
        ("Militants destroyed the house of a police officer in Hawija.", "Strategic developments"),
    ],
)
def test_first_event_type(nlp, text, etype):
    events = _typed(nlp, text)
    assert events and events[0].event_type == etype


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # a light verb the lemmatiser misreads ("waged" -> "wag"), and its passive
        ("Kenyan jets waged strikes on Shabaab camps in Gedo.", "Kenyan jets", "Shabaab camps"),
        ("Airstrikes were launched by Nigerian jets on a camp in Borno.", "Nigerian jets", None),
        # the trigger modifies the noun that carries the structure
        ("Army helicopters dropped explosive barrels on the market.", "Army helicopters", None),
        (
            "Rebels caused injuries during an offensive operation against army troops.",
            "Rebels",
            "army troops",
        ),
        # the nominal event is the setting or the means of the subject's action
        ("The army advanced after clashes with al-Shabaab near Afgoye.", "army", "al-Shabaab"),
        ("Boko Haram militants wounded two soldiers by detonation of an IED.", "Boko Haram militants", None),
        ("Gunmen targeted a police post with mortar shells.", "Gunmen", "police post"),
        # "between A (and allies) against B"
        (
            "Clashes took place between army forces and allied militias against Fano fighters in Gondar.",
            "army forces",
            "Fano fighters",
        ),
        # "IS" parsed as a verb still names the group
        ("On Monday, IS militants blew up the house of a police officer.", "IS militants", None),
        # a subject pronoun takes its antecedent
        ("Rebels claim to have killed five soldiers after they fired a rocket at a base.", "Rebels", None),
    ],
)
def test_actor_spans_of_every_event(nlp, text, actor1, actor2):
    events = _typed(nlp, text)
    assert events, text
    assert all(e.actor1_text == actor1 for e in events), [(e.trigger.text, e.actor1_text) for e in events]
    if actor2 is not None:
        assert any(e.actor2_text == actor2 for e in events), [e.actor2_text for e in events]


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("Army troops opened heavy machine gun fire on the village.", "Army troops", None),
        ("The army entered the district after an agreement with the rebels.", "army", "rebels"),
        ("Artillery of the rebel army targeted soldiers near the dam.", "rebel army", "soldiers"),
        (
            "Clashes took place between Kenyan forces and Somali militias in Gedo.",
            "Kenyan forces",
            "Somali militias",
        ),
        ("Coalition air strikes hit by mistake positions of the SDF near Raqqa.", "Coalition air", None),
        (
            "Prisoners were released in a prisoner exchange between army forces and rebel forces.",
            "army forces",
            "rebel forces",
        ),
        # the victims of a casualty verb around the trigger's clause
        (
            "A roadside bomb planted by ISWAP exploded near Monguno, injuring four farmers.",
            "ISWAP",
            "four farmers",
        ),
        # a weapon fired at a target: the target hangs on the verb, not on the weapon
        (
            "Al-Shabaab fighters fired mortar shells at Kenyan troops in Lamu.",
            "Al-Shabaab fighters",
            "Kenyan troops",
        ),
        # "between" sides in modifiers: the first names the phrase (read as its first conjunct), the
        # other its own part with the noun they share; a date range is no pair of sides (actor2: none)
        (
            "Clashes took place between ADF and M23 fighters near Beni.",
            "ADF and M23 fighters",
            "M23 fighters",
        ),
        (
            "Clashes erupted between pro Hadi and Houthi fighters near Taiz.",
            "pro Hadi and Houthi fighters",
            "Houthi fighters",
        ),
        (
            "Clashes between Somali and Afar ethnic militias were reported near Gewane.",
            "Somali and Afar ethnic militias",
            "Afar ethnic militias",
        ),
        ("Between May 2 and May 5, RSF fighters withdrew from the town of Bara.", "RSF fighters", NONE),
        # whoever protests is the protesters, named by a noun the dictionary lacks
        ("Market traders in Kisii protested against a new tax on Monday.", "Market traders", None),
        ("The nurses' union took out a rally in Dhaka on Monday.", "nurses' union", None),
        # ... the subject of the light verb that holds the protest, a religious group, a party
        ("Guest teachers began a fast to protest against their dismissal in Karnal.", "Guest teachers", None),
        ("Muslims protested in Mumbai after remarks made by a minister.", "Muslims", None),
        ("The Awami League held demonstrations in Sylhet against the verdict.", "Awami League", None),
    ],
)
def test_actor_spans_of_the_first_event(nlp, text, actor1, actor2):
    events = _typed(nlp, text)
    assert events, text
    assert events[0].actor1_text == actor1, [(e.trigger.text, e.actor1_text) for e in events]
    assert _actor_is(events[0].actor2_text, actor2), events[0].actor2_text


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        (
            "Five soldiers were killed by al-Shabaab militants near Kismayo.",
            "al-Shabaab militants",
            "Five soldiers",
        ),
        (
            "An Israeli airstrike on a Hamas compound in Rafah wounded three people.",
            "Israeli",
            "three people",
        ),
        ("Clashes broke out between the RSF and the Sudanese army in Omdurman.", "RSF", "Sudanese army"),
        # the dead are victims, not authors
        ("Five civilians died in an airstrike on the town.", NONE, "Five civilians"),
        # munitions counted ("dozens of shells") are no aggregate: the subject is the author
        ("Army forces fired dozens of shells at the town.", "Army forces", None),
        # an acronym parsed as an auxiliary is the subject
        ("IS controlled the village of Maasran on Monday.", "IS", None),
        # a hedged owner after a comma is part of the actor
        (
            "Warplanes and/or helicopters, likely Kenyan, carried out strikes on Jilib.",
            "Warplanes and/or helicopters, likely Kenyan",
            None,
        ),
    ],
)
def test_actor_spans_of_the_one_event(nlp, text, actor1, actor2):
    (ev,) = _typed(nlp, text)
    assert _actor_is(ev.actor1_text, actor1), ev.actor1_text
    assert _actor_is(ev.actor2_text, actor2), ev.actor2_text


@pytest.mark.parametrize(
    "text",
    [
        "One man was killed when an IED (likely by al-Shabaab) exploded near a market in Afgoye.",
        "A farmer was shot dead (likely by Boko Haram militants) near Gwoza.",
    ],
)
def test_a_hedged_agent_after_the_trigger(nlp, text):
    events = _typed(nlp, text)
    assert any(e.actor1_text and e.actor1_text.startswith(("al-Shabaab", "Boko Haram")) for e in events), [
        (e.trigger.text, e.actor1_text) for e in events
    ]


def test_spans_point_into_the_text_and_a_passive_agent_on_soldiers_is_a_battle(nlp):
    (ev,) = _typed(nlp, "Five soldiers were killed by al-Shabaab militants near Kismayo.")
    assert ev.event_type == "Battles"
    text = "An Israeli airstrike on a Hamas compound in Rafah wounded three people."
    (ev,) = _typed(nlp, text)
    assert ev.trigger.text == "airstrike" and text[ev.trigger.start : ev.trigger.end] == "airstrike"
    assert ev.evidence.text == text and ev.provenance["actor1"].text == "Israeli"


def test_relative_clause_victim_and_two_events_in_one_sentence(nlp):
    text = (
        "A rocket attack that killed two Kenyan soldiers in Lamu led to Kenyan jets "
        "carrying out airstrikes on Shabaab camps in Gedo."
    )
    events = _typed(nlp, text)
    subs = [e.sub_event_type for e in events]
    assert subs == ["Shelling/artillery/missile attack", "Air/drone strike"]
    assert events[0].actor2_text == "two Kenyan soldiers"
    assert events[1].actor1_text == "Kenyan jets"


def test_between_sides_is_a_plover_assault(nlp):
    (ev,) = _typed(nlp, "Clashes broke out between the RSF and the Sudanese army in Omdurman.")
    assert ev.plover_type == "ASSAULT"


def test_verbal_events_carry_plover_only(nlp):
    events = _events(nlp, "Ethiopia and Eritrea held talks in Asmara on the border dispute.")
    consult = [e for e in events if e.plover_type == "CONSULT"]
    assert consult and consult[0].event_type is None
    assert consult[0].actor1_text == "Ethiopia" and consult[0].actor2_text == "Eritrea"


def test_an_event_shares_the_subject_of_the_verb_that_governs_it(nlp):
    text = "Boko Haram militants detonated an IED destroying a military vehicle, killing two soldiers."
    events = _typed(nlp, text)
    assert len(events) >= 2 and {e.actor1_text for e in events} == {"Boko Haram militants"}


def test_munitions_counted_are_no_generic_plural(nlp):
    from eventwire.fields.status import is_generic_plural

    doc = nlp("Army forces fired dozens of shells at the town.")
    assert doc[5].text == "shells" and not is_generic_plural(doc[5])


def test_lexicon_is_consistent():
    lex = load_lexicon()
    assert load_lexicon() is lex
    assert len(load_plover()) == 16
    subs = {c.sub_event_type for c in lex.classes.values() if c.sub_event_type}
    assert len(subs) >= 20


def test_battles_are_not_offered_to_the_model_against_civilians():
    lex = load_lexicon()
    farmers = {"actor2": (Source("five farmers", 0, 12), normalise_actor("five farmers", 0, 12, "NG"))}
    assert "Battles" not in allowed_labels(
        lex.classes["attack"], farmers, " gunmen killed five farmers ", lex
    )
    mixed = "38 people, mostly soldiers"
    people = {"actor2": (Source(mixed, 0, 26), normalise_actor(mixed, 0, 26, "NG"))}
    assert "Battles" in allowed_labels(lex.classes["attack"], people, f" gunmen killed {mixed} ", lex)


@pytest.mark.parametrize(
    ("text", "sub", "trigger"),
    [
        # a labelled sentence with no trigger at all still tells the label's event
        (
            "Movement of forces: Army units arrived in Gao from Bamako on Monday.",
            "Other",
            "Movement of forces",
        ),
        (
            "Security measures: The army closed the road between Goma and Rutshuru.",
            "Other",
            "Security measures",
        ),
        # a trigger's own class gives way to the label's
        ("Defusal: Police dismantled a roadside bomb near Mogadishu airport.", "Disrupted weapons use", None),
        (
            "Property destruction: Militants burned two schools in Borno.",
            "Looting/property destruction",
            None,
        ),
        # a typing error in the label is still the label
        ("Non-violent actvity: ISWAP fighters preached in a mosque in Malam Fatori.", "Other", None),
    ],
)
def test_coders_labels_name_the_event(nlp, text, sub, trigger):
    (ev,) = _typed(nlp, text)
    assert (ev.event_type, ev.sub_event_type) == ("Strategic developments", sub)
    if trigger:
        assert ev.trigger.text == trigger and text.startswith(trigger)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # a bomb that hurt people near "markets" is no stock-market metaphor
        (
            "A bomb exploded near busy street markets in Kirkuk, wounding two civilians.",
            "Explosions/Remote violence",
        ),
        ("Rebels fired an ATGM at an army tank near Hama.", "Explosions/Remote violence"),
        ("Rebels shot down a regime helicopter near Hama.", "Battles"),
        ("Army troops advanced into Qelbara village in Idleb after heavy fighting.", "Battles"),
        ("Pro-government soldiers took full control over the market area of Hays.", "Battles"),
        # a crash caused by a weapon is no accident
        (
            "Two soldiers were killed when their helicopter crashed after it was hit by a missile near Idlib.",
            "Explosions/Remote violence",
        ),
        # a run-on text (no space after its full stops) is no byline for naming Twitter late on
        (
            "On Monday in Kabul, a suicide bomber blew himself up at a checkpoint, killing six soldiers.==Victims=="
            + " ".join(
                f"Soldier {n} of the 2nd battalion, aged {20 + n}, from Herat province," for n in range(8)
            )
            + " and the group claimed the attack via Twitter.",
            "Explosions/Remote violence",
        ),
        # weapons traded are no use; their seizure is an event
        ("Police seized mortars and shells that smugglers had bought in Lagos.", "Strategic developments"),
        ("Soldiers found a weapons cache near Gao on Monday.", "Strategic developments"),
        # a headline's verb tagged as a noun, with its own object, is used, not listed
        ("Nigerian military shell Cameroonian security post", "Explosions/Remote violence"),
        # a killing told as part of an election's or communities' violence is political
        ("One man was killed in Kisumu on Tuesday in post-election violence.", "Violence against civilians"),
        (
            "Two farmers were hacked to death in Gudur on Sunday in ethnic violence.",
            "Violence against civilians",
        ),
        # the killing of an activist or a journalist is political, whoever did it
        ("A young party activist was murdered in Thrissur on Sunday.", "Violence against civilians"),
        ("A journalist was shot dead in Karachi on Monday.", "Violence against civilians"),
        # an armed group's commander arrested: the state arrests, named or not
        ("A rebel commander was arrested in Goma on Monday.", "Strategic developments"),
        # a third party's attribution tells the deed as done
        (
            "The minister blamed the death squads for the assassination of six priests at the university.",
            "Violence against civilians",
        ),
        (
            "Officials said the rebels were responsible for the killing of a judge in Gao on Friday.",
            "Violence against civilians",
        ),
    ],
)
def test_pipeline_event_type_among_the_events(text, event_type):
    assert event_type in {e.event_type for e in _pipeline(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A rebel coalition expelled HTS from the village of Selwa in Idlib.",
            "Non-state actor overtakes territory",
        ),
        ("Portugal expels diplomats after the poisoning.", None),
        ("Hundreds of nationals were expelled from the border town of Kilis.", None),
        (
            "The rebels managed to restore control over Atshan town in Hama.",
            "Non-state actor overtakes territory",
        ),
        ("Houthi forces abandoned their positions in Al-Afi village.", "Non-violent transfer of territory"),
        ("Rebel fighters exchanged sporadic fire with army troops near Daraa.", "Armed clash"),
        # a crowd destroying property riots; an armed side destroying it loots
        ("Youths tore down the perimeter fence of the university in Owerri on Tuesday.", "Mob violence"),
        ("Soldiers torched houses in the village of Tula on Monday.", "Looting/property destruction"),
        # civilians or a crowd, in the plural, doing violence to a person: mob violence, not a crime
        ("A number of people with clubs killed a man accused of sheep theft in Bohicon.", "Mob violence"),
        ("Villagers captured a thief and beat him in the commune of Dogbo on Monday.", "Mob violence"),
        ("A number of people forcibly captured a thief in the Alegleta area of Cotonou.", "Mob violence"),
        ("Angry youths beat a suspected thief to death in Nairobi on Sunday.", "Mob violence"),
        ("Villagers killed a leopard that had strayed into the village of Tula.", None),
        # an explosion someone set off ("was blown up") is no accident, whatever it hit; one that
        # merely happened beside a disaster word is one
        (
            "The pipeline was blown up by guerrillas near the town of Urum on Monday.",
            "Remote explosive/landmine/IED",
        ),
        ("A gas pipeline exploded near the refinery on Monday, killing two workers.", None),
        # a road or rail blockade by a crowd is a demonstration (blocking is among riot_acts); by an
        # armed side it is none
        (
            "Farmers blocked traffic in Barnala, demanding compensation for damage to their crops.",
            "Violent demonstration",
        ),
        ("Soldiers blocked the road to the village of Tula on Monday.", None),
        # "committed suicide" is no suicide bombing
        (
            "Three of the crewmen were killed instantly, while the fourth committed suicide after the "
            "helicopter was shot down by rebels.",
            "Armed clash",
        ),
        # a headline's subject parsed as a compound of its verb is still who acted
        (
            "Turkana militia attack a Pokot camp in Narengmor, killing three in revenge of cattle theft.",
            "Attack",
        ),
        ("A man killed his neighbour in a dispute in Kano on Monday.", None),
        # a disaster word beside a weapon does not veto the attack
        ("Warplanes bombed the town of Kafr Amin, damaging its water plant.", "Air/drone strike"),
    ],
)
def test_pipeline_sub_type_among_the_events(text, expected):
    """The sub-event type among the pipeline's typed events; None: no typed event at all."""
    subs = {e.sub_event_type for e in _pipeline(text) if e.event_type}
    assert (expected in subs) if expected else not subs


@pytest.mark.parametrize(
    ("text", "kind", "types"),
    [
        # regression: a weather "storm" is no storming, but a police station stormed is
        ("The storm hit the coast of Oregon on Monday, and roads were flooded.", "event_type", []),
        ("Gunmen stormed a police station in Kirkuk, killing three officers.", "event_type", ["Battles"]),
        # a drone shot down is disrupted weapons use (a crewed aircraft is a battle)
        ("Air defences shot down a drone over Saada on Monday.", "sub_event_type", ["Disrupted weapons use"]),
    ],
)
def test_pipeline_every_event(text, kind, types):
    """Every event the pipeline finds (typed or not), in order."""
    assert [getattr(e, kind) for e in _pipeline(text)] == types


def test_people_hurt_in_clashes_with_forces_are_rioters():
    text = "Dozens of Kenyans were injured in clashes with police in Nairobi on Tuesday."
    (result,) = extract_articles([Article(id="riot", text=text, published=date(2023, 5, 10))])
    (ev,) = [e for e in result.events if e.event_type]
    assert (ev.event_type, ev.sub_event_type) == ("Riots", "Violent demonstration")
    assert (ev.actor1, ev.actor1_text) == ("Rioters (Kenya)", "Dozens of Kenyans")
    assert (ev.actor2, ev.actor2_text) == ("Police Forces of Kenya", "police")
    text = "Five soldiers were killed in clashes with al-Shabaab fighters near Afgoye."
    (result,) = extract_articles([Article(id="battle", text=text, published=date(2023, 5, 10))])
    assert [e.event_type for e in result.events if e.event_type] == ["Battles"]
