"""Builders shared by the stage tests."""

from __future__ import annotations

from eventwire.records import Event, Source


def event_at(doc, trigger: str, nth: int = 0) -> Event:
    """An untyped event whose trigger is the ``nth`` occurrence of ``trigger`` in ``doc``."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(trigger, start + 1)
    span = doc.char_span(start, start + len(trigger), alignment_mode="expand")
    sent = span.sent
    return Event(
        None, None, None,
        trigger=Source(trigger, start, start + len(trigger)),
        evidence=Source(sent.text, sent.start_char, sent.end_char),
    )  # fmt: skip
