"""From articles to results: parse once, run each extraction stage in turn, link, resolve."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .context import DocContext
from .errors import Errors, StageError
from .fields.actors import actor_country, code_event_actors
from .fields.counts import casualties_for_event
from .fields.dates import acled_time_precision, find_dates, published_date, unresolved_in_text
from .fields.events import find_events
from .fields.events.coder import recode_events
from .fields.places import find_places, place_for_event, set_place, weighted_focus
from .fields.plover.find import attach_plover, find_plover
from .fields.statements import find_quotes, find_statements
from .fields.status import date_for_event, latest_named_day, names_its_now, status_for_event
from .geo import iso2_of
from .nlp.parse import parse
from .records import Article, ArticleResult, Event, Source
from .resolve import merge_article_events


def text_hash(text: str) -> str:
    """Stable identity of an article's text (whitespace-normalised)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def _link_event(ctx: DocContext, event: Event) -> Event:
    """Attach date, place, counts, status and canonical actors to one event mention."""
    doc = ctx.doc
    date = date_for_event(doc, event, ctx.dates, ctx.published)
    if date is not None and date.value:
        event.event_date = date.value
        event.time_precision = acled_time_precision(date)
        event.date_text = date.text
        event.provenance["event_date"] = Source(date.text, date.start, date.end, date.confidence)
    place, precision = place_for_event(
        doc, event, ctx.places, ctx.focus_iso2, actor_iso2=actor_country(event), focus_weight=ctx.focus_weight
    )
    if place is not None:
        set_place(event, place, precision)
        event.provenance["location"] = Source(place.text, place.start, place.end, place.confidence)
    counts = casualties_for_event(doc, event)
    event.fatalities, event.injured, event.count = counts.fatalities, counts.injured, counts.count
    event.provenance.update(counts.sources)
    unresolved = unresolved_in_text(doc, event, ctx.dates) if date is None else None
    event.status = status_for_event(
        doc, event, date, ctx.published, counts, ctx.latest_named, unresolved, deictic=ctx.deictic
    )
    _code_actors(ctx, event)
    return event


def _code_actors(ctx: DocContext, event: Event) -> None:
    """Canonical actors for ``event`` as its type and place now stand."""
    coded = code_event_actors(event, iso2_of(event.iso3) or ctx.focus_iso2)
    event.actor1, event.inter1 = coded.actor1, coded.inter1
    event.actor2, event.inter2 = coded.actor2, coded.inter2
    event.assoc_actor_1, event.assoc_actor_2 = coded.assoc_actor_1, coded.assoc_actor_2
    event.actor1_text, event.actor2_text = coded.actor1_text, coded.actor2_text
    if coded.sides is not None:  # the sides traded places: their spans move with them
        for name in ("actor1", "actor2"):
            event.provenance.pop(name, None)
        event.provenance.update(coded.sides)
        ctx.sides_moved.add(id(event))


def _recode(ctx: DocContext, events: list[Event]) -> list[Event]:
    """The trained coder over the article's merged events; an event it moves to another type has
    its actors coded again for that type (a crowd's violence as Riots: "Rioters", not "Civilians")."""
    typed = [e.event_type for e in events]
    recode_events(events)
    for event, before in zip(events, typed):
        # sides that traded places are coded already (their spans moved: coding again would read them so)
        if event.event_type != before and event.event_type is not None and id(event) not in ctx.sides_moved:
            _code_actors(ctx, event)
    return events


# What the stages read of a Doc: spaCy's annotation name -> the component that sets it
NEEDS = {"DEP": "parser", "ENT_IOB": "ner", "LEMMA": "lemmatizer", "TAG": "tagger"}


def extract_doc(doc: Doc, article: Article) -> ArticleResult:
    """Run every stage over one parsed article (a Doc without the parse the stages need is a
    coded error, :data:`NEEDS`)."""
    missing = [name for name in NEEDS if len(doc) and not doc.has_annotation(name)]
    if missing:
        raise StageError(
            Errors.E020.format(missing=", ".join(missing), needs=", ".join(NEEDS[m] for m in missing))
        )
    ctx = DocContext(doc=doc, article=article, published=published_date(article.published))
    ctx.dates = find_dates(doc, ctx.published)
    if ctx.published is None:
        ctx.latest_named = latest_named_day(ctx.dates)
        ctx.deictic = names_its_now(ctx.dates, [(q.start, q.end) for q in find_quotes(doc.text)])
    ctx.places = find_places(doc)
    ctx.focus_iso2, ctx.focus_weight = weighted_focus(doc, ctx.places)
    statements = find_statements(ctx)
    events = _recode(ctx, merge_article_events([_link_event(ctx, e) for e in find_events(ctx)]))
    verbal = attach_plover(find_plover(doc, events, statements), events, statements)
    events += [_link_event(ctx, e) for e in verbal]
    return ArticleResult(
        id=article.id,
        title=article.title,
        published=article.published,
        url=article.url,
        source=article.source,
        published_source=article.published_source,
        text_hash=text_hash(article.text),
        events=events,
        statements=statements,
        places=ctx.places,
        dates=ctx.dates,
    )


def warm_up() -> None:
    """Load the model and every stage's data now (before forking workers, or timing)."""
    from .io.ingest import make_article

    sample = "Police fired tear gas at protesters in Lagos on Monday, injuring 12 people, officials said."
    list(extract_articles([make_article(sample, published="2024-01-01")]))


def extract_articles(articles: Iterable[Article], batch_size: int | None = None) -> Iterator[ArticleResult]:
    """Extract from many articles, parsing them in batches; results come in input order."""
    pending: list[Article] = []

    def texts() -> Iterator[str]:
        for article in articles:
            pending.append(article)
            yield article.text

    for doc in parse(texts(), batch_size=batch_size):
        article = pending.pop(0)
        yield extract_doc(doc, article)


def extract(
    text: str,
    published: str | None = None,
    *,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> ArticleResult:
    """Extract events, statements, places and dates from one article's text.

    >>> result = extract("Protesters marched in Basra on Friday.", published="2024-03-04")
    """
    from .io.ingest import make_article

    article = make_article(text, id=id, title=title, published=published, url=url, source=source)
    return next(extract_articles([article]))


__all__ = ["extract", "extract_articles", "extract_doc", "text_hash"]
