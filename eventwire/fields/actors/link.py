"""Linking actors to an event: canonical actors for its actor mentions, and the country they place it in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...records import NON_STATE_ARMED, STATE_SIDES, Actor, Event, Inter, Source
from .dictionary import load_actor_tables, load_vocabulary
from .find import group_abroad
from .normalise import community_attacker, fill, name_prefix, normalise_actor, role_actor

SIDES = ("actor1", "actor2")


@dataclass
class ActorCoding:
    """The coded actors of one event, as :func:`code_event_actors` found them."""

    actor1: str | None
    inter1: int | None
    actor2: str | None
    inter2: int | None
    assoc_actor_1: str | None
    assoc_actor_2: str | None
    actor1_text: str | None
    actor2_text: str | None
    sides: dict[str, Source] | None = None  # actor1/actor2 spans in their new order, where the sides moved


def _side(event: Event, field: str, iso2: str | None, attacker: bool) -> Actor | None:
    source = event.provenance.get(field)
    if source is None:
        return None
    # an attacker named by a demonym alone ("Russian missile strike") is the state
    actor = normalise_actor(source.text, source.start, source.end, iso2, modifier=attacker)
    violent = event.event_type in load_vocabulary().violent_types
    community = (
        community_attacker(source.text, source.start, source.end, iso2) if attacker and violent else None
    )
    if community is not None and (actor is None or actor.inter != Inter.STATE_FORCES):
        actor = community  # "Fulani pastoralists attacked ...": the community's militia
    if actor is None:
        return None
    government, military = name_prefix("government"), name_prefix("military")
    if attacker and violent and actor.name.startswith(government):
        actor.name = actor.name.replace(government, military, 1)
    if not attacker and violent and actor.inter == Inter.STATE_FORCES and actor.name.startswith(government):
        actor.name = actor.name.replace(government, military, 1)
    if actor.inter == Inter.STATE_FORCES and actor.country and iso2 and actor.country != iso2.upper():
        actor.inter = Inter.EXTERNAL_FORCES  # state forces acting abroad are external forces in ACLED
        coalition = load_actor_tables().coalitions.get((actor.country, iso2.upper()))
        if coalition is not None and actor.name.startswith(military):
            actor.name, actor.inter = coalition.name, coalition.inter  # a member's forces where it fights
    return actor


def _mutual(event: Event) -> bool:
    """An armed clash told with no initiator (actors.yaml words.mutual_fights)."""
    word = event.trigger.text.lower() if event.trigger is not None else ""
    return event.sub_event_type == "Armed clash" and word in load_vocabulary().mutual_fights


def _swap_sides(coded: ActorCoding, spans: dict[str, Source]) -> None:
    """actor1 and actor2 trade places, names, codes, spans and associates."""
    coded.actor1, coded.actor2 = coded.actor2, coded.actor1
    coded.inter1, coded.inter2 = coded.inter2, coded.inter1
    coded.actor1_text, coded.actor2_text = coded.actor2_text, coded.actor1_text
    coded.assoc_actor_1, coded.assoc_actor_2 = coded.assoc_actor_2, coded.assoc_actor_1
    one, two = spans.pop("actor1", None), spans.pop("actor2", None)
    if two is not None:
        spans["actor1"] = two
    if one is not None:
        spans["actor2"] = one


def _forces_second(coded: ActorCoding, forces: Actor, spans: dict[str, Source]) -> None:
    """A crowd event told with the state's forces first: the forces become actor2 and the crowd
    (the people told as hurt, if any) actor1, spans and all."""
    crowd = spans.pop("actor2", None)
    spans["actor2"] = spans.pop("actor1")
    coded.actor2, coded.inter2, coded.actor2_text = forces.name, forces.inter, coded.actor1_text
    if crowd is not None:
        spans["actor1"] = crowd
    coded.actor1_text = crowd.text if crowd is not None else None


def code_event_actors(event: Event, country_iso2: str | None) -> ActorCoding:
    """Canonical names and inter codes of actor1/actor2 (and assoc actors) from ``event.provenance``.

    ``event`` is left as it is: the caller assigns what it returns (the spans too, where
    ``sides`` says they moved)."""
    coded = ActorCoding(
        event.actor1, event.inter1, event.actor2, event.inter2,
        event.assoc_actor_1, event.assoc_actor_2, event.actor1_text, event.actor2_text,
    )  # fmt: skip
    spans = {k: v for k, v in event.provenance.items() if k in SIDES}
    moved = False
    a1 = _side(event, "actor1", country_iso2, attacker=True)
    a2 = _side(event, "actor2", country_iso2, attacker=False)
    if a1 is not None:
        coded.actor1, coded.inter1 = a1.name, a1.inter
    if a2 is not None and (a1 is None or a2.name != a1.name):
        coded.actor2, coded.inter2 = a2.name, a2.inter
    for n in (1, 2):
        assoc = _side(event, f"assoc_actor_{n}", country_iso2, attacker=n == 1)
        if assoc is not None and assoc.name not in (coded.actor1, coded.actor2):
            setattr(coded, f"assoc_actor_{n}", assoc.name)
    vocab, tables = load_vocabulary(), load_actor_tables()
    said = event.evidence.text.lower() if event.evidence else ""
    if coded.actor1 is None and event.sub_event_type == "Air/drone strike" and vocab.drone not in said:
        air = tables.air_strikes
        role = air.get((country_iso2 or "").upper()) or (air.get("default") if country_iso2 else None)
        if role is not None:
            coded.actor1, coded.inter1 = fill(role.template, country_iso2), role.inter
    if coded.actor1 is None and event.event_type in vocab.violent_types:
        # "post-election ethnic violence", "an ethnic attack": an ethnic militia, unnamed
        ethnic = vocab.ethnic & set(re.findall(r"[\w-]+", said))
        coded.actor1, coded.inter1 = role_actor("ethnic" if ethnic else "unidentified", country_iso2)
    if _mutual(event) and coded.inter1 in NON_STATE_ARMED and coded.inter2 == Inter.STATE_FORCES:
        _swap_sides(coded, spans)
        moved = True
    crowd = (
        tables.role_named[vocab.crowd_roles[event.event_type]]
        if event.event_type in vocab.crowd_roles
        else None
    )
    if crowd is not None and coded.inter1 != crowd.inter:
        if a1 is not None and a1.inter in NON_STATE_ARMED and not coded.assoc_actor_1:
            coded.assoc_actor_1 = a1.name  # a named group behind the crowd
        if a1 is not None and a1.inter in STATE_SIDES and coded.inter2 in (None, Inter.CIVILIANS):
            _forces_second(coded, a1, spans)
            moved = True
        iso2 = a1.country if a1 is not None and a1.inter == Inter.CIVILIANS and a1.country else country_iso2
        coded.actor1, coded.inter1 = fill(crowd.template, iso2), crowd.inter
    if moved:
        coded.sides = spans
    return coded


def actor_country(event: Event) -> str | None:
    """The country the event's actors place it in: a local (non-state) side's, target first, else
    the target's state forces'. State forces often fight abroad, so they are weaker evidence
    than a local group or civilians, and an attacking state's own country is none at all."""
    actors = {}
    for name in ("actor2", "actor1"):
        source = event.provenance.get(name)
        # an attacker named by a demonym alone ("Turkish shelling") is the state, as actors code it
        modifier = name == "actor1"
        actor = normalise_actor(source.text, source.start, source.end, modifier=modifier) if source else None
        if actor is not None and actor.country and actor.known:
            actors[name] = actor
    local = [a for a in actors.values() if a.inter not in STATE_SIDES and not group_abroad(a.name)]
    if local:
        return local[0].country
    target = actors.get("actor2")  # settlers or another group at work abroad place nothing
    return target.country if target is not None and not group_abroad(target.name) else None
