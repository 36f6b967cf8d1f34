"""Event status: current, past, aggregate, future, hypothetical or negated."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Casualties, DateMention, Event


def status_for_event(
    doc: Doc, event: Event, date: DateMention | None, published: str | None, counts: Casualties
) -> str:
    """The status of ``event`` from tense, modality, negation, aggregation cues and its date."""
    return "current"
