"""Linking: the date mention an event's text gives it, and ACLED's time precision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from ...nlp.syntax import doc_text, tree_distance
from ...records import DateMention, Event
from ...settings import current
from .days import event_value

# ACLED's time_precision codes
ACLED_DAY = 1  # the day is known
ACLED_WEEK = 2  # within a week (or "on or a few days before")
ACLED_MONTH = 3  # within a month, or coarser


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _event_tokens(doc: Doc, event: Event) -> tuple[Token | None, Span | None]:
    trig = _tokens(doc, event.trigger.start, event.trigger.end) if event.trigger else None
    sent = None
    if event.evidence is not None:
        sent = _tokens(doc, event.evidence.start, event.evidence.end)
    if trig is not None and sent is None:
        sent = trig.sent
    return (trig.root if trig is not None else None), sent


def _resolved(d: DateMention) -> bool:
    """A point date (or a "since ..." range start) with a calendar value."""
    return (
        d.kind in ("date", "range-start")
        and bool(d.value)
        and not (d.value.startswith("P") or "X" in d.value)
    )


def _unresolved(d: DateMention) -> bool:
    """A date named with no value to give it (no publication date to read it against)."""
    return d.kind == "date" and not d.value and d.precision is not None


def _nearest_in_sentence(
    doc: Doc, event: Event, dates: list[DateMention], keep: Callable[[DateMention], bool]
) -> tuple[DateMention | None, Span | None, Token | None]:
    """Among the mentions ``keep`` accepts inside the event's sentence, the one nearest to its
    trigger in the dependency tree (ties: nearest in the text); with the sentence and trigger."""
    trigger, sent = _event_tokens(doc, event)
    if sent is None:
        return None, None, trigger
    lo, hi = doc[sent.start].idx, doc[sent.end - 1].idx + len(doc[sent.end - 1])
    untied = int(current().dates.no_trigger_distance)
    best: tuple[int, int, DateMention] | None = None
    for d in dates:
        if d.start < lo or d.end > hi or not keep(d):
            continue
        span = _tokens(doc, d.start, d.end)
        if span is None:
            continue
        dist = tree_distance(trigger, span.root) if trigger is not None else untied
        gap = abs(d.start - (event.trigger.start if event.trigger else lo))
        if best is None or (dist, gap) < best[:2]:
            best = (dist, gap, d)
    return (best[2] if best is not None else None), sent, trigger


def date_in_text(doc: Doc, event: Event, dates: list[DateMention]) -> DateMention | None:
    """The date mention that dates ``event`` in its text (tied to its trigger, else its sentence), or None.

    Among the point dates (and "since ..." range starts) inside the event's sentence, the one
    nearest to the trigger in the dependency tree wins (ties: nearest in the text). Week values
    become the Thursday of that week so ``event_date`` stays a day/month/year ISO date. With no date
    in the sentence, a simple-past continuation takes the date opening the previous sentence.
    """
    best, sent, trigger = _nearest_in_sentence(doc, event, dates, _resolved)
    if sent is None:
        return None
    if best is not None:
        return _calendar_date(best)
    carried = _previous_sentence_date(doc, sent, trigger, dates)
    return _calendar_date(carried) if carried is not None else None


def unresolved_in_text(doc: Doc, event: Event, dates: list[DateMention]) -> DateMention | None:
    """A date the event's sentence names that could not be resolved (no publication date to read
    "2 May" or "In April" against), the nearest to its trigger in the dependency tree; None if none.
    It says when the text dates the event, though no day can be coded."""
    return _nearest_in_sentence(doc, event, dates, _unresolved)[0]


def publication_mention(published: date) -> DateMention:
    """The article's own date standing for an undated event that reads as current news:
    ``precision="week"``, ``kind="publication"`` (ACLED time precision 2, "on or a few days before")."""
    return DateMention(
        text="", start=0, end=0, value=published.isoformat(), precision="week", kind="publication",
        relative=True, confidence=float(current().dates.publication_confidence),
    )  # fmt: skip


def _previous_sentence_date(
    doc: Doc, sent: Span, trigger: Token | None, dates: list[DateMention]
) -> DateMention | None:
    """The date that opens the previous sentence of the same paragraph, for a simple-past narrative
    continuation ("In May 2019, gunmen stormed X. They killed 12 ..."); None otherwise."""
    if trigger is None or sent.start == 0:
        return None
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.tag_ != "VBD" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    prev = doc[sent.start - 1].sent
    opening_chars = int(current().dates.opening_chars)
    for d in dates:
        opening = (
            prev.start_char <= d.start < prev.start_char + opening_chars
            and d.kind == "date"
            and bool(d.value)
        )
        if not opening or d.precision not in ("day", "week", "month", "year") or d.value.startswith("P"):
            continue
        if "\n\n" in doc_text(doc)[d.end : trigger.idx]:
            return None  # a new paragraph
        return replace(d, confidence=min(d.confidence, float(current().dates.carried_confidence)))
    return None


def _calendar_date(d: DateMention) -> DateMention | None:
    """``d`` with its ``event_date`` value, or None where it has no calendar one ("12017")."""
    d = event_value(d)
    return d if d.value else None


def acled_time_precision(mention: DateMention) -> int:
    """ACLED time_precision for a resolved date: 1 day, 2 week, 3 month or coarser."""
    return {"day": ACLED_DAY, "week": ACLED_WEEK}.get(mention.precision or "", ACLED_MONTH)
