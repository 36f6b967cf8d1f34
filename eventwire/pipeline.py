"""From articles to results: parse once, run each extraction stage in turn, link, resolve."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .extract.actors import code_event_actors, group_abroad, normalise_actor
from .extract.context import DocContext
from .extract.counts import casualties_for_event
from .extract.dates import acled_time_precision, date_for_event, find_dates
from .extract.events import find_events
from .extract.places import article_focus, find_places, place_for_event
from .extract.statements import find_statements
from .extract.status import status_for_event
from .models import Article, ArticleResult, Event, Source
from .parse import parse
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
        doc, event, ctx.places, ctx.focus_iso2, actor_iso2=_actor_country(event)
    )
    if place is not None:
        event.location = place.name
        event.admin1 = place.admin1
        event.country = place.country
        event.iso3 = place.iso3
        event.latitude = place.latitude
        event.longitude = place.longitude
        event.geonameid = place.geonameid
        event.geo_precision = precision
        event.provenance["location"] = Source(place.text, place.start, place.end, place.confidence)
    counts = casualties_for_event(doc, event)
    event.fatalities, event.injured, event.count = counts.fatalities, counts.injured, counts.count
    event.provenance.update(counts.sources)
    event.status = status_for_event(doc, event, date, ctx.published, counts)
    country_hint = _iso2_of(event.iso3) or ctx.focus_iso2
    code_event_actors(event, country_hint)
    return event


def _actor_country(event: Event) -> str | None:
    """The country the event's actors place it in: a local (non-state) side's, target first, else
    the target's state forces'. State forces often fight abroad, so they are weaker evidence
    than a local group or civilians, and an attacking state's own country is none at all."""
    actors = {}
    for name in ("actor2", "actor1"):
        source = event.provenance.get(name)
        # an attacker named by a demonym alone ("Turkish shelling") is the state, as actors code it
        modifier = name == "actor1"
        actor = normalise_actor(source.text, source.start, source.end, modifier=modifier) if source else None
        if actor is not None and actor.country and actor.known:
            actors[name] = actor
    local = [a for a in actors.values() if a.inter not in (1, 8) and not group_abroad(a.name)]
    if local:
        return local[0].country
    target = actors.get("actor2")  # settlers or another group at work abroad place nothing
    return target.country if target is not None and not group_abroad(target.name) else None


def _iso2_of(iso3: str | None) -> str | None:
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


def extract_doc(doc: Doc, article: Article) -> ArticleResult:
    """Run every stage over one parsed article."""
    ctx = DocContext(doc=doc, article=article, published=article.published)
    ctx.dates = find_dates(doc, article.published)
    ctx.places = find_places(doc)
    ctx.focus_iso2 = article_focus(doc, ctx.places)
    statements = find_statements(ctx)
    events = [_link_event(ctx, e) for e in find_events(ctx)]
    return ArticleResult(
        id=article.id,
        title=article.title,
        published=article.published,
        url=article.url,
        source=article.source,
        published_source=article.published_source,
        text_hash=text_hash(article.text),
        events=merge_article_events(events),
        statements=statements,
        places=ctx.places,
        dates=ctx.dates,
    )


def warm_up() -> None:
    """Load the model and every stage's data now (before forking workers, or timing)."""
    from .ingest import make_article

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
    from .ingest import make_article

    article = make_article(text, id=id, title=title, published=published, url=url, source=source)
    return next(extract_articles([article]))


__all__ = ["extract", "extract_articles", "extract_doc", "text_hash"]
