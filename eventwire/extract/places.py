"""Toponyms: recognise them (NER + gazetteer matcher) and resolve each to a place."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Event, Place


def find_places(doc: Doc) -> list[Place]:
    """Every toponym in ``doc`` resolved to coordinates, admin1 and country."""
    return []


def article_focus(doc: Doc, places: list[Place]) -> str | None:
    """ISO2 code of the article's main country (places, demonyms, dateline)."""
    return None


def place_for_event(doc: Doc, event: Event, places: list[Place], focus_iso2: str | None) -> tuple[Place | None, int | None]:
    """The place where ``event`` happened and its ACLED geo_precision (1, 2 or 3)."""
    return None, None
