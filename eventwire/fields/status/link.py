"""Linking: an event's status from its clause's cues, its counts and its date, and the publication
date for an undated event that reads as current news.

An aggregate count, range start or plural generic trigger makes an aggregate; a date more than
``[status] current_window_days`` before publication makes it past. Order of precedence: negated >
hypothetical / future > aggregate > past / future date > current.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from ...records import Article, Casualties, DateMention, Event
from ...settings import current
from ..dates import date_in_text, day_range, publication_mention, published_date
from .find import (
    aggregate_ranges,
    clause_cues,
    cues,
    event_trigger,
    is_bare_plural,
    is_generic_mention,
    is_generic_plural,
    reads_as_current,
    wartime_span,
)


def date_for_event(
    doc: Doc, event: Event, dates: list[DateMention], published: Article | str | date | None
) -> DateMention | None:
    """The date mention that dates ``event``: the one its text gives
    (:func:`~eventwire.fields.dates.date_in_text`), else, for an event that reads as current news (no
    past, aggregate, modal or negation cue), the publication date
    (:func:`~eventwire.fields.dates.publication_mention`); otherwise None."""
    found = date_in_text(doc, event, dates)
    if found is not None:
        return found
    pub = published_date(published)
    return publication_mention(pub) if pub is not None and reads_as_current(doc, event) else None


def _dates_event(mention: DateMention, event: Event, trigger: Token | None) -> bool:
    """Whether a day dates the event itself: in its own sentence (not linked from one before it)
    and outside the cumulative adverbial, where it starts the count ("since ... Feb. 20")."""
    ev = event.evidence
    if ev is not None and not (ev.start <= mention.start and mention.end <= ev.end):
        return False
    ranges = aggregate_ranges(trigger) if trigger is not None else []
    return not any(a <= mention.start and mention.end <= b for a, b in ranges)


def _counted_in_times(counts: Casualties) -> bool:
    """An aggregate count stated as repetitions ("over 160 times"), not "carried out 2 raids"."""
    source = counts.sources.get("count")
    return source is not None and source.text.lower().rstrip().endswith(tuple(cues()["repetition_words"]))


def _date_status(mention: DateMention, pub: date) -> str | None:
    """ "past" for a date more than ``[status] current_window_days`` before publication, "future"
    for one more than ``future_slack_days`` after it, else None."""
    span = day_range(mention.value)
    if span is None:
        return None
    first, last = span
    if mention.precision == "week" and first == last:  # a week's Thursday: the week ends on its Sunday
        last += timedelta(days=int(current().status.week_last_day_offset))
    if (pub - last).days > int(current().status.current_window_days):
        return "past"
    if (first - pub).days > int(current().status.future_slack_days):
        return "future"
    return None


def latest_named_day(dates: list[DateMention]) -> date | None:
    """The latest day an article's own absolute dates name (not relative ones, which need a
    publication date): a lower bound on when an undated article was written."""
    latest = None
    for mention in dates:
        if mention.kind != "date" or mention.relative or mention.precision not in ("day", "month"):
            continue
        span = day_range(mention.value)
        if span is not None and (latest is None or span[1] > latest):
            latest = span[1]
    return latest


def names_its_now(dates: list[DateMention], quoted: list[tuple[int, int]]) -> bool:
    """Whether an undated article names days by its own now ("Friday", "today", "this week")
    outside the ``quoted`` spans (a quoted statement's "today" is the speaker's): news written as
    it happened, whose own year goes without saying (a wire's "April 19"), so a date that spells
    its year out ("April 19, 1995") is another year's."""
    return any(
        m.relative
        and m.value is None
        and m.kind == "date"
        and m.precision in ("day", "week")
        and not any(ch.isdigit() for ch in m.text)
        and not any(a <= m.start < b for a, b in quoted)
        for m in dates
    )


def _spells_year(mention: DateMention) -> bool:
    return not mention.relative and re.search(r"\b\d{4}\b", mention.text) is not None


def status_for_event(
    doc: Doc,
    event: Event,
    date: DateMention | None,
    published: Article | str | date | None,
    counts: Casualties,
    latest_named: date | None = None,
    unresolved: DateMention | None = None,
    deictic: bool = False,
) -> str:
    """The status of ``event`` from tense, modality, negation, aggregation cues and its date.
    ``latest_named``: for an article with no publication date, the latest day its text names
    (:func:`latest_named_day`); an event dated more than ``[status] undated_reference_gap_days``
    before it is past, and so is one dated by a year alone ("In 2012, she was arrested"): the day's
    news is dated by its day. ``unresolved``: a date the event's sentence names that could not be
    resolved (:func:`~eventwire.fields.dates.unresolved_in_text`): "clashes on 2 May" names its
    day though no year is known, "In April" a month. ``deictic``: the undated article names days by
    its own now (:func:`names_its_now`); an event whose date spells its year out is then past ("in
    court Friday" ... "the bombing on April 19, 1995").

    Order of precedence: negated > hypothetical / future > aggregate > past / future date > current."""
    trigger = event_trigger(doc, event)
    found = clause_cues(trigger) if trigger is not None else set()
    for cue in ("negated", "hypothetical", "future"):
        if cue in found:
            return cue
    dated = date is not None and date.kind != "publication" and bool(date.value)
    day_dated = dated and date.precision == "day"
    if "aggregate" in found and not (day_dated and _dates_event(date, event, trigger)):
        return "aggregate"
    war = wartime_span(trigger) if trigger is not None else None
    if war is not None and not (day_dated and war.start_char <= date.start and date.end <= war.end_char):
        return "aggregate"  # "soldiers captured during the Iran-Iraq war"
    if ((counts.count or 0) > 1 and not day_dated and _counted_in_times(counts)) or (
        date is not None and date.kind == "range-start"
    ):
        return "aggregate"
    if trigger is not None and is_generic_plural(trigger):
        return "aggregate"
    named = date if dated else unresolved  # the date the text gives, resolved or not
    day_named = named is not None and named.precision in ("day", "week")
    if trigger is not None and not dated and not day_named and is_generic_mention(trigger):
        return "aggregate"
    coarse = named is not None and named.precision in cues()["series_precisions"]
    if coarse and trigger is not None and is_bare_plural(trigger):
        return "aggregate"  # "In April, ... were killed in IS attacks": a month's attacks, no one day
    pub = published_date(published)
    if dated and pub is not None:
        by_date = _date_status(date, pub)
        if by_date is not None:
            return by_date
    elif (
        dated
        and latest_named is not None
        and (span := day_range(date.value)) is not None
        and (latest_named - span[1]).days > int(current().status.undated_reference_gap_days)
    ):
        return "past"
    elif dated and (date.precision == "year" or (deictic and date.kind == "date" and _spells_year(date))):
        return "past"  # with no publication date (those with one are dated above), a year alone is background
    if "past" in found and not dated:
        return "past"
    if trigger is not None and trigger.dep_ == "pobj" and trigger.head.lower_ in cues()["reference_preps"]:
        return "past"  # "the largest since the rebel offensive": the offensive came before
    return "current"
