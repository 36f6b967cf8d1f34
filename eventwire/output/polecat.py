"""One PLOVER-coded event row as a POLECAT record (the ``plover-json`` export).

POLECAT codes an event with PLOVER's ``event``, ``mode`` and ``context``; its ``source`` and
``target`` are lists of actor objects (``actorText`` as written, ``code`` the actor's country as
ISO 3166 alpha-3, ``sector`` as ``plover.yaml`` maps eventwire's ACLED-style actors); ``eventText``
is the cue, ``eventLoc`` the place (``name``, ``country code`` alpha-2, ``lat``, ``lon``);
``dead``, ``injured`` and ``size`` are strings as in the PLOVER gold records; ``date`` is ISO and
``publication`` the source's name. eventwire's own fields (``id``, ``text``, ``status``) ride along.
"""

from __future__ import annotations

from typing import Any

from ..fields.actors import normalise_actor
from ..fields.plover.codebook import load_codebook
from ..geo import iso2_of


def _iso3(iso2: str | None) -> str | None:
    if not iso2:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


def actor_object(name: str | None, text: str | None, inter: int | None) -> dict[str, Any] | None:
    """``{"actorText", "code", "sector"}`` for one coded actor, or None where there is none."""
    if not name and not text:
        return None
    label = name or text or ""
    actor = normalise_actor(label, 0, len(label))
    return {
        "actorText": text or name,
        "code": _iso3(actor.country) if actor is not None else None,
        "sector": load_codebook().sector(
            name, inter if inter is not None else (actor.inter if actor else None)
        ),
    }


def _figure(value: Any) -> str | None:
    return None if value is None else str(value)


def polecat_record(event: dict[str, Any]) -> dict[str, Any]:
    """The POLECAT record of one event row of :func:`eventwire.output.query.query_events`."""
    source = actor_object(event.get("actor1"), event.get("actor1_text"), event.get("inter1"))
    target = actor_object(event.get("actor2"), event.get("actor2_text"), event.get("inter2"))
    place = None
    if event.get("location") or event.get("country"):
        place = {
            "name": event.get("location") or event.get("country"),
            "country code": iso2_of(event.get("iso3")),
            "lat": event.get("latitude"),
            "lon": event.get("longitude"),
        }
    sources = event.get("sources") or []
    return {
        "id": event.get("id"),
        "event": event.get("plover_type"),
        "mode": event.get("plover_mode"),
        "context": event.get("plover_context"),
        "source": [source] if source else [],
        "target": [target] if target else [],
        "eventText": event.get("trigger_text"),
        "eventLoc": place,
        "dead": _figure(event.get("fatalities")),
        "injured": _figure(event.get("injured")),
        "size": _figure(event.get("size")),  # a crowd's size: eventwire counts none yet
        "date": event.get("event_date") or event.get("article_published"),
        "publication": "; ".join(s for s in sources if s) or event.get("article_url"),
        "status": event.get("status"),
        "text": event.get("evidence_text"),
    }
