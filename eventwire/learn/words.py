"""The word lists of ``eventwire learn`` (``data/learning.yaml``; calendar words from
``data/temporal.yaml``): loaded and checked once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import load_yaml, schema

FILE = "learning.yaml"
_WORD_LISTS = ("connectors", "name_conjunctions", "locative_preps", "place_nouns", "actor_nouns", "org_words")
_WORD_LISTS += ("short_words", "generic_parts")
_CALENDAR = ("months", "weekdays")  # temporal.yaml: words -> numbers


@dataclass(frozen=True)
class LearnWords:
    """Lower-case words matched whole against the tokens of actor names, notes and locations."""

    connectors: frozenset[str]  # lower-case words inside a name ("of", "al", "bin")
    run_connectors: frozenset[str]  # connectors less name_conjunctions: "Turkish and FSA" is two names
    calendar: frozenset[str]  # month names and abbreviations, weekday names: never an alias
    locative: frozenset[str]  # "in Hama": the phrase after one is a place
    place_nouns: frozenset[str]  # "Kitaf district": the phrase before one is a place
    actor_nouns: frozenset[str]  # "Houthi forces": the phrase before one is an actor
    org_words: frozenset[str]  # words of an organisation's name
    short_words: frozenset[str]  # no alias alone, besides function_words.txt ("US", "AM")
    generic_parts: frozenset[str]  # "Teftnaz - Military Air Base": a part made of these is no name
    name_suffixes: tuple[str, ...]  # " area", " town": a location also answers to its name without one
    country_names: dict[str, str]  # folded ACLED country name -> ISO2


@lru_cache(maxsize=1)
def learn_words() -> LearnWords:
    """The word lists of ``learning.yaml`` and the calendar words of ``temporal.yaml``."""
    data = load_yaml(FILE, (*_WORD_LISTS, "name_suffixes", "country_names"))
    schema.word_sets(FILE, data, _WORD_LISTS)
    schema.lists(FILE, data, ("name_suffixes",))  # keeps its order: a location's variants follow it
    schema.word_maps(FILE, data, ("country_names",), str)
    temporal = load_yaml("temporal.yaml", (*_CALENDAR, "weekday_abbreviations"))
    schema.word_maps("temporal.yaml", temporal, _CALENDAR)
    schema.word_sets("temporal.yaml", temporal, ("weekday_abbreviations",))
    if not temporal["weekday_abbreviations"] <= set(temporal["weekdays"]):
        raise schema.invalid("temporal.yaml", "weekday_abbreviations must be weekdays keys")
    weekday_names = set(temporal["weekdays"]) - temporal["weekday_abbreviations"]
    return LearnWords(
        connectors=data["connectors"],
        run_connectors=data["connectors"] - data["name_conjunctions"],
        calendar=frozenset(temporal["months"]) | weekday_names,
        locative=data["locative_preps"],
        place_nouns=data["place_nouns"],
        actor_nouns=data["actor_nouns"],
        org_words=data["org_words"],
        short_words=data["short_words"],
        generic_parts=data["generic_parts"],
        name_suffixes=tuple(f" {w}" for w in data["name_suffixes"]),
        country_names={str(k): v for k, v in data["country_names"].items()},
    )
