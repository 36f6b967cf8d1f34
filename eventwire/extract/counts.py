"""Numbers: fatalities, injured and aggregate counts, with ACLED's conservative rules."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Casualties, Event


def casualties_for_event(doc: Doc, event: Event) -> Casualties:
    """Killed / injured / count figures that belong to ``event``'s clause."""
    return Casualties()
