"""Actors: normalise mentions to canonical ACLED-style names with country and inter code."""

from __future__ import annotations

from ..models import Actor


def normalise_actor(text: str, start: int, end: int, country_iso2: str | None = None) -> Actor | None:
    """Canonical actor for a mention, using the actor dictionary; None if it is no actor."""
    return None


def code_event_actors(event, country_iso2: str | None) -> None:
    """Fill actor1/actor2 canonical names and inter codes from the spans in ``event.provenance``."""
    return None
