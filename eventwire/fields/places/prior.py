"""The corpus's country prior: an event its text does not place takes the country of most of the
corpus's placed events, when one country holds most of them (``[places] corpus_prior*``).

A corpus of one country's news (an ACLED country export, a national feed) names many events'
villages only by names no gazetteer holds, or none at all ("Parents protested against the grabbing
of school land"); its other events say which country it covers. The filled event is placed at the
country (geo precision 3, no admin1, :func:`~.link.country_place`) and its provenance
``country_prior`` carries the country's share as its confidence and no span: the text says nothing.
An event placed at a country its text never names, on evidence weaker than the prior's (only a
group's home country: "Boko Haram attacked the village of X"), takes the prior's country too.
The prior is computed from events placed by their own text only, so it does not feed itself; the
store recomputes it as articles arrive (:func:`eventwire.store.prior.apply_store_prior`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...geo import iso2_of
from ...records import PLACE_FIELDS, ArticleResult, Event, Source
from ...records import PRIOR_PROVENANCE as PRIOR_KEY
from ...settings import current
from ..actors import recountry
from .link import country_place, set_place


@dataclass(frozen=True)
class CountryPrior:
    """The country an unplaced event of this corpus takes, with its share of the placed events."""

    iso3: str
    iso2: str
    share: float
    located: int


def country_prior(counts: Mapping[str, int]) -> CountryPrior | None:
    """The prior from the placed events' countries (ISO3 -> events), or None when it is off, the
    corpus has too few placed events, or no country holds the share the settings ask for."""
    prior_cfg = current().places
    located = sum(counts.values())
    if not prior_cfg.corpus_prior or not counts or located < prior_cfg.corpus_prior_min_located:
        return None
    iso3, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    share = round(n / located, 2)
    iso2 = iso2_of(iso3)
    if share < prior_cfg.corpus_prior_min_share or iso2 is None:
        return None
    return CountryPrior(iso3=iso3, iso2=iso2, share=share, located=located)


def weakly_placed(event: Event) -> bool:
    """Placed at a country its text never names, on less evidence than ``[places]
    corpus_prior_over`` (the location's Source has no span and that weight as its confidence)."""
    source = event.provenance.get("location")
    return (
        source is not None
        and source.start == source.end
        and source.confidence < current().places.corpus_prior_over
    )


def placed_by_text(events: Iterable[Event]) -> Counter[str]:
    """Countries of the events their own text places (not the prior, not on weak evidence)."""
    return Counter(
        e.iso3 for e in events if e.iso3 and PRIOR_KEY not in e.provenance and not weakly_placed(e)
    )


def place_by_prior(event: Event, prior: CountryPrior) -> bool:
    """Place an unplaced or weakly placed ``event`` at the prior's country; False if its text
    places it (:func:`weakly_placed`)."""
    if event.iso3 is not None and PRIOR_KEY not in event.provenance and not weakly_placed(event):
        return False
    place = country_place(prior.iso2)
    if place is None:
        return False
    old = iso2_of(event.iso3)
    set_place(event, place, 3)
    event.provenance.pop("location", None)
    event.provenance[PRIOR_KEY] = Source("", 0, 0, prior.share)
    _recountry_sides(event, old, prior.iso2)
    return True


def unplace(event: Event, prior_iso3: str) -> None:
    """Undo :func:`place_by_prior` (the corpus no longer has that prior): no place, and role actors
    without the prior's country."""
    for name in PLACE_FIELDS:
        setattr(event, name, None)
    event.provenance.pop(PRIOR_KEY, None)
    _recountry_sides(event, iso2_of(prior_iso3), None)


def _recountry_sides(event: Event, old: str | None, new: str | None) -> None:
    """Role actors coded for the event's old country (or none) take its new one ("Protesters" ->
    "Protesters (Kenya)"), as :func:`~eventwire.fields.actors.code_event_actors` would have coded
    them with the new country as the hint."""
    for side in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        setattr(event, side, recountry(getattr(event, side), old, new))


def apply_country_prior(results: list[ArticleResult]) -> CountryPrior | None:
    """Compute the prior over ``results`` (one corpus) and place their unplaced events by it."""
    events = [e for r in results for e in r.events]
    prior = country_prior(placed_by_text(events))
    if prior is not None:
        for event in events:
            place_by_prior(event, prior)
    return prior


__all__ = [
    "PRIOR_KEY",
    "CountryPrior",
    "apply_country_prior",
    "country_prior",
    "place_by_prior",
    "placed_by_text",
]
