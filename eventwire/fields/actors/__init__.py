"""Actors: normalise actor mentions to canonical ACLED-style actors and code them on events."""

from .dictionary import country_display, key, load_actor_tables, load_countries, load_vocabulary, words
from .find import convention_countries, group_abroad, group_evidence
from .link import ActorCoding, actor_country, code_event_actors
from .normalise import normalise_actor, recountry

__all__ = [
    "ActorCoding",
    "actor_country",
    "code_event_actors",
    "convention_countries",
    "country_display",
    "group_abroad",
    "group_evidence",
    "key",
    "load_actor_tables",
    "load_countries",
    "load_vocabulary",
    "normalise_actor",
    "recountry",
    "words",
]
