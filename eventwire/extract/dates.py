"""Temporal expressions: find them and resolve them against the publication date."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import DateMention, Event


def find_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """Every temporal expression in ``doc``, resolved relative to ``published`` (ISO date)."""
    return []


def date_for_event(doc: Doc, event: Event, dates: list[DateMention], published: str | None) -> DateMention | None:
    """The date mention that dates ``event`` (tied to its trigger, else its sentence), or None."""
    return None


def acled_time_precision(mention: DateMention) -> int:
    """ACLED time_precision for a resolved date: 1 day, 2 week, 3 month or coarser."""
    return {"day": 1, "week": 2}.get(mention.precision or "", 3)
