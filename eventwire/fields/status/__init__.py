"""Status: current, past, aggregate, future, hypothetical or negated, from an event's clause and date."""

from .find import clause_cues, cues, is_generic_mention, is_generic_plural, reads_as_current
from .link import date_for_event, latest_named_day, names_its_now, status_for_event

__all__ = [
    "clause_cues",
    "cues",
    "date_for_event",
    "is_generic_mention",
    "is_generic_plural",
    "latest_named_day",
    "names_its_now",
    "reads_as_current",
    "status_for_event",
]
