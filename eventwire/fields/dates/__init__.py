"""Dates: temporal expressions in a parsed Doc, resolved against the publication date, linked to events."""

from .days import day_range, published_date
from .find import find_dates, published_from_dateline
from .grammar import vocabulary
from .link import (
    ACLED_DAY,
    ACLED_MONTH,
    ACLED_WEEK,
    acled_time_precision,
    date_in_text,
    publication_mention,
    unresolved_in_text,
)

__all__ = [
    "ACLED_DAY",
    "ACLED_MONTH",
    "ACLED_WEEK",
    "acled_time_precision",
    "date_in_text",
    "day_range",
    "find_dates",
    "publication_mention",
    "published_date",
    "published_from_dateline",
    "unresolved_in_text",
    "vocabulary",
]
