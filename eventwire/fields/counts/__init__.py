"""Counts: fatalities, injured and aggregate counts in a parsed Doc, with ACLED's conservative rules."""

from .link import casualties_for_event
from .resolve import numbers, parse_number

__all__ = ["casualties_for_event", "numbers", "parse_number"]
